// SPDX-License-Identifier: GPL-3.0-or-later
// The race driver: lookups in, probes through the connector, a Selection
// out. Every rule it applies lives in pure code beside it (admission.h,
// family_policy.h, happy_eyeballs.h, MountOrder below); this file only
// carries events between the seams and the engine.
#include "resolver/race.h"

#include <algorithm>
#include <cerrno>

#include "resolver/ad_site.h"
#include "resolver/connect_error.h"

namespace mount_cifs::resolver {
namespace {

using std::chrono::milliseconds;

// The report's fate of an attempt the engine ran.
CandidateReport Reported(const Attempt& a, CandidateReport report) {
  switch (a.state) {
    case AttemptState::kWaiting: report.fate = Fate::kNotTried; break;
    case AttemptState::kConnected: report.fate = Fate::kConnected; break;
    // Still connecting when the race ended: it had not answered, unless it
    // was stopped sooner than any path could be judged (concurrent mode
    // stops the other family a moment after it started).
    case AttemptState::kConnecting: report.fate = Fate::kNoAnswer; break;
    case AttemptState::kCancelled:
      report.fate = a.started && a.ended && *a.ended - *a.started < kMinPreferenceWindow
                        ? Fate::kCancelled
                        : Fate::kNoAnswer;
      break;
    case AttemptState::kFailed:
      switch (ClassifyConnectError(a.error)) {
        case ConnectError::kRefused: report.fate = Fate::kRefused; break;
        case ConnectError::kUnreachable:
          // The errno tells a missing route from a missing source address
          // (network_wait.h).
          report.fate = Fate::kUnreachable;
          report.error = a.error;
          break;
        case ConnectError::kTimedOut:
          if (a.error == ETIMEDOUT) {
            report.fate = Fate::kNoAnswer;
            break;
          }
          [[fallthrough]];
        case ConnectError::kNoFamily:
        case ConnectError::kOther:
          report.fate = Fate::kFailed;
          report.error = a.error;
          break;
      }
      break;
  }
  return report;
}

// A candidate's report before any probe: admitted, or skipped and why.
CandidateReport Admitted(const Address& address, std::optional<Skip> skip) {
  CandidateReport report;
  report.address = address;
  if (skip) {
    report.fate = Fate::kSkipped;
    report.skip = skip;
  } else {
    report.fate = Fate::kNotTried;
    report.usable = true;
  }
  return report;
}

LookupError ToLookupError(Family family, const Error& e) {
  return LookupError{family, e.code};
}

// The favoured family, when the policy allows it (not kSystem).
std::optional<Family> Favoured(const SelectionConfig& config) {
  const auto f = config.favoured_family;
  if (!f || config.policy() == FamilyPolicy::kSystem ||
      !PolicyAllows(config.policy(), *f))
    return std::nullopt;
  return f;
}

// The family whose answer starts the probes at once (RFC 8305 section 3):
// the favoured one, else the policy's.
std::optional<Family> FirstChoice(const SelectionConfig& config) {
  if (auto f = Favoured(config)) return f;
  return FirstChoiceFamily(config.policy());
}

// The engine mode for a policy and probe mode: one family has nothing to
// race; two race concurrently, or staggered as RFC 8305 (happy-eyeballs) or
// one after another (the -preferred policies).
RaceMode ModeFor(const SelectionConfig& config) {
  switch (config.policy()) {
    case FamilyPolicy::kHappyEyeballs:
      return config.probe_mode == ProbeMode::kConcurrent ? RaceMode::kConcurrent
                                                         : RaceMode::kRace;
    case FamilyPolicy::kV4Preferred:
    case FamilyPolicy::kV6Preferred:
      return config.probe_mode == ProbeMode::kConcurrent ? RaceMode::kConcurrent
                                                         : RaceMode::kSequential;
    default:
      return RaceMode::kSequential;
  }
}

class Selector {
 public:
  Selector(const std::string& host, const SelectionConfig& config,
           SelectionDeps& deps, SteadyTime deadline)
      : host_(host), config_(config), deps_(deps), deadline_(deadline),
        start_(deps.clock.Now()),
        engine_(ModeFor(config), config.attempt_delay.value_or(kDefaultAttemptDelay)) {
    // happy-eyeballs prefers RFC 6724's first family (the engine takes the
    // first candidate's) unless a family is favoured; the -preferred
    // policies prefer theirs.
    site_first_ = config.site_first;
    if (auto first = FirstChoice(config);
        first && (config.policy() != FamilyPolicy::kHappyEyeballs || Favoured(config)))
      engine_.SetPreferredFamily(*first);
  }

