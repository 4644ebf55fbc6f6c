// SPDX-License-Identifier: GPL-3.0-or-later
// The race driver (SelectAddresses) with the resolver, connector and clock
// fakes: what DNS timing and late answers do to the probes and to the
// mount(2) order, in exact fake time (issue 10).
#include "resolver/race.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <string>
#include <vector>

#include "tests/fakes/fakes.h"

namespace mount_cifs::resolver {
namespace {

using mount_cifs::testing::Addr;
using mount_cifs::testing::ConnectScript;
using mount_cifs::testing::FakeClock;
using mount_cifs::testing::FakeConnector;
using mount_cifs::testing::FakeHostProbe;
using mount_cifs::testing::FakeNameResolver;
using std::chrono::milliseconds;

constexpr ConnectScript kBlackhole{-1, 0, false};
constexpr ConnectScript kConnects{1, 0, false};
constexpr ConnectScript kRefused{1, ECONNREFUSED, false};

class RaceTest : public ::testing::Test {
 protected:
  Selection Select(const std::string& host) {
    SelectionDeps deps{resolver_, connector_, clock_, probe_,
                       [this] { return clock_.Signalled(); }};
    const SteadyTime deadline = clock_.Now() + deadline_;
    config_.rules.host = HostIpv6{true, true, true};
    auto r = SelectAddresses(host, config_, deps, deadline);
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return Selection{};
    return std::move(r).value();
  }

  static std::vector<std::string> Texts(const std::vector<Address>& list) {
    std::vector<std::string> out;
    for (const Address& a : list) out.push_back(a.ToKernelText());
    return out;
  }

  // "address@ms" for every probe started, in order.
  std::vector<std::string> Starts() const {
    std::vector<std::string> out;
    for (const auto& s : connector_.starts)
      out.push_back(s.address + "@" + std::to_string(s.at_ms));
    return out;
  }

  FakeClock clock_;
  FakeNameResolver resolver_{clock_};
  FakeConnector connector_{clock_};
  FakeHostProbe probe_;
  // RFC 8305's staggered race unless a test asks for the concurrent mode.
  SelectionConfig config_ = [] {
    SelectionConfig c;
    c.probe_mode = ProbeMode::kStaggered;
    return c;
  }();
  milliseconds deadline_{60000};
};

// --- 1. Late answers join the race ----------------------------------------

TEST_F(RaceTest, LateAaaaStartsAtOnceAfterTheTimerRanOut) {
  // IPv4 is blackholed and its attempt delay ran out with nothing queued
  // (at 300 ms); the AAAA answer at 400 ms must start at once and win.
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, 400);
  connector_.Script("192.0.2.10", kBlackhole);
  connector_.Script("2001:db8::10", kConnects);
  Selection sel = Select("dual");
  // A first: RFC 8305's 50 ms Resolution Delay for AAAA, then IPv4.
  EXPECT_EQ(Starts(), (std::vector<std::string>{"192.0.2.10@50", "2001:db8::10@400"}));
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "2001:db8::10");
  EXPECT_EQ(Texts(sel.mount_order),
            (std::vector<std::string>{"2001:db8::10", "192.0.2.10"}));
  EXPECT_EQ(clock_.Ms(), 401);
}

TEST_F(RaceTest, LateAStartsAtOnceAfterTheTimerRanOut) {
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV4, 400);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  EXPECT_EQ(Starts(), (std::vector<std::string>{"2001:db8::10@0", "192.0.2.10@400"}));
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "192.0.2.10");
}

TEST_F(RaceTest, LateAnswerBeforeTheTimerWaitsForItsTurn) {
  // The stagger still holds: an answer that comes while the attempt delay
  // runs starts when it runs out, not at once.
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV4, 100);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  EXPECT_EQ(Starts(), (std::vector<std::string>{"2001:db8::10@0", "192.0.2.10@250"}));
}

// --- 2. Slow DNS does not eat the probe budget ----------------------------

TEST_F(RaceTest, ProbesRunWhenBothAnswersComeAfterTheRaceBudget) {
  // Both answers 3.3 s late (a dead first name server): the 3 s budget
  // counts from then, so IPv6 (blackholed) and IPv4 are both probed.
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, 3300);
  resolver_.SetLookupDelay("dual", Family::kV4, 3300);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "192.0.2.10");
  EXPECT_EQ(Texts(sel.mount_order).front(), "192.0.2.10");
  EXPECT_EQ(Starts().size(), 2u);
}

