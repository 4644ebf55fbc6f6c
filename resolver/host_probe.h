// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_HOST_PROBE_H_
#define MOUNT_CIFS_RESOLVER_HOST_PROBE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "resolver/address.h"
#include "resolver/kernel_caps.h"
#include "resolver/rtt_history.h"

namespace mount_cifs::resolver {

/// The kernel + host seam: uname, /proc, /sys, and the UDP route probe
/// (real: ProcHostProbe; tests: canned values).
class HostProbe {
 public:
  virtual ~HostProbe() = default;
  /// uname -r.
  virtual std::string KernelRelease() = 0;
  /// The CIFS module version from /sys/module/cifs/version or
  /// /proc/fs/cifs/DebugData; nullopt when neither says (module not loaded).
  virtual std::optional<std::string> CifsModuleVersion() = 0;
  /// Whether this kernel has the cifs filesystem: listed in
  /// /proc/filesystems, or a cifs module file exists for this release (mount(2)
  /// loads it on demand). nullopt when neither could be read.
  virtual std::optional<bool> CifsAvailable() = 0;
  /// IPv6 socket, /proc/net/if_inet6 and /proc/net/ipv6_route verdicts.
  virtual HostIpv6 Ipv6State() = 0;
  /// connect() of a UDP socket to address:port (no packet is sent): 0 when
  /// the routing table has a way there, else the errno (ENETUNREACH, ...).
  virtual int RouteProbe(const Address& address, std::uint16_t port) = 0;
  /// The kernel's TCP RTT history for `address` (tcp_metrics); nullopt when
  /// it has none.
  virtual std::optional<RttSample> TcpRtt(const Address& address) = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_HOST_PROBE_H_
