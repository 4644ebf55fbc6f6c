// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/race.h"

#include <algorithm>
#include <cerrno>

namespace mount_cifs::resolver {
namespace {

using std::chrono::milliseconds;

std::string Outcome(const Attempt& a) {
  switch (a.state) {
    case AttemptState::kWaiting: return "not-tried";
    case AttemptState::kConnecting: return "no-answer";
    case AttemptState::kConnected: return "connected";
    // Still connecting when the race ended: it had not answered.
    case AttemptState::kCancelled: return "no-answer";
    case AttemptState::kFailed:
      switch (a.error) {
        case ECONNREFUSED: return "refused";
        case ETIMEDOUT: return "no-answer";
        case ENETUNREACH:
        case EHOSTUNREACH:
        case EADDRNOTAVAIL:
          return "unreachable";
        default:
          return "failed:" + ErrnoName(a.error);
      }
  }
  return "unknown";
}

class Selector {
 public:
  Selector(const std::string& host, const SelectionConfig& config,
           const KernelCaps& kernel, const HostIpv6& host_ipv6,
           SelectionDeps& deps, SteadyTime deadline)
      : host_(host), config_(config), kernel_(kernel), host_ipv6_(host_ipv6),
        deps_(deps), deadline_(deadline), start_(deps.clock.Now()),
        engine_(config.policy == FamilyPolicy::kHappyEyeballs
                    ? RaceMode::kRace
                    : RaceMode::kSequential,
                config.attempt_delay.value_or(kDefaultAttemptDelay)) {
    if (config.policy == FamilyPolicy::kV4Preferred)
      engine_.SetPreferredFamily(Family::kV4);
    if (config.policy == FamilyPolicy::kV6Preferred)
      engine_.SetPreferredFamily(Family::kV6);
  }

  Result<Selection> Run();

 private:
  // Filters a batch (already in policy order): hard skips are reported and
  // dropped; soft skips (no route, no IPv6 connectivity) are kept aside.
  std::vector<Address> Admit(const std::vector<Address>& batch);
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
  Selection Finish();

  const std::string& host_;
  const SelectionConfig& config_;
  const KernelCaps& kernel_;
  const HostIpv6& host_ipv6_;
  SelectionDeps& deps_;
  SteadyTime deadline_;
  SteadyTime start_;
  HappyEyeballs engine_;

