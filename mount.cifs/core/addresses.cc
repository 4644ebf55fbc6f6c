// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/addresses.h"

#include <algorithm>
#include <utility>

#include "mount.cifs/core/credentials.h"
#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/text.h"

namespace mount_cifs {

using resolver::Address;
using resolver::CandidateReport;
using resolver::Fate;

namespace {

// The numeric address an option names (ip=, srcaddr=; an IPv6 "%ifname"
// scope becomes its index). Errors: Errc::kBadOption.
Result<Address> OptionAddress(std::string_view key, const std::string& text,
                              resolver::NameResolver& resolver) {
  auto address = resolver.ParseNumericHost(text);
  if (!address.ok())
    return MakeError(Errc::kBadOption, "bad " + std::string(key) + "= address \"" +
                                           text +
                                           "\": not a numeric IPv4 or IPv6 address");
  return address;
}

}  // namespace

Result<MountSettings> LoadMountSettings(const Environment& env,
                                        const CallerRequest& request,
                                        FileSource& files) {
  Config config;
  auto text = files.ReadFile(env.config_path, kMaxCredentialsFileSize);
  if (text.ok()) {
    auto parsed = ParseConfig(text.value().Reveal(), env.config_path);
    if (!parsed.ok()) return parsed.TakeError();
    config = std::move(parsed).value();
  } else if (text.error().code != std::errc::no_such_file_or_directory) {
    // A missing file means defaults; one we cannot read is an error, not a
    // silent fallback that would hide the admin's settings.
    return MakeError(Errc::kBadOption, "cannot read " + env.config_path +
                                           ": " + text.error().code.message());
  }
  SettingsLayer overrides;
  overrides.family = request.options.family;
  MountSettings out;
  out.settings = config.For(request.unc.host, overrides);
  out.policy_source = config.FamilySource(request.unc.host, overrides);
  return out;
}

ServerName ClassifyServer(const CallerRequest& request,
                          const Settings& settings,
                          resolver::NameResolver& resolver) {
  ServerName server;
  // ip= replaces the host outright.
  if (request.options.ip) return server;
  if (auto literal = resolver.ParseNumericHost(request.unc.host); literal.ok())
    server.literal = literal.value();
  server.needs_lookup = !server.literal && !request.unc.bracketed &&
                        settings.family != resolver::FamilyPolicy::kSystem;
  return server;
}

HostFacts ProbeHost(const Settings& settings, resolver::HostProbe& probe) {
  HostFacts facts;
  // The kernel's ip= limits (reference A.3/A.4), unless the admin says.
  const std::string release = probe.KernelRelease();
  const auto cifs_version = probe.CifsModuleVersion();
  facts.kernel = resolver::ApplyKernelOverrides(
      resolver::KernelCapsFor(release,
                              cifs_version ? std::optional<std::string_view>(*cifs_version)
                                           : std::nullopt),
      settings.kernel_ipv6, settings.kernel_ip_max_length);
  facts.host = probe.Ipv6State();
  facts.cifs_available = probe.CifsAvailable();
  return facts;
}

Result<std::optional<Address>> SourceAddress(const CallerRequest& request,
                                             const Settings& settings,
                                             resolver::NameResolver& resolver) {
  const auto text = PassthroughValue(request.options, "srcaddr");
  if (!text) return std::optional<Address>();
  auto source = OptionAddress("srcaddr", *text, resolver);
  if (!source.ok()) return source.TakeError();
  if (auto conflict = resolver::SourceConflict(settings.family, source.value()))
    return MakeError(Errc::kBadOption, *conflict);
  return std::optional<Address>(source.value());
}

resolver::SelectionConfig SelectionConfigFor(const CallerRequest& request,
                                             const Settings& settings,
                                             const HostFacts& facts,
                                             const std::optional<Address>& source) {
  resolver::SelectionConfig config;
  config.rules.source = source;
  config.rules.policy = settings.family;
  config.rules.kernel = facts.kernel;
  config.rules.host = facts.host;
  config.attempt_delay = settings.connection_attempt_delay;
  config.resolution_delay = settings.resolution_delay;
  config.first_family_count = settings.first_address_family_count;
  config.race_budget = settings.race_budget;
  config.probe_mode = settings.race_mode;
  // The kernel connects to the UNC's port, or port=, else 445 first: probe
  // that one.
  config.rules.port = settings.probe_port;
  if (request.unc.port) {
    config.rules.port = *request.unc.port;
  } else if (auto port = PassthroughValue(request.options, "port")) {
    if (auto n = ParsePort(*port)) config.rules.port = *n;
  }
  return config;
}

Result<AddressPlan> PlanAddresses(const Invocation& inv,
                                  const CallerRequest& request,
                                  const ServerName& server,
                                  const resolver::SelectionConfig& config,
                                  Deps& deps, SteadyTime deadline) {
  AddressPlan plan;
  resolver::Selection& sel = plan.selection;
  if (request.options.ip) {
    auto address = OptionAddress("ip", *request.options.ip, deps.resolver);
    if (!address.ok()) return address.TakeError();
    plan.source = AddressSource::kIpOption;
    if (config.rules.source &&
        config.rules.source->family() != address.value().family())
      return MakeError(Errc::kBadOption,
                       "ip=" + address.value().ToKernelText() +
                           " and srcaddr=" + config.rules.source->ToKernelText() +
                           " are of different families");
    CandidateReport report;
    report.address = address.value();
    report.usable = true;
    report.fate = Fate::kGiven;
    if (auto why = resolver::KernelRejects(config.rules.kernel, address.value())) {
      // The admin asked for this address; say what the kernel will think.
      report.skip = resolver::Skip{*why};
      deps.console.Line("warning: ip=" + address.value().ToKernelText() +
                        " may be refused by this kernel (" +
                        resolver::SkipText(*report.skip) + ")");
    }
    sel.candidates.push_back(report);
    sel.mount_order = {address.value()};
    sel.reason = resolver::SelectionReason::kIpOption;
    return plan;
  }
  if (server.literal) {
    // A literal (bracketed or not) needs no lookup; only the kernel and the
    // host can rule it out (the policy does not: the admin wrote it).
    plan.source = AddressSource::kLiteral;
    CandidateReport report;
    report.address = *server.literal;
    auto skip = resolver::HardSkip(*server.literal, config.rules);
    if (skip && skip->reason != resolver::SkipReason::kPolicy) {
      report.fate = Fate::kSkipped;
      report.skip = skip;
      sel.candidates.push_back(report);
      sel.reason = resolver::SelectionReason::kNoUsableAddress;
      return plan;
    }
    report.usable = true;
    report.fate = Fate::kLiteral;
    sel.candidates.push_back(report);
    sel.mount_order = {*server.literal};
    sel.reason = resolver::SelectionReason::kLiteral;
    return plan;
  }
  if (request.unc.bracketed)
    return MakeError(Errc::kBadSource,
                     inv.program + ": bad UNC (" + inv.source +
                         "): brackets must hold an IPv6 address");

  plan.lookups = true;
  resolver::SelectionDeps sdeps{deps.resolver, deps.connector, deps.clock,
                                deps.probe, deps.cancelled};
  if (config.ad_site_order && deps.datagrams &&
      config.policy() != resolver::FamilyPolicy::kSystem) {
    // Issue 16: asked by the race once the first answers show more than one
    // address of a family, bounded by its own budget inside the deadline.
    sdeps.site_lookup = [&](const std::vector<Address>&) {
      if (config.ad_site_quiet) {
        // A ping on this network got no answer lately: not again (its
        // budget would be lost on every mount).
        plan.ad_site = resolver::SiteOutcome{};
        plan.ad_site->status = resolver::SiteStatus::kQuiet;
        return std::vector<Address>();
      }
      if (config.known_no_ad_site) {
        // A ping on this network said the client is in no site: it would
        // say so again (about 8 ms of SRV and CLDAP on every mount).
        plan.ad_site = resolver::SiteOutcome{};
        plan.ad_site->status = resolver::SiteStatus::kNoSite;
        plan.ad_site->cached = true;
        return std::vector<Address>();
      }
      const SteadyTime until =
          std::min(deadline, deps.clock.Now() + config.ad_site_timeout);
      resolver::SiteOutcome outcome =
          resolver::LocateSite(resolver::SiteRequest{request.unc.host, config.known_ad_site},
                               *deps.datagrams, deps.clock, deps.cancelled, until);
      std::vector<Address> first = outcome.site_addresses;
      plan.ad_site = std::move(outcome);
      return first;
    };
  }
  auto selected = resolver::SelectAddresses(request.unc.host, config, sdeps, deadline);
  std::optional<Error> resolve_error;
  if (!selected.ok() && (selected.error().code == std::errc::interrupted ||
                         selected.error().code == std::errc::timed_out)) {
    // Policy "system": a signal or the deadline ended the wait for its one
    // lookup; the mount stage says which.
    sel.reason = resolver::SelectionReason::kNoDnsAnswer;
    return plan;
  }
  if (!selected.ok()) {
    resolve_error = selected.TakeError();  // policy "system": its one lookup
  } else {
    sel = std::move(selected).value();
    resolve_error = sel.resolve_error;
  }
  if (resolve_error) {
    // cifs-utils printed "Unknown error" for every failure (it passed
    // EX_USAGE to gai_strerror); print the real reason.
    if (sel.lookup_errors.empty())
      sel.lookup_errors.push_back({std::nullopt, resolve_error->code});
    resolve_error->message = "mount error: could not resolve address for " +
                             request.unc.host + ": " +
                             resolve_error->code.message();
    plan.unresolved = std::move(resolve_error);
  }
  return plan;
}

}  // namespace mount_cifs
