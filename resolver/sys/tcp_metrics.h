// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_TCP_METRICS_H_
#define MOUNT_CIFS_RESOLVER_SYS_TCP_METRICS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "resolver/address.h"
#include "resolver/rtt_history.h"

namespace mount_cifs::resolver {

/// Asks the kernel (generic netlink, no privilege needed) for its TCP RTT
/// history, in the caller's network namespace. One socket for all lookups;
/// a kernel without tcp_metrics (before 3.7) or a failing socket makes every
/// lookup nullopt.
class TcpMetricsReader {
 public:
  TcpMetricsReader() = default;
  ~TcpMetricsReader();
  TcpMetricsReader(const TcpMetricsReader&) = delete;
  TcpMetricsReader& operator=(const TcpMetricsReader&) = delete;

  std::optional<RttSample> Lookup(const Address& address);

 private:
  bool Open();
  // Sends `request` and returns the kernel's answer (empty on failure).
  std::vector<std::uint8_t> Exchange(const std::vector<std::uint8_t>& request);

  int fd_ = -1;
  bool broken_ = false;
  std::uint16_t family_id_ = 0;
  std::uint32_t seq_ = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_TCP_METRICS_H_
