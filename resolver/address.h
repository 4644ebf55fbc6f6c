// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_ADDRESS_H_
#define MOUNT_CIFS_RESOLVER_ADDRESS_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mount_cifs::resolver {

enum class Family { kV4, kV6 };

/// "ipv4" / "ipv6": how logs and state records name a family.
std::string_view FamilyName(Family family);
/// The inverse of FamilyName(); nullopt for any other text.
std::optional<Family> ParseFamilyName(std::string_view text);

/// An IPv4 or IPv6 address (no port) with its IPv6 scope id. A value type:
/// copyable, comparable, no resources.
class Address {
 public:
  /// From a socket address; nullopt for families other than AF_INET/AF_INET6
  /// or a length too short for the family.
  static std::optional<Address> FromSockaddr(const sockaddr* sa,
                                             socklen_t len);
  /// Parses a numeric address without a scope ("198.51.100.1", "2001:db8::1");
  /// nullopt for anything else. Pure: no interface lookup.
  static std::optional<Address> ParseNumeric(std::string_view text);

  Family family() const { return family_; }
  std::uint32_t scope_id() const { return scope_id_; }
  bool IsLinkLocal() const;
  bool IsLoopback() const;
  /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
  const unsigned char* bytes() const { return bytes_; }

  /// The text the kernel's ip= option takes: inet_ntop form, with
  /// "%<numeric scope>" for a scoped IPv6 address (the kernel parses the scope
  /// with kstrtouint, so it must be numeric).
  std::string ToKernelText() const;

  /// Fills a sockaddr for `port`; returns its length.
  socklen_t ToSockaddr(std::uint16_t port, sockaddr_storage* out) const;

  friend bool operator==(const Address& a, const Address& b);
  friend bool operator!=(const Address& a, const Address& b) {
    return !(a == b);
  }

 private:
  Family family_ = Family::kV4;
  unsigned char bytes_[16] = {};
  std::uint32_t scope_id_ = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_ADDRESS_H_
