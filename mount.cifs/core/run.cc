// SPDX-License-Identifier: GPL-3.0-or-later
// One mount, stage by stage (docs/architecture.md): each stage takes the
// values the earlier ones returned and returns its own; nothing is kept
// between them but those values.
#include "mount.cifs/core/run.h"

#include <utility>

#include "mount.cifs/core/addresses.h"
#include "mount.cifs/core/decision.h"
#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/mount_loop.h"
#include "mount.cifs/core/network_wait.h"
#include "mount.cifs/core/reconnect.h"
#include "mount.cifs/core/request.h"
#include "resolver/race.h"

namespace mount_cifs {
namespace {

// Exactly one syslog line per mount that got as far as choosing an address
// (kernel-and-happy-eyeballs.md section E).
void LogDecision(const Decision& decision, Logger& logger) {
  logger.Log(LevelFor(decision), FormatDecisionLine(decision));
}

// The report's fixed part: who, which policy, what the kernel and host can do.
Decision DecisionFor(const CallerRequest& request, const MountSettings& settings,
                     const HostFacts& facts) {
  Decision d;
  d.server = request.unc.host;
  d.policy = settings.settings.family;
  d.policy_source = settings.policy_source;
  d.kernel = facts.kernel;
  d.host = facts.host;
  d.cifs_available = facts.cifs_available;
  return d;
}

// The server's record as the handler left it; nullopt when there is none.
// One that cannot be read is logged and then treated as none (the mount
// rewrites it).
std::optional<resolver::HostRecord> LoadRecord(const std::string& key, Deps& deps) {
  auto loaded = deps.state.Load(key);
  if (loaded.ok()) return std::move(loaded).value();
  deps.logger.Log(LogLevel::kWarning, "server=" + key + " state record ignored: " +
                                          loaded.error().message + ": " +
                                          loaded.error().code.message());
  return std::nullopt;
}

// A family the handler found not connecting to this server, on this
// network, within its memory: tried second now, so a known-broken path
// costs this mount no attempt delay (issue 12).
void ApplyRememberedFailure(const std::optional<resolver::HostRecord>& record,
                            const std::optional<std::string>& network,
                            bool has_srcaddr, Deps& deps,
                            resolver::SelectionConfig* config, Decision* decision) {
  const std::int64_t now = deps.wall_clock.NowSeconds();
  const auto failure = CountingFailure(record, network, now);
  if (!failure) return;
  const auto favoured = FavouredAfterFailure(config->policy(), has_srcaddr, failure->family);
  if (!favoured) return;
  config->favoured_family = favoured;
  decision->remembered_failed = failure->family;
  decision->remembered_for = std::chrono::seconds(failure->until - now);
}

}  // namespace

Result<Outcome> Run(const Invocation& inv, const Environment& env,
                    const Caller& caller, Deps& deps) {
  // 1. The caller's inputs, all of them, before anything is probed.
  auto mount_point = EnterMountPoint(inv, deps);
  if (!mount_point.ok()) return mount_point.TakeError();
  auto grant = GrantOptions(inv, caller, mount_point.value(), deps);
  if (!grant.ok()) return grant.TakeError();
  auto parsed = ParseRequest(inv, env, caller, std::move(mount_point).value(),
                             grant.value(), deps);
  if (!parsed.ok()) return parsed.TakeError();

  // 2. The settings for this server. A name's lookups start now (RFC 8305:
  // both families at once) and run while the host is probed and the
  // password typed.
  auto settings = LoadMountSettings(env, parsed.value(), deps.files);
  if (!settings.ok()) return settings.TakeError();
  const ServerName server =
      ClassifyServer(parsed.value(), settings.value().settings, deps.resolver);
  if (server.needs_lookup)
    resolver::StartAddressLookups(parsed.value().unc.host,
                                  settings.value().settings.family, deps.resolver);
  const HostFacts facts = ProbeHost(settings.value().settings, deps.probe);
  if (facts.cifs_available == false && inv.verbosity > 0)
    deps.console.Line(
        "this kernel has no cifs filesystem (not in /proc/filesystems, no "
        "module): mount(2) will fail with ENODEV");
  auto request = CompleteCredentials(std::move(parsed).value(), inv, env, caller, deps);
  if (!request.ok()) return request.TakeError();

  // 3. The addresses. The deadline counts from here: typing a password is
  // not the server's time.
  const SteadyTime start = deps.clock.Now();
  const SteadyTime deadline = start + settings.value().settings.deadline;
  deps.logger.Open(inv.program, settings.value().settings.syslog_facility);
  Decision decision = DecisionFor(request.value(), settings.value(), facts);
  auto source = SourceAddress(request.value(), settings.value().settings, deps.resolver);
  if (!source.ok()) {
    // Logged like a bad ip=: the admin reads why nothing was chosen.
    decision.result = RunResult::kFailed;
    LogDecision(decision, deps.logger);
    return source.TakeError();
  }
  if (source.value()) decision.srcaddr_family = source.value()->family();
  resolver::SelectionConfig config = SelectionConfigFor(
      request.value(), settings.value().settings, facts, source.value());

  // The per-server record (issue 12): read for what the dns_resolver handler
  // learnt, written before mount(2) for the handler to read on reconnect.
  // None for an address: the kernel never resolves a literal again.
  const Unc& unc = request.value().unc;
  const bool host_is_address = unc.bracketed || KernelTakesAsAddress(unc.host);
  std::optional<RecordBasis> basis;
  config.ad_site_order = settings.value().settings.ad_site_order;
  config.ad_site_timeout = settings.value().settings.ad_site_timeout;
  if (auto key = ReconnectKey(unc.host, host_is_address)) {
    basis = RecordBasis{*key, config.policy(), config.rules.port, source.value(),
                        deps.reconnect.NetworkFingerprint(), caller.pid,
                        request.value().mount_point};
    if (server.needs_lookup) {
      const auto record = LoadRecord(*key, deps);
      ApplyRememberedFailure(record, basis->network, source.value().has_value(), deps,
                             &config, &decision);
      // Issue 16: the AD site learnt on this network needs no new ping, nor
      // does a client the ping found in no site.
      const std::int64_t now = deps.wall_clock.NowSeconds();
      resolver::SiteMemory site = resolver::RememberedSite(record, basis->network, now);
      config.known_ad_site = std::move(site.known_site);
      config.known_no_ad_site = site.known_no_site;
      config.ad_site_quiet = site.quiet;
    }
  }
  auto plan = PlanAddressesWhenReady(inv, request.value(), server, config,
                                     settings.value().settings, deps, deadline);
  if (!plan.ok()) {
    decision.result = RunResult::kFailed;
    LogDecision(decision, deps.logger);
    return plan.TakeError();
  }
  decision.source = plan.value().source;
  decision.waited = plan.value().waited;
  decision.ad_site = plan.value().ad_site;
  if (const auto& site = plan.value().ad_site) {
    // Late answers and the mount(2) fallbacks keep the site order too.
    config.site_first = site->site_addresses;
    if (basis && !site->cached && !site->site.empty()) basis->ad_site = site->site;
    if (basis && !site->cached && site->status == resolver::SiteStatus::kNoSite)
      basis->ad_site_none = true;
    if (basis && site->status == resolver::SiteStatus::kNoReply) basis->ad_site_no_reply = true;
  }
  Reconnect reconnect(unc.host, host_is_address, std::move(basis), deps);
  AddressFeed feed(plan.value(), config, deps);
  // Answers that came while racing join as fallbacks at once; one still
  // out is not waited for (mount(2) of the winner needs none) unless -v:
  // a person reading the table wants every address, so it gets one
  // Resolution Delay more.
  feed.Collect(deps.clock.Now() + (inv.verbosity > 0
                                       ? settings.value().settings.resolution_delay
                                       : std::chrono::milliseconds(0)));

  // A signal that ended the lookups or the probes ends the run: the
  // selection it cut short is reported, never mounted.
  std::optional<Error> early;
  if (deps.cancelled && deps.cancelled()) {
    decision.result = RunResult::kInterrupted;
    early = InterruptedError();
  } else if (plan.value().network_missing) {
    decision.result = RunResult::kDeadline;
    early = plan.value().network_missing;
  } else if (plan.value().unresolved) {
    decision.result = RunResult::kUnresolved;
    early = plan.value().unresolved;
  }
  if (early) {
    decision.selection = feed.Report();
    decision.lookups_pending = feed.Pending();
    LogDecision(decision, deps.logger);
    // nofail covers a network that never came, as it covers addresses
    // that never answered (MountAll).
    if (plan.value().network_missing && request.value().options.nofail) {
      deps.console.Line(early->message);
      return Outcome::kNoFailGaveUp;
    }
    return std::move(*early);
  }
  if (inv.verbosity > 0) {
    Decision table = decision;
    table.selection = feed.Report();
    std::string list;
    for (const auto& c : table.selection.candidates)
      list += (list.empty() ? "" : ",") + c.address.ToKernelText();
    if (plan.value().source == AddressSource::kResolved)
      deps.console.Line("Host \"" + request.value().unc.host +
                        "\" resolved to the following IP addresses: " + list);
    for (const std::string& line : FormatDecisionTable(table))
      deps.console.Line(inv.program + ": " + line);
  }

  // 4. mount(2).
  MountLoopResult mounted =
      MountAll(inv, env, caller, std::move(request).value(), settings.value(),
               facts, feed, reconnect, deps, start, deadline);
  // After mount(2): cifs is loaded now, so its symbols tell. Not after a
  // signal: the helper is to end now.
  if (inv.verbosity > 0 && !(deps.cancelled && deps.cancelled()))
    for (const std::string& line : reconnect.VerboseLines())
      deps.console.Line(inv.program + ": " + line);

  // 5. The report: what answered while mount(2) ran joins it; a family
  // still out is named, not waited for (the mount is done).
  feed.Collect(deps.clock.Now());
  decision.selection = feed.Report();
  decision.lookups_pending = feed.Pending();
  decision.mounts = std::move(mounted.mounts);
  decision.ip = mounted.ip;
  decision.decided_in = mounted.decided_in;
  decision.result = mounted.result;
  LogDecision(decision, deps.logger);
  if (mounted.error) return std::move(*mounted.error);
  return mounted.outcome;
}

}  // namespace mount_cifs