  Result<Selection> Run();

 private:
  Result<Selection> RunSystem();
  // Orders, admits and races a batch of answered addresses; tells the
  // engine when no lookup is left.
  void Feed(std::vector<Address> batch);
  void LearnRtt(const std::vector<Address>& admitted);
  void TakeAnswer(FamilyAnswer answer, std::vector<Address>* into);
  void Gather();
  void RaceLoop();
  // When the probes must stop: the race budget counts from the first
  // candidate (slow DNS must not eat it), within the overall deadline.
  SteadyTime RaceDeadline() const;
  void Drain();
  bool Cancelled() const { return deps_.cancelled && deps_.cancelled(); }
  // With nothing else usable: the soft-skipped addresses after all
  // (heuristics must never leave less than cifs-utils would try), in the
  // policy's order, or as they came for kSystem.
  void KeepSoftSkipped();
  // The report lists candidates in policy order, whatever order the
  // answers came in (the man page's promise for candidate=).
  void SortReportByPolicy();
  Selection Finish();

  const std::string& host_;
  const SelectionConfig& config_;
  SelectionDeps& deps_;
  SteadyTime deadline_;
  SteadyTime start_;
  HappyEyeballs engine_;

  Selection sel_;
  std::vector<std::size_t> attempt_report_;  // engine attempt -> report
  std::optional<Error> first_error_;
  std::optional<SteadyTime> first_candidate_at_;
  std::vector<Address> site_first_;
  bool site_asked_ = false;
};

void Selector::Feed(std::vector<Address> batch) {
  // The AD site (issue 16), once, before the first probe: an input to the
  // order below, not a policy of its own.
  if (!site_asked_ && deps_.site_lookup && engine_.attempts().empty() &&
      SiteOrderCanMatter(batch) && !Cancelled()) {
    site_asked_ = true;
    site_first_ = deps_.site_lookup(batch);
  }
  if (!site_first_.empty()) {
    const std::vector<Address> moved = MovedBySite(
        OrderForPolicy(config_.policy(), batch, config_.first_family_count, Favoured(config_)),
        OrderForPolicy(config_.policy(), batch, config_.first_family_count, Favoured(config_),
                       site_first_));
    sel_.site_moved.insert(sel_.site_moved.end(), moved.begin(), moved.end());
  }
  std::vector<Address> admitted;
  for (const Address& a :
       OrderForPolicy(config_.policy(), std::move(batch), config_.first_family_count,
                      Favoured(config_), site_first_)) {
    sel_.candidates.push_back(Admitted(a, Admit(a, config_.rules, deps_.probe)));
    if (!sel_.candidates.back().usable) continue;
    attempt_report_.push_back(sel_.candidates.size() - 1);
    admitted.push_back(a);
  }
  if (!admitted.empty()) {
    if (!first_candidate_at_) first_candidate_at_ = deps_.clock.Now();
    LearnRtt(admitted);
    engine_.AddCandidates(admitted, deps_.clock.Now());
  }
  // Every lookup answered: no candidate will come.
  if (deps_.resolver.LookupsOutstanding() == 0)
    engine_.SetResolutionComplete(deps_.clock.Now());
}

void Selector::LearnRtt(const std::vector<Address>& admitted) {
  if (config_.attempt_delay) return;  // the admin's value stands
  for (const Address& a : admitted) {
    const std::optional<RttSample> sample = deps_.probe.TcpRtt(a);
    if (!sample) continue;
    // The slowest known path sets the pace: never give up on an address
    // sooner than any of the server's paths needs.
    const milliseconds delay = AttemptDelayFromRtt(*sample);
    if (sel_.rtt && delay <= AttemptDelayFromRtt(*sel_.rtt)) continue;
    sel_.rtt = sample;
    sel_.rtt_address = a;
    engine_.SetAttemptDelay(delay);
  }
}

void Selector::TakeAnswer(FamilyAnswer answer, std::vector<Address>* into) {
  if (!answer.addresses.ok()) {
    const Error& e = answer.addresses.error();
    sel_.lookup_errors.push_back(ToLookupError(answer.family, e));
    if (!first_error_) first_error_ = e;
    return;
  }
  for (const Address& a : answer.addresses.value()) into->push_back(a);
}

void Selector::Gather() {
  // RFC 8305 section 3: an answer of the first-choice family starts the
  // probes at once; one of the other family waits up to the Resolution
  // Delay for it. A policy with one family has one lookup to wait for.
  const std::optional<Family> first_choice = FirstChoice(config_);
  std::vector<Address> held;  // answers not yet fed to the engine
  std::optional<SteadyTime> release_at;
  while (deps_.resolver.LookupsOutstanding() > 0) {
    if (Cancelled()) break;
    const SteadyTime until = release_at ? std::min(*release_at, deadline_)
                                        : deadline_;
    auto answer = deps_.resolver.NextAnswer(until);
    if (!answer) {
      // Timed out or interrupted: the loop head and these decide.
      if (release_at && deps_.clock.Now() >= *release_at) break;
      if (deps_.clock.Now() >= deadline_) break;
      continue;
    }
    const Family family = answer->family;
    const bool had_addresses = answer->addresses.ok();
    TakeAnswer(std::move(*answer), &held);
    if (!had_addresses) continue;
    if (!first_choice || family == *first_choice) break;  // start at once
    if (!release_at) release_at = deps_.clock.Now() + config_.resolution_delay;
  }
  // Answers already in (the other family's, a moment behind): in the same
  // batch, so that concurrent mode starts both families together.
  if (!Cancelled()) {
    while (deps_.resolver.LookupsOutstanding() > 0) {
      auto answer = deps_.resolver.NextAnswer(deps_.clock.Now());
      if (!answer) break;
      TakeAnswer(std::move(*answer), &held);
    }
  }
  Feed(std::move(held));
}

void Selector::Drain() {
  // Carry out what the engine asked for; a connect that fails at once is fed
  // back, which may ask for more.
  for (;;) {
    std::vector<RaceAction> actions = engine_.TakeActions();
    if (actions.empty()) return;
    for (const RaceAction& action : actions) {
      if (action.kind == RaceAction::Kind::kCancel) {
        deps_.connector.Cancel(action.attempt);
        continue;
      }
      const Attempt& a = engine_.attempts()[action.attempt];
      Status started = deps_.connector.Start(action.attempt, a.address,
                                             config_.rules.port,
                                             config_.rules.source);
      if (!started.ok())
        engine_.OnFailed(action.attempt, started.error().code.value(),
                         deps_.clock.Now());
    }
  }
}

SteadyTime Selector::RaceDeadline() const {
  if (!first_candidate_at_) return deadline_;
  return std::min(deadline_, *first_candidate_at_ + config_.race_budget);
}

void Selector::RaceLoop() {
  Drain();
  while (!engine_.done()) {
    SteadyTime now = deps_.clock.Now();
    const SteadyTime race_deadline = RaceDeadline();
    if (Cancelled() || now >= race_deadline) {
      engine_.Abort(now);
      break;
    }
    SteadyTime until = race_deadline;
    if (engine_.timer()) until = std::min(until, *engine_.timer());
    if (engine_.in_flight() == 0 && deps_.resolver.LookupsOutstanding() > 0) {
      // Nothing to connect yet (e.g. every AAAA was skipped): the next
      // event can only be an answer, so wait for that itself.
      std::vector<Address> late;
      if (auto answer = deps_.resolver.NextAnswer(until))
        TakeAnswer(std::move(*answer), &late);
      Feed(std::move(late));
      now = deps_.clock.Now();
      if (engine_.timer() && now >= *engine_.timer()) engine_.OnTimer(now);
      Drain();
      continue;
    }
    // A lookup still out while connects are in flight: look for its answer
    // every 10 ms (2 ms in concurrent mode, where a late family's first
    // address starts as soon as it is known).
    if (deps_.resolver.LookupsOutstanding() > 0)
      until = std::min(until, now + (config_.probe_mode == ProbeMode::kConcurrent
                                         ? milliseconds(2)
                                         : milliseconds(10)));
    for (const ConnectEvent& e : deps_.connector.Wait(until)) {
      if (e.error == 0) {
        engine_.OnConnected(e.id, deps_.clock.Now());
      } else {
        engine_.OnFailed(e.id, e.error, deps_.clock.Now());
      }
    }
    now = deps_.clock.Now();
    if (engine_.timer() && now >= *engine_.timer()) engine_.OnTimer(now);
    if (deps_.resolver.LookupsOutstanding() > 0 && !engine_.done()) {
      std::vector<Address> late;
      while (auto answer = deps_.resolver.NextAnswer(now))
        TakeAnswer(std::move(*answer), &late);
      Feed(std::move(late));
    }
    Drain();
  }
  Drain();
}

void Selector::KeepSoftSkipped() {
  std::vector<Address> soft;
  for (CandidateReport& c : sel_.candidates) {
    if (!c.skip || !c.skip->soft()) continue;
    c.usable = true;
    soft.push_back(c.address);
  }
  sel_.reason = SelectionReason::kNoRouteFound;
  // Answers may have come in either order: order them by the policy
  // (OrderForPolicy keeps getaddrinfo's order for kSystem).
  sel_.mount_order =
      OrderForPolicy(config_.policy(), std::move(soft), config_.first_family_count,
                     std::nullopt, site_first_);
}

void Selector::SortReportByPolicy() {
  std::vector<Address> all;
  for (const CandidateReport& c : sel_.candidates) all.push_back(c.address);
  const std::vector<Address> order =
      OrderForPolicy(config_.policy(), all, config_.first_family_count, std::nullopt,
                     site_first_);
  auto rank = [&](const CandidateReport& c) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), c.address) -
                                    order.begin());
  };
  std::stable_sort(sel_.candidates.begin(), sel_.candidates.end(),
                   [&](const CandidateReport& a, const CandidateReport& b) {
                     return rank(a) < rank(b);
                   });
}

