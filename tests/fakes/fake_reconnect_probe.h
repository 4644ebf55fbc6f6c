// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_RECONNECT_PROBE_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_RECONNECT_PROBE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mount.cifs/core/seams.h"

namespace mount_cifs::testing {

/// ReconnectProbe fake: canned answers; records which hosts the request-key
/// dry run was asked about and how often kallsyms was read.
class FakeReconnectProbe : public ReconnectProbe {
 public:
  std::optional<std::string> network = std::string("00000000000000a1");
  Reresolve reresolve = Reresolve::kYes;
  UpcallHandler handler{UpcallHandler::Kind::kProgram, "/usr/sbin/cifs-family-resolve"};
  std::vector<std::string> handler_queries;
  int kallsyms_reads = 0;
  int network_reads = 0;

  std::optional<std::string> NetworkFingerprint() override {
    ++network_reads;
    return network;
  }
  Reresolve KernelReresolves() override {
    ++kallsyms_reads;
    return reresolve;
  }
  UpcallHandler DnsResolverHandler(const std::string& host) override {
    handler_queries.push_back(host);
    return handler;
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
