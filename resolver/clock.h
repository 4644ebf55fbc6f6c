// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_CLOCK_H_
#define MOUNT_CIFS_RESOLVER_CLOCK_H_

#include "resolver/happy_eyeballs.h"

namespace mount_cifs::resolver {

/// The clock seam: the only way code reads time (tests use a fake).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime Now() = 0;
};

/// std::chrono::steady_clock.
class SteadyClock : public Clock {
 public:
  SteadyTime Now() override;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_CLOCK_H_