TEST_F(RaceTest, RaceBudgetCountsFromTheFirstCandidate) {
  // Every address blackholed, answers at 2 s: the probes end at 2 s plus
  // the configured budget, not at the budget from the start.
  config_.race_budget = milliseconds(500);
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, 2000);
  resolver_.SetLookupDelay("dual", Family::kV4, 2000);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kBlackhole);
  Selection sel = Select("dual");
  EXPECT_FALSE(sel.winner);
  EXPECT_EQ(sel.reason, SelectionReason::kNoProbeAnswer);
  EXPECT_EQ(clock_.Ms(), 2500);
  EXPECT_EQ(Starts().size(), 2u);
}

TEST_F(RaceTest, OverallDeadlineStaysTheHardEnd) {
  deadline_ = milliseconds(2200);
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, 2000);
  resolver_.SetLookupDelay("dual", Family::kV4, 2000);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kBlackhole);
  Selection sel = Select("dual");
  EXPECT_FALSE(sel.winner);
  EXPECT_EQ(clock_.Ms(), 2200);
}

// --- 3. The mount(2) order ------------------------------------------------

TEST_F(RaceTest, WithoutAWinnerTheOrderIsInterleavedNotArrivalOrder) {
  resolver_.AddHost("multi", {"2001:db8::a", "2001:db8::b", "192.0.2.1", "192.0.2.2"});
  resolver_.SetLookupDelay("multi", Family::kV4, 10);
  for (const char* a : {"2001:db8::a", "2001:db8::b", "192.0.2.1", "192.0.2.2"})
    connector_.Script(a, kBlackhole);
  Selection sel = Select("multi");
  EXPECT_FALSE(sel.winner);
  EXPECT_EQ(Texts(sel.mount_order),
            (std::vector<std::string>{"2001:db8::a", "192.0.2.1", "2001:db8::b",
                                      "192.0.2.2"}));
  // The report's candidate= words follow the same policy order.
  std::vector<std::string> reported;
  for (const CandidateReport& c : sel.candidates) reported.push_back(c.address.ToKernelText());
  EXPECT_EQ(reported, Texts(sel.mount_order));
}

TEST_F(RaceTest, AfterTheWinnerUntriedThenFastFailuresThenSilentOnes) {
  // 0 ms 2001:db8::a (silent), 250 ms 192.0.2.1 (refused at once), so
  // 2001:db8::b starts at 251 ms and wins; 192.0.2.2 is never tried.
  resolver_.AddHost("multi", {"2001:db8::a", "2001:db8::b", "192.0.2.1", "192.0.2.2"});
  connector_.Script("2001:db8::a", kBlackhole);
  connector_.Script("192.0.2.1", kRefused);
  connector_.Script("2001:db8::b", {5, 0, false});
  connector_.Script("192.0.2.2", kConnects);
  Selection sel = Select("multi");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(Starts(), (std::vector<std::string>{"2001:db8::a@0", "192.0.2.1@250",
                                                "2001:db8::b@251"}));
  EXPECT_EQ(Texts(sel.mount_order),
            (std::vector<std::string>{"2001:db8::b", "192.0.2.2", "192.0.2.1",
                                      "2001:db8::a"}));
}

TEST(MountOrder, GroupsKeepThePolicyOrder) {
  auto attempt = [](const char* text, AttemptState state, int error = 0) {
    Attempt a;
    a.address = Addr(text);
    a.state = state;
    a.error = error;
    return a;
  };
  // Arrival order: IPv4 first. v6-preferred puts IPv6 first in each group.
  const std::vector<Attempt> attempts = {
      attempt("192.0.2.1", AttemptState::kCancelled),
      attempt("192.0.2.2", AttemptState::kFailed, ETIMEDOUT),
      attempt("192.0.2.3", AttemptState::kWaiting),
      attempt("2001:db8::1", AttemptState::kFailed, ECONNREFUSED),
      attempt("2001:db8::2", AttemptState::kCancelled),
      attempt("2001:db8::3", AttemptState::kWaiting),
  };
  std::vector<std::string> order;
  for (const Address& a : MountOrder(attempts, std::nullopt,
                                     FamilyPolicy::kV6Preferred, 1))
    order.push_back(a.ToKernelText());
  EXPECT_EQ(order, (std::vector<std::string>{"2001:db8::3", "192.0.2.3", "2001:db8::1",
                                             "2001:db8::2", "192.0.2.1", "192.0.2.2"}));
}

