// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_BASE_TIME_H_
#define MOUNT_CIFS_RESOLVER_BASE_TIME_H_

#include <chrono>
#include <cstdint>

namespace mount_cifs {

/// A point on the monotonic clock: every deadline and timer is one.
using SteadyTime = std::chrono::steady_clock::time_point;

/// The clock seam: the only way code reads time (real: resolver/sys
/// SteadyClock; tests: FakeClock). Pure code is told "now" instead.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime Now() = 0;
};

/// Wall-clock time (real: resolver/sys RealtimeWallClock, CLOCK_REALTIME).
/// Only for what other programs read later, across processes (the
/// per-server record's times); every deadline and timer uses Clock.
class WallClock {
 public:
  virtual ~WallClock() = default;
  /// Seconds since the epoch.
  virtual std::int64_t NowSeconds() = 0;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_RESOLVER_BASE_TIME_H_
