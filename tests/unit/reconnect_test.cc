// SPDX-License-Identifier: GPL-3.0-or-later
// The pure rules behind the per-server record (issue 12): which hosts get
// one, what it keeps, when a remembered failure counts, and how kallsyms
// and request-key's dry run are read.
#include "mount.cifs/core/reconnect.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace mount_cifs {
namespace {

using resolver::Address;
using resolver::Family;
using resolver::FamilyPolicy;
using resolver::HostRecord;

TEST(KernelTakesAsAddress, WhatCifsConvertAddressParses) {
  for (const char* literal : {"192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1",
                              "fe80::1%eth0", "fe80::1%nosuchif", "::ffff:192.0.2.1"})
    EXPECT_TRUE(KernelTakesAsAddress(literal)) << literal;
  for (const char* name : {"srv", "fs1.example.com", "192.0.2.1.example.com", "192.0.2",
                           "192.0.2.256", "1234.0.0.1", "192.0.2.1.", "10.1", "0x7f.0.0.1", ""})
    EXPECT_FALSE(KernelTakesAsAddress(name)) << name;
}

TEST(ReconnectKey, NamesOnlyAsStateKeys) {
  EXPECT_EQ(ReconnectKey("FS1.Example.com", false), "fs1.example.com");
  EXPECT_EQ(ReconnectKey("192.0.2.1", true), std::nullopt);
  EXPECT_EQ(ReconnectKey("srv/x", false), std::nullopt);
  EXPECT_EQ(ReconnectKey("caf\xc3\xa9", false), std::nullopt);
}

HostRecord Learnt(const std::string& network) {
  HostRecord r;
  r.host = "fs1";
  r.policy = FamilyPolicy::kV6Only;
  r.mounted = Address::ParseNumeric("2001:db8::1");
  r.written_at = 100;
  r.network = network;
  r.failed_family = Family::kV6;
  r.failed_until = 900;
  r.answered = Address::ParseNumeric("192.0.2.9");
  r.answered_at = 500;
  return r;
}

TEST(RecordForMount, TakesTheBasisKeepsTheSameNetworksMemory) {
  RecordBasis basis{"fs1", FamilyPolicy::kV4Preferred, 139,
                    Address::ParseNumeric("2001:db8::7"), std::string("00aa"), 4242,
                    "/mnt/a b"};
  const Address a = *Address::ParseNumeric("2001:db8::2");
  HostRecord r = RecordForMount(basis, a, 700, Learnt("00aa"));
  // The failure mark of the same network is kept; the handler's answer for
  // an earlier mount is not (this mount's stickiness starts at its address).
  EXPECT_EQ(resolver::FormatHostRecord(r),
            "version=1\nhost=fs1\npolicy=v4-preferred\nmounted=2001:db8::2\n"
            "mount-point=/mnt/a b\nport=139\n"
            "srcaddr=2001:db8::7\nsrcaddr-family=ipv6\nwritten-at=700\nwriter-pid=4242\n"
            "network=00aa\nfailed-family=ipv6\nfailed-until=900\n");
  for (const std::optional<HostRecord>& other :
       {std::optional<HostRecord>(Learnt("00bb")), std::optional<HostRecord>(Learnt("")),
        std::optional<HostRecord>()}) {
    r = RecordForMount(basis, a, 700, other);
    EXPECT_FALSE(r.failed_family);
    EXPECT_EQ(r.failed_until, 0);
    EXPECT_FALSE(r.answered);
    EXPECT_EQ(r.answered_at, 0);
  }
  basis.network = std::nullopt;  // unknown network: nothing kept
  r = RecordForMount(basis, a, 700, Learnt(""));
  EXPECT_FALSE(r.failed_family);
  EXPECT_EQ(r.network, "");
}

TEST(CountingFailure, UnexpiredOnThisNetworkOnly) {
  const std::optional<std::string> here = std::string("00aa");
  auto f = CountingFailure(Learnt("00aa"), here, 899);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->family, Family::kV6);
  EXPECT_EQ(f->until, 900);
  EXPECT_FALSE(CountingFailure(Learnt("00aa"), here, 900));  // expired
  EXPECT_FALSE(CountingFailure(Learnt("00bb"), here, 100));  // another network
  EXPECT_FALSE(CountingFailure(Learnt(""), here, 100));
  EXPECT_FALSE(CountingFailure(Learnt("00aa"), std::nullopt, 100));
  EXPECT_FALSE(CountingFailure(std::nullopt, here, 100));
  HostRecord unmarked = Learnt("00aa");
  unmarked.failed_family = std::nullopt;
  EXPECT_FALSE(CountingFailure(unmarked, here, 100));
}

