// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_KERNEL_CAPS_H_
#define MOUNT_CIFS_RESOLVER_KERNEL_CAPS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "resolver/address.h"
#include "resolver/skip_reason.h"

namespace mount_cifs::resolver {

/// A kernel release string taken apart: "2.6.18-308.8.1.el5" ->
/// {2,6,18}, vendor release 308, rhel 5.
struct KernelRelease {
  int major = 0, minor = 0, patch = 0;
  std::optional<int> vendor_release;  // the first number after '-'
  std::optional<int> rhel;            // N of ".elN" (RHEL, CentOS, Alma, ...)
};

/// Parses uname -r; nullopt when it does not start with "X.Y".
std::optional<KernelRelease> ParseKernelRelease(std::string_view release);

/// Extracts the CIFS module version from /sys/module/cifs/version text
/// ("1.60RH\n") or a /proc/fs/cifs/DebugData line ("CIFS Version 2.51").
std::optional<std::string> ParseCifsVersion(std::string_view text);

/// What this kernel's CIFS client takes in ip= (reference A.3, A.4).
struct KernelCaps {
  bool ipv6 = true;                     // takes an IPv6 ip= at all
  std::optional<std::size_t> max_ip_length;  // nullopt: no limit
  bool scope_ids = true;                // takes "%<number>"
  bool known = true;                    // false: guessed conservatively
  std::string basis;                    // why, for the log ("2.6.18-el5 cifs 1.60RH")
};

/// The table: no IPv6 before 2.6.23 and on RHEL 5.0/5.1 (CIFS < 1.50);
/// at most 34 characters and no scope up to 2.6.30 and on every RHEL 5;
/// 45 from 2.6.31 (RHEL 6); no limit from 3.4. An unparseable release is
/// treated conservatively (34, no scope, known = false).
KernelCaps KernelCapsFor(std::string_view release,
                         std::optional<std::string_view> cifs_version);

/// The admin's overrides (`kernel-ipv6`, `kernel-ip-max-length`) on top.
KernelCaps ApplyKernelOverrides(KernelCaps caps, std::optional<bool> ipv6,
                                std::optional<std::size_t> max_ip_length);

/// Why `address` cannot be given to this kernel as ip=; nullopt when it can.
/// kKernelNoIpv6, kIpTooLong or kKernelNoScope.
std::optional<SkipReason> KernelRejects(const KernelCaps& caps,
                                        const Address& address);

/// Host IPv6 state, by the Happy Eyeballs v3 definition of connectivity: a
/// non-loopback, non-link-local address and a non-link-local route.
struct HostIpv6 {
  bool stack = true;         // an AF_INET6 socket can be made
  bool has_address = false;  // global/ULA address, not tentative
  bool has_route = false;    // a usable non-link-local route on a real device
  bool connectivity() const { return stack && has_address && has_route; }
};

/// Parses /proc/net/if_inet6 text: true when it lists a usable
/// non-loopback, non-link-local address.
bool HasUsableIpv6Address(std::string_view if_inet6);
/// Parses /proc/net/ipv6_route text: true when it lists a route to a
/// non-link-local, non-multicast prefix on a device other than lo that is
/// not a reject route.
bool HasUsableIpv6Route(std::string_view ipv6_route);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_KERNEL_CAPS_H_
