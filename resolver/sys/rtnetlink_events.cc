// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/rtnetlink_events.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>

namespace mount_cifs::resolver {

RtnetlinkEvents::RtnetlinkEvents(int interrupt_fd) : interrupt_fd_(interrupt_fd) {}

RtnetlinkEvents::~RtnetlinkEvents() {
  if (fd_ >= 0) close(fd_);
}

Status RtnetlinkEvents::Listen() {
  if (fd_ >= 0) return {};
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
                        NETLINK_ROUTE);
  if (fd < 0) return ErrnoError(errno, "rtnetlink socket");
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  local.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR |
                    RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
  if (bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0) {
    const int err = errno;
    close(fd);
    return ErrnoError(err, "rtnetlink bind");
  }
  fd_ = fd;
  return {};
}

NetworkChange RtnetlinkEvents::Drain() {
  NetworkChange change;
  // Large enough for a burst of link messages (each carries the link's
  // statistics); a longer datagram is cut (MSG_TRUNC), which still says
  // something changed.
  std::uint8_t buf[32 * 1024];
  for (;;) {
    sockaddr_nl from{};
    socklen_t from_len = sizeof(from);
    const ssize_t got = recvfrom(fd_, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC,
                                 reinterpret_cast<sockaddr*>(&from), &from_len);
    if (got < 0) {
      if (errno == EINTR) continue;
      // The kernel dropped messages for us: anything may have changed.
      if (errno == ENOBUFS) {
        change.lost = true;
        continue;
      }
      return change;  // EAGAIN: drained
    }
    // Only the kernel's word counts (another process may send to us).
    if (from_len < sizeof(from) || from.nl_family != AF_NETLINK || from.nl_pid != 0)
      continue;
    const std::size_t len = std::min(static_cast<std::size_t>(got), sizeof(buf));
    change |= ParseRouteMessages(buf, len);
    if (static_cast<std::size_t>(got) > sizeof(buf)) change.lost = true;
  }
}

NetworkChange RtnetlinkEvents::Wait(SteadyTime until) {
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    long timeout_ms = 0;
    if (until > now) {
      // At most a day per poll(2) (its timeout is an int of milliseconds).
      timeout_ms = static_cast<long>(std::min(
          std::chrono::ceil<std::chrono::milliseconds>(until - now).count(),
          24L * 3600 * 1000));
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    const int n = poll(fds, 2, static_cast<int>(timeout_ms));
    // EINTR or the wake descriptor: the caller reads its cancelled flag.
    if (n < 0 || (fds[1].revents & POLLIN)) return {};
    if (n == 0) {
      if (std::chrono::steady_clock::now() >= until) return {};
      continue;
    }
    if (fds[0].revents & (POLLIN | POLLERR)) {
      NetworkChange change = Drain();
      if (change.any()) return change;
    }
  }
}

}  // namespace mount_cifs::resolver
