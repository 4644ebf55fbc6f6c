// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_RACE_H_
#define MOUNT_CIFS_RESOLVER_RACE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "resolver/address.h"
#include "resolver/clock.h"
#include "resolver/connector.h"
#include "resolver/family_policy.h"
#include "resolver/host_probe.h"
#include "resolver/kernel_caps.h"
#include "resolver/name_resolver.h"
#include "resolver/result.h"
#include "resolver/rtt_history.h"

namespace mount_cifs::resolver {

/// The tunables of address selection (cifs-family.conf keys).
struct SelectionConfig {
  FamilyPolicy policy = FamilyPolicy::kHappyEyeballs;
  /// The connection attempt delay; nullopt: from the kernel's RTT history
  /// for the server's addresses (AttemptDelayFromRtt() of the slowest one),
  /// else kDefaultAttemptDelay.
  std::optional<std::chrono::milliseconds> attempt_delay;
  std::chrono::milliseconds resolution_delay{50};  // RFC 8305 section 3
  std::size_t first_family_count = 1;              // RFC 8305 section 4
  std::uint16_t port = 445;  // the kernel tries 445 first; probe only that
  /// The probe phase ends this long after the first candidate address was
  /// known (name resolution does not count), winner or not; the overall
  /// deadline stays the hard end.
  std::chrono::milliseconds race_budget{3000};
};

/// One address the name gave, and what became of it.
struct CandidateReport {
  Address address;
  /// "connected", "refused", "unreachable", "no-answer", "cancelled",
  /// "not-tried", "not-probed", "skipped:<why>", "failed:<errno name>".
  std::string outcome;
  /// Time from the start of selection to the end of its attempt.
  std::optional<std::chrono::milliseconds> elapsed;
  bool usable = false;  // handed to mount(2)
};

/// The verdict: the order for mount(2) (winner first) and a report of
/// every candidate, for the log line.
struct Selection {
  std::vector<Address> mount_order;
  std::vector<CandidateReport> candidates;
  std::optional<Address> winner;
  /// The family the policy would rather use (nullopt for -only policies and
  /// when only one family answered).
  std::optional<Family> preferred_family;
  std::string reason;
  /// The attempt delay of the probes, and why: "rtt" (history of
  /// rtt_address), "config" or "default"; empty basis when nothing was probed.
  std::chrono::milliseconds attempt_delay{0};
  std::string attempt_delay_basis;
  std::optional<Address> rtt_address;
  std::optional<RttSample> rtt;
  std::vector<std::string> lookup_errors;  // "AAAA: <text>"
  /// Set when no lookup gave an address: the first lookup error.
  std::optional<Error> resolve_error;
};

/// The seams selection works through.
struct SelectionDeps {
  NameResolver& resolver;
  Connector& connector;
  Clock& clock;
  HostProbe& probe;
  std::function<bool()> cancelled;  // SIGTERM seen: stop now
};

/// A hard reason the address cannot be used (policy, kernel capability, no
/// IPv6 stack, link-local without a scope); nullopt when it can.
std::optional<std::string> HardSkipReason(const Address& address,
                                          FamilyPolicy policy,
                                          const KernelCaps& kernel,
                                          const HostIpv6& host);

/// A host-level reason to pass over `address` (no IPv6 connectivity by the
/// HEv3 definition, or no route to it by a UDP connect() probe); nullopt
/// when the host can reach it. Heuristics: see SelectAddresses().
std::optional<std::string> SoftSkipReason(const Address& address,
                                          const HostIpv6& host,
                                          HostProbe& probe, std::uint16_t port);

/// Resolves `host`, drops what the policy, kernel or host cannot use,
/// orders the rest by policy and, except for kSystem, probes TCP
/// connections to `config.port` (a race for kHappyEyeballs, one after
/// another for the others), all before `deadline`. With no configured
/// attempt delay, the kernel's RTT history for the addresses (as they
/// arrive) sets it. Host-level verdicts (no
/// route, no IPv6 connectivity) are heuristics: when they would drop every
/// address, the addresses are kept. When no family gave an address the
/// Selection carries resolve_error; kSystem returns its lookup error.
Result<Selection> SelectAddresses(const std::string& host,
                                  const SelectionConfig& config,
                                  const KernelCaps& kernel,
                                  const HostIpv6& host_ipv6,
                                  SelectionDeps& deps, SteadyTime deadline);

/// Starts the per-family lookups SelectAddresses() reads (those the policy
/// allows, concurrently), ahead of it, so that they run while the caller
/// does other work. SelectAddresses() starts them itself if nobody did.
void StartAddressLookups(const std::string& host, FamilyPolicy policy,
                         NameResolver& resolver);

/// Adds what lookups answered after SelectAddresses() returned (the race
/// may start before the other family answers, RFC 8305 section 3), waiting
/// until `until` at most: usable addresses go to the end of mount_order as
/// fallbacks, the rest into the report. Returns how many were appended.
std::size_t CollectLateAnswers(Selection* selection,
                               const SelectionConfig& config,
                               const KernelCaps& kernel,
                               const HostIpv6& host_ipv6, SelectionDeps& deps,
                               SteadyTime until);

/// The order mount(2) tries the probed addresses in: the winner first, then
/// the addresses never tried, then those whose probe failed fast (refused,
/// unreachable: the kernel may still reach port 139, and trying costs
/// little), then those whose probe never answered (a blackhole costs the
/// kernel its connect timeout). Each group keeps the policy's order
/// (OrderForPolicy: interleaved by family for happy-eyeballs), whatever
/// order the answers arrived in. Without a winner the same groups apply.
std::vector<Address> MountOrder(const std::vector<Attempt>& attempts,
                                std::optional<std::size_t> winner,
                                FamilyPolicy policy,
                                std::size_t first_family_count);

/// "ECONNREFUSED"-style name of an errno for logs; "errno-N" when unknown.
std::string ErrnoName(int err);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_RACE_H_
