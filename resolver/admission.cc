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
    case SkipReason::kSrcaddrFamily: return "srcaddr-family";
    case SkipReason::kNoIpv6Connectivity: return "no-ipv6-connectivity";
    case SkipReason::kNoRoute: return "no-route(" + ErrnoName(skip.error) + ")";
  }
  return "unknown";
}

std::optional<std::string> SourceConflict(FamilyPolicy policy,
                                          const std::optional<Address>& source) {
  if (!source || PolicyAllows(policy, source->family())) return std::nullopt;
  return "family=" + std::string(FamilyPolicyName(policy)) + " excludes the " +
         (source->family() == Family::kV4 ? "IPv4" : "IPv6") + " srcaddr=" +
         source->ToKernelText();
}

std::optional<Skip> HardSkip(const Address& address, const AdmissionRules& rules) {
  const KernelCaps& kernel = rules.kernel;
  const HostIpv6& host = rules.host;
  if (!PolicyAllows(rules.policy, address.family())) return Skip{SkipReason::kPolicy};
  // Kernel bugzilla 218523: an IPv4 source on an IPv6 socket fails, and on
  // reconnect the mount wedges.
  if (rules.source && rules.source->family() != address.family())
    return Skip{SkipReason::kSrcaddrFamily};
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
  if (auto hard = HardSkip(address, rules)) return hard;
  return SoftSkip(address, rules.host, probe, rules.port);
}

}  // namespace mount_cifs::resolver
