// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/udp_datagram_net.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>

#include "resolver/dns_message.h"

namespace mount_cifs::resolver {
namespace {

// resolv.conf is small; a bigger one is read only this far.
constexpr std::size_t kMaxResolvConf = 64 * 1024;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket& operator=(Socket&&) = delete;
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// The first kMaxResolvConf bytes of a file; nullopt when it cannot be
// opened.
std::optional<std::string> ReadSmallFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buf[4096];
  while (text.size() < kMaxResolvConf) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  if (text.size() > kMaxResolvConf) text.resize(kMaxResolvConf);
  return text;
}

}  // namespace

std::vector<Address> UdpDatagramNet::Nameservers() {
  if (auto nss = ReadSmallFile(nsswitch_conf_); nss && !NsswitchUsesDns(*nss)) return {};
  auto text = ReadSmallFile(resolv_conf_);
  if (!text) return {};
  return ParseResolvConfNameservers(*text);
}

std::uint16_t UdpDatagramNet::RandomId() {
  std::uint16_t id = 0;
  if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id)) {
    // No entropy yet (early boot): the clock's low bits. The id only
    // guards against stray replies; the sockets are connected anyway.
    id = static_cast<std::uint16_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
  }
  return id;
}

void UdpDatagramNet::Exchange(
    const std::vector<Datagram>& out, SteadyTime until,
    const std::function<bool(std::size_t, const std::vector<std::uint8_t>&)>& accept,
    const std::function<bool()>& cancelled) {
  std::vector<Socket> sockets;
  std::vector<std::size_t> index_of;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const Datagram& d = out[i];
    sockaddr_storage ss{};
    const socklen_t len = d.to.ToSockaddr(d.port, &ss);
    const int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) continue;
    Socket s(fd);
    // Connected: the kernel drops datagrams from any other peer.
    if (connect(fd, reinterpret_cast<const sockaddr*>(&ss), len) != 0) continue;
    if (send(fd, d.payload.data(), d.payload.size(), MSG_NOSIGNAL) < 0) continue;
    sockets.push_back(std::move(s));
    index_of.push_back(i);
  }
  std::vector<bool> open(sockets.size(), true);
  std::vector<std::uint8_t> buf(kMaxDnsMessage);
  std::size_t live = sockets.size();
  while (live > 0) {
    if (cancelled && cancelled()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return;
    const long timeout_ms = static_cast<long>(
        std::chrono::ceil<std::chrono::milliseconds>(until - now).count());
    std::vector<pollfd> fds;
    std::vector<std::size_t> which;
    for (std::size_t k = 0; k < sockets.size(); ++k) {
      if (!open[k]) continue;
      fds.push_back({sockets[k].fd(), POLLIN, 0});
      which.push_back(k);
    }
    fds.push_back({interrupt_fd_, POLLIN, 0});
    const int n = poll(fds.data(), fds.size(), static_cast<int>(timeout_ms));
    if (n < 0 && errno != EINTR) return;
    if (n <= 0) continue;  // timeout or EINTR: the loop head decides
    if (fds.back().revents & POLLIN) return;  // a signal: the caller's flag says
    for (std::size_t j = 0; j + 1 < fds.size(); ++j) {
      if (fds[j].revents == 0) continue;
      const std::size_t k = which[j];
      const ssize_t got = recv(sockets[k].fd(), buf.data(), buf.size(), MSG_TRUNC);
      if (got < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        open[k] = false;  // ICMP unreachable (ECONNREFUSED): that peer is done
        --live;
        continue;
      }
      // A datagram bigger than the buffer is cut: no reply of ours is that
      // big, so it is handed on cut and the parser refuses it.
      const std::size_t size =
          static_cast<std::size_t>(got) > buf.size() ? buf.size() : static_cast<std::size_t>(got);
      if (accept(index_of[k], std::vector<std::uint8_t>(buf.begin(), buf.begin() + size))) return;
    }
  }
}

}  // namespace mount_cifs::resolver