Selection Selector::Finish() {
  const auto& attempts = engine_.attempts();
  if (!attempts.empty()) {
    sel_.attempt_delay = engine_.attempt_delay();
    sel_.attempt_delay_basis = config_.attempt_delay ? AttemptDelayBasis::kConfig
                               : sel_.rtt           ? AttemptDelayBasis::kRtt
                                                    : AttemptDelayBasis::kDefault;
  }
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    CandidateReport& report = sel_.candidates[attempt_report_[i]];
    report = Reported(attempts[i], report);
    if (attempts[i].started)
      report.started =
          std::chrono::duration_cast<milliseconds>(*attempts[i].started - start_);
    if (attempts[i].ended)
      report.elapsed =
          std::chrono::duration_cast<milliseconds>(*attempts[i].ended - start_);
  }
  const bool soft_skipped =
      std::any_of(sel_.candidates.begin(), sel_.candidates.end(),
                  [](const CandidateReport& c) { return c.skip && c.skip->soft(); });
  if (!attempts.empty()) sel_.race_mode = ModeFor(config_);
  sel_.win_reason = engine_.win_reason();
  if (auto w = engine_.winner()) {
    sel_.winner = attempts[*w].address;
    sel_.reason = config_.policy() == FamilyPolicy::kHappyEyeballs
                      ? SelectionReason::kFirstToConnect
                      : SelectionReason::kFirstThatConnected;
    sel_.mount_order = MountOrder(attempts, w, config_.policy(),
                                  config_.first_family_count, site_first_);
  } else if (!attempts.empty()) {
    sel_.reason = SelectionReason::kNoProbeAnswer;
    sel_.mount_order = MountOrder(attempts, std::nullopt, config_.policy(),
                                  config_.first_family_count, site_first_);
  } else if (soft_skipped) {
    KeepSoftSkipped();
  } else if (sel_.candidates.empty() &&
             deps_.resolver.LookupsOutstanding() > 0) {
    // Nothing answered before the deadline or a signal ended the wait.
    sel_.reason = SelectionReason::kNoDnsAnswer;
  } else {
    sel_.reason = SelectionReason::kNoUsableAddress;
  }
  // Offered: raced, or skipped only for want of a route (an IPv4-only host
  // should not warn on every mount that IPv6 lost).
  std::vector<Address> offered;
  for (const CandidateReport& c : sel_.candidates) {
    if (c.usable || (c.skip && c.skip->reason == SkipReason::kNoRoute))
      offered.push_back(c.address);
  }
  sel_.preferred_family = PreferredFamily(config_.policy(), offered);
  SortReportByPolicy();
  return std::move(sel_);
}

