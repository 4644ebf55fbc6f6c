// SPDX-License-Identifier: GPL-3.0-or-later
// The AD site lookup's UDP seam in fake time: every datagram sent is
// recorded; a test's responder says what comes back and after how long.
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "resolver/ad_site.h"
#include "tests/fakes/fake_network.h"

namespace mount_cifs::testing {

/// A reply: its bytes and when it arrives, counted from the send.
struct FakeReply {
  std::chrono::milliseconds after{1};
  std::vector<std::uint8_t> bytes;
};

class FakeDatagramNet : public resolver::DatagramNet {
 public:
  explicit FakeDatagramNet(FakeClock& clock) : clock_(clock) {}

  std::vector<resolver::Address> nameservers;
  /// RandomId()'s answer: 6 makes the CLDAP message id 7, the id of the
  /// captured replies in tests/unit/data/cldap.
  std::uint16_t id = 6;
  /// The replies to one datagram (none: silence).
  std::function<std::vector<FakeReply>(const resolver::Datagram&)> respond;
  /// Every datagram sent, in order, and the fake time of its send.
  struct Sent {
    resolver::Datagram datagram;
    long at_ms = 0;
  };
  std::vector<Sent> sent;

  std::vector<resolver::Address> Nameservers() override { return nameservers; }
  std::uint16_t RandomId() override { return id; }

  void Exchange(const std::vector<resolver::Datagram>& out, SteadyTime until,
                const std::function<bool(std::size_t, const std::vector<std::uint8_t>&)>& accept,
                const std::function<bool()>& cancelled) override {
    const SteadyTime start = clock_.Now();
    struct Pending {
      SteadyTime at;
      std::size_t index;
      std::vector<std::uint8_t> bytes;
    };
    std::vector<Pending> pending;
    for (std::size_t i = 0; i < out.size(); ++i) {
      sent.push_back(Sent{out[i], clock_.Ms()});
      if (!respond) continue;
      for (FakeReply& r : respond(out[i])) pending.push_back({start + r.after, i, r.bytes});
    }
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.at < b.at; });
    for (const Pending& p : pending) {
      // A signal or the end of the wait comes first: stop there, as the
      // real poll(2) loop does.
      const SteadyTime stop = clock_.WaitLimit(std::min(p.at, until));
      clock_.AdvanceTo(stop);
      if (cancelled && cancelled()) return;
      if (stop < p.at) return;  // `until` came first
      if (accept(p.index, p.bytes)) return;
    }
    clock_.AdvanceTo(clock_.WaitLimit(until));
  }

 private:
  FakeClock& clock_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_
