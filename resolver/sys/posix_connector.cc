// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/posix_connector.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace mount_cifs::resolver {

PosixConnector::~PosixConnector() {
  for (auto& [id, fd] : sockets_) close(fd);
}

Status PosixConnector::Start(std::size_t id, const Address& address,
                             std::uint16_t port,
                             const std::optional<Address>& source) {
  const int af = address.family() == Family::kV4 ? AF_INET : AF_INET6;
  const int fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ErrnoError(errno, "socket");
  if (source) {
    // The kernel's CIFS client binds its socket to srcaddr= the same way.
    sockaddr_storage src;
    const socklen_t src_len = source->ToSockaddr(0, &src);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&src), src_len) != 0) {
      const int err = errno;
      close(fd);
      return ErrnoError(err, "bind");
    }
  }
  sockaddr_storage ss;
  const socklen_t len = address.ToSockaddr(port, &ss);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&ss), len) == 0) {
    // Loopback can connect at once; report it through Wait().
    sockets_[id] = fd;
    return {};
  }
  if (errno != EINPROGRESS) {
    const int err = errno;
    close(fd);
    return ErrnoError(err, "connect");
  }
  sockets_[id] = fd;
  return {};
}

std::vector<ConnectEvent> PosixConnector::Wait(SteadyTime until) {
  std::vector<ConnectEvent> events;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> ids;
    for (const auto& [id, fd] : sockets_) {
      fds.push_back({fd, POLLOUT, 0});
      ids.push_back(id);
    }
    const auto now = std::chrono::steady_clock::now();
    long timeout_ms = 0;
    if (until > now) {
      timeout_ms = static_cast<long>(
          std::chrono::ceil<std::chrono::milliseconds>(until - now).count());
    }
    // Last: the interrupt descriptor (ignored by poll(2) when -1). With
    // nothing in flight the wait just lets the time pass (a timer is due),
    // still ended by a signal.
    const std::size_t sockets = fds.size();
    fds.push_back({interrupt_fd_, POLLIN, 0});
    const int n = poll(fds.data(), fds.size(), static_cast<int>(timeout_ms));
    // EINTR or the interrupt descriptor: let the caller check its flag.
    if (n <= 0 || (fds.back().revents & POLLIN) || sockets == 0) return events;
    fds.pop_back();
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      // Writability alone is not success: SO_ERROR says how it ended.
      int error = 0;
      socklen_t len = sizeof(error);
      if (getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
        error = errno;
      if (error == 0 && (fds[i].revents & (POLLERR | POLLHUP)))
        error = ECONNREFUSED;
      events.push_back({ids[i], error});
      close(fds[i].fd);
      sockets_.erase(ids[i]);
    }
    if (!events.empty()) return events;
  }
}

void PosixConnector::Cancel(std::size_t id) {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  close(it->second);
  sockets_.erase(it);
}

}  // namespace mount_cifs::resolver
