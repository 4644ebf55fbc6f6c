// SPDX-License-Identifier: GPL-3.0-or-later
// The middle stages of a mount: the settings for this server, what this
// kernel and host can do, and the addresses mount(2) gets, in order.
#ifndef MOUNT_CIFS_CORE_ADDRESSES_H_
#define MOUNT_CIFS_CORE_ADDRESSES_H_

#include <optional>
#include <string>

#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/decision.h"
#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/request.h"
#include "resolver/ad_site.h"
#include "resolver/base/result.h"
#include "resolver/base/time.h"
#include "resolver/config.h"
#include "resolver/kernel_caps.h"
#include "resolver/network_wait.h"
#include "resolver/race.h"

namespace mount_cifs {

/// The settings of this mount and where its policy came from.
struct MountSettings {
  Settings settings;
  PolicySource policy_source = PolicySource::kDefault;
};

/// Reads the config file (missing: defaults) and layers -o family= on top.
/// Errors: Errc::kBadOption for a file that cannot be read (other than
/// missing) or does not parse.
Result<MountSettings> LoadMountSettings(const Environment& env,
                                        const CallerRequest& request,
                                        FileSource& files);

/// How the UNC names the server: a numeric address needs no lookup.
struct ServerName {
  std::optional<resolver::Address> literal;  // "%ifname" made an index
  bool needs_lookup = false;  // a name, ip= not given, policy not "system"
};
ServerName ClassifyServer(const CallerRequest& request,
                          const Settings& settings,
                          resolver::NameResolver& resolver);

/// What this kernel's cifs and this host's IPv6 can do.
struct HostFacts {
  resolver::KernelCaps kernel;
  resolver::HostIpv6 host;
  std::optional<bool> cifs_available;  // nullopt: could not tell
};
/// Asks the probe, with the admin's kernel-ipv6 / kernel-ip-max-length on
/// top of what the release says.
HostFacts ProbeHost(const Settings& settings, resolver::HostProbe& probe);

/// srcaddr= as an address (nullopt when not given). The kernel binds its
/// socket there, so it decides the family. Errors: Errc::kBadOption for a
/// value that is not a numeric address, or one of a family the policy
/// excludes.
Result<std::optional<resolver::Address>> SourceAddress(
    const CallerRequest& request, const Settings& settings,
    resolver::NameResolver& resolver);

/// The selection's tunables for this mount: the policy, kernel and host
/// rules, srcaddr=, and the port to probe (UNC port > port= > probe-port).
resolver::SelectionConfig SelectionConfigFor(
    const CallerRequest& request, const Settings& settings,
    const HostFacts& facts, const std::optional<resolver::Address>& source);

/// The addresses for mount(2) and how they came.
struct AddressPlan {
  AddressSource source = AddressSource::kResolved;
  resolver::Selection selection;
  /// True when lookups ran: answers may still come (CollectLateAnswers()).
  bool lookups = false;
  /// The name did not resolve: the error to end the run with (the
  /// resolver's code, cifs-utils' "could not resolve address for" text).
  std::optional<Error> unresolved;
  /// Set when the mount waited for its network (issue 14): what for, how
  /// long (PlanAddressesWhenReady()).
  std::optional<resolver::WaitReport> waited;
  /// The deadline passed while the network was still missing: the error to
  /// end the run with (exit 32); the selection is the last round's.
  std::optional<Error> network_missing;
  /// The host's IPv6 state the last round of that wait saw (it may have
  /// changed since ProbeHost()): late answers are admitted by it.
  std::optional<resolver::HostIpv6> host;
  /// The AD site lookup, when one ran (issue 16).
  std::optional<resolver::SiteOutcome> ad_site;
};

/// ip= as given, the literal host, or SelectAddresses() by `deadline`.
/// Errors: Errc::kBadOption (bad ip=), Errc::kBadSource (brackets without an
/// IPv6 address); a name that does not resolve is a plan with `unresolved`
/// set, so the log still has what the lookups said. A warning goes
/// to the console when ip= names an address this kernel may refuse.
Result<AddressPlan> PlanAddresses(const Invocation& inv,
                                  const CallerRequest& request,
                                  const ServerName& server,
                                  const resolver::SelectionConfig& config,
                                  Deps& deps, SteadyTime deadline);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_ADDRESSES_H_
