// SPDX-License-Identifier: GPL-3.0-or-later
// RTT history: the attempt delay it gives, and the generic netlink messages
// that fetch it (the socket side is exercised against the real kernel by
// tests/integration).
#include "resolver/rtt_history.h"

#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace mount_cifs::resolver {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

struct DelayCase {
  long rtt_us, rttvar_us, delay_ms;
};

TEST(RttHistory, AttemptDelayIsTheRetransmitTimeoutWithinBounds) {
  const DelayCase cases[] = {
      {24, 22, 100},             // a LAN: the 100 ms floor
      {20000, 5000, 100},        // 20 + 4 * 5 = 40 ms: still the floor
      {80000, 10000, 120},       // 80 + 40
      {150000, 0, 150},
      {100400, 100, 101},        // rounded up, never down
      {400000, 50000, 600},
      {1500000, 1000000, 2000},  // the 2 s ceiling
  };
  for (const DelayCase& c : cases) {
    EXPECT_EQ(AttemptDelayFromRtt({microseconds(c.rtt_us), microseconds(c.rttvar_us)}),
              milliseconds(c.delay_ms))
        << c.rtt_us << " us / " << c.rttvar_us << " us";
  }
}

// A kernel answer: one generic netlink message with attributes.
class Message {
 public:
  Message(std::uint16_t type, std::uint32_t seq) {
    bytes_.resize(NLMSG_HDRLEN + GENL_HDRLEN, 0);
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_seq = seq;
    std::memcpy(bytes_.data(), &h, sizeof(h));
  }
  Message& Attr(std::uint16_t type, const std::vector<std::uint8_t>& payload) {
    nlattr a{};
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + payload.size());
    a.nla_type = type;
    const std::size_t at = bytes_.size();
    bytes_.resize(at + NLA_ALIGN(a.nla_len), 0);
    std::memcpy(bytes_.data() + at, &a, sizeof(a));
    if (!payload.empty())
      std::memcpy(bytes_.data() + at + NLA_HDRLEN, payload.data(), payload.size());
    return *this;
  }
  Message& U32(std::uint16_t type, std::uint32_t v) { return Attr(type, Bytes(v)); }
  std::vector<std::uint8_t> Take() {
    const auto len = static_cast<std::uint32_t>(bytes_.size());
    std::memcpy(bytes_.data(), &len, sizeof(len));
    return bytes_;
  }
  static std::vector<std::uint8_t> Bytes(std::uint32_t v) {
    std::vector<std::uint8_t> b(4);
    std::memcpy(b.data(), &v, 4);
    return b;
  }
  static std::vector<std::uint8_t> Bytes16(std::uint16_t v) {
    std::vector<std::uint8_t> b(2);
    std::memcpy(b.data(), &v, 2);
    return b;
  }

 private:
  std::vector<std::uint8_t> bytes_;
};

// The nested TCP_METRICS_ATTR_VALS (6) of the given metric attributes.
std::vector<std::uint8_t> Vals(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& m) {
  Message inner(0, 0);
  for (const auto& [type, v] : m) inner.U32(type, v);
  std::vector<std::uint8_t> b = inner.Take();
  return std::vector<std::uint8_t>(b.begin() + NLMSG_HDRLEN + GENL_HDRLEN, b.end());
}

std::vector<std::uint8_t> Name(const std::string& s) {
  return std::vector<std::uint8_t>(s.c_str(), s.c_str() + s.size() + 1);
}

std::vector<std::uint8_t> U64(std::uint64_t v) {
  std::vector<std::uint8_t> b(8);
  std::memcpy(b.data(), &v, 8);
  return b;
}

TEST(RttHistory, FamilyRequestAsksForTcpMetrics) {
  const std::vector<std::uint8_t> req = BuildFamilyRequest(7);
  ASSERT_EQ(req.size(), NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(NLA_HDRLEN + 12));
  nlmsghdr h;
  std::memcpy(&h, req.data(), sizeof(h));
  EXPECT_EQ(h.nlmsg_len, req.size());
  EXPECT_EQ(h.nlmsg_type, GENL_ID_CTRL);
  EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST);
  EXPECT_EQ(h.nlmsg_seq, 7u);
  EXPECT_EQ(req[NLMSG_HDRLEN], CTRL_CMD_GETFAMILY);
  nlattr a;
  std::memcpy(&a, req.data() + NLMSG_HDRLEN + GENL_HDRLEN, sizeof(a));
  EXPECT_EQ(a.nla_type, CTRL_ATTR_FAMILY_NAME);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(req.data()) + NLMSG_HDRLEN +
                        GENL_HDRLEN + NLA_HDRLEN),
            "tcp_metrics");
}

