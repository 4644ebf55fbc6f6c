// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_RECONNECT_PROBE_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_RECONNECT_PROBE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "mount.cifs/core/seams.h"

namespace mount_cifs::testing {

/// ReconnectProbe fake: a canned network.
class FakeReconnectProbe : public ReconnectProbe {
 public:
  std::optional<std::string> network = std::string("00000000000000a1");
  int network_reads = 0;

  std::optional<std::string> NetworkFingerprint() override {
    ++network_reads;
    return network;
  }
};

/// WallClock fake: a settable time.
class FakeWallClock : public WallClock {
 public:
  std::int64_t now = 1764400000;
  std::int64_t NowSeconds() override { return now; }
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_RECONNECT_PROBE_H_
