// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/admission.h"

#include "resolver/connect_error.h"

namespace mount_cifs::resolver {

std::string SkipText(const Skip& skip) {
  switch (skip.reason) {
    case SkipReason::kPolicy: return "policy";
    case SkipReason::kNoIpv6Stack: return "no-ipv6-stack";
    case SkipReason::kKernelNoIpv6: return "kernel-no-ipv6";
    case SkipReason::kIpTooLong: return "ip-too-long";
    case SkipReason::kKernelNoScope: return "kernel-no-scope";
    case SkipReason::kLinkLocalWithoutScope: return "link-local-without-scope";
    case SkipReason::kNoIpv6Connectivity: return "no-ipv6-connectivity";
    case SkipReason::kNoRoute: return "no-route(" + ErrnoName(skip.error) + ")";
  }
  return "unknown";
}

std::optional<Skip> HardSkip(const Address& address, FamilyPolicy policy,
                             const KernelCaps& kernel, const HostIpv6& host) {
  if (!PolicyAllows(policy, address.family())) return Skip{SkipReason::kPolicy};
  if (address.family() == Family::kV4) return std::nullopt;
  if (!host.stack) return Skip{SkipReason::kNoIpv6Stack};
  if (auto why = KernelRejects(kernel, address)) return Skip{*why};
  // The kernel answers EINVAL for a link-local address without a scope.
  if (address.IsLinkLocal() && address.scope_id() == 0)
    return Skip{SkipReason::kLinkLocalWithoutScope};
  return std::nullopt;
}

std::optional<Skip> SoftSkip(const Address& address, const HostIpv6& host,
                             HostProbe& probe, std::uint16_t port) {
  const bool local = address.IsLoopback() || address.IsLinkLocal();
  if (address.family() == Family::kV6 && !local && !host.connectivity())
    return Skip{SkipReason::kNoIpv6Connectivity};
  if (const int err = probe.RouteProbe(address, port); err != 0)
    return Skip{SkipReason::kNoRoute, err};
  return std::nullopt;
}

std::optional<Skip> Admit(const Address& address, const AdmissionRules& rules,
                          HostProbe& probe) {
  if (auto hard = HardSkip(address, rules.policy, rules.kernel, rules.host))
    return hard;
  return SoftSkip(address, rules.host, probe, rules.port);
}

}  // namespace mount_cifs::resolver
