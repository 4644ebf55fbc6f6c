// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's small shared pieces: the per-server state record and its
// store seam, the syslog facility names, the errno classification.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "resolver/admission.h"
#include "resolver/base/logger.h"
#include "resolver/connect_error.h"
#include "resolver/state_store.h"
#include "tests/fakes/fake_state_store.h"

namespace mount_cifs::resolver {
namespace {

TEST(StateKey, HostNamesAndLiteralsOnly) {
  EXPECT_EQ(StateKey("FS1.Example.COM"), "fs1.example.com");
  EXPECT_EQ(StateKey("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(StateKey("fe80::1%eth0"), "fe80::1%eth0");
  EXPECT_EQ(StateKey("198.51.100.2"), "198.51.100.2");
  for (const char* hostile : {"", ".", "..", "../etc/passwd", "a/b", ".hidden",
                              "a b", "a\nb", "a\\b", "a\x01"}) {
    EXPECT_FALSE(StateKey(hostile)) << hostile;
  }
  EXPECT_FALSE(StateKey(std::string(256, 'a')));
  EXPECT_TRUE(StateKey(std::string(255, 'a')));
}

TEST(HostRecord, RoundTripsThroughTheStore) {
  HostRecord r;
  r.host = "fs1.example.com";
  r.policy = FamilyPolicy::kV6Preferred;
  r.mounted = Address::ParseNumeric("2001:db8::2");
  r.srcaddr_family = Family::kV6;
  r.written_at = 1764400000;
  r.failed_family = Family::kV4;
  r.failed_until = 1764400600;
  mount_cifs::testing::FakeStateStore store;
  ASSERT_TRUE(store.Save(r).ok());
  EXPECT_EQ(store.files["fs1.example.com"],
            "version=1\nhost=fs1.example.com\npolicy=v6-preferred\n"
            "mounted=2001:db8::2\nsrcaddr-family=ipv6\nwritten-at=1764400000\n"
            "failed-family=ipv4\nfailed-until=1764400600\n");
  auto loaded = store.Load("fs1.example.com");
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded.value());
  const HostRecord& l = *loaded.value();
  EXPECT_EQ(l.host, r.host);
  EXPECT_EQ(l.policy, r.policy);
  EXPECT_EQ(l.mounted, r.mounted);
  EXPECT_EQ(l.srcaddr_family, r.srcaddr_family);
  EXPECT_EQ(l.written_at, r.written_at);
  EXPECT_EQ(l.failed_family, r.failed_family);
  EXPECT_EQ(l.failed_until, r.failed_until);
  auto missing = store.Load("other");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
}

TEST(HostRecord, HostileOrDamagedTextIsAnError) {
  const std::string good = "version=1\nhost=fs1\npolicy=v4-only\n";
  EXPECT_TRUE(ParseHostRecord(good).ok());
  EXPECT_TRUE(ParseHostRecord(good + "future-key=x\n").ok());
  for (const std::string& bad :
       {std::string(""), std::string("version=2\nhost=fs1\npolicy=v4-only\n"),
        std::string("host=fs1\npolicy=v4-only\n"),
        std::string("version=1\nhost=../x\npolicy=v4-only\n"),
        std::string("version=1\nhost=fs1\npolicy=sideways\n"),
        good + "mounted=not-an-address\n", good + "written-at=-1\n",
        good + "failed-family=ipv5\n", good + "no equals sign\n",
        good + std::string(5000, '#')}) {
    EXPECT_FALSE(ParseHostRecord(bad).ok()) << bad.substr(0, 80);
  }
  // Every prefix of a good record either parses or is an error: no crash.
  const std::string full =
      FormatHostRecord(ParseHostRecord(good + "mounted=198.51.100.2\n").value());
  for (std::size_t n = 0; n <= full.size(); ++n) (void)ParseHostRecord(full.substr(0, n));
}

TEST(SyslogFacility, OneListOfNames) {
  for (const char* name : {"auth", "authpriv", "daemon", "user", "local0", "local1",
                           "local2", "local3", "local4", "local5", "local6", "local7"}) {
    auto f = ParseSyslogFacility(name);
    ASSERT_TRUE(f) << name;
    EXPECT_EQ(SyslogFacilityName(*f), name);
  }
  EXPECT_FALSE(ParseSyslogFacility("kern"));
  EXPECT_FALSE(ParseSyslogFacility("DAEMON"));
}

TEST(ConnectError, OneClassificationForProbesAndMounts) {
  EXPECT_EQ(ClassifyConnectError(ECONNREFUSED), ConnectError::kRefused);
  for (int e : {ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL})
    EXPECT_EQ(ClassifyConnectError(e), ConnectError::kUnreachable) << e;
  EXPECT_EQ(ClassifyConnectError(EAFNOSUPPORT), ConnectError::kNoFamily);
  for (int e : {ETIMEDOUT, EINPROGRESS})
    EXPECT_EQ(ClassifyConnectError(e), ConnectError::kTimedOut) << e;
  for (int e : {EACCES, ENXIO, ENODEV, EINVAL, ENOKEY, EHOSTDOWN}) {
    EXPECT_EQ(ClassifyConnectError(e), ConnectError::kOther) << e;
    EXPECT_FALSE(IsConnectFailure(e)) << e;
  }
  EXPECT_EQ(ErrnoName(ECONNREFUSED), "ECONNREFUSED");
  EXPECT_EQ(ErrnoName(99999), "errno-99999");
}

TEST(Admission, SrcaddrAdmitsItsFamilyOnly) {
  AdmissionRules rules;
  rules.host = HostIpv6{true, true, true};
  rules.source = Address::ParseNumeric("192.0.2.99");
  auto v6 = HardSkip(*Address::ParseNumeric("2001:db8::1"), rules);
  ASSERT_TRUE(v6);
  EXPECT_EQ(SkipText(*v6), "srcaddr-family");
  EXPECT_FALSE(HardSkip(*Address::ParseNumeric("192.0.2.1"), rules));
  EXPECT_EQ(SourceConflict(FamilyPolicy::kV6Only, rules.source),
            "family=v6-only excludes the IPv4 srcaddr=192.0.2.99");
  EXPECT_FALSE(SourceConflict(FamilyPolicy::kV4Only, rules.source));
  EXPECT_FALSE(SourceConflict(FamilyPolicy::kHappyEyeballs, rules.source));
  EXPECT_FALSE(SourceConflict(FamilyPolicy::kV6Only, std::nullopt));
}

}  // namespace
}  // namespace mount_cifs::resolver