TEST(FavouredAfterFailure, TheOtherFamilyWhenThePolicyHasIt) {
  EXPECT_EQ(FavouredAfterFailure(FamilyPolicy::kHappyEyeballs, false, Family::kV6),
            Family::kV4);
  EXPECT_EQ(FavouredAfterFailure(FamilyPolicy::kHappyEyeballs, false, Family::kV4),
            Family::kV6);
  EXPECT_EQ(FavouredAfterFailure(FamilyPolicy::kV6Preferred, false, Family::kV6),
            Family::kV4);
  EXPECT_EQ(FavouredAfterFailure(FamilyPolicy::kV4Preferred, false, Family::kV4),
            Family::kV6);
  EXPECT_FALSE(FavouredAfterFailure(FamilyPolicy::kV6Only, false, Family::kV6));
  EXPECT_FALSE(FavouredAfterFailure(FamilyPolicy::kV4Only, false, Family::kV6));
  EXPECT_FALSE(FavouredAfterFailure(FamilyPolicy::kSystem, false, Family::kV6));
  EXPECT_FALSE(FavouredAfterFailure(FamilyPolicy::kHappyEyeballs, true, Family::kV6));
}

Reresolve Scan(const std::vector<std::string>& lines) {
  KallsymsScan scan;
  for (const std::string& l : lines) scan.Line(l);
  return scan.Verdict();
}

TEST(KallsymsScan, TheReresolutionFunctionsOfCifs) {
  const std::string core = "ffffffff81000000 T _stext";
  const std::string other = "ffffffffc0100000 t dns_query\t[dns_resolver]";
  const std::string reconnect = "ffffffffc0a00000 T cifs_reconnect\t[cifs]";
  struct Case {
    std::vector<std::string> lines;
    Reresolve want;
  } cases[] = {
      {{core, other}, Reresolve::kUnknown},  // cifs not loaded
      {{core, reconnect, "ffffffffc0a01000 t reconn_set_ipaddr_from_hostname\t[cifs]"},
       Reresolve::kYes},
      {{"0000000000000000 t reconn_set_ipaddr_from_hostname.isra.0\t[cifs]"}, Reresolve::kYes},
      {{"0000000000000000 t reconn_set_ipaddr\t[cifs]"}, Reresolve::kYes},  // 5.0-5.11
      {{core, reconnect}, Reresolve::kNo},
      {{"ffffffffc0a01000 t reconn_set_ipaddr_from_hostname_v2\t[cifs]"}, Reresolve::kNo},
      {{"ffffffffc0a01000 t reconn_set_ipaddr\t[notcifs]"}, Reresolve::kUnknown},
      {{"ffffffff81234567 T cifs_reconnect"}, Reresolve::kNo},  // built in
      {{"ffffffff81234567 t reconn_set_ipaddr_from_hostname"}, Reresolve::kYes},
      {{"", "garbage", "a b"}, Reresolve::kUnknown},
  };
  for (const Case& c : cases) EXPECT_EQ(Scan(c.lines), c.want) << c.lines.back();
}

TEST(RequestKeyDryRun, ArgumentsAreTheKernelsRequest) {
  EXPECT_EQ(RequestKeyDryRunArguments("fs1.example.com"),
            (std::vector<std::string>{"-d", "-D", "dns_resolver;0;0;3b010000;fs1.example.com",
                                      "-n", "-v", "create", "1", "0", "0", "0", "0", "0",
                                      ""}));
}

