// SPDX-License-Identifier: GPL-3.0-or-later
// The wait rule of issue 14 (resolver/network_wait.h): which outcome of a
// round of address selection waits for the network and which goes on, per
// family; the back-off; the words. Pure: a table of candidate fates and
// lookup errors in, what is missing out.
#include "resolver/network_wait.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <string>
#include <vector>

#include "tests/fakes/fake_name_resolver.h"

namespace mount_cifs::resolver {
namespace {

using mount_cifs::testing::Addr;
using std::chrono::milliseconds;

// A candidate by its fate; `err` is the errno of kUnreachable and
// kFailed, or of a kNoRoute skip.
CandidateReport C(const char* address, Fate fate, int err = 0) {
  CandidateReport c;
  c.address = Addr(address);
  c.fate = fate;
  c.error = err;
  c.usable = fate != Fate::kSkipped;
  return c;
}
CandidateReport Skipped(const char* address, SkipReason reason, int err = 0) {
  CandidateReport c = C(address, Fate::kSkipped);
  c.skip = Skip{reason, err};
  return c;
}
// KeepSoftSkipped()'s form: a soft skip kept as usable.
CandidateReport Kept(const char* address, SkipReason reason, int err = 0) {
  CandidateReport c = Skipped(address, reason, err);
  c.usable = true;
  return c;
}
LookupError Lookup(std::optional<Family> family, int eai) {
  return LookupError{family, std::error_code(eai, ResolverCategory())};
}
LookupError LookupErrno(std::optional<Family> family, int err) {
  return LookupError{family, std::error_code(err, std::generic_category())};
}

constexpr HostIpv6 kIpv6Up{true, true, true};
constexpr HostIpv6 kNoIpv6Address{true, false, false};
constexpr HostIpv6 kNoIpv6Route{true, true, false};

struct Row {
  const char* name;
  std::vector<CandidateReport> candidates;
  std::vector<LookupError> errors;
  bool winner;
  int outstanding;
  HostIpv6 host;
  std::vector<std::string> missing;  // MissingWord()s; empty: go
};

std::vector<std::string> Words(const std::vector<MissingItem>& items) {
  std::vector<std::string> out;
  for (const MissingItem& i : items) out.push_back(MissingWord(i));
  return out;
}

class MissingForMountTable : public ::testing::TestWithParam<Row> {};

TEST_P(MissingForMountTable, Verdict) {
  const Row& row = GetParam();
  const RoundOutcome round{row.candidates, row.errors, row.winner, row.outstanding,
                           row.host};
  EXPECT_EQ(Words(MissingForMount(round)), row.missing) << row.name;
}

const Row kRows[] = {
    // -- transient: wait --
    {"link down: both families' routes missing (kept soft skips)",
     {Kept("2001:db8::2", SkipReason::kNoRoute, ENETUNREACH),
      Kept("198.51.100.2", SkipReason::kNoRoute, ENETUNREACH)},
     {}, false, 0, kIpv6Up, {"route-ipv4", "route-ipv6"}},
    {"link down, no global IPv6 address yet (tentative or none)",
     {Kept("2001:db8::2", SkipReason::kNoIpv6Connectivity),
      Kept("198.51.100.2", SkipReason::kNoRoute, ENETUNREACH)},
     {}, false, 0, kNoIpv6Address, {"route-ipv4", "address-ipv6"}},
    {"IPv6 address but no IPv6 route",
     {Kept("2001:db8::2", SkipReason::kNoIpv6Connectivity)},
     {}, false, 0, kNoIpv6Route, {"route-ipv6"}},
    {"v6-only, only IPv4 up: the IPv6 addresses lack connectivity",
     {Kept("2001:db8::2", SkipReason::kNoIpv6Connectivity)},
     {}, false, 0, kNoIpv6Address, {"address-ipv6"}},
    {"every probe unreachable, no family worked",
     {C("2001:db8::2", Fate::kUnreachable, ENETUNREACH),
      C("198.51.100.2", Fate::kUnreachable, EHOSTUNREACH)},
     {}, false, 0, kIpv6Up, {"route-ipv6", "unreachable-ipv4"}},
    {"srcaddr= not configured yet: the probe's bind fails",
     {C("198.51.100.2", Fate::kUnreachable, EADDRNOTAVAIL)},
     {}, false, 0, kIpv6Up, {"address-ipv4"}},
    {"route probe: no source address",
     {Kept("198.51.100.2", SkipReason::kNoRoute, EADDRNOTAVAIL)},
     {}, false, 0, kIpv6Up, {"address-ipv4"}},
    {"DNS: both lookups fail for now (EAI_AGAIN)",
     {}, {Lookup(Family::kV6, EAI_AGAIN), Lookup(Family::kV4, EAI_AGAIN)},
     false, 0, kIpv6Up, {"dns"}},
    {"DNS: policy system's one lookup fails for now",
     {}, {Lookup(std::nullopt, EAI_AGAIN)}, false, 0, kIpv6Up, {"dns"}},
    {"DNS: no name server reachable (an errno of the unreachable class)",
     {}, {LookupErrno(Family::kV4, ENETUNREACH)}, false, 0, kIpv6Up, {"dns"}},
    {"A fails for now, AAAA has no record: A may still come",
     {}, {Lookup(Family::kV4, EAI_AGAIN), Lookup(Family::kV6, EAI_NODATA)},
     false, 0, kIpv6Up, {"dns"}},
    {"A fails for now, the AAAA addresses have no route",
     {Kept("2001:db8::2", SkipReason::kNoRoute, ENETUNREACH)},
     {Lookup(Family::kV4, EAI_AGAIN)}, false, 0, kIpv6Up, {"dns", "route-ipv6"}},
    {"a hard skip is ignored, the other family waits",
     {Skipped("2001:db8::2", SkipReason::kKernelNoIpv6),
      Kept("198.51.100.2", SkipReason::kNoRoute, ENETUNREACH)},
     {}, false, 0, kIpv6Up, {"route-ipv4"}},
    {"an ip= or literal whose route is missing (judged as a soft skip)",
     {Skipped("198.51.100.2", SkipReason::kNoRoute, ENETUNREACH)},
     {}, false, 0, kIpv6Up, {"route-ipv4"}},
    // -- go --
    {"a probe connected", {C("198.51.100.2", Fate::kConnected)}, {}, true, 0,
     kIpv6Up, {}},
    {"per family: IPv4 connected while IPv6 has no route",
     {Skipped("2001:db8::2", SkipReason::kNoIpv6Connectivity),
      C("198.51.100.2", Fate::kConnected)},
     {}, true, 0, kNoIpv6Address, {}},
    {"a lookup still out: the mount stage waits for its answer",
     {Kept("198.51.100.2", SkipReason::kNoRoute, ENETUNREACH)}, {}, false, 1,
     kIpv6Up, {}},
    {"refused: the host is up (the kernel may reach port 139)",
     {C("198.51.100.2", Fate::kRefused)}, {}, false, 0, kIpv6Up, {}},
    {"refused on one family, no route on the other",
     {Kept("2001:db8::2", SkipReason::kNoRoute, ENETUNREACH),
      C("198.51.100.2", Fate::kRefused)},
     {}, false, 0, kIpv6Up, {}},
    {"no answer (a blackhole): waiting does not help",
     {Skipped("2001:db8::2", SkipReason::kNoIpv6Connectivity),
      C("198.51.100.2", Fate::kNoAnswer)},
     {}, false, 0, kNoIpv6Address, {}},
    {"another errno", {C("198.51.100.2", Fate::kFailed, EACCES)}, {}, false, 0,
     kIpv6Up, {}},
    {"the race ran out before trying", {C("198.51.100.2", Fate::kNotTried)}, {},
     false, 0, kIpv6Up, {}},
    {"policy system's unprobed address", {C("198.51.100.2", Fate::kNotProbed)},
     {}, false, 0, kIpv6Up, {}},
    {"a literal that routes", {C("198.51.100.2", Fate::kLiteral)}, {}, false, 0,
     kIpv6Up, {}},
    {"ip= that routes", {C("198.51.100.2", Fate::kGiven)}, {}, false, 0, kIpv6Up,
     {}},
    {"a reject route (EACCES) is configuration, not a network coming",
     {Kept("198.51.100.2", SkipReason::kNoRoute, EACCES)}, {}, false, 0, kIpv6Up,
     {}},
    {"the name does not exist", {},
     {Lookup(Family::kV6, EAI_NONAME), Lookup(Family::kV4, EAI_NONAME)}, false, 0,
     kIpv6Up, {}},
    {"no address of any family", {},
     {Lookup(Family::kV6, EAI_NODATA), Lookup(Family::kV4, EAI_NODATA)}, false, 0,
     kIpv6Up, {}},
    {"our deadline or a signal ended the lookups", {},
     {LookupErrno(Family::kV4, ETIMEDOUT), LookupErrno(Family::kV6, EINTR)}, false,
     0, kIpv6Up, {}},
    {"every address hard-skipped", {Skipped("2001:db8::2", SkipReason::kPolicy)},
     {}, false, 0, kIpv6Up, {}},
    {"nothing at all", {}, {}, false, 0, kIpv6Up, {}},
};

// The row's name, as a test name ("link_down_both_families_routes_...").
std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  std::string out;
  for (const char* p = info.param.name; *p != '\0' && out.size() < 60; ++p) {
    const bool word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9');
    if (word) out += *p;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return std::to_string(info.index) + "_" + out;
}

INSTANTIATE_TEST_SUITE_P(Rules, MissingForMountTable, ::testing::ValuesIn(kRows),
                         RowName);

TEST(NetworkWaitRules, TemporaryLookupErrors) {
  EXPECT_TRUE(IsTemporaryLookupError(std::error_code(EAI_AGAIN, ResolverCategory())));
  EXPECT_FALSE(IsTemporaryLookupError(std::error_code(EAI_NONAME, ResolverCategory())));
  EXPECT_FALSE(IsTemporaryLookupError(std::error_code(EAI_NODATA, ResolverCategory())));
  EXPECT_FALSE(IsTemporaryLookupError(std::error_code(EAI_FAIL, ResolverCategory())));
  for (int err : {ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL})
    EXPECT_TRUE(IsTemporaryLookupError(std::error_code(err, std::generic_category())))
        << err;
  for (int err : {ETIMEDOUT, EINTR, ENOENT, ECONNREFUSED})
    EXPECT_FALSE(IsTemporaryLookupError(std::error_code(err, std::generic_category())))
        << err;
}

TEST(NetworkWaitRules, RetryDelayDoublesToTwoSeconds) {
  const long expected[] = {200, 400, 800, 1600, 2000, 2000, 2000};
  for (std::size_t i = 0; i < std::size(expected); ++i)
    EXPECT_EQ(RetryDelay(i), milliseconds(expected[i])) << i;
  EXPECT_EQ(RetryDelay(1000), milliseconds(2000));
}

TEST(NetworkWaitRules, MissingTextForPeople) {
  using M = MissingItem;
  EXPECT_EQ(MissingText({M{Missing::kRoute, Family::kV4}, M{Missing::kRoute, Family::kV6}},
                        "fs1", ""),
            "no IPv4 or IPv6 route to fs1");
  EXPECT_EQ(MissingText({M{Missing::kNameResolution, {}}}, "fs1",
                        "Temporary failure in name resolution"),
            "fs1 does not resolve yet (Temporary failure in name resolution)");
  EXPECT_EQ(MissingText({M{Missing::kRoute, Family::kV4},
                         M{Missing::kSourceAddress, Family::kV6}},
                        "fs1", ""),
            "no IPv4 route to fs1, no usable IPv6 address on this host");
  EXPECT_EQ(MissingText({M{Missing::kHostUnreachable, Family::kV4}}, "fs1", ""),
            "no answer from the IPv4 next hop to fs1");
}

TEST(NetworkWaitRules, WaitedWordsAreSortedAndUnique) {
  WaitReport report;
  NoteMissing({{Missing::kRoute, Family::kV6}, {Missing::kRoute, Family::kV4}}, &report);
  NoteMissing({{Missing::kNameResolution, {}}, {Missing::kRoute, Family::kV4}}, &report);
  report.waited = milliseconds(2013);
  EXPECT_EQ(WaitedText(report), "dns,route-ipv4,route-ipv6/2013ms");
}

TEST(NetworkWaitRules, TransientMissOfAnUnreachableProbeWithoutErrno) {
  // A report from before the errno was kept: still "no route".
  auto miss = TransientMiss(C("198.51.100.2", Fate::kUnreachable), kIpv6Up);
  ASSERT_TRUE(miss.has_value());
  EXPECT_EQ(MissingWord(*miss), "route-ipv4");
}

}  // namespace
}  // namespace mount_cifs::resolver
