// SPDX-License-Identifier: GPL-3.0-or-later
// The race engine driven by a simulated network in exact fake time
// (curl's unit2600 case table, but with the clock injected so every start
// time is asserted exactly).
#include "resolver/happy_eyeballs.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <string>
#include <vector>

namespace mount_cifs::resolver {
namespace {

using std::chrono::milliseconds;

constexpr int kNever = -1;

struct Script {
  const char* address;
  int after_ms;  // when its connect ends, from its start; kNever: silence
  int error;     // 0: connects
};

struct Start {
  std::size_t attempt;
  int at_ms;
  bool operator==(const Start& o) const {
    return attempt == o.attempt && at_ms == o.at_ms;
  }
};

std::ostream& operator<<(std::ostream& os, const Start& s) {
  return os << "{" << s.attempt << "@" << s.at_ms << "ms}";
}

struct Case {
  std::string name;
  RaceMode mode;
  int delay_ms;
  std::vector<Script> scripts;
  std::vector<Start> starts;
  int winner;      // -1: none
  int done_at_ms;  // when done() became true
};

struct Outcome {
  std::vector<Start> starts;
  int winner = -1;
  int done_at_ms = -1;
  std::vector<std::size_t> cancelled;
};

// A tiny event loop: the engine asks, the "network" answers per script.
Outcome Simulate(const Case& c) {
  const SteadyTime t0{};
  auto at = [&](int ms) { return t0 + milliseconds(ms); };
  HappyEyeballs engine(c.mode, milliseconds(c.delay_ms));
  std::vector<Address> addresses;
  for (const Script& s : c.scripts) addresses.push_back(*Address::ParseNumeric(s.address));
  engine.AddCandidates(addresses, at(0));
  engine.SetResolutionComplete(at(0));
  Outcome out;
  std::map<std::size_t, int> pending;  // attempt -> end time ms
  int now = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    for (const RaceAction& a : engine.TakeActions()) {
      if (a.kind == RaceAction::Kind::kStart) {
        out.starts.push_back({a.attempt, now});
        const Script& s = c.scripts[a.attempt];
        if (s.after_ms != kNever) pending[a.attempt] = now + s.after_ms;
      } else {
        pending.erase(a.attempt);
        out.cancelled.push_back(a.attempt);
      }
    }
    if (engine.done()) break;
    int next = 1 << 30;
    for (const auto& [attempt, t] : pending) next = std::min(next, t);
    if (engine.timer())
      next = std::min(next, static_cast<int>((*engine.timer() - t0) / milliseconds(1)));
    if (next == (1 << 30)) break;  // nothing will ever happen again
    now = next;
    std::vector<std::size_t> due;
    for (const auto& [attempt, t] : pending)
      if (t == now) due.push_back(attempt);
    for (std::size_t attempt : due) {
      pending.erase(attempt);
      const Script& s = c.scripts[attempt];
      if (s.error == 0) engine.OnConnected(attempt, at(now));
      else engine.OnFailed(attempt, s.error, at(now));
    }
    if (engine.timer() && *engine.timer() <= at(now)) engine.OnTimer(at(now));
  }
  if (engine.done()) out.done_at_ms = now;
  if (engine.winner()) out.winner = static_cast<int>(*engine.winner());
  return out;
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"v6 answers first",
       RaceMode::kRace, 250,
       {{"2001:db8::1", 10, 0}, {"198.51.100.1", 5, 0}},
       {{0, 0}},
       0, 10},
      {"v6 blackholed: v4 starts after the delay and wins",
       RaceMode::kRace, 250,
       {{"2001:db8::1", kNever, 0}, {"198.51.100.1", 1, 0}},
       {{0, 0}, {1, 250}},
       1, 251},
      {"v6 refused: v4 starts at once, not after the delay",
       RaceMode::kRace, 250,
       {{"2001:db8::1", 1, ECONNREFUSED}, {"198.51.100.1", 2, 0}},
       {{0, 0}, {1, 1}},
       1, 3},
      {"slow v6 still wins over a later, slower v4 (attempts keep running)",
       RaceMode::kRace, 250,
       {{"2001:db8::1", 300, 0}, {"198.51.100.1", 100, 0}},
       {{0, 0}, {1, 250}},
       0, 300},
      {"three blackholed then a live one: one start per delay",
       RaceMode::kRace, 250,
       {{"2001:db8::1", kNever, 0},
        {"198.51.100.1", kNever, 0},
        {"2001:db8::2", kNever, 0},
        {"198.51.100.2", 5, 0}},
       {{0, 0}, {1, 250}, {2, 500}, {3, 750}},
       3, 755},
      {"every address refused: done when the last fails",
       RaceMode::kRace, 250,
       {{"2001:db8::1", 1, ECONNREFUSED},
        {"198.51.100.1", 1, ENETUNREACH},
        {"2001:db8::2", 1, EHOSTUNREACH}},
       {{0, 0}, {1, 1}, {2, 2}},
       -1, 3},
      {"configured delay 100 ms",
       RaceMode::kRace, 100,
       {{"2001:db8::1", kNever, 0}, {"198.51.100.1", 40, 0}},
       {{0, 0}, {1, 100}},
       1, 140},
      {"delay below the RFC 8305 floor is raised to 10 ms",
       RaceMode::kRace, 1,
       {{"2001:db8::1", kNever, 0}, {"198.51.100.1", 0, 0}},
       {{0, 0}, {1, 10}},
       1, 10},
      {"sequential: a silent address is given up after the delay",
       RaceMode::kSequential, 250,
       {{"2001:db8::1", kNever, 0}, {"198.51.100.1", 3, 0}},
       {{0, 0}, {1, 250}},
       1, 253},
      {"sequential: a slow but live first address loses its turn",
       RaceMode::kSequential, 250,
       {{"2001:db8::1", 300, 0}, {"198.51.100.1", 3, 0}},
       {{0, 0}, {1, 250}},
       1, 253},
      {"sequential: refused moves on at once",
       RaceMode::kSequential, 250,
       {{"2001:db8::1", 2, ECONNREFUSED}, {"198.51.100.1", 3, 0}},
       {{0, 0}, {1, 2}},
       1, 5},
      {"sequential: all silent, done after the last delay",
       RaceMode::kSequential, 250,
       {{"2001:db8::1", kNever, 0}, {"198.51.100.1", kNever, 0}},
       {{0, 0}, {1, 250}},
       -1, 500},
  };
  return cases;
}