// --- The driver as a table (curl's race table, with fake DNS timing) -------

struct DriverCase {
  const char* name;
  FamilyPolicy policy;
  std::vector<const char*> addresses;  // what the name gives
  int aaaa_ms;                         // when each lookup answers; -1: never
  int a_ms;
  std::vector<std::pair<const char*, ConnectScript>> scripts;  // else silent
  std::vector<const char*> no_route;  // the route probe says ENETUNREACH
  bool ipv6_connectivity;
  int deadline_ms;
  std::vector<std::string> starts;  // "address@ms"
  std::vector<std::string> order;   // for mount(2)
  std::optional<SelectionReason> reason;
};

std::ostream& operator<<(std::ostream& os, const DriverCase& c) { return os << c.name; }

class DriverTable : public RaceTest, public ::testing::WithParamInterface<DriverCase> {};

TEST_P(DriverTable, StartsOrderAndReason) {
  const DriverCase& c = GetParam();
  config_.rules.policy = c.policy;
  deadline_ = milliseconds(c.deadline_ms);
  resolver_.AddHost("srv", {c.addresses.begin(), c.addresses.end()});
  resolver_.SetLookupDelay("srv", Family::kV6, c.aaaa_ms);
  resolver_.SetLookupDelay("srv", Family::kV4, c.a_ms);
  for (const auto& [address, script] : c.scripts) connector_.Script(address, script);
  for (const char* a : c.no_route) probe_.route_errors[a] = ENETUNREACH;
  SelectionDeps deps{resolver_, connector_, clock_, probe_,
                     [this] { return clock_.Signalled(); }};
  config_.rules.host = HostIpv6{true, c.ipv6_connectivity, c.ipv6_connectivity};
  auto r = SelectAddresses("srv", config_, deps, clock_.Now() + deadline_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Starts(), c.starts);
  EXPECT_EQ(Texts(r.value().mount_order), c.order);
  EXPECT_EQ(r.value().reason, c.reason);
}

const ConnectScript kFast{1, 0, false};
constexpr FamilyPolicy kHe = FamilyPolicy::kHappyEyeballs;

INSTANTIATE_TEST_SUITE_P(
    Race, DriverTable,
    ::testing::Values(
        DriverCase{"healthy", kHe, {"2001:db8::1", "192.0.2.1"}, 0, 0,
                   {{"2001:db8::1", kFast}, {"192.0.2.1", kFast}}, {}, true, 60000,
                   // The A answer, in when IPv6's arrived, is the first
                   // fallback; it was never probed.
                   {"2001:db8::1@0"}, {"2001:db8::1", "192.0.2.1"},
                   SelectionReason::kFirstToConnect},
        DriverCase{"resolution delay: AAAA within it leads", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 30, 0,
                   {{"2001:db8::1", kFast}}, {}, true, 60000,
                   {"2001:db8::1@30"}, {"2001:db8::1", "192.0.2.1"},
                   SelectionReason::kFirstToConnect},
        DriverCase{"resolution delay: AAAA after it waits its turn", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 80, 0,
                   {{"2001:db8::1", kFast}}, {}, true, 60000,
                   {"192.0.2.1@50", "2001:db8::1@300"}, {"2001:db8::1", "192.0.2.1"},
                   SelectionReason::kFirstToConnect},
        DriverCase{"soft skip: no route for IPv6", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 0, 0,
                   {{"192.0.2.1", kFast}}, {"2001:db8::1"}, true, 60000,
                   {"192.0.2.1@0"}, {"192.0.2.1"}, SelectionReason::kFirstToConnect},
        DriverCase{"soft skip: nothing routable, kept anyway", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 0, 0, {},
                   {"2001:db8::1", "192.0.2.1"}, true, 60000,
                   {}, {"2001:db8::1", "192.0.2.1"}, SelectionReason::kNoRouteFound},
        DriverCase{"soft skip: host has no IPv6 connectivity", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 0, 0,
                   {{"192.0.2.1", kFast}}, {}, false, 60000,
                   {"192.0.2.1@0"}, {"192.0.2.1"}, SelectionReason::kFirstToConnect},
        DriverCase{"deadline: everything silent", kHe,
                   {"2001:db8::1", "192.0.2.1"}, 0, 0, {}, {}, true, 1000,
                   {"2001:db8::1@0", "192.0.2.1@250"}, {"2001:db8::1", "192.0.2.1"},
                   SelectionReason::kNoProbeAnswer},
        DriverCase{"deadline before any answer", kHe,
                   {"2001:db8::1", "192.0.2.1"}, -1, -1, {}, {}, true, 1000,
                   {}, {}, SelectionReason::kNoDnsAnswer},
        DriverCase{"v4-only: one lookup, sequential", FamilyPolicy::kV4Only,
                   {"2001:db8::1", "192.0.2.1", "192.0.2.2"}, 0, 0,
                   {{"192.0.2.2", kFast}}, {}, true, 60000,
                   {"192.0.2.1@0", "192.0.2.2@250"}, {"192.0.2.2", "192.0.2.1"},
                   SelectionReason::kFirstThatConnected},
        DriverCase{"v6-preferred: refused IPv6 falls to IPv4 at once",
                   FamilyPolicy::kV6Preferred, {"2001:db8::1", "192.0.2.1"}, 0, 0,
                   {{"2001:db8::1", kRefused}, {"192.0.2.1", kFast}}, {}, true, 60000,
                   {"2001:db8::1@0", "192.0.2.1@1"}, {"192.0.2.1", "2001:db8::1"},
                   SelectionReason::kFirstThatConnected}));

