// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/decision.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace mount_cifs {
namespace {

using resolver::Address;
using resolver::CandidateReport;
using resolver::Family;

CandidateReport Candidate(const char* text, resolver::Fate fate, int ms) {
  CandidateReport c;
  c.address = *Address::ParseNumeric(text);
  c.fate = fate;
  c.elapsed = std::chrono::milliseconds(ms);
  c.usable = true;
  return c;
}

Decision V6LostDecision() {
  Decision d;
  d.server = "fs1";
  d.kernel = resolver::KernelCapsFor("6.12.0", std::nullopt);
  d.host = resolver::HostIpv6{true, true, true};
  d.cifs_available = true;
  d.selection.candidates = {Candidate("2001:db8::2", resolver::Fate::kNoAnswer, 251),
                            Candidate("198.51.100.2", resolver::Fate::kConnected, 251)};
  d.selection.winner = *Address::ParseNumeric("198.51.100.2");
  d.selection.preferred_family = Family::kV6;
  d.selection.reason = resolver::SelectionReason::kFirstToConnect;
  d.selection.attempt_delay = std::chrono::milliseconds(250);
  d.selection.attempt_delay_basis = resolver::AttemptDelayBasis::kDefault;
  d.ip = *Address::ParseNumeric("198.51.100.2");
  d.mounts = {{*Address::ParseNumeric("198.51.100.2"), 0}};
  d.result = RunResult::kMounted;
  d.decided_in = std::chrono::milliseconds(252);
  return d;
}

TEST(DecisionLine, EveryWordAPersonGrepsFor) {
  EXPECT_EQ(FormatDecisionLine(V6LostDecision()),
            "server=fs1 policy=happy-eyeballs policy-from=default kernel=6.12.0 "
            "kernel-cifs=yes kernel-ipv6=yes ip-max=none scope-ids=yes host-ipv6=yes "
            "addresses=resolved attempt-delay=250ms/default "
            "candidate=2001:db8::2/no-answer/251ms "
            "candidate=198.51.100.2/connected/251ms chosen=198.51.100.2 "
            "reason=first-to-connect preferred-family-lost=ipv6 ip=198.51.100.2 "
            "mount=198.51.100.2/ok decided-in=252ms result=mounted");
}

TEST(DecisionLine, LevelIsWarningWhenThePreferredFamilyLost) {
  Decision d = V6LostDecision();
  EXPECT_EQ(LevelFor(d), LogLevel::kWarning);
  d.selection.preferred_family = Family::kV4;
  EXPECT_EQ(LevelFor(d), LogLevel::kInfo);
  d.result = RunResult::kExhausted;
  d.mounts = {{*Address::ParseNumeric("198.51.100.2"), ECONNREFUSED}};
  EXPECT_EQ(LevelFor(d), LogLevel::kError);
  EXPECT_NE(FormatDecisionLine(d).find("mount=198.51.100.2/ECONNREFUSED"),
            std::string::npos);
}

TEST(DecisionLine, KernelLimitsAndSpacesAreWordSafe) {
  Decision d;
  d.server = "a b";
  d.kernel = resolver::KernelCapsFor("2.6.18-308.el5", std::string_view("1.60RH"));
  d.result = RunResult::kFailed;
  const std::string line = FormatDecisionLine(d);
  EXPECT_NE(line.find("server=a_b "), std::string::npos) << line;
  EXPECT_NE(line.find("kernel=2.6.18-el5_cifs_1.60RH "), std::string::npos) << line;
  EXPECT_NE(line.find("ip-max=34 scope-ids=no"), std::string::npos) << line;
}

TEST(DecisionLine, SaysTheRaceModeWhenEachProbeStartedAndWhyTheWinnerWon) {
  // Issue 13: concurrent probes, IPv6 blackholed: both at 0 ms, IPv4 held
  // for the preference window.
  Decision d = V6LostDecision();
  d.selection.candidates[0].started = std::chrono::milliseconds(0);
  d.selection.candidates[0].elapsed = std::chrono::milliseconds(27);
  d.selection.candidates[1].started = std::chrono::milliseconds(0);
  d.selection.candidates[1].elapsed = std::chrono::milliseconds(2);
  d.selection.race_mode = resolver::RaceMode::kConcurrent;
  d.selection.win_reason = resolver::WinReason::kWindowEnded;
  const std::string line = FormatDecisionLine(d);
  EXPECT_NE(line.find(" race-mode=concurrent "), std::string::npos) << line;
  EXPECT_NE(line.find(" probe-starts=2001:db8::2@0ms,198.51.100.2@0ms "), std::string::npos)
      << line;
  EXPECT_NE(line.find(" won-by=window-ended "), std::string::npos) << line;
  bool said = false;
  for (const std::string& l : FormatDecisionTable(d))
    if (l.rfind("probes: concurrent", 0) == 0 && l.find("winner: window-ended") != std::string::npos)
      said = true;
  EXPECT_TRUE(said);
  // The staggered line says so too, and a run with no probes says nothing.
  d.selection.race_mode = resolver::RaceMode::kRace;
  EXPECT_NE(FormatDecisionLine(d).find(" race-mode=staggered "), std::string::npos);
  EXPECT_EQ(FormatDecisionLine(V6LostDecision()).find("race-mode="), std::string::npos);
}

TEST(DecisionTable, SaysWhereTheAttemptDelayCameFrom) {
  Decision d = V6LostDecision();
  d.selection.attempt_delay = std::chrono::milliseconds(100);
  d.selection.attempt_delay_basis = resolver::AttemptDelayBasis::kRtt;
  d.selection.rtt_address = *Address::ParseNumeric("198.51.100.2");
  d.selection.rtt = resolver::RttSample{std::chrono::microseconds(24),
                                        std::chrono::microseconds(22)};
  const auto lines = FormatDecisionTable(d);
  bool found = false;
  for (const std::string& l : lines)
    found = found || l == "attempt delay 100 ms (rtt: kernel RTT history of "
                          "198.51.100.2, rtt 24 us, rttvar 22 us)";
  EXPECT_TRUE(found);
  EXPECT_NE(FormatDecisionLine(d).find(" attempt-delay=100ms/rtt "), std::string::npos);
}

TEST(DecisionTable, ListsEveryCandidate) {
  const auto lines = FormatDecisionTable(V6LostDecision());
  ASSERT_GE(lines.size(), 4u);
  EXPECT_NE(lines[0].find("policy happy-eyeballs (default)"), std::string::npos);
  EXPECT_NE(lines[2].find("2001:db8::2"), std::string::npos);
  EXPECT_NE(lines[2].find("no-answer"), std::string::npos);
  EXPECT_NE(lines[3].find("198.51.100.2"), std::string::npos);
}

}  // namespace
}  // namespace mount_cifs