  Selection sel_;
  std::vector<std::size_t> attempt_report_;  // engine attempt -> report
  std::vector<std::size_t> soft_skipped_;    // report indices
  std::optional<Error> first_error_;
  std::optional<SteadyTime> first_candidate_at_;
  bool families_seen_[2] = {false, false};
};

std::vector<Address> Selector::Admit(const std::vector<Address>& batch) {
  std::vector<Address> admitted;
  for (const Address& a : batch) {
    CandidateReport report;
    report.address = a;
    if (auto why = HardSkipReason(a, config_.policy, kernel_, host_ipv6_)) {
      report.outcome = "skipped:" + *why;
      sel_.candidates.push_back(report);
      continue;
    }
    const std::optional<std::string> soft =
        SoftSkipReason(a, host_ipv6_, deps_.probe, config_.port);
    // The family counts as offered unless the host has no IPv6 at all (an
    // IPv4-only host should not warn on every mount).
    if (soft && soft->rfind("no-route", 0) == 0)
      families_seen_[a.family() == Family::kV4 ? 0 : 1] = true;
    if (soft) {
      report.outcome = "skipped:" + *soft;
      sel_.candidates.push_back(report);
      soft_skipped_.push_back(sel_.candidates.size() - 1);
      continue;
    }
    report.outcome = "not-tried";
    report.usable = true;
    sel_.candidates.push_back(report);
    attempt_report_.push_back(sel_.candidates.size() - 1);
    families_seen_[a.family() == Family::kV4 ? 0 : 1] = true;
    admitted.push_back(a);
  }
  return admitted;
}

void Selector::Feed(std::vector<Address> batch) {
  if (!batch.empty()) {
    std::vector<Address> ordered = OrderForPolicy(
        config_.policy, std::move(batch), config_.first_family_count);
    std::vector<Address> admitted = Admit(ordered);
    if (!admitted.empty()) {
      if (!first_candidate_at_) first_candidate_at_ = deps_.clock.Now();
      LearnRtt(admitted);
      engine_.AddCandidates(admitted, deps_.clock.Now());
    }
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
    const std::chrono::milliseconds delay = AttemptDelayFromRtt(*sample);
    if (sel_.rtt && delay <= AttemptDelayFromRtt(*sel_.rtt)) continue;
    sel_.rtt = sample;
    sel_.rtt_address = a;
    engine_.SetAttemptDelay(delay);
  }
}

void Selector::TakeAnswer(FamilyAnswer answer, std::vector<Address>* into) {
  if (!answer.addresses.ok()) {
    const Error& e = answer.addresses.error();
    sel_.lookup_errors.push_back(std::string(RecordType(answer.family)) + ": " +
                                 e.code.message());
    if (!first_error_) first_error_ = e;
    return;
  }
  for (const Address& a : answer.addresses.value()) into->push_back(a);
}

void Selector::Gather() {
  // RFC 8305 section 3: an answer of the first-choice family starts the
  // probes at once; one of the other family waits up to the Resolution
  // Delay for it. A policy with one family has one lookup to wait for.
  const std::optional<Family> first_choice = FirstChoiceFamily(config_.policy);
  std::vector<Address> held;  // answers not yet fed to the engine
  std::optional<SteadyTime> release_at;
  while (deps_.resolver.LookupsOutstanding() > 0) {
    if (deps_.cancelled && deps_.cancelled()) break;
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
                                             config_.port);
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
    if ((deps_.cancelled && deps_.cancelled()) || now >= race_deadline) {
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
    // every 10 ms.
    if (deps_.resolver.LookupsOutstanding() > 0)
      until = std::min(until, now + milliseconds(10));
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

Selection Selector::Finish() {
  const auto& attempts = engine_.attempts();
  if (!attempts.empty()) {
    sel_.attempt_delay = engine_.attempt_delay();
    sel_.attempt_delay_basis =
        config_.attempt_delay ? "config" : sel_.rtt ? "rtt" : "default";
  }
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    CandidateReport& report = sel_.candidates[attempt_report_[i]];
    report.outcome = Outcome(attempts[i]);
    if (attempts[i].ended)
      report.elapsed = std::chrono::duration_cast<milliseconds>(
          *attempts[i].ended - start_);
  }
  if (auto w = engine_.winner()) {
    sel_.winner = attempts[*w].address;
    sel_.reason = config_.policy == FamilyPolicy::kHappyEyeballs
                      ? "first-to-connect"
                      : "first-that-connected";
    sel_.mount_order = MountOrder(attempts, w, config_.policy,
                                  config_.first_family_count);
  } else if (!attempts.empty()) {
    sel_.reason = "no-probe-answer";
    sel_.mount_order = MountOrder(attempts, std::nullopt, config_.policy,
                                  config_.first_family_count);
  } else if (!soft_skipped_.empty()) {
    // Every address failed a host-level check; those are heuristics, so let
    // the kernel try (never worse than cifs-utils).
    // Answers may have come in either order: order them by the policy.
    sel_.reason = "no-route-found";
    std::vector<Address> soft;
    for (std::size_t i : soft_skipped_) {
      sel_.candidates[i].usable = true;
      soft.push_back(sel_.candidates[i].address);
    }
    sel_.mount_order =
        OrderForPolicy(config_.policy, soft, config_.first_family_count);
  } else if (sel_.candidates.empty() &&
             deps_.resolver.LookupsOutstanding() > 0) {
    // Nothing answered before the deadline or a signal ended the wait.
    sel_.reason = "no-dns-answer";
  } else {
    sel_.reason = "no-usable-address";
  }
  if (families_seen_[0] && families_seen_[1]) {
    switch (config_.policy) {
      case FamilyPolicy::kV4Preferred: sel_.preferred_family = Family::kV4; break;
      case FamilyPolicy::kV6Preferred: sel_.preferred_family = Family::kV6; break;
      case FamilyPolicy::kHappyEyeballs: {
        // The family RFC 6724 ranks first among the addresses offered
        // (raced, or skipped only for want of a route).
        std::vector<Address> offered;
        for (const CandidateReport& c : sel_.candidates) {
          if (c.usable || c.outcome.rfind("skipped:no-route", 0) == 0)
            offered.push_back(c.address);
        }
        if (!offered.empty())
          sel_.preferred_family = SortRfc6724(offered).front().family();
        break;
      }
      default: break;
    }
  }
  return std::move(sel_);
}

Result<Selection> Selector::Run() {
  if (config_.policy == FamilyPolicy::kSystem) {
    auto resolved = deps_.resolver.Resolve(host_);
    if (!resolved.ok()) return resolved.TakeError();
    std::vector<Address> admitted = Admit(resolved.value());
    for (std::size_t i : attempt_report_) sel_.candidates[i].outcome = "not-probed";
    sel_.mount_order = admitted;
    sel_.reason = "system-order";
    if (admitted.empty() && !soft_skipped_.empty()) {
      sel_.reason = "no-route-found";
      for (std::size_t i : soft_skipped_) {
        sel_.candidates[i].usable = true;
        sel_.mount_order.push_back(sel_.candidates[i].address);
      }
    }
    if (admitted.empty() && soft_skipped_.empty()) sel_.reason = "no-usable-address";
    return std::move(sel_);
  }
  if (deps_.resolver.LookupsOutstanding() == 0)
    StartAddressLookups(host_, config_.policy, deps_.resolver);
  Gather();
  RaceLoop();
  if (sel_.candidates.empty() && first_error_) {
    sel_.resolve_error = first_error_;
    return std::move(sel_);
  }
  Selection sel = Finish();
  // Answers that came while racing join as fallbacks at once; one still
  // outstanding is not waited for here (mount(2) of the winner needs none),
  // but awaited if mount(2) needs a fallback (CollectLateAnswers then).
  CollectLateAnswers(&sel, config_, kernel_, host_ipv6_, deps_, deps_.clock.Now());
  return sel;
}

}  // namespace

std::vector<Address> MountOrder(const std::vector<Attempt>& attempts,
                                std::optional<std::size_t> winner,
                                FamilyPolicy policy,
                                std::size_t first_family_count) {
  // 0 never tried, 1 failed fast, 2 never answered (a blackhole).
  auto group = [](const Attempt& a) {
    switch (a.state) {
      case AttemptState::kWaiting: return 0;
      case AttemptState::kFailed: return a.error == ETIMEDOUT ? 2 : 1;
      case AttemptState::kConnecting:
      case AttemptState::kCancelled:
      case AttemptState::kConnected:  // a second connect after the winner
        return 2;
    }
    return 2;
  };
  std::vector<Address> rest;
  for (std::size_t i = 0; i < attempts.size(); ++i)
    if (!winner || i != *winner) rest.push_back(attempts[i].address);
  rest = OrderForPolicy(policy, std::move(rest), first_family_count);
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

std::optional<std::string> SoftSkipReason(const Address& address,
                                          const HostIpv6& host,
                                          HostProbe& probe, std::uint16_t port) {
  const bool local = address.IsLoopback() || address.IsLinkLocal();
  if (address.family() == Family::kV6 && !local && !host.connectivity())
    return "no-ipv6-connectivity";
  if (const int err = probe.RouteProbe(address, port); err != 0)
    return "no-route(" + ErrnoName(err) + ")";
  return std::nullopt;
}

void StartAddressLookups(const std::string& host, FamilyPolicy policy,
                         NameResolver& resolver) {
  resolver.StartLookups(host, PolicyAllows(policy, Family::kV4),
                        PolicyAllows(policy, Family::kV6));
}

std::size_t CollectLateAnswers(Selection* sel, const SelectionConfig& config,
                               const KernelCaps& kernel,
                               const HostIpv6& host_ipv6, SelectionDeps& deps,
                               SteadyTime until) {
  std::size_t added = 0;
  while (deps.resolver.LookupsOutstanding() > 0) {
    auto answer = deps.resolver.NextAnswer(until);
    if (!answer) break;
    if (!answer->addresses.ok()) {
      sel->lookup_errors.push_back(std::string(RecordType(answer->family)) + ": " +
                                   answer->addresses.error().code.message());
      continue;
    }
    for (const Address& a : OrderForPolicy(config.policy, answer->addresses.value(),
                                           config.first_family_count)) {
      bool known = false;
      for (const CandidateReport& c : sel->candidates) known = known || c.address == a;
      if (known) continue;
      CandidateReport report;
      report.address = a;
      if (auto why = HardSkipReason(a, config.policy, kernel, host_ipv6)) {
        report.outcome = "skipped:" + *why;
      } else if (auto soft = SoftSkipReason(a, host_ipv6, deps.probe, config.port)) {
        report.outcome = "skipped:" + *soft;
      } else {
        report.outcome = "not-tried";
        report.usable = true;
        sel->mount_order.push_back(a);
        ++added;
      }
      sel->candidates.push_back(report);
    }
  }
  return added;
}

std::optional<std::string> HardSkipReason(const Address& address,
                                          FamilyPolicy policy,
                                          const KernelCaps& kernel,
                                          const HostIpv6& host) {
  if (!PolicyAllows(policy, address.family())) return "policy";
  if (address.family() == Family::kV4) return std::nullopt;
  if (!host.stack) return "no-ipv6-stack";
  if (auto why = KernelRejects(kernel, address)) return why;
  // The kernel answers EINVAL for a link-local address without a scope.
  if (address.IsLinkLocal() && address.scope_id() == 0)
    return "link-local-without-scope";
  return std::nullopt;
}

Result<Selection> SelectAddresses(const std::string& host,
                                  const SelectionConfig& config,
                                  const KernelCaps& kernel,
                                  const HostIpv6& host_ipv6,
                                  SelectionDeps& deps, SteadyTime deadline) {
  Selector selector(host, config, kernel, host_ipv6, deps, deadline);
  return selector.Run();
}

std::string ErrnoName(int err) {
  switch (err) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ENETUNREACH: return "ENETUNREACH";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINPROGRESS: return "EINPROGRESS";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case ENXIO: return "ENXIO";
    case ENODEV: return "ENODEV";
    case EHOSTDOWN: return "EHOSTDOWN";
    case ENOKEY: return "ENOKEY";
    case EINTR: return "EINTR";
    case EPERM: return "EPERM";
    case EIO: return "EIO";
    case ECONNRESET: return "ECONNRESET";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return "errno-" + std::to_string(err);
  }
}

}  // namespace mount_cifs::resolver
