// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
#define MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_

#include <memory>

#include "resolver/name_resolver.h"

namespace mount_cifs::resolver {

/// NameResolver over libc's getaddrinfo. The only file that calls it.
/// Per-family lookups run on their own threads; a lookup still hanging when
/// the mount is done is abandoned (its thread owns only shared state).
class GetaddrinfoResolver : public NameResolver {
 public:
  GetaddrinfoResolver();
  ~GetaddrinfoResolver() override;
  Result<std::vector<Address>> Resolve(const std::string& host) override;
  Result<Address> ParseNumericHost(const std::string& text) override;
  void StartLookups(const std::string& host, bool want_v4,
                    bool want_v6) override;
  std::optional<FamilyAnswer> NextAnswer(SteadyTime until) override;
  int LookupsOutstanding() const override;

  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
  int outstanding_ = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