Result<Selection> Selector::RunSystem() {
  // cifs-utils' behaviour: one getaddrinfo call, its order, no probe.
  auto resolved = deps_.resolver.Resolve(host_, deadline_);
  if (!resolved.ok()) return resolved.TakeError();
  for (const Address& a : resolved.value()) {
    sel_.candidates.push_back(Admitted(a, Admit(a, config_.rules, deps_.probe)));
    CandidateReport& c = sel_.candidates.back();
    if (!c.usable) continue;
    c.fate = Fate::kNotProbed;
    sel_.mount_order.push_back(a);
  }
  sel_.reason = SelectionReason::kSystemOrder;
  if (sel_.mount_order.empty()) {
    sel_.reason = SelectionReason::kNoUsableAddress;
    KeepSoftSkipped();
    if (sel_.mount_order.empty()) sel_.reason = SelectionReason::kNoUsableAddress;
  }
  return std::move(sel_);
}

Result<Selection> Selector::Run() {
  if (config_.policy() == FamilyPolicy::kSystem) return RunSystem();
  if (deps_.resolver.LookupsOutstanding() == 0)
    StartAddressLookups(host_, config_.policy(), deps_.resolver);
  Gather();
  RaceLoop();
  if (sel_.candidates.empty() && first_error_) {
    sel_.resolve_error = first_error_;
    return std::move(sel_);
  }
  return Finish();
}

}  // namespace

