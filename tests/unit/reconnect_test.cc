// SPDX-License-Identifier: GPL-3.0-or-later
// The pure rules behind the per-server record (issue 12): which hosts get
// one, what it keeps, when a remembered failure counts, and how kallsyms
// and request-key's dry run are read.
#include "mount.cifs/core/reconnect.h"

#include <gtest/gtest.h>

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
                    Address::ParseNumeric("2001:db8::7"), std::string("00aa")};
  const Address a = *Address::ParseNumeric("2001:db8::2");
  HostRecord r = RecordForMount(basis, a, 700, Learnt("00aa"));
  EXPECT_EQ(resolver::FormatHostRecord(r),
            "version=1\nhost=fs1\npolicy=v4-preferred\nmounted=2001:db8::2\nport=139\n"
            "srcaddr=2001:db8::7\nsrcaddr-family=ipv6\nwritten-at=700\nnetwork=00aa\n"
            "failed-family=ipv6\nfailed-until=900\nanswered=192.0.2.9\nanswered-at=500\n");
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

}  // namespace
}  // namespace mount_cifs
