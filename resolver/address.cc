// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/address.h"

#include <arpa/inet.h>

#include <cstring>

namespace mount_cifs::resolver {

std::string_view FamilyName(Family family) {
  return family == Family::kV4 ? "ipv4" : "ipv6";
}

std::optional<Family> ParseFamilyName(std::string_view text) {
  if (text == "ipv4") return Family::kV4;
  if (text == "ipv6") return Family::kV6;
  return std::nullopt;
}

std::optional<Address> Address::FromSockaddr(const sockaddr* sa,
                                             socklen_t len) {
  if (sa == nullptr) return std::nullopt;
  Address a;
  if (sa->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    sockaddr_in sin;
    std::memcpy(&sin, sa, sizeof(sin));
    a.family_ = Family::kV4;
    std::memcpy(a.bytes_, &sin.sin_addr, 4);
    return a;
  }
  if (sa->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, sa, sizeof(sin6));
    a.family_ = Family::kV6;
    std::memcpy(a.bytes_, &sin6.sin6_addr, 16);
    a.scope_id_ = sin6.sin6_scope_id;
    return a;
  }
  return std::nullopt;
}

std::optional<Address> Address::ParseNumeric(std::string_view text) {
  // inet_pton needs a NUL-terminated string; bound the copy so hostile input
  // cannot make us allocate much.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN ||
      text.find('\0') != std::string_view::npos)
    return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  Address a;
  if (inet_pton(AF_INET, buf, a.bytes_) == 1) {
    a.family_ = Family::kV4;
    return a;
  }
  if (inet_pton(AF_INET6, buf, a.bytes_) == 1) {
    a.family_ = Family::kV6;
    return a;
  }
  return std::nullopt;
}

bool Address::IsLinkLocal() const {
  if (family_ == Family::kV4) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool Address::IsLoopback() const {
  if (family_ == Family::kV4) return bytes_[0] == 127;
  static constexpr unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                   0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(bytes_, kLoopback6, 16) == 0;
}

std::string Address::ToKernelText() const {
  char buf[INET6_ADDRSTRLEN];
  const int af = family_ == Family::kV4 ? AF_INET : AF_INET6;
  if (inet_ntop(af, bytes_, buf, sizeof(buf)) == nullptr) return std::string();
  std::string text(buf);
  if (family_ == Family::kV6 && scope_id_ != 0) {
    text += '%';
    text += std::to_string(scope_id_);
  }
  return text;
}

socklen_t Address::ToSockaddr(std::uint16_t port, sockaddr_storage* out) const {
  std::memset(out, 0, sizeof(*out));
  if (family_ == Family::kV4) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    std::memcpy(&sin.sin_addr, bytes_, 4);
    std::memcpy(out, &sin, sizeof(sin));
    return sizeof(sin);
  }
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(port);
  std::memcpy(&sin6.sin6_addr, bytes_, 16);
  sin6.sin6_scope_id = scope_id_;
  std::memcpy(out, &sin6, sizeof(sin6));
  return sizeof(sin6);
}

bool operator==(const Address& a, const Address& b) {
  const size_t n = a.family_ == Family::kV4 ? 4 : 16;
  return a.family_ == b.family_ && a.scope_id_ == b.scope_id_ &&
         std::memcmp(a.bytes_, b.bytes_, n) == 0;
}

}  // namespace mount_cifs::resolver