TEST(RequestKeyDryRun, ReadsKeyutils163Output) {
  // Captured from Debian 12's keyutils 1.6.3 (stdout and stderr together).
  const std::string chosen =
      "-- exec disabled --\n"
      "Key descriptor: \"dns_resolver;0;0;3b010000;fs1.example.com\"\n"
      "Key type: dns_resolver\nKey desc: fs1.example.com\nCALLOUT: ''\n"
      "__ SCAN /etc/request-key.d __\n__ read cifs.idmap.conf __\n"
      "__ read /etc/request-key.conf __\n"
      "/etc/request-key.conf:34: Line matches '/sbin/key.dns_resolver %k' (0,0,15,0)\n"
      "/etc/request-key.conf:34: Prefer command (0,0,15,0)\n"
      "execute_program('','/sbin/key.dns_resolver %k')\nargv[1]: '%k'\n"
      "Run /sbin/key.dns_resolver\n- argv[0] = \"key.dns_resolver\"\n- argv[1] = \"1\"\n";
  UpcallHandler h = ParseRequestKeyDryRun(chosen);
  EXPECT_EQ(h.kind, UpcallHandler::Kind::kProgram);
  EXPECT_EQ(h.program, "/sbin/key.dns_resolver");
  const std::string none =
      "Key descriptor: \"dns_resolver;0;0;3b010000;fs1.example.com\"\n"
      "__ SCAN request-key.d __\n__ read request-key.conf __\n: No matching action\n";
  h = ParseRequestKeyDryRun(none);
  EXPECT_EQ(h.kind, UpcallHandler::Kind::kNone);
  EXPECT_EQ(ParseRequestKeyDryRun("").kind, UpcallHandler::Kind::kUnknown);
  EXPECT_EQ(ParseRequestKeyDryRun("request-key: unknown option -- D\n").kind,
            UpcallHandler::Kind::kUnknown);
}

TEST(UpcallHandlerText, OursByName) {
  EXPECT_EQ(UpcallHandlerText({UpcallHandler::Kind::kProgram, "/usr/sbin/cifs-family-resolve"}),
            "cifs-family-resolve (/usr/sbin/cifs-family-resolve)");
  EXPECT_EQ(UpcallHandlerText({UpcallHandler::Kind::kProgram, "/usr/sbin/cifs.upcall"}),
            "/usr/sbin/cifs.upcall (not cifs-family-resolve: a reconnect may change the "
            "family)");
  EXPECT_EQ(UpcallHandlerText({UpcallHandler::Kind::kNoRequestKey, ""}),
            "none (/sbin/request-key is missing)");
  EXPECT_EQ(UpcallHandlerText({UpcallHandler::Kind::kUnknown, ""}),
            "unknown (request-key -d did not say)");
}

TEST(UpcallFailureHint, EnokeyAlwaysEnoentOnlyWithoutRequestKey) {
  EXPECT_TRUE(MayBeUpcallFailure(ENOKEY, false));
  EXPECT_FALSE(MayBeUpcallFailure(ENOKEY, true));
  EXPECT_TRUE(MayBeUpcallFailure(ENOENT, true));
  EXPECT_FALSE(MayBeUpcallFailure(EACCES, false));
  const UpcallHandler missing{UpcallHandler::Kind::kNoRequestKey, ""};
  const UpcallHandler unknown;
  EXPECT_TRUE(UpcallFailureHint(ENOENT, "fs1", missing));
  EXPECT_FALSE(UpcallFailureHint(ENOENT, "fs1", unknown));
  auto hint = UpcallFailureHint(ENOKEY, "fs1", unknown);
  ASSERT_TRUE(hint);
  EXPECT_EQ(*hint,
            "The kernel may have tried to resolve fs1 itself (a dns_resolver key upcall: "
            "kernels 6.6.0-6.6.2 and DFS do at mount time) and no handler answered: install "
            "keyutils and cifs-family's /etc/request-key.d/dns_resolver.conf; a failed "
            "lookup stays cached for 60 s (as root: keyctl clear %:.dns_resolver)");
  EXPECT_FALSE(UpcallFailureHint(EACCES, "fs1", missing));
}

}  // namespace
}  // namespace mount_cifs
