// SPDX-License-Identifier: GPL-3.0-or-later
// ParseRouteMessages(): what an rtnetlink datagram says changed; and the
// real RtnetlinkEvents' timer and listening without privilege.
#include "resolver/network_events.h"

#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "resolver/sys/rtnetlink_events.h"

namespace mount_cifs::resolver {
namespace {

// One netlink message of `type` with `payload` bytes of zeros, padded.
void Append(std::vector<std::uint8_t>* out, std::uint16_t type,
            std::size_t payload = 16) {
  nlmsghdr h{};
  h.nlmsg_len = static_cast<std::uint32_t>(NLMSG_LENGTH(payload));
  h.nlmsg_type = type;
  const std::size_t at = out->size();
  out->resize(at + NLMSG_SPACE(payload), 0);
  std::memcpy(out->data() + at, &h, sizeof(h));
}

NetworkChange Parse(const std::vector<std::uint8_t>& d) {
  return ParseRouteMessages(d.data(), d.size());
}

TEST(RouteMessages, EachGroup) {
  for (auto [type, link, address, route] :
       {std::tuple{RTM_NEWLINK, true, false, false},
        std::tuple{RTM_DELLINK, true, false, false},
        std::tuple{RTM_NEWADDR, false, true, false},
        std::tuple{RTM_DELADDR, false, true, false},
        std::tuple{RTM_NEWROUTE, false, false, true},
        std::tuple{RTM_DELROUTE, false, false, true}}) {
    std::vector<std::uint8_t> d;
    Append(&d, static_cast<std::uint16_t>(type));
    const NetworkChange c = Parse(d);
    EXPECT_EQ(c.link, link) << type;
    EXPECT_EQ(c.address, address) << type;
    EXPECT_EQ(c.route, route) << type;
    EXPECT_FALSE(c.lost);
  }
}

TEST(RouteMessages, SeveralMessagesInOneDatagram) {
  std::vector<std::uint8_t> d;
  Append(&d, RTM_NEWLINK, 13);  // padded to 16
  Append(&d, RTM_NEWADDR, 1);
  Append(&d, RTM_NEWROUTE);
  const NetworkChange c = Parse(d);
  EXPECT_TRUE(c.link && c.address && c.route);
}

TEST(RouteMessages, OtherTypesSayNothing) {
  std::vector<std::uint8_t> d;
  Append(&d, NLMSG_NOOP);
  Append(&d, NLMSG_DONE);
  Append(&d, NLMSG_ERROR);
  Append(&d, RTM_NEWNEIGH);
  EXPECT_FALSE(Parse(d).any());
  EXPECT_FALSE(ParseRouteMessages(nullptr, 0).any());
}

TEST(RouteMessages, MalformedLengthsEndTheWalk) {
  std::vector<std::uint8_t> d;
  Append(&d, RTM_NEWLINK);
  std::vector<std::uint8_t> bad = d;
  // A length shorter than the header: nothing is read.
  nlmsghdr h;
  std::memcpy(&h, bad.data(), sizeof(h));
  h.nlmsg_len = 4;
  std::memcpy(bad.data(), &h, sizeof(h));
  EXPECT_FALSE(Parse(bad).any());
  // A length past the end of the datagram: not read either.
  h.nlmsg_len = static_cast<std::uint32_t>(d.size() + 1);
  std::memcpy(bad.data(), &h, sizeof(h));
  EXPECT_FALSE(Parse(bad).any());
  // A valid message, then a truncated one: the first counts.
  std::vector<std::uint8_t> cut = d;
  Append(&cut, RTM_NEWROUTE);
  cut.resize(cut.size() - 8);
  const NetworkChange c = Parse(cut);
  EXPECT_TRUE(c.link);
  EXPECT_FALSE(c.route);
  // A lone partial header.
  d.resize(sizeof(nlmsghdr) - 1);
  EXPECT_FALSE(Parse(d).any());
}

TEST(RouteMessages, UnalignedBuffer) {
  std::vector<std::uint8_t> d(1, 0);
  Append(&d, RTM_NEWADDR);
  EXPECT_TRUE(ParseRouteMessages(d.data() + 1, d.size() - 1).address);
}

TEST(RouteMessages, ChangesMerge) {
  NetworkChange a, b;
  a.link = true;
  b.lost = true;
  a |= b;
  EXPECT_TRUE(a.link && a.lost && a.any());
  EXPECT_FALSE(NetworkChange{}.any());
}

// The real adapter: any user may listen (rtnetlink's groups need no
// privilege); with nothing changing, Wait() returns at `until`, empty.
TEST(RtnetlinkEvents, ListensAndTimesOut) {
  RtnetlinkEvents events;
  ASSERT_TRUE(events.Listen().ok());
  ASSERT_TRUE(events.Listen().ok());  // idempotent
  const auto start = std::chrono::steady_clock::now();
  // Events of the host may come (other tests, containers): then Wait()
  // returns early with a change; without one it returns at the timer.
  const NetworkChange c = events.Wait(start + std::chrono::milliseconds(30));
  const auto took = std::chrono::steady_clock::now() - start;
  if (!c.any()) {
    EXPECT_GE(took, std::chrono::milliseconds(30));
  }
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(RtnetlinkEvents, WithoutListenWaitOnlySleeps) {
  RtnetlinkEvents events;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(events.Wait(start + std::chrono::milliseconds(20)).any());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
}

}  // namespace
}  // namespace mount_cifs::resolver