TEST(RttHistory, FamilyReplyGivesTheId) {
  auto reply = Message(GENL_ID_CTRL, 7)
                   .Attr(CTRL_ATTR_FAMILY_NAME, Name("tcp_metrics"))
                   .Attr(CTRL_ATTR_FAMILY_ID, Message::Bytes16(0x1d))
                   .Take();
  EXPECT_EQ(ParseFamilyReply(reply.data(), reply.size(), 7), 0x1d);
  // Another sequence number, another family, or a truncated answer: nothing.
  EXPECT_FALSE(ParseFamilyReply(reply.data(), reply.size(), 8));
  EXPECT_FALSE(ParseFamilyReply(reply.data(), reply.size() - 1, 7));
  auto other = Message(GENL_ID_CTRL, 7)
                   .Attr(CTRL_ATTR_FAMILY_NAME, Name("tcp_metricz"))
                   .Attr(CTRL_ATTR_FAMILY_ID, Message::Bytes16(0x1d))
                   .Take();
  EXPECT_FALSE(ParseFamilyReply(other.data(), other.size(), 7));
}

TEST(RttHistory, FamilyErrorMeansNoHistory) {
  // A kernel without the family answers NLMSG_ERROR (ENOENT).
  std::vector<std::uint8_t> err(NLMSG_HDRLEN + sizeof(nlmsgerr), 0);
  nlmsghdr h{};
  h.nlmsg_len = static_cast<std::uint32_t>(err.size());
  h.nlmsg_type = NLMSG_ERROR;
  h.nlmsg_seq = 7;
  std::memcpy(err.data(), &h, sizeof(h));
  const int code = -ENOENT;
  std::memcpy(err.data() + NLMSG_HDRLEN, &code, sizeof(code));
  EXPECT_FALSE(ParseFamilyReply(err.data(), err.size(), 7));
  EXPECT_FALSE(ParseMetricsReply(err.data(), err.size(), 0x1d, 7));
}

TEST(RttHistory, MetricsRequestCarriesTheAddress) {
  const auto v4 = BuildMetricsRequest(0x1d, 9, *Address::ParseNumeric("198.51.100.10"));
  nlmsghdr h;
  std::memcpy(&h, v4.data(), sizeof(h));
  EXPECT_EQ(h.nlmsg_type, 0x1d);
  EXPECT_EQ(h.nlmsg_seq, 9u);
  EXPECT_EQ(v4[NLMSG_HDRLEN], 1);  // TCP_METRICS_CMD_GET
  nlattr a;
  std::memcpy(&a, v4.data() + NLMSG_HDRLEN + GENL_HDRLEN, sizeof(a));
  EXPECT_EQ(a.nla_type, 1);  // TCP_METRICS_ATTR_ADDR_IPV4
  EXPECT_EQ(a.nla_len, NLA_HDRLEN + 4);
  const std::uint8_t want4[] = {198, 51, 100, 10};
  EXPECT_EQ(std::memcmp(v4.data() + NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN, want4, 4), 0);

  const auto v6 = BuildMetricsRequest(0x1d, 9, *Address::ParseNumeric("2001:db8::10"));
  std::memcpy(&a, v6.data() + NLMSG_HDRLEN + GENL_HDRLEN, sizeof(a));
  EXPECT_EQ(a.nla_type, 2);  // TCP_METRICS_ATTR_ADDR_IPV6
  EXPECT_EQ(a.nla_len, NLA_HDRLEN + 16);
  EXPECT_EQ(v6.size(), NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 16);
}

TEST(RttHistory, MetricsRequestNamesTheSourceSoHistoryStaysWithItsNetwork) {
  // HEv3: history per network. The kernel keys metrics by source and
  // destination; asking with today's source leaves another network's out.
  const auto v6 = BuildMetricsRequest(0x1d, 9, *Address::ParseNumeric("2001:db8::10"),
                                      Address::ParseNumeric("2001:db8::2"));
  ASSERT_EQ(v6.size(), NLMSG_HDRLEN + GENL_HDRLEN + 2 * (NLA_HDRLEN + 16));
  nlattr a;
  std::memcpy(&a, v6.data() + NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 16, sizeof(a));
  EXPECT_EQ(a.nla_type, 12);  // TCP_METRICS_ATTR_SADDR_IPV6
  EXPECT_EQ(a.nla_len, NLA_HDRLEN + 16);
  const auto v4 = BuildMetricsRequest(0x1d, 9, *Address::ParseNumeric("198.51.100.10"),
                                      Address::ParseNumeric("198.51.100.2"));
  std::memcpy(&a, v4.data() + NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 4, sizeof(a));
  EXPECT_EQ(a.nla_type, 11);  // TCP_METRICS_ATTR_SADDR_IPV4
  const std::uint8_t want4[] = {198, 51, 100, 2};
  EXPECT_EQ(std::memcmp(v4.data() + NLMSG_HDRLEN + GENL_HDRLEN + 2 * NLA_HDRLEN + 4, want4, 4),
            0);
  // A source of the other family is no source.
  EXPECT_EQ(BuildMetricsRequest(0x1d, 9, *Address::ParseNumeric("198.51.100.10"),
                                Address::ParseNumeric("2001:db8::2"))
                .size(),
            NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 4);
}

