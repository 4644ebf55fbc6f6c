// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
#define MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_

#include <memory>

#include "resolver/name_resolver.h"

namespace mount_cifs::resolver {

/// NameResolver over libc's getaddrinfo. The only file that calls it.
/// Per-family lookups run on their own threads; a lookup still hanging when
/// the mount is done is abandoned (its thread owns only shared state).
/// getaddrinfo(3), one thread per family for StartLookups() (glibc has no
/// asynchronous call that honours nsswitch). NextAnswer() waits in poll(2)
/// on the answers and on `interrupt_fd`: when that descriptor is readable
/// (a termination signal arrived), every wait returns nullopt at once.
/// Lookup threads block the process's signals, so handlers run on the
/// caller's thread. Threads still in getaddrinfo when the process exits are
/// simply ended with it (their results go to a shared queue, never to a
/// destroyed resolver).
class GetaddrinfoResolver : public NameResolver {
 public:
  explicit GetaddrinfoResolver(int interrupt_fd = -1);
  ~GetaddrinfoResolver() override;
  Result<std::vector<Address>> Resolve(const std::string& host,
                                       SteadyTime until) override;
  Result<Address> ParseNumericHost(const std::string& text) override;
  void StartLookups(const std::string& host, bool want_v4,
                    bool want_v6) override;
  std::optional<FamilyAnswer> NextAnswer(SteadyTime until) override;
  int LookupsOutstanding() const override;

  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
  int interrupt_fd_;
  int outstanding_ = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_GETADDRINFO_RESOLVER_H_
