// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_NAME_RESOLVER_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_NAME_RESOLVER_H_

#include <netdb.h>
#include <netinet/in.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "resolver/address.h"
#include "resolver/name_resolver.h"
#include "resolver/base/result.h"
#include "tests/fakes/fake_network.h"

namespace mount_cifs::testing {

/// `address` with IPv6 scope id `scope` (Address has no setter: go through a
/// sockaddr_in6 as the real resolver does).
inline resolver::Address WithScope(const resolver::Address& address,
                                   std::uint32_t scope) {
  sockaddr_storage storage;
  const socklen_t len = address.ToSockaddr(0, &storage);
  if (address.family() == resolver::Family::kV6) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, &storage, sizeof(sin6));
    sin6.sin6_scope_id = scope;
    std::memcpy(&storage, &sin6, sizeof(sin6));
  }
  return *resolver::Address::FromSockaddr(
      reinterpret_cast<const sockaddr*>(&storage), len);
}

/// A numeric address for test tables: "192.0.2.1", "2001:db8::1",
/// "fe80::1%3" (numeric scope only). Aborts on bad input: a broken test table.
inline resolver::Address Addr(std::string_view text) {
  const size_t percent = text.find('%');
  auto base = resolver::Address::ParseNumeric(text.substr(0, percent));
  if (!base) std::abort();
  if (percent == std::string_view::npos) return *base;
  return WithScope(*base, static_cast<std::uint32_t>(std::stoul(
                              std::string(text.substr(percent + 1)))));
}

/// NameResolver fake: scripted host -> addresses or EAI error; records calls.
/// Resolve() answers in the scripted order (the "system" order). The
/// per-family lookups (StartLookups/NextAnswer) split the same script by
/// family; a family without addresses answers EAI_NODATA. Each family may
/// be given a delay in fake time (or never answer); with a FakeClock,
/// NextAnswer() moves the clock to the answer it returns, or to `until` when
/// none is due by then; a FakeClock::SignalAt() ends the wait at the signal.
/// Without a clock every answer is due at once.
class FakeNameResolver : public resolver::NameResolver {
 public:
  FakeNameResolver() = default;
  explicit FakeNameResolver(FakeClock& clock) : clock_(&clock) {}
  void SetClock(FakeClock* clock) { clock_ = clock; }

  void AddHost(const std::string& host, const std::vector<std::string>& texts) {
    std::vector<resolver::Address> list;
    for (const std::string& t : texts) list.push_back(Addr(t));
    hosts_[host] = list;
    failures_.erase(host);
  }
  /// Resolve(host) fails with EAI code `eai` in ResolverCategory().
  void FailHost(const std::string& host, int eai) {
    failures_[host] = Error{std::error_code(eai, resolver::ResolverCategory()),
                            host};
    hosts_.erase(host);
  }
  /// The per-family lookup of `family` for `host` answers after `delay_ms`
  /// of fake time; -1: never.
  void SetLookupDelay(const std::string& host, resolver::Family family,
                      int delay_ms) {
    delays_[{host, family}] = delay_ms;
  }
  /// The per-family lookup of `family` fails with `eai`, whatever the
  /// addresses.
  void FailFamily(const std::string& host, resolver::Family family, int eai) {
    family_failures_[{host, family}] = eai;
  }
  /// "%name" in ParseNumericHost becomes scope `index`.
  void AddInterface(const std::string& name, std::uint32_t index) {
    interfaces_[name] = index;
  }

  /// Resolve(host) answers after `delay_ms` of fake time; -1: never.
  void SetResolveDelay(const std::string& host, int delay_ms) {
    resolve_delays_[host] = delay_ms;
  }

  Result<std::vector<resolver::Address>> Resolve(const std::string& host,
                                                 SteadyTime until) override {
    resolve_calls.push_back(host);
    if (auto d = resolve_delays_.find(host); d != resolve_delays_.end() && clock_) {
      const SteadyTime limit = clock_->WaitLimit(until);
      const bool never = d->second < 0;
      const SteadyTime due = clock_->Now() + std::chrono::milliseconds(never ? 0 : d->second);
      if (never || due > limit) {
        clock_->AdvanceTo(limit);
        return ErrnoError(clock_->Now() >= until ? ETIMEDOUT : EINTR, host);
      }
      clock_->AdvanceTo(due);
    }
    if (auto f = failures_.find(host); f != failures_.end()) return f->second;
    if (auto h = hosts_.find(host); h != hosts_.end()) return h->second;
    return Error{std::error_code(EAI_NONAME, resolver::ResolverCategory()),
                 host};
  }