TEST(RttHistory, MetricsReplyPrefersMicroseconds) {
  // What a 6.x kernel sends for "rtt 24us rttvar 22us" (iproute2's reading):
  // RTT_US = 24 << 3, RTTVAR_US = 22 << 2, and the coarse ms forms.
  auto reply = Message(0x1d, 9)
                   .Attr(1, {198, 51, 100, 10})
                   .Attr(3, U64(1234))  // TCP_METRICS_ATTR_AGE
                   .Attr(6, Vals({{1, 1}, {6, 24 << 3}, {2, 1}, {7, 22 << 2}, {4, 10}}))
                   .Take();
  auto s = ParseMetricsReply(reply.data(), reply.size(), 0x1d, 9);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rtt, microseconds(24));
  EXPECT_EQ(s->rttvar, microseconds(22));
}

TEST(RttHistory, MetricsOlderThanAnHourAreNoHistory) {
  // TCP_METRICS_ATTR_AGE in ms: the kernel itself stops using values after
  // an hour (TCP_METRICS_TIMEOUT).
  auto fresh = Message(0x1d, 9).Attr(3, U64(3599 * 1000))
                   .Attr(6, Vals({{6, 24 << 3}, {7, 22 << 2}})).Take();
  EXPECT_TRUE(ParseMetricsReply(fresh.data(), fresh.size(), 0x1d, 9));
  auto stale = Message(0x1d, 9).Attr(3, U64(3601 * 1000))
                   .Attr(6, Vals({{6, 24 << 3}, {7, 22 << 2}})).Take();
  EXPECT_FALSE(ParseMetricsReply(stale.data(), stale.size(), 0x1d, 9));
  auto stale32 = Message(0x1d, 9).U32(3, 7200 * 1000)
                     .Attr(6, Vals({{6, 24 << 3}, {7, 22 << 2}})).Take();
  EXPECT_FALSE(ParseMetricsReply(stale32.data(), stale32.size(), 0x1d, 9));
}

TEST(RttHistory, MetricsReplyOfAnOldKernelInMilliseconds) {
  // Before 3.15 only the ms forms: 80 ms << 3 and 10 ms << 2.
  auto reply = Message(0x1d, 9).Attr(6, Vals({{1, 80 << 3}, {2, 10 << 2}})).Take();
  auto s = ParseMetricsReply(reply.data(), reply.size(), 0x1d, 9);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rtt, milliseconds(80));
  EXPECT_EQ(s->rttvar, milliseconds(10));
}

TEST(RttHistory, MetricsReplyWithoutRttIsNoHistory) {
  // The entry of a connection that never measured a round trip (the kernel
  // leaves zero values out): only cwnd.
  auto reply = Message(0x1d, 9).Attr(6, Vals({{4, 10}})).Take();
  EXPECT_FALSE(ParseMetricsReply(reply.data(), reply.size(), 0x1d, 9));
  auto bare = Message(0x1d, 9).Attr(1, {198, 51, 100, 10}).Take();
  EXPECT_FALSE(ParseMetricsReply(bare.data(), bare.size(), 0x1d, 9));
}

TEST(RttHistory, MalformedMetricsRepliesAreRejected) {
  auto good = Message(0x1d, 9).Attr(6, Vals({{6, 24 << 3}, {7, 22 << 2}})).Take();
  ASSERT_TRUE(ParseMetricsReply(good.data(), good.size(), 0x1d, 9));
  EXPECT_FALSE(ParseMetricsReply(good.data(), good.size(), 0x1e, 9));  // other type
  EXPECT_FALSE(ParseMetricsReply(good.data(), good.size(), 0x1d, 10));  // other seq
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    EXPECT_FALSE(ParseMetricsReply(good.data(), cut, 0x1d, 9)) << cut;
  // An attribute longer than its message.
  auto bad = good;
  nlattr a;
  std::memcpy(&a, bad.data() + NLMSG_HDRLEN + GENL_HDRLEN, sizeof(a));
  a.nla_len = static_cast<std::uint16_t>(a.nla_len + 8);
  std::memcpy(bad.data() + NLMSG_HDRLEN + GENL_HDRLEN, &a, sizeof(a));
  EXPECT_FALSE(ParseMetricsReply(bad.data(), bad.size(), 0x1d, 9));
  // A header whose length is shorter than a header.
  auto tiny = good;
  const std::uint32_t len = 4;
  std::memcpy(tiny.data(), &len, sizeof(len));
  EXPECT_FALSE(ParseMetricsReply(tiny.data(), tiny.size(), 0x1d, 9));
}

}  // namespace
}  // namespace mount_cifs::resolver
