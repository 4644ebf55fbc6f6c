// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/rtt_history.h"

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace mount_cifs::resolver {
namespace {

using std::chrono::microseconds;

// From <linux/tcp_metrics.h> (ABI; spelled out because the headers of older
// build hosts lack the microsecond attributes).
constexpr std::string_view kFamilyName = "tcp_metrics";
constexpr std::uint8_t kCmdGet = 1;          // TCP_METRICS_CMD_GET
constexpr std::uint16_t kAttrAddrV4 = 1;     // TCP_METRICS_ATTR_ADDR_IPV4
constexpr std::uint16_t kAttrAddrV6 = 2;     // TCP_METRICS_ATTR_ADDR_IPV6
constexpr std::uint16_t kAttrSaddrV4 = 11;   // TCP_METRICS_ATTR_SADDR_IPV4
constexpr std::uint16_t kAttrSaddrV6 = 12;   // TCP_METRICS_ATTR_SADDR_IPV6
constexpr std::uint16_t kAttrAge = 3;        // TCP_METRICS_ATTR_AGE, ms (u64)
constexpr std::uint16_t kAttrVals = 6;       // TCP_METRICS_ATTR_VALS (nested)
// Inside kAttrVals the type is the metric index + 1.
constexpr std::uint16_t kValRtt = 1;         // ms units, value << 3
constexpr std::uint16_t kValRttVar = 2;      // ms units, value << 2
constexpr std::uint16_t kValRttUs = 6;       // us units, value << 3 (3.15+)
constexpr std::uint16_t kValRttVarUs = 7;    // us units, value << 2 (3.15+)

constexpr std::size_t kHeader = NLMSG_HDRLEN + GENL_HDRLEN;

std::size_t Align(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

template <typename T>
T Load(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

class Writer {
 public:
  Writer(std::uint16_t type, std::uint32_t seq, std::uint8_t cmd) {
    bytes_.resize(kHeader, 0);
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_flags = NLM_F_REQUEST;
    h.nlmsg_seq = seq;
    std::memcpy(bytes_.data(), &h, sizeof(h));
    genlmsghdr g{};
    g.cmd = cmd;
    g.version = 1;
    std::memcpy(bytes_.data() + NLMSG_HDRLEN, &g, sizeof(g));
  }
  void Attr(std::uint16_t type, const void* data, std::size_t len) {
    nlattr a{};
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
    a.nla_type = type;
    const std::size_t at = bytes_.size();
    bytes_.resize(at + Align(NLA_HDRLEN + len), 0);
    std::memcpy(bytes_.data() + at, &a, sizeof(a));
    std::memcpy(bytes_.data() + at + NLA_HDRLEN, data, len);
  }
  std::vector<std::uint8_t> Take() {
    const auto len = static_cast<std::uint32_t>(bytes_.size());
    std::memcpy(bytes_.data(), &len, sizeof(len));  // nlmsg_len comes first
    return std::move(bytes_);
  }

 private:
  std::vector<std::uint8_t> bytes_;
};

struct Span {
  const std::uint8_t* data;
  std::size_t size;
};

// The generic netlink payload (attributes) of the one message answering
// `seq` with `type`; nullopt for an error answer or malformed bytes.
std::optional<Span> Payload(const std::uint8_t* data, std::size_t size,
                            std::uint16_t type, std::uint32_t seq) {
  std::size_t off = 0;
  while (size - off >= NLMSG_HDRLEN) {
    const auto h = Load<nlmsghdr>(data + off);
    if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > size - off) return std::nullopt;
    if (h.nlmsg_seq == seq) {
      if (h.nlmsg_type != type || h.nlmsg_len < kHeader) return std::nullopt;
      return Span{data + off + kHeader, h.nlmsg_len - kHeader};
    }
    off += std::min<std::size_t>(Align(h.nlmsg_len), size - off);
  }
  return std::nullopt;
}

// Calls f(type, payload) for each attribute; false when malformed.
template <typename F>
bool EachAttr(Span s, F f) {
  std::size_t off = 0;
  while (s.size - off >= NLA_HDRLEN) {
    const auto a = Load<nlattr>(s.data + off);
    if (a.nla_len < NLA_HDRLEN || a.nla_len > s.size - off) return false;
    f(static_cast<std::uint16_t>(a.nla_type & NLA_TYPE_MASK),
      Span{s.data + off + NLA_HDRLEN, a.nla_len - std::size_t{NLA_HDRLEN}});
    off += std::min<std::size_t>(Align(a.nla_len), s.size - off);
  }
  return true;
}

}  // namespace

std::chrono::milliseconds AttemptDelayFromRtt(const RttSample& s) {
  const microseconds rto = s.rtt + 4 * s.rttvar;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(rto);
  return std::clamp(ms, kMinRttAttemptDelay, kMaxRttAttemptDelay);
}

std::vector<std::uint8_t> BuildFamilyRequest(std::uint32_t seq) {
  Writer w(GENL_ID_CTRL, seq, CTRL_CMD_GETFAMILY);
  const std::string name(kFamilyName);
  w.Attr(CTRL_ATTR_FAMILY_NAME, name.c_str(), name.size() + 1);
  return w.Take();
}

std::optional<std::uint16_t> ParseFamilyReply(const std::uint8_t* data,
                                              std::size_t size,
                                              std::uint32_t seq) {
  auto payload = Payload(data, size, GENL_ID_CTRL, seq);
  if (!payload) return std::nullopt;
  std::optional<std::uint16_t> id;
  bool named = false;
  const bool ok = EachAttr(*payload, [&](std::uint16_t type, Span v) {
    if (type == CTRL_ATTR_FAMILY_ID && v.size >= 2) id = Load<std::uint16_t>(v.data);
    if (type == CTRL_ATTR_FAMILY_NAME)
      named = std::string_view(reinterpret_cast<const char*>(v.data),
                               strnlen(reinterpret_cast<const char*>(v.data), v.size)) ==
              kFamilyName;
  });
  if (!ok || !named || !id || *id < NLMSG_MIN_TYPE) return std::nullopt;
  return id;
}

std::vector<std::uint8_t> BuildMetricsRequest(std::uint16_t family_id,
                                              std::uint32_t seq,
                                              const Address& address,
                                              const std::optional<Address>& source) {
  Writer w(family_id, seq, kCmdGet);
  if (address.family() == Family::kV4) {
    w.Attr(kAttrAddrV4, address.bytes(), 4);
  } else {
    w.Attr(kAttrAddrV6, address.bytes(), 16);
  }
  if (source && source->family() == address.family()) {
    if (source->family() == Family::kV4) {
      w.Attr(kAttrSaddrV4, source->bytes(), 4);
    } else {
      w.Attr(kAttrSaddrV6, source->bytes(), 16);
    }
  }
  return w.Take();
}

std::optional<RttSample> ParseMetricsReply(const std::uint8_t* data,
                                           std::size_t size,
                                           std::uint16_t family_id,
                                           std::uint32_t seq) {
  auto payload = Payload(data, size, family_id, seq);
  if (!payload) return std::nullopt;
  std::uint32_t vals[8] = {};
  std::uint64_t age_ms = 0;
  bool nested_ok = true;
  const bool ok = EachAttr(*payload, [&](std::uint16_t type, Span v) {
    if (type == kAttrAge) {
      // u64 since 4.x (nla_put_msecs), u32 before.
      if (v.size >= 8) age_ms = Load<std::uint64_t>(v.data);
      else if (v.size >= 4) age_ms = Load<std::uint32_t>(v.data);
      return;
    }
    if (type != kAttrVals) return;
    nested_ok = EachAttr(v, [&](std::uint16_t metric, Span m) {
      if (metric < 8 && m.size >= 4) vals[metric] = Load<std::uint32_t>(m.data);
    });
  });
  if (!ok || !nested_ok) return std::nullopt;
  if (age_ms > static_cast<std::uint64_t>(kMaxRttHistoryAge.count())) return std::nullopt;
  // As iproute2 reads them: the microsecond forms when present.
  RttSample s;
  if (vals[kValRttUs] != 0) {
    s.rtt = microseconds(vals[kValRttUs] >> 3);
  } else {
    s.rtt = microseconds((std::uint64_t{vals[kValRtt]} * 1000) >> 3);
  }
  if (vals[kValRttVarUs] != 0) {
    s.rttvar = microseconds(vals[kValRttVarUs] >> 2);
  } else {
    s.rttvar = microseconds((std::uint64_t{vals[kValRttVar]} * 1000) >> 2);
  }
  // No RTT: the entry exists but its last connection never measured one.
  if (s.rtt.count() == 0) return std::nullopt;
  return s;
}

}  // namespace mount_cifs::resolver