// --- 4. Signals end the waits ---------------------------------------------

TEST_F(RaceTest, SignalEndsTheWaitForDns) {
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, -1);
  resolver_.SetLookupDelay("dual", Family::kV4, -1);
  clock_.SignalAt(500);
  Selection sel = Select("dual");
  EXPECT_EQ(clock_.Ms(), 500);
  EXPECT_TRUE(sel.mount_order.empty());
  EXPECT_TRUE(connector_.starts.empty());
  EXPECT_EQ(sel.reason, SelectionReason::kNoDnsAnswer);
}

TEST_F(RaceTest, SignalEndsTheRace) {
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("192.0.2.10", kBlackhole);
  clock_.SignalAt(300);
  Selection sel = Select("dual");
  EXPECT_EQ(clock_.Ms(), 300);
  EXPECT_FALSE(sel.winner);
}

// --- 5. The -preferred policies wait at most one Resolution Delay ---------

TEST_F(RaceTest, V4PreferredStartsWhenItsFamilyAnswersWhateverAaaaDoes) {
  config_.rules.policy = FamilyPolicy::kV4Preferred;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, -1);  // dropped
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "192.0.2.10");
  EXPECT_EQ(Starts(), (std::vector<std::string>{"192.0.2.10@0"}));
  EXPECT_EQ(clock_.Ms(), 1);
}

TEST_F(RaceTest, V6PreferredWaitsOneResolutionDelayForItsFamily) {
  // A first, AAAA never: IPv4 is probed after 50 ms.
  config_.rules.policy = FamilyPolicy::kV6Preferred;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, -1);
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(Starts(), (std::vector<std::string>{"192.0.2.10@50"}));
}

TEST_F(RaceTest, V6PreferredTakesItsFamilyWithinTheResolutionDelay) {
  config_.rules.policy = FamilyPolicy::kV6Preferred;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", Family::kV6, 30);
  connector_.Script("192.0.2.10", kConnects);
  connector_.Script("2001:db8::10", kConnects);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "2001:db8::10");
  EXPECT_EQ(Starts(), (std::vector<std::string>{"2001:db8::10@30"}));
}

TEST_F(RaceTest, LatePreferredFamilyGoesBeforeTheOtherOnesStillWaiting) {
  // v4-preferred: AAAA (two addresses) at once, A after 100 ms. The first
  // IPv6 attempt runs (sequentially) when A comes; IPv4 is next, before
  // the second IPv6 address.
  config_.rules.policy = FamilyPolicy::kV4Preferred;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10", "2001:db8::11"});
  resolver_.SetLookupDelay("dual", Family::kV4, 100);
  connector_.Script("2001:db8::10", kBlackhole);
  connector_.Script("2001:db8::11", kConnects);
  connector_.Script("192.0.2.10", kConnects);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "192.0.2.10");
  EXPECT_EQ(Starts(), (std::vector<std::string>{"2001:db8::10@50", "192.0.2.10@300"}));
}

