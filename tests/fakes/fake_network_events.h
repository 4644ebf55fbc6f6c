// SPDX-License-Identifier: GPL-3.0-or-later
// NetworkEvents fake: the network's history as a script in fake time. Each
// step happens at a fixed time after the clock's epoch: it changes the
// other fakes (a route appears in FakeHostProbe, a name starts resolving in
// FakeNameResolver, an address starts connecting in FakeConnector) and
// either tells Wait() (a kernel event: link, address, route) or not (DNS
// coming up sends no event).
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_EVENTS_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_EVENTS_H_

#include <cerrno>
#include <chrono>
#include <functional>
#include <utility>
#include <vector>

#include "resolver/network_events.h"
#include "tests/fakes/fake_network.h"

namespace mount_cifs::testing {

class FakeNetworkEvents : public resolver::NetworkEvents {
 public:
  explicit FakeNetworkEvents(FakeClock& clock) : clock_(clock) {}

  /// At `ms` after the epoch, `change` runs and Wait() reports `event`
  /// (nothing: a change the kernel does not announce).
  void At(long ms, std::function<void()> change,
          resolver::NetworkChange event = Route()) {
    steps_.push_back({SteadyTime{} + std::chrono::milliseconds(ms), std::move(change),
                      event, false});
  }
  /// A change without a kernel event (a name server starting to answer).
  void Quietly(long ms, std::function<void()> change) {
    At(ms, std::move(change), resolver::NetworkChange{});
  }

  static resolver::NetworkChange Route() {
    resolver::NetworkChange c;
    c.route = true;
    return c;
  }
  static resolver::NetworkChange Link() {
    resolver::NetworkChange c;
    c.link = true;
    return c;
  }

  /// Listen() fails with this errno when non-zero (no rtnetlink).
  int listen_error = 0;
  int listens = 0;
  /// Each Wait(): when it was called and what it returned, in fake ms.
  struct WaitCall {
    long at_ms;
    long until_ms;
    long returned_ms;
    bool changed;
  };
  std::vector<WaitCall> waits;

  Status Listen() override {
    ++listens;
    if (listen_error != 0) return ErrnoError(listen_error, "rtnetlink socket");
    listening_ = true;
    return {};
  }

  resolver::NetworkChange Wait(SteadyTime until) override {
    WaitCall call{clock_.Ms(), Ms(until), 0, false};
    const SteadyTime limit = clock_.WaitLimit(until);
    // Steps whose time passed while the caller was busy: their events
    // are queued on the socket already.
    resolver::NetworkChange change = RunDue(clock_.Now());
    for (;;) {
      if (!listening_) change = resolver::NetworkChange{};  // nobody hears it
      if (change.any()) break;
      const Step* next = nullptr;
      for (const Step& s : steps_)
        if (!s.done && (next == nullptr || s.at < next->at)) next = &s;
      if (next == nullptr || next->at > limit) {
        clock_.AdvanceTo(limit);
        break;
      }
      clock_.AdvanceTo(next->at);
      change = RunDue(clock_.Now());
    }
    call.returned_ms = clock_.Ms();
    call.changed = change.any();
    waits.push_back(call);
    return change;
  }

  /// Runs the steps due by now (the caller's rounds may pass their time).
  void CatchUp() { pending_ |= RunDue(clock_.Now()); }

 private:
  struct Step {
    SteadyTime at;
    std::function<void()> change;
    resolver::NetworkChange event;
    bool done;
  };

  static long Ms(SteadyTime t) {
    return static_cast<long>((t - SteadyTime{}) / std::chrono::milliseconds(1));
  }

  resolver::NetworkChange RunDue(SteadyTime now) {
    resolver::NetworkChange change = pending_;
    pending_ = {};
    for (Step& s : steps_) {
      if (s.done || s.at > now) continue;
      s.done = true;
      if (s.change) s.change();
      change |= s.event;
    }
    return change;
  }

  FakeClock& clock_;
  std::vector<Step> steps_;
  resolver::NetworkChange pending_;
  bool listening_ = false;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_EVENTS_H_