class RaceTable : public ::testing::TestWithParam<Case> {};

TEST_P(RaceTable, StartsWinnerAndEnd) {
  const Case& c = GetParam();
  const Outcome out = Simulate(c);
  EXPECT_EQ(out.starts, c.starts);
  EXPECT_EQ(out.winner, c.winner);
  EXPECT_EQ(out.done_at_ms, c.done_at_ms);
}

INSTANTIATE_TEST_SUITE_P(HappyEyeballs, RaceTable, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) {
                           std::string n = param_info.param.name;
                           for (char& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(HappyEyeballs, WinnerCancelsEveryOtherAttempt) {
  Case c{"", RaceMode::kRace, 250,
         {{"2001:db8::1", kNever, 0}, {"198.51.100.1", kNever, 0},
          {"2001:db8::2", 1, 0}},
         {}, 2, 0};
  const Outcome out = Simulate(c);
  EXPECT_EQ(out.winner, 2);
  EXPECT_EQ(out.cancelled, (std::vector<std::size_t>{0, 1}));
}

TEST(HappyEyeballs, RecordsTimesAndErrors) {
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  const SteadyTime t0{};
  engine.AddCandidates({*Address::ParseNumeric("2001:db8::1"),
                        *Address::ParseNumeric("198.51.100.1")},
                       t0);
  engine.SetResolutionComplete(t0);
  engine.TakeActions();
  engine.OnFailed(0, ECONNREFUSED, t0 + milliseconds(7));
  engine.OnConnected(1, t0 + milliseconds(9));
  const auto& a = engine.attempts();
  EXPECT_EQ(a[0].state, AttemptState::kFailed);
  EXPECT_EQ(a[0].error, ECONNREFUSED);
  EXPECT_EQ(*a[0].ended - t0, milliseconds(7));
  EXPECT_EQ(a[1].state, AttemptState::kConnected);
  EXPECT_EQ(*a[1].started - t0, milliseconds(7));
  EXPECT_TRUE(engine.done());
}

TEST(HappyEyeballs, LateAnswerIsInterleavedAmongWaitingAttempts) {
  // AAAA answered first with two addresses; A arrives 30 ms later. The next
  // attempt must be IPv4 (RFC 8305 section 4), not the second IPv6 address.
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  const SteadyTime t0{};
  engine.AddCandidates({*Address::ParseNumeric("2001:db8::1"),
                        *Address::ParseNumeric("2001:db8::2")},
                       t0);
  engine.AddCandidates({*Address::ParseNumeric("198.51.100.1")},
                       t0 + milliseconds(30));
  engine.SetResolutionComplete(t0 + milliseconds(30));
  auto actions = engine.TakeActions();
  ASSERT_EQ(actions.size(), 1u);  // only the first attempt so far
  engine.OnTimer(t0 + milliseconds(250));
  actions = engine.TakeActions();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(engine.attempts()[actions[0].attempt].address.ToKernelText(),
            "198.51.100.1");
}

TEST(HappyEyeballs, NotDoneWhileLookupsOutstanding) {
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  const SteadyTime t0{};
  engine.AddCandidates({*Address::ParseNumeric("2001:db8::1")}, t0);
  engine.TakeActions();
  engine.OnFailed(0, ECONNREFUSED, t0 + milliseconds(1));
  EXPECT_FALSE(engine.done());  // the A answer may still come
  engine.AddCandidates({*Address::ParseNumeric("198.51.100.1")},
                       t0 + milliseconds(20));
  auto actions = engine.TakeActions();
  ASSERT_EQ(actions.size(), 1u);  // started at once: nothing in flight
  engine.SetResolutionComplete(t0 + milliseconds(20));
  engine.OnConnected(actions[0].attempt, t0 + milliseconds(21));
  EXPECT_TRUE(engine.done());
  EXPECT_EQ(*engine.winner(), 1u);
}

TEST(HappyEyeballs, AbortCancelsInFlight) {
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  const SteadyTime t0{};
  engine.AddCandidates({*Address::ParseNumeric("2001:db8::1"),
                        *Address::ParseNumeric("198.51.100.1")},
                       t0);
  engine.SetResolutionComplete(t0);
  engine.TakeActions();
  engine.Abort(t0 + milliseconds(100));
  auto actions = engine.TakeActions();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, RaceAction::Kind::kCancel);
  EXPECT_TRUE(engine.done());
  EXPECT_FALSE(engine.winner());
  EXPECT_EQ(engine.attempts()[1].state, AttemptState::kWaiting);
}

TEST(HappyEyeballs, NewAttemptDelayMovesThePendingTimer) {
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  const SteadyTime t0{};
  engine.AddCandidates({*Address::ParseNumeric("2001:db8::1"),
                        *Address::ParseNumeric("198.51.100.1")},
                       t0 + milliseconds(5));
  ASSERT_EQ(engine.timer(), t0 + milliseconds(255));
  engine.SetAttemptDelay(milliseconds(100));
  EXPECT_EQ(engine.attempt_delay(), milliseconds(100));
  EXPECT_EQ(engine.timer(), t0 + milliseconds(105));  // from the last start
  engine.TakeActions();
  engine.OnTimer(t0 + milliseconds(105));
  auto actions = engine.TakeActions();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(engine.attempts()[actions[0].attempt].address.ToKernelText(), "198.51.100.1");
  // The next timer uses the new delay too.
  EXPECT_EQ(engine.timer(), t0 + milliseconds(205));
}

TEST(HappyEyeballs, NewAttemptDelayWithoutATimerArmsNothing) {
  HappyEyeballs engine(RaceMode::kRace, milliseconds(250));
  engine.SetAttemptDelay(milliseconds(100));
  EXPECT_FALSE(engine.timer());
  engine.SetAttemptDelay(milliseconds(1));  // never under RFC 8305's 10 ms
  EXPECT_EQ(engine.attempt_delay(), milliseconds(10));
}

}  // namespace
}  // namespace mount_cifs::resolver
