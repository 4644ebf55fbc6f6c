// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_RTT_HISTORY_H_
#define MOUNT_CIFS_RESOLVER_RTT_HISTORY_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "resolver/address.h"

namespace mount_cifs::resolver {

/// The round-trip estimate the kernel keeps for a destination from TCP
/// connections that ended (its tcp_metrics cache: `ip tcp_metrics show`).
struct RttSample {
  std::chrono::microseconds rtt{0};
  std::chrono::microseconds rttvar{0};
};

/// The kernel stops trusting an entry's values after an hour
/// (TCP_METRICS_TIMEOUT) but still lists it; so do we.
inline constexpr std::chrono::milliseconds kMaxRttHistoryAge{3600 * 1000};

/// RFC 8305 section 5: with RTT history, the next attempt may start about
/// when the first SYN would be retransmitted. That is the TCP retransmission
/// timeout estimate rtt + 4 * rttvar (RFC 6298), here kept within the
/// recommended 100 ms to 2 s.
inline constexpr std::chrono::milliseconds kMinRttAttemptDelay{100};
inline constexpr std::chrono::milliseconds kMaxRttAttemptDelay{2000};
std::chrono::milliseconds AttemptDelayFromRtt(const RttSample& sample);

// Generic netlink messages for the kernel's "tcp_metrics" family. Pure:
// bytes in, bytes or values out, so the parsers can be tested and fuzzed.

/// CTRL_CMD_GETFAMILY for "tcp_metrics".
std::vector<std::uint8_t> BuildFamilyRequest(std::uint32_t seq);
/// The family id from the answer to BuildFamilyRequest(seq); nullopt for an
/// error answer (a kernel before 3.7 has no such family), another sequence
/// number or anything malformed.
std::optional<std::uint16_t> ParseFamilyReply(const std::uint8_t* data,
                                              std::size_t size,
                                              std::uint32_t seq);

/// TCP_METRICS_CMD_GET for one destination address, from `source` when
/// given: the kernel keeps metrics per source and destination, so asking
/// with the source this host would use now keeps history made on another
/// network (another source address) out (Happy Eyeballs v3: RTT history
/// per network).
std::vector<std::uint8_t> BuildMetricsRequest(std::uint16_t family_id,
                                              std::uint32_t seq,
                                              const Address& address,
                                              const std::optional<Address>& source = std::nullopt);
/// The RTT from the answer to BuildMetricsRequest(); nullopt when the kernel
/// has no entry (ESRCH), the entry holds no RTT or is older than
/// kMaxRttHistoryAge, or the bytes are malformed.
std::optional<RttSample> ParseMetricsReply(const std::uint8_t* data,
                                           std::size_t size,
                                           std::uint16_t family_id,
                                           std::uint32_t seq);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_RTT_HISTORY_H_
