// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/steady_clock.h"

namespace mount_cifs::resolver {

SteadyTime SteadyClock::Now() { return std::chrono::steady_clock::now(); }

}  // namespace mount_cifs::resolver
