// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/steady_clock.h"

#include <time.h>

namespace mount_cifs::resolver {

SteadyTime SteadyClock::Now() { return std::chrono::steady_clock::now(); }

std::int64_t RealtimeWallClock::NowSeconds() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec);
}

}  // namespace mount_cifs::resolver