std::string FateText(const CandidateReport& c) {
  switch (c.fate) {
    case Fate::kConnected: return "connected";
    case Fate::kRefused: return "refused";
    case Fate::kUnreachable: return "unreachable";
    case Fate::kNoAnswer: return "no-answer";
    case Fate::kFailed: return "failed:" + ErrnoName(c.error);
    case Fate::kNotTried: return "not-tried";
    case Fate::kCancelled: return "cancelled";
    case Fate::kNotProbed: return "not-probed";
    case Fate::kSkipped: return "skipped:" + (c.skip ? SkipText(*c.skip) : "");
    case Fate::kLiteral: return "literal";
    case Fate::kGiven: return c.skip ? "given(" + SkipText(*c.skip) + ")" : "given";
  }
  return "unknown";
}

std::string_view ProbeModeName(ProbeMode mode) {
  return mode == ProbeMode::kConcurrent ? "concurrent" : "staggered";
}

std::string_view SelectionReasonName(SelectionReason reason) {
  switch (reason) {
    case SelectionReason::kFirstToConnect: return "first-to-connect";
    case SelectionReason::kFirstThatConnected: return "first-that-connected";
    case SelectionReason::kNoProbeAnswer: return "no-probe-answer";
    case SelectionReason::kNoRouteFound: return "no-route-found";
    case SelectionReason::kSystemOrder: return "system-order";
    case SelectionReason::kLiteral: return "literal";
    case SelectionReason::kIpOption: return "ip-option";
    case SelectionReason::kNoDnsAnswer: return "no-dns-answer";
    case SelectionReason::kNoUsableAddress: return "no-usable-address";
  }
  return "unknown";
}

std::string_view AttemptDelayBasisName(AttemptDelayBasis basis) {
  switch (basis) {
    case AttemptDelayBasis::kNone: return "";
    case AttemptDelayBasis::kRtt: return "rtt";
    case AttemptDelayBasis::kConfig: return "config";
    case AttemptDelayBasis::kDefault: return "default";
  }
  return "";
}

std::string LookupErrorText(const LookupError& error) {
  if (!error.family) return error.code.message();
  return std::string(RecordType(*error.family)) + ": " + error.code.message();
}

