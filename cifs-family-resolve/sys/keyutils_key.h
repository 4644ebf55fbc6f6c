// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CIFS_FAMILY_RESOLVE_SYS_KEYUTILS_KEY_H_
#define CIFS_FAMILY_RESOLVE_SYS_KEYUTILS_KEY_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "cifs-family-resolve/core/handler.h"

namespace cifs_family_resolve::sys {

/// The key request-key handed over (its authority assumed), through
/// libkeyutils. Instantiate() and Reject() first take the key from the
/// watchdog (ClaimKey()): whichever comes first completes it.
class KeyutilsKey : public KernelKey {
 public:
  explicit KeyutilsKey(std::int32_t serial) : serial_(serial) {}
  Result<std::string> Description() override;
  Result<std::string> CalloutInfo() override;
  Status Instantiate(std::string_view payload, std::chrono::seconds ttl) override;
  Status Reject(int error, std::chrono::seconds ttl) override;

 private:
  std::int32_t serial_;
};

/// After `after`, unless the key was claimed by then: rejects key `serial`
/// with ETIMEDOUT for `ttl` (the kernel keeps its address and asks again
/// at its next retry) and ends the process. Async-signal-safe (SIGALRM,
/// one raw keyctl call, _exit): it works however the main path is stuck.
void ArmWatchdog(std::int32_t serial, std::chrono::milliseconds after,
                 std::chrono::seconds ttl);
/// Takes the key for the main path; false when the watchdog has it.
bool ClaimKey();
/// Cancels the timer (before exec: a pending alarm survives it).
void DisarmWatchdog();

/// Whether `pid` runs mount.cifs or mount.smb3 now (/proc/PID/comm).
bool IsMountHelper(std::int64_t pid);

/// Reads at most `max` bytes of a file (O_NOFOLLOW is not used: /proc and
/// /etc paths). Errors: errno; EFBIG when the file is longer.
Result<std::string> ReadSmallFile(const std::string& path, std::size_t max);

}  // namespace cifs_family_resolve::sys

#endif  // CIFS_FAMILY_RESOLVE_SYS_KEYUTILS_KEY_H_
