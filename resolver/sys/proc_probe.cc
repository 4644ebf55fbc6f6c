// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>

#include "resolver/network_fingerprint.h"
#include "resolver/sys/proc_probe.h"

namespace mount_cifs::resolver {
namespace {

// A bounded read of a small /proc or /sys file; nullopt when unreadable.
std::optional<std::string> ReadSmallFile(const char* path,
                                         std::size_t max = 256 * 1024) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > max) break;
  }
  close(fd);
  return text;
}

// ReadSmallFile() cut back to whole lines when the file was longer than
// `max` (a line cut in the middle could read as another route).
std::optional<std::string> ReadWholeLines(const char* path, std::size_t max) {
  auto text = ReadSmallFile(path, max);
  if (text && text->size() > max) {
    text->resize(max);
    const std::size_t nl = text->rfind('\n');
    text->resize(nl == std::string::npos ? 0 : nl + 1);
  }
  return text;
}

}  // namespace

std::optional<std::string> ReadNetworkFingerprint() {
  constexpr std::size_t kMaxTable = 1024 * 1024;
  const auto v4 = ReadWholeLines("/proc/net/route", kMaxTable);
  if (!v4) return std::nullopt;
  const auto v6 = ReadWholeLines("/proc/net/ipv6_route", kMaxTable);
  return NetworkFingerprint(*v4, v6.value_or(std::string()));
}

std::string ProcHostProbe::KernelRelease() {
  struct utsname u;
  if (uname(&u) != 0) return std::string();
  return u.release;
}

std::optional<std::string> ProcHostProbe::CifsModuleVersion() {
  if (auto text = ReadSmallFile("/sys/module/cifs/version"))
    if (auto v = ParseCifsVersion(*text)) return v;
  if (auto text = ReadSmallFile("/proc/fs/cifs/DebugData", 64 * 1024))
    if (auto v = ParseCifsVersion(*text)) return v;
  return std::nullopt;
}

std::optional<bool> ProcHostProbe::CifsAvailable() {
  auto text = ReadSmallFile("/proc/filesystems");
  if (text && (text->find("\tcifs\n") != std::string::npos ||
               text->find("\tsmb3\n") != std::string::npos))
    return true;
  // Not loaded: mount(2) autoloads it (MODULE_ALIAS_FS) if the module is
  // installed; it moved from fs/cifs to fs/smb/client in 6.4.
  const std::string base = "/lib/modules/" + KernelRelease() + "/kernel/fs/";
  for (const char* dir : {"smb/client/cifs.ko", "cifs/cifs.ko"}) {
    for (const char* ext : {"", ".xz", ".zst", ".gz"}) {
      if (access((base + dir + ext).c_str(), F_OK) == 0) return true;
    }
  }
  if (!text) return std::nullopt;
  return false;
}

HostIpv6 ProcHostProbe::Ipv6State() {
  HostIpv6 state;
  // The cheapest, most decisive check (ipv6.disable=1 makes it fail).
  const int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  state.stack = fd >= 0;
  if (fd >= 0) close(fd);
  if (!state.stack) return state;
  if (auto text = ReadSmallFile("/proc/net/if_inet6"))
    state.has_address = HasUsableIpv6Address(*text);
  if (auto text = ReadSmallFile("/proc/net/ipv6_route", 1024 * 1024))
    state.has_route = HasUsableIpv6Route(*text);
  return state;
}

int ProcHostProbe::RouteProbe(const Address& address, std::uint16_t port) {
  const int af = address.family() == Family::kV4 ? AF_INET : AF_INET6;
  const int fd = socket(af, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  sockaddr_storage ss;
  const socklen_t len = address.ToSockaddr(port, &ss);
  // A datagram connect() only consults the routing table (glibc's
  // getaddrinfo does the same for RFC 6724 rule 1).
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&ss), len);
  const int err = rc == 0 ? 0 : errno;
  close(fd);
  return err;
}

std::optional<RttSample> ProcHostProbe::TcpRtt(const Address& address) {
  return tcp_metrics_.Lookup(address);
}

}  // namespace mount_cifs::resolver