std::vector<Address> MountOrder(const std::vector<Attempt>& attempts,
                                std::optional<std::size_t> winner,
                                FamilyPolicy policy,
                                std::size_t first_family_count,
                                const std::vector<Address>& site_first) {
  // By the attempt's fate in the report: 0 never tried, 1 failed fast
  // (refused, unreachable, another errno), 2 never answered (a blackhole).
  auto group = [](const Attempt& a) {
    switch (Reported(a, CandidateReport{}).fate) {
      case Fate::kNotTried:
      case Fate::kCancelled:
        return 0;
      case Fate::kConnected:  // connected too (concurrent mode's other family)
        return -1;
      case Fate::kNoAnswer:
        return 2;
      default:
        return 1;
    }
  };
  std::vector<Address> rest;
  for (std::size_t i = 0; i < attempts.size(); ++i)
    if (!winner || i != *winner) rest.push_back(attempts[i].address);
  rest = OrderForPolicy(policy, std::move(rest), first_family_count, std::nullopt,
                        site_first);
  auto group_of = [&](const Address& address) {
    for (const Attempt& a : attempts)
      if (a.address == address) return group(a);
    return 2;
  };
  std::stable_sort(rest.begin(), rest.end(),
                   [&](const Address& a, const Address& b) {
                     return group_of(a) < group_of(b);
                   });
  std::vector<Address> order;
  if (winner) order.push_back(attempts[*winner].address);
  order.insert(order.end(), rest.begin(), rest.end());
  return order;
}

bool SiteOrderCanMatter(const std::vector<Address>& addresses) {
  std::size_t v4 = 0, v6 = 0;
  for (const Address& a : addresses) ++(a.family() == Family::kV4 ? v4 : v6);
  return v4 > 1 || v6 > 1;
}

void StartAddressLookups(const std::string& host, FamilyPolicy policy,
                         NameResolver& resolver) {
  resolver.StartLookups(host, PolicyAllows(policy, Family::kV4),
                        PolicyAllows(policy, Family::kV6));
}

LateAnswers CollectLateAnswers(const std::vector<CandidateReport>& known,
                               const SelectionConfig& config,
                               SelectionDeps& deps, SteadyTime until) {
  LateAnswers late;
  auto seen = [&](const Address& a) {
    auto in = [&](const std::vector<CandidateReport>& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](const CandidateReport& c) { return c.address == a; });
    };
    return in(known) || in(late.candidates);
  };
  while (deps.resolver.LookupsOutstanding() > 0) {
    auto answer = deps.resolver.NextAnswer(until);
    if (!answer) break;
    if (!answer->addresses.ok()) {
      late.errors.push_back(ToLookupError(answer->family, answer->addresses.error()));
      continue;
    }
    const std::vector<Address>& answered = answer->addresses.value();
    std::vector<Address> added;  // in site order
    for (const Address& a : OrderForPolicy(config.policy(), answered, config.first_family_count,
                                           std::nullopt, config.site_first)) {
      if (seen(a)) continue;
      late.candidates.push_back(Admitted(a, Admit(a, config.rules, deps.probe)));
      added.push_back(a);
    }
    if (config.site_first.empty()) continue;
    // Ordered site-first like the race's own batches, so reported like
    // them (Selector::Feed): against the policy order of the same answer
    // (ordering `added` again would find it ordered already).
    std::vector<Address> policy_order;
    for (const Address& a :
         OrderForPolicy(config.policy(), answered, config.first_family_count, std::nullopt))
      if (std::find(added.begin(), added.end(), a) != added.end()) policy_order.push_back(a);
    const std::vector<Address> moved = MovedBySite(policy_order, added);
    late.site_moved.insert(late.site_moved.end(), moved.begin(), moved.end());
  }
  return late;
}

std::vector<Family> PendingFamilies(FamilyPolicy policy,
                                    const std::vector<CandidateReport>& candidates,
                                    const std::vector<LookupError>& errors,
                                    int lookups_outstanding) {
  std::vector<Family> pending;
  if (lookups_outstanding == 0) return pending;
  for (const Family family : {Family::kV6, Family::kV4}) {
    if (!PolicyAllows(policy, family)) continue;
    bool answered = false;
    for (const CandidateReport& c : candidates)
      answered = answered || c.address.family() == family;
    for (const LookupError& e : errors)
      answered = answered || e.family == family;
    if (!answered) pending.push_back(family);
  }
  return pending;
}

Result<Selection> SelectAddresses(const std::string& host,
                                  const SelectionConfig& config,
                                  SelectionDeps& deps, SteadyTime deadline) {
  Selector selector(host, config, deps, deadline);
  return selector.Run();
}

}  // namespace mount_cifs::resolver
