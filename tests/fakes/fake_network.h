// SPDX-License-Identifier: GPL-3.0-or-later
// Fakes for the clock, connect, host-probe and syslog seams. Time is fake:
// FakeConnector::Wait() and FakeNameResolver::NextAnswer() move the
// FakeClock to the next scripted event, so tests assert exact times.
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "resolver/base/logger.h"
#include "resolver/base/time.h"
#include "resolver/connector.h"
#include "resolver/host_probe.h"

namespace mount_cifs::testing {

/// Starts at a fixed epoch; moves only when told.
class FakeClock : public Clock {
 public:
  SteadyTime Now() override { return now_; }
  void Advance(std::chrono::milliseconds by) { now_ += by; }
  void AdvanceTo(SteadyTime t) {
    if (t > now_) now_ = t;
  }
  /// Milliseconds since the epoch, for assertions.
  long Ms() const {
    return static_cast<long>((now_ - SteadyTime{}) /
                             std::chrono::milliseconds(1));
  }

  /// A termination signal arrives `ms` after the epoch: the fake waits end
  /// there, as the real ones end on the wake descriptor, and Signalled() is
  /// true from then on (use it as Deps::cancelled).
  void SignalAt(long ms) {
    signal_at_ = SteadyTime{} + std::chrono::milliseconds(ms);
  }
  bool Signalled() const { return signal_at_ && now_ >= *signal_at_; }
  /// How far a wait until `until` may go: to the signal when it comes
  /// first (at once when it has come).
  SteadyTime WaitLimit(SteadyTime until) const {
    if (!signal_at_ || *signal_at_ >= until) return until;
    return *signal_at_ > now_ ? *signal_at_ : now_;
  }

 private:
  SteadyTime now_{};
  std::optional<SteadyTime> signal_at_;
};

/// What one address does when connected to.
struct ConnectScript {
  int after_ms = 0;        // when the connect ends, from its start; -1: never
  int error = 0;           // 0 connects; else the errno
  bool immediate = false;  // connect() itself fails with `error`
};

/// Connector fake: per-address scripts (by kernel text), records starts.
class FakeConnector : public resolver::Connector {
 public:
  explicit FakeConnector(FakeClock& clock) : clock_(clock) {}

  void Script(const std::string& address, ConnectScript script) {
    scripts_[address] = script;
  }

  struct Started {
    std::string address;
    long at_ms;
    std::uint16_t port;
    std::string source;  // "" without srcaddr=
  };
  std::vector<Started> starts;
  std::vector<std::size_t> cancels;

  Status Start(std::size_t id, const resolver::Address& address,
               std::uint16_t port,
               const std::optional<resolver::Address>& source) override {
    const std::string text = address.ToKernelText();
    starts.push_back({text, clock_.Ms(), port, source ? source->ToKernelText() : ""});
    ConnectScript s;  // unscripted: silence
    s.after_ms = -1;
    if (auto it = scripts_.find(text); it != scripts_.end()) s = it->second;
    if (s.immediate) return ErrnoError(s.error, "connect");
    if (s.after_ms >= 0)
      pending_[id] = {clock_.Now() + std::chrono::milliseconds(s.after_ms), s.error};
    return {};
  }

  std::vector<resolver::ConnectEvent> Wait(SteadyTime until) override {
    until = clock_.WaitLimit(until);
    std::optional<SteadyTime> next;
    for (const auto& [id, p] : pending_)
      if (!next || p.at < *next) next = p.at;
    if (!next || *next > until) {
      clock_.AdvanceTo(until);
      return {};
    }
    clock_.AdvanceTo(*next);
    std::vector<resolver::ConnectEvent> events;
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.at == *next) {
        events.push_back({it->first, it->second.error});
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    return events;
  }

  void Cancel(std::size_t id) override {
    cancels.push_back(id);
    pending_.erase(id);
  }

 private:
  struct Pending {
    SteadyTime at;
    int error;
  };
  FakeClock& clock_;
  std::map<std::string, ConnectScript> scripts_;
  std::map<std::size_t, Pending> pending_;
};

/// Kernel and host state as canned values.
class FakeHostProbe : public resolver::HostProbe {
 public:
  std::string release = "6.12.0";
  std::optional<std::string> cifs_version;
  std::optional<bool> cifs_available = true;
  resolver::HostIpv6 ipv6{true, true, true};
  std::map<std::string, int> route_errors;  // address text -> errno
  std::map<std::string, resolver::RttSample> rtts;  // address text -> history
  std::vector<std::string> rtt_lookups;             // addresses asked for

  std::string KernelRelease() override { return release; }
  std::optional<std::string> CifsModuleVersion() override { return cifs_version; }
  std::optional<bool> CifsAvailable() override { return cifs_available; }
  resolver::HostIpv6 Ipv6State() override { return ipv6; }
  int RouteProbe(const resolver::Address& address, std::uint16_t) override {
    auto it = route_errors.find(address.ToKernelText());
    return it == route_errors.end() ? 0 : it->second;
  }
  std::optional<resolver::RttSample> TcpRtt(const resolver::Address& address) override {
    rtt_lookups.push_back(address.ToKernelText());
    auto it = rtts.find(address.ToKernelText());
    if (it == rtts.end()) return std::nullopt;
    return it->second;
  }
};

/// Records syslog lines with their level.
class FakeLogger : public Logger {
 public:
  struct Entry {
    LogLevel level;
    std::string line;
  };
  std::string ident, facility;
  std::vector<Entry> entries;

  void Open(std::string_view i, SyslogFacility f) override {
    ident = std::string(i);
    facility = std::string(SyslogFacilityName(f));
  }
  void Log(LogLevel level, std::string_view line) override {
    entries.push_back({level, std::string(line)});
  }
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_NETWORK_H_
