// SPDX-License-Identifier: GPL-3.0-or-later
// The generic netlink answers the RTT history reader parses (tcp_metrics
// family lookup and TCP_METRICS_CMD_GET replies): the first 6 bytes pick
// the family id and sequence number the parser expects; the rest is the
// datagram. And the whole input as an rtnetlink event datagram.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "resolver/network_events.h"
#include "resolver/rtt_history.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The whole input as an rtnetlink datagram (the network-wait events).
  const auto change = mount_cifs::resolver::ParseRouteMessages(data, size);
  if (change.lost) __builtin_trap();  // the parser never reports an overrun
  if (size < 6) return 0;
  std::uint16_t family;
  std::uint32_t seq;
  std::memcpy(&family, data, 2);
  std::memcpy(&seq, data + 2, 4);
  const std::uint8_t* msg = data + 6;
  const std::size_t len = size - 6;
  if (auto id = mount_cifs::resolver::ParseFamilyReply(msg, len, seq)) {
    if (*id < 0x10) __builtin_trap();  // ids below NLMSG_MIN_TYPE are not families
  }
  if (auto s = mount_cifs::resolver::ParseMetricsReply(msg, len, family, seq)) {
    if (s->rtt.count() <= 0 || s->rttvar.count() < 0) __builtin_trap();
    const auto delay = mount_cifs::resolver::AttemptDelayFromRtt(*s);
    if (delay < mount_cifs::resolver::kMinRttAttemptDelay ||
        delay > mount_cifs::resolver::kMaxRttAttemptDelay)
      __builtin_trap();
  }
  return 0;
}