  Result<resolver::Address> ParseNumericHost(const std::string& text) override {
    numeric_calls.push_back(text);
    const Error no_name{std::error_code(EAI_NONAME, resolver::ResolverCategory()),
                        text};
    const size_t percent = text.find('%');
    auto base = resolver::Address::ParseNumeric(
        std::string_view(text).substr(0, percent));
    if (!base) return no_name;
    if (percent == std::string::npos) return *base;
    if (base->family() != resolver::Family::kV6) return no_name;
    const std::string scope = text.substr(percent + 1);
    if (scope.empty()) return no_name;
    if (scope.find_first_not_of("0123456789") == std::string::npos)
      return WithScope(*base, static_cast<std::uint32_t>(std::stoul(scope)));
    auto it = interfaces_.find(scope);
    if (it == interfaces_.end()) return no_name;
    return WithScope(*base, it->second);
  }

  void StartLookups(const std::string& host, bool want_v4,
                    bool want_v6) override {
    lookup_calls.push_back({host, want_v4, want_v6});
    // AAAA first, as the real resolver starts them.
    for (resolver::Family family : {resolver::Family::kV6, resolver::Family::kV4}) {
      if (!(family == resolver::Family::kV4 ? want_v4 : want_v6)) continue;
      Pending p{family, std::nullopt, FamilyResult(host, family)};
      int delay = 0;
      if (auto d = delays_.find({host, family}); d != delays_.end()) delay = d->second;
      if (delay >= 0) p.due = Now() + std::chrono::milliseconds(delay);
      pending_.push_back(std::move(p));
    }
  }

  std::optional<resolver::FamilyAnswer> NextAnswer(
      SteadyTime until) override {
    if (clock_ != nullptr) until = clock_->WaitLimit(until);
    size_t best = pending_.size();
    for (size_t i = 0; i < pending_.size(); ++i) {
      if (!pending_[i].due) continue;
      if (best == pending_.size() || *pending_[i].due < *pending_[best].due) best = i;
    }
    if (best == pending_.size() || (clock_ != nullptr && *pending_[best].due > until)) {
      if (clock_ != nullptr) clock_->AdvanceTo(until);
      return std::nullopt;
    }
    if (clock_ != nullptr) clock_->AdvanceTo(*pending_[best].due);
    resolver::FamilyAnswer answer{pending_[best].family,
                                  std::move(pending_[best].result)};
    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(best));
    return answer;
  }

  int LookupsOutstanding() const override {
    return static_cast<int>(pending_.size());
  }

  struct LookupCall {
    std::string host;
    bool want_v4;
    bool want_v6;
  };
  std::vector<std::string> resolve_calls;
  std::vector<std::string> numeric_calls;
  std::vector<LookupCall> lookup_calls;

 private:
  struct Pending {
    resolver::Family family;
    std::optional<SteadyTime> due;  // nullopt: never
    Result<std::vector<resolver::Address>> result;
  };

  SteadyTime Now() const {
    return clock_ != nullptr ? clock_->Now() : SteadyTime{};
  }

  Result<std::vector<resolver::Address>> FamilyResult(const std::string& host,
                                                      resolver::Family family) {
    auto error = [&](int eai) {
      return Error{std::error_code(eai, resolver::ResolverCategory()), host};
    };
    if (auto f = family_failures_.find({host, family}); f != family_failures_.end())
      return error(f->second);
    if (auto f = failures_.find(host); f != failures_.end()) return f->second;
    auto h = hosts_.find(host);
    if (h == hosts_.end()) return error(EAI_NONAME);
    std::vector<resolver::Address> out;
    for (const resolver::Address& a : h->second)
      if (a.family() == family) out.push_back(a);
    if (out.empty()) return error(EAI_NODATA);
    return out;
  }

  FakeClock* clock_ = nullptr;
  std::vector<Pending> pending_;
  std::map<std::pair<std::string, resolver::Family>, int> delays_;
  std::map<std::string, int> resolve_delays_;
  std::map<std::pair<std::string, resolver::Family>, int> family_failures_;
  std::map<std::string, std::vector<resolver::Address>> hosts_;
  std::map<std::string, Error> failures_;
  std::map<std::string, std::uint32_t> interfaces_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_NAME_RESOLVER_H_