// --- Concurrent mode (issue 13): the first address of each family at once,
// the preferred family wins when it connects, another winner waits a
// preference window of max(25 ms, its own connect time), at most the
// attempt delay. Exact fake time.

struct ConcurrentCase {
  const char* name;
  FamilyPolicy policy;
  std::vector<const char*> addresses;
  int aaaa_ms, a_ms;  // when each lookup answers; -1: never
  std::vector<std::pair<const char*, ConnectScript>> scripts;  // else silent
  std::optional<int> attempt_delay_ms;
  int deadline_ms;
  std::vector<std::string> starts;
  std::optional<std::string> winner;
  int decided_ms;  // when the selection ended
  std::optional<WinReason> why;
};

std::ostream& operator<<(std::ostream& os, const ConcurrentCase& c) { return os << c.name; }

class ConcurrentTable : public RaceTest,
                        public ::testing::WithParamInterface<ConcurrentCase> {};

TEST_P(ConcurrentTable, WinnerAndTiming) {
  const ConcurrentCase& c = GetParam();
  config_.probe_mode = ProbeMode::kConcurrent;
  config_.rules.policy = c.policy;
  config_.rules.host = HostIpv6{true, true, true};
  if (c.attempt_delay_ms) config_.attempt_delay = milliseconds(*c.attempt_delay_ms);
  resolver_.AddHost("srv", {c.addresses.begin(), c.addresses.end()});
  resolver_.SetLookupDelay("srv", Family::kV6, c.aaaa_ms);
  resolver_.SetLookupDelay("srv", Family::kV4, c.a_ms);
  for (const auto& [address, script] : c.scripts) connector_.Script(address, script);
  SelectionDeps deps{resolver_, connector_, clock_, probe_,
                     [this] { return clock_.Signalled(); }};
  auto r = SelectAddresses("srv", config_, deps, clock_.Now() + milliseconds(c.deadline_ms));
  ASSERT_TRUE(r.ok());
  const Selection& s = r.value();
  EXPECT_EQ(Starts(), c.starts);
  if (c.winner) {
    ASSERT_TRUE(s.winner);
    EXPECT_EQ(s.winner->ToKernelText(), *c.winner);
  } else {
    EXPECT_FALSE(s.winner);
  }
  EXPECT_EQ(clock_.Ms(), c.decided_ms);
  EXPECT_EQ(s.win_reason, c.why);
  if (!s.candidates.empty()) {
    EXPECT_EQ(s.race_mode, RaceMode::kConcurrent);
  }
}

const ConnectScript kAt2{2, 0, false};
const ConnectScript kAt10{10, 0, false};
const ConnectScript kAt40{40, 0, false};
const ConnectScript kAt70{70, 0, false};
const ConnectScript kAt100{100, 0, false};
const ConnectScript kRefusedAt5{5, ECONNREFUSED, false};
const ConnectScript kUnroutable{0, ENETUNREACH, true};
constexpr const char* kA6 = "2001:db8::10";
constexpr const char* kA4 = "192.0.2.10";

