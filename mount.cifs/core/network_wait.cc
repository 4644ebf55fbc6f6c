// SPDX-License-Identifier: GPL-3.0-or-later
// The wait for the network (issue 14): rounds of PlanAddresses() apart by
// network events or a timer. What counts as missing is
// resolver::MissingForMount()'s alone; this file only sleeps, re-reads the
// host and says so.
#include "mount.cifs/core/network_wait.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/text.h"
#include "resolver/admission.h"
#include "resolver/network_wait.h"

namespace mount_cifs {
namespace {

using resolver::CandidateReport;

bool Cancelled(Deps& deps) { return deps.cancelled && deps.cancelled(); }

// The round's candidates as the wait rule sees them. An address the caller
// gave (UNC literal, ip=) goes to mount(2) unprobed; at boot the kernel
// would answer ENETUNREACH, so ask the routing table for it as the race
// asks for a name's addresses.
std::vector<CandidateReport> CandidatesToJudge(const AddressPlan& plan,
                                               const resolver::SelectionConfig& config,
                                               resolver::HostProbe& probe) {
  std::vector<CandidateReport> out = plan.selection.candidates;
  if (plan.source == AddressSource::kResolved) return out;
  for (CandidateReport& c : out) {
    if (!c.usable) continue;
    if (auto skip = resolver::SoftSkip(c.address, config.rules.host, probe,
                                       config.rules.port)) {
      c.fate = resolver::Fate::kSkipped;
      c.skip = skip;
    }
  }
  return out;
}

// The resolver's words for a temporary lookup failure, for people.
std::string DnsReason(const resolver::Selection& selection) {
  for (const resolver::LookupError& e : selection.lookup_errors)
    if (resolver::IsTemporaryLookupError(e.code)) return e.code.message();
  return std::string();
}

// "60 s": what is left of the deadline, rounded up.
std::string SecondsLeft(SteadyTime now, SteadyTime deadline) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(
      std::max(deadline - now, SteadyTime::duration::zero()));
  return std::to_string(left.count()) + " s";
}

}  // namespace

Result<AddressPlan> PlanAddressesWhenReady(const Invocation& inv,
                                           const CallerRequest& request,
                                           const ServerName& server,
                                           const resolver::SelectionConfig& config,
                                           const Settings& settings, Deps& deps,
                                           SteadyTime deadline) {
  if (!settings.network_wait)
    return PlanAddresses(inv, request, server, config, deps, deadline);
  // Listen before the first look: a change that comes between a round and
  // the wait still ends the wait. Without rtnetlink the wait runs on its
  // timer alone.
  // (A failure is not logged: the run's one syslog line is the decision.)
  (void)deps.network_events.Listen();
  resolver::SelectionConfig round = config;
  resolver::WaitReport report;
  std::optional<SteadyTime> waiting_since;
  std::size_t retries = 0;
  std::optional<SteadyTime> wait_end;  // nullopt: the deadline or a signal
  AddressPlan plan;
  SteadyTime round_start;
  for (;;) {
    round_start = deps.clock.Now();
    auto planned = PlanAddresses(inv, request, server, round, deps, deadline);
    if (!planned.ok()) return planned.TakeError();
    plan = std::move(planned).value();
    const std::vector<CandidateReport> judged =
        CandidatesToJudge(plan, round, deps.probe);
    const std::vector<resolver::MissingItem> missing = resolver::MissingForMount(
        {judged, plan.selection.lookup_errors, plan.selection.winner.has_value(),
         deps.resolver.LookupsOutstanding(), round.rules.host});
    if (missing.empty()) {
      // The wait ended when this round began: the network was there.
      wait_end = round_start;
      break;
    }
    if (Cancelled(deps)) break;
    resolver::NoteMissing(missing, &report);
    const std::string what =
        resolver::MissingText(missing, request.unc.host, DnsReason(plan.selection));
    if (!waiting_since) {
      waiting_since = deps.clock.Now();
      deps.console.Line(inv.program + ": waiting up to " +
                        SecondsLeft(deps.clock.Now(), deadline) +
                        " for the network: " + what);
    }
    // Sleep until a change, the retry timer or the deadline. A burst of
    // changes is one round (kMinRoundSpacing).
    const SteadyTime retry_at =
        std::min(deadline, deps.clock.Now() + resolver::RetryDelay(retries));
    const resolver::NetworkChange change = deps.network_events.Wait(retry_at);
    if (change.any()) {
      const SteadyTime spaced = round_start + resolver::kMinRoundSpacing;
      if (deps.clock.Now() < spaced && !Cancelled(deps))
        (void)deps.network_events.Wait(spaced);
    } else {
      ++retries;  // the timer: back off (DNS sends no events)
    }
    if (Cancelled(deps)) break;
    if (deps.clock.Now() >= deadline) {
      plan.network_missing =
          MakeError(Errc::kNoAddress, "mount error: deadline of " +
                                          DurationText(settings.deadline) +
                                          " reached while waiting for the network: " +
                                          what + "; Unable to find suitable address.");
      break;
    }
    // IPv6 connectivity (a global address, a route) may have come.
    round.rules.host = deps.probe.Ipv6State();
    ++report.rounds;
  }
  if (waiting_since) {
    plan.host = round.rules.host;
    report.waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        wait_end.value_or(deps.clock.Now()) - *waiting_since);
    plan.waited = report;
  }
  return plan;
}

}  // namespace mount_cifs
