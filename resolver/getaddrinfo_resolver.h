// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
#define MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_

#include "resolver/name_resolver.h"

namespace mount_cifs::resolver {

/// NameResolver over libc's getaddrinfo. The only file that calls it.
class GetaddrinfoResolver : public NameResolver {
 public:
  Result<std::vector<Address>> Resolve(const std::string& host) override;
  Result<Address> ParseNumericHost(const std::string& text) override;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