INSTANTIATE_TEST_SUITE_P(
    Race, ConcurrentTable,
    ::testing::Values(
        ConcurrentCase{"healthy both: IPv6 wins at its connect", kHe, {kA4, kA6}, 0, 0,
                       {{kA6, kFast}, {kA4, kFast}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA6, 1,
                       WinReason::kPreferredConnected},
        ConcurrentCase{"IPv4 first by a little: IPv6 still wins inside the window", kHe,
                       {kA4, kA6}, 0, 0, {{kA6, kAt10}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA6, 10,
                       WinReason::kPreferredConnected},
        ConcurrentCase{"IPv6 blackholed: IPv4 at its connect + 25 ms", kHe, {kA4, kA6}, 0, 0,
                       {{kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 27,
                       WinReason::kWindowEnded},
        ConcurrentCase{"IPv6 refused before IPv4 connects: IPv4 at once", kHe, {kA4, kA6}, 0,
                       0, {{kA6, {1, ECONNREFUSED, false}}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 2, WinReason::kNoPreferred},
        ConcurrentCase{"IPv6 refused inside the window: IPv4 then", kHe, {kA4, kA6}, 0, 0,
                       {{kA6, kRefusedAt5}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 5,
                       WinReason::kPreferredFailed},
        ConcurrentCase{"IPv6 unroutable: IPv4 at its connect", kHe, {kA4, kA6}, 0, 0,
                       {{kA6, kUnroutable}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 2, WinReason::kNoPreferred},
        ConcurrentCase{"IPv6 slow: IPv4 wins past the window", kHe, {kA4, kA6}, 0, 0,
                       {{kA6, kAt100}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 27,
                       WinReason::kWindowEnded},
        ConcurrentCase{"slow IPv4 earns IPv6 a longer window (its 40 ms)", kHe, {kA4, kA6}, 0,
                       0, {{kA6, kAt70}, {kA4, kAt40}}, std::nullopt, 60000,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA6, 70,
                       WinReason::kPreferredConnected},
        ConcurrentCase{"the window never runs past the attempt delay", kHe, {kA4, kA6}, 0, 0,
                       {{kA4, kAt100}}, 50, 60000, {"2001:db8::10@0", "192.0.2.10@0"}, kA4,
                       150, WinReason::kWindowEnded},
        ConcurrentCase{"several per family: the next pair every attempt delay", kHe,
                       {"192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"}, 0, 0,
                       {{"2001:db8::2", kFast}}, std::nullopt, 60000,
                       {"2001:db8::1@0", "192.0.2.1@0", "2001:db8::2@250"}, "2001:db8::2",
                       251, WinReason::kPreferredConnected},
        ConcurrentCase{"AAAA late within the Resolution Delay: both start together", kHe,
                       {kA4, kA6}, 30, 0, {{kA6, kFast}, {kA4, kFast}}, std::nullopt, 60000,
                       {"2001:db8::10@30", "192.0.2.10@30"}, kA6, 31,
                       WinReason::kPreferredConnected},
        ConcurrentCase{"AAAA after the Resolution Delay: IPv4 goes alone", kHe, {kA4, kA6},
                       400, 0, {{kA6, kFast}, {kA4, kFast}}, std::nullopt, 60000,
                       {"192.0.2.10@50"}, kA4, 51, WinReason::kPreferredConnected},
        ConcurrentCase{"deadline inside the window: the connected one stands", kHe,
                       {kA4, kA6}, 0, 0, {{kA4, kAt2}}, std::nullopt, 20,
                       {"2001:db8::10@0", "192.0.2.10@0"}, kA4, 20, WinReason::kWindowEnded},
        ConcurrentCase{"deadline, everything silent", kHe, {kA4, kA6}, 0, 0, {}, std::nullopt,
                       400, {"2001:db8::10@0", "192.0.2.10@0"}, std::nullopt, 400,
                       std::nullopt},
        ConcurrentCase{"v4-preferred, IPv4 dead: IPv6 after the window, not 250 ms",
                       FamilyPolicy::kV4Preferred, {kA4, kA6}, 0, 0, {{kA6, kAt2}},
                       std::nullopt, 60000, {"192.0.2.10@0", "2001:db8::10@0"}, kA6, 27,
                       WinReason::kWindowEnded},
        ConcurrentCase{"v4-preferred, both healthy: IPv4", FamilyPolicy::kV4Preferred,
                       {kA4, kA6}, 0, 0, {{kA6, kFast}, {kA4, kAt2}}, std::nullopt, 60000,
                       {"192.0.2.10@0", "2001:db8::10@0"}, kA4, 2,
                       WinReason::kPreferredConnected}));

TEST_F(RaceTest, ConcurrentFavouredFamilyLeads) {
  // The reconnect handler's sticky family (or the family not remembered as
  // failed) is the preferred one, whatever RFC 6724 says.
  config_.probe_mode = ProbeMode::kConcurrent;
  config_.favoured_family = Family::kV4;
  resolver_.AddHost("dual", {kA4, kA6});
  connector_.Script(kA6, kFast);
  connector_.Script(kA4, kAt10);
  Selection sel = Select("dual");
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), kA4);  // IPv6 connected first, held
  EXPECT_EQ(clock_.Ms(), 10);
}

}  // namespace
}  // namespace mount_cifs::resolver
