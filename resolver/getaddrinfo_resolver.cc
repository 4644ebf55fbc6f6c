// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/getaddrinfo_resolver.h"

#include <netdb.h>

#include <cerrno>
#include <memory>

namespace mount_cifs::resolver {
namespace {

class GaiCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "getaddrinfo"; }
  std::string message(int code) const override { return gai_strerror(code); }
};

struct AddrinfoFree {
  void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoFree>;

Error GaiError(int rc, const std::string& what) {
  if (rc == EAI_SYSTEM) return ErrnoError(errno, what);
  return Error{std::error_code(rc, ResolverCategory()), what};
}

}  // namespace

const std::error_category& ResolverCategory() {
  static const GaiCategory category;
  return category;
}

Result<std::vector<Address>> GetaddrinfoResolver::Resolve(
    const std::string& host) {
  // cifs-utils' resolve_host() passes NULL hints (glibc: AF_UNSPEC,
  // AI_V4MAPPED|AI_ADDRCONFIG) and keeps the SOCK_STREAM/IPPROTO_TCP entries in
  // the order glibc's RFC 6724 sort returns them. The family policy engine
  // reorders later; this adapter only reports what the system says.
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, nullptr, &raw);
  AddrinfoPtr list(raw);
  if (rc != 0) return GaiError(rc, host);
  std::vector<Address> out;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_socktype != SOCK_STREAM || ai->ai_protocol != IPPROTO_TCP)
      continue;
    auto address = Address::FromSockaddr(ai->ai_addr, ai->ai_addrlen);
    if (!address) continue;
    out.push_back(*address);
    if (out.size() == kMaxAddresses) break;
  }
  if (out.empty()) return GaiError(EAI_NODATA, host);
  return out;
}

Result<Address> GetaddrinfoResolver::ParseNumericHost(const std::string& text) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(text.c_str(), nullptr, &hints, &raw);
  AddrinfoPtr list(raw);
  if (rc != 0) return GaiError(rc, text);
  auto address = Address::FromSockaddr(list->ai_addr, list->ai_addrlen);
  if (!address) return GaiError(EAI_FAMILY, text);
  return *address;
}

}  // namespace mount_cifs::resolver
