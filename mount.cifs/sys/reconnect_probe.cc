// SPDX-License-Identifier: GPL-3.0-or-later
#include <time.h>

#include "mount.cifs/sys/adapters.h"
#include "resolver/sys/proc_probe.h"

namespace mount_cifs::sys {

std::int64_t RealtimeWallClock::NowSeconds() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec);
}

std::optional<std::string> ProcReconnectProbe::NetworkFingerprint() {
  return resolver::ReadNetworkFingerprint();
}

}  // namespace mount_cifs::sys
