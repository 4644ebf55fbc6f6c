// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_PROC_PROBE_H_
#define MOUNT_CIFS_RESOLVER_SYS_PROC_PROBE_H_

#include <optional>
#include <string>

#include "resolver/host_probe.h"
#include "resolver/sys/tcp_metrics.h"

namespace mount_cifs::resolver {

/// The real probe. Reads /proc and /sys; makes throw-away sockets; asks
/// netlink for TCP metrics.
class ProcHostProbe : public HostProbe {
 public:
  std::string KernelRelease() override;
  std::optional<std::string> CifsModuleVersion() override;
  std::optional<bool> CifsAvailable() override;
  HostIpv6 Ipv6State() override;
  int RouteProbe(const Address& address, std::uint16_t port) override;
  std::optional<RttSample> TcpRtt(const Address& address) override;

 private:
  TcpMetricsReader tcp_metrics_;
};

/// NetworkFingerprint() of this host's /proc/net/route and
/// /proc/net/ipv6_route, each read up to 1 MiB (a longer table counts by its
/// first whole lines). A missing ipv6_route (IPv6 disabled) counts as no
/// IPv6 routes. nullopt when /proc/net/route cannot be read (no /proc): no
/// network is known then, and no remembered outcome may count.
std::optional<std::string> ReadNetworkFingerprint();

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_PROC_PROBE_H_
