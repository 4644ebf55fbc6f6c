// SPDX-License-Identifier: GPL-3.0-or-later
// The AD site lookup's UDP seam in fake time: every datagram sent is
// recorded; a test's responder says what comes back and after how long.
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "resolver/ad_site.h"
#include "tests/fakes/fake_name_resolver.h"
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

  void Exchange(
      const std::vector<resolver::Datagram>& out, SteadyTime until,
      const std::function<bool(std::size_t, const std::vector<std::uint8_t>&)>&
          accept,
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
      for (FakeReply& r : respond(out[i]))
        pending.push_back({start + r.after, i, r.bytes});
    }
    std::stable_sort(
        pending.begin(), pending.end(),
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

/// A DNS reply to `query` from tables (lower-case names): SRV targets
/// (priority 0, weight 100, port 389), A/AAAA addresses, NXDOMAIN for
/// anything else; no additional records, as Samba's internal DNS.
inline std::vector<std::uint8_t> FakeDnsAnswer(
    const std::vector<std::uint8_t>& query,
    const std::map<std::string, std::vector<std::string>>& srv_,
    const std::map<std::string, std::vector<std::string>>& hosts_) {
  using Bytes = std::vector<std::uint8_t>;
  using resolver::Address;
  using resolver::Family;
  std::string name;
  std::size_t at = 12;
  while (at < query.size() && query[at] != 0) {
    if (!name.empty()) name += '.';
    name.append(query.begin() + at + 1, query.begin() + at + 1 + query[at]);
    at += 1 + query[at];
  }
  std::string lower;
  for (char c : name)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const int type = (query[at + 1] << 8) | query[at + 2];
  Bytes reply(query.begin(), query.begin() + static_cast<long>(at) + 5);
  reply[2] = 0x85;
  reply[3] = 0x80;
  std::uint16_t count = 0;
  auto record = [&](std::uint16_t rtype, const Bytes& rdata) {
    reply.insert(reply.end(),
                 {0xC0, 12, static_cast<std::uint8_t>(rtype >> 8),
                  static_cast<std::uint8_t>(rtype & 0xff), 0, 1, 0, 0, 0, 60,
                  static_cast<std::uint8_t>(rdata.size() >> 8),
                  static_cast<std::uint8_t>(rdata.size() & 0xff)});
    reply.insert(reply.end(), rdata.begin(), rdata.end());
    ++count;
  };
  if (type == 33 && srv_.count(lower)) {
    for (const std::string& target : srv_.at(lower)) {
      Bytes rdata = {0, 0, 0, 100, 1, 0x85};
      std::size_t p = 0;
      while (p <= target.size()) {
        const std::size_t dot = std::min(target.find('.', p), target.size());
        rdata.push_back(static_cast<std::uint8_t>(dot - p));
        rdata.insert(rdata.end(), target.begin() + static_cast<long>(p),
                     target.begin() + static_cast<long>(dot));
        p = dot + 1;
      }
      rdata.push_back(0);
      record(33, rdata);
    }
  } else if ((type == 1 || type == 28) && hosts_.count(lower)) {
    for (const std::string& text : hosts_.at(lower)) {
      const Address a = Addr(text);
      if ((a.family() == Family::kV4) != (type == 1)) continue;
      record(static_cast<std::uint16_t>(type),
             Bytes(a.bytes(), a.bytes() + (type == 1 ? 4 : 16)));
    }
  } else {
    reply[3] = 0x83;  // NXDOMAIN
  }
  reply[6] = static_cast<std::uint8_t>(count >> 8);
  reply[7] = static_cast<std::uint8_t>(count & 0xff);
  return reply;
}

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_DATAGRAM_NET_H_
