// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_ADMISSION_H_
#define MOUNT_CIFS_RESOLVER_ADMISSION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "resolver/address.h"
#include "resolver/family_policy.h"
#include "resolver/host_probe.h"
#include "resolver/kernel_caps.h"
#include "resolver/skip_reason.h"

namespace mount_cifs::resolver {

/// What a mount may do with the addresses a name gives: the policy, this
/// kernel and this host's IPv6 stack, and the port it will connect to.
struct AdmissionRules {
  FamilyPolicy policy = FamilyPolicy::kHappyEyeballs;
  KernelCaps kernel;
  HostIpv6 host;
  std::uint16_t port = 445;
  /// srcaddr=: the kernel binds its socket there, so only that family can
  /// connect, and the probes bind there too.
  std::optional<Address> source;
};

/// A policy that excludes srcaddr='s family can never mount: a usage error.
/// Returns the message, or nullopt when they agree.
std::optional<std::string> SourceConflict(FamilyPolicy policy,
                                          const std::optional<Address>& source);

/// A hard reason the address cannot be used (policy, srcaddr= family,
/// kernel capability, no IPv6 stack, link-local without a scope); nullopt
/// when it can.
std::optional<Skip> HardSkip(const Address& address, const AdmissionRules& rules);

/// A host-level reason to pass over `address` (no IPv6 connectivity by the
/// HEv3 definition, or no route to it by a UDP connect() probe); nullopt
/// when the host can reach it. Heuristics: callers keep soft-skipped
/// addresses when nothing else is left (SelectAddresses()).
std::optional<Skip> SoftSkip(const Address& address, const HostIpv6& host,
                             HostProbe& probe, std::uint16_t port);

/// The first hard, then soft, reason to pass over `address`; nullopt when
/// it is a candidate. Every address a lookup gives, early or late, goes
/// through here.
std::optional<Skip> Admit(const Address& address, const AdmissionRules& rules,
                          HostProbe& probe);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_ADMISSION_H_
