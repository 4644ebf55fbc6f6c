// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_NAME_RESOLVER_H_
#define MOUNT_CIFS_RESOLVER_NAME_RESOLVER_H_

#include <cstddef>
#include <string>
#include <system_error>
#include <vector>

#include "resolver/address.h"
#include "resolver/happy_eyeballs.h"
#include "resolver/base/result.h"

namespace mount_cifs::resolver {

/// cifs-utils >= 7.1 keeps at most 16 addresses (resolve_host.h MAX_ADDRESSES).
inline constexpr std::size_t kMaxAddresses = 16;

/// The error category of getaddrinfo's EAI_* codes; message() is
/// gai_strerror's text (cifs-utils printed "Unknown error" for every failure).
/// EAI_AGAIN compares equal to std::errc::resource_unavailable_try_again.
const std::error_category& ResolverCategory();

/// The DNS record type a family's lookup asks for: "A" or "AAAA" (how logs
/// name the lookups).
inline const char* RecordType(Family family) {
  return family == Family::kV4 ? "A" : "AAAA";
}

/// One family's answer of a per-family lookup.
struct FamilyAnswer {
  Family family;
  Result<std::vector<Address>> addresses;
};

/// Name lookup seam. The real one is GetaddrinfoResolver; tests use a fake.
class NameResolver {
 public:
  virtual ~NameResolver() = default;

  /// The TCP addresses (IPv4/IPv6) of `host`, in the resolver's order, at
  /// most kMaxAddresses, waiting until `until` at most. Errors:
  /// ResolverCategory() codes, errno for EAI_SYSTEM, ETIMEDOUT when `until`
  /// passed, EINTR when a signal ended the wait. Never an empty list on
  /// success.
  virtual Result<std::vector<Address>> Resolve(const std::string& host,
                                               SteadyTime until) = 0;

  /// Parses a numeric IPv4/IPv6 address; an IPv6 scope may be an interface
  /// name ("fe80::1%eth0"), which becomes its numeric index. Errors:
  /// ResolverCategory() codes (EAI_NONAME for a non-numeric text).
  virtual Result<Address> ParseNumericHost(const std::string& text) = 0;

  /// Starts one lookup per wanted family, concurrently (RFC 8305 section 3),
  /// so the first answer can start work while the other is outstanding.
  virtual void StartLookups(const std::string& host, bool want_v4,
                            bool want_v6) = 0;
  /// The next answer of StartLookups(), waiting until `until` at most;
  /// nullopt on timeout or when no lookup is outstanding.
  virtual std::optional<FamilyAnswer> NextAnswer(SteadyTime until) = 0;
  /// How many started lookups have not been returned by NextAnswer().
  virtual int LookupsOutstanding() const = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_NAME_RESOLVER_H_
