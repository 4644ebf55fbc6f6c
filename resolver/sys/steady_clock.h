// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_STEADY_CLOCK_H_
#define MOUNT_CIFS_RESOLVER_SYS_STEADY_CLOCK_H_

#include "resolver/base/time.h"

namespace mount_cifs::resolver {

/// std::chrono::steady_clock.
class SteadyClock : public Clock {
 public:
  SteadyTime Now() override;
};

/// CLOCK_REALTIME, in whole seconds.
class RealtimeWallClock : public WallClock {
 public:
  std::int64_t NowSeconds() override;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_STEADY_CLOCK_H_
