// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SKIP_REASON_H_
#define MOUNT_CIFS_RESOLVER_SKIP_REASON_H_

#include <string>

namespace mount_cifs::resolver {

/// Why an address a name gave is not used.
enum class SkipReason {
  // Hard: the address can never be used by this mount.
  kPolicy,                 // the family policy excludes its family
  kNoIpv6Stack,            // the host cannot make an IPv6 socket
  kKernelNoIpv6,           // this kernel's cifs takes no IPv6 ip=
  kIpTooLong,              // longer than this kernel's ip= limit (RHEL 5: 34)
  kKernelNoScope,          // a scope id this kernel cannot parse
  kLinkLocalWithoutScope,  // the kernel answers EINVAL
  kSrcaddrFamily,          // srcaddr= is of the other family: the kernel
                           // cannot bind it to this address's socket
  // Soft: host-level heuristics, overruled when they would leave nothing.
  kNoIpv6Connectivity,  // no global IPv6 address or route (HEv3)
  kNoRoute,             // the routing table has no way there
};

/// A skip and, for kNoRoute, the errno of the route probe.
struct Skip {
  SkipReason reason;
  int error = 0;
  bool soft() const {
    return reason == SkipReason::kNoIpv6Connectivity ||
           reason == SkipReason::kNoRoute;
  }
};

/// Log text: "policy", "ip-too-long", "no-route(ENETUNREACH)", ...
std::string SkipText(const Skip& skip);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SKIP_REASON_H_
