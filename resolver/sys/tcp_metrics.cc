// SPDX-License-Identifier: GPL-3.0-or-later
// TcpMetricsReader: the netlink socket side of rtt_history.h.
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "resolver/sys/tcp_metrics.h"

namespace mount_cifs::resolver {
namespace {

// The kernel answers within the send; this only bounds a misbehaving one.
constexpr int kReplyTimeoutMs = 100;
constexpr std::size_t kReplyMax = 16 * 1024;

}  // namespace

TcpMetricsReader::~TcpMetricsReader() {
  if (fd_ >= 0) close(fd_);
}

bool TcpMetricsReader::Open() {
  if (fd_ >= 0) return true;
  if (broken_) return false;
  broken_ = true;  // until proven otherwise
  fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
  if (fd_ < 0) return false;
  const std::vector<std::uint8_t> reply = Exchange(BuildFamilyRequest(++seq_));
  const auto id = ParseFamilyReply(reply.data(), reply.size(), seq_);
  if (!id) {
    close(fd_);
    fd_ = -1;
    return false;
  }
  family_id_ = *id;
  broken_ = false;
  return true;
}

std::vector<std::uint8_t> TcpMetricsReader::Exchange(
    const std::vector<std::uint8_t>& request) {
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;  // nl_pid 0: the kernel
  ssize_t sent;
  do {
    sent = sendto(fd_, request.data(), request.size(), 0,
                  reinterpret_cast<const sockaddr*>(&kernel), sizeof(kernel));
  } while (sent < 0 && errno == EINTR);
  if (sent != static_cast<ssize_t>(request.size())) return {};
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(kReplyTimeoutMs);
  std::vector<std::uint8_t> buf(kReplyMax);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{fd_, POLLIN, 0};
    const int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return {};
    sockaddr_nl from{};
    socklen_t from_len = sizeof(from);
    const ssize_t got = recvfrom(fd_, buf.data(), buf.size(), MSG_TRUNC,
                                 reinterpret_cast<sockaddr*>(&from), &from_len);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || static_cast<std::size_t>(got) > buf.size()) return {};
    // Only the kernel's word counts.
    if (from_len < sizeof(from) || from.nl_family != AF_NETLINK || from.nl_pid != 0)
      continue;
    buf.resize(static_cast<std::size_t>(got));
    return buf;
  }
}

namespace {

// The source address this host would use for `address` now: a UDP
// connect() picks the route and the source without sending anything.
std::optional<Address> SourceFor(const Address& address) {
  const int fd = socket(address.family() == Family::kV4 ? AF_INET : AF_INET6,
                        SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_storage to{};
  const socklen_t to_len = address.ToSockaddr(445, &to);
  std::optional<Address> source;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&to), to_len) == 0) {
    sockaddr_storage local{};
    socklen_t local_len = sizeof(local);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0)
      source = Address::FromSockaddr(reinterpret_cast<const sockaddr*>(&local), local_len);
  }
  close(fd);
  return source;
}

}  // namespace

std::optional<RttSample> TcpMetricsReader::Lookup(const Address& address) {
  if (!Open()) return std::nullopt;
  const std::vector<std::uint8_t> reply =
      Exchange(BuildMetricsRequest(family_id_, ++seq_, address, SourceFor(address)));
  return ParseMetricsReply(reply.data(), reply.size(), family_id_, seq_);
}

}  // namespace mount_cifs::resolver
