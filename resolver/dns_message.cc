// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/dns_message.h"

#include <cstring>

#include "resolver/base/text.h"

namespace mount_cifs::resolver {
namespace {

constexpr std::size_t kHeader = 12;
constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxAddresses = 32;
constexpr std::uint16_t kClassIn = 1;

Error Malformed(const char* what) {
  return Error{std::make_error_code(std::errc::bad_message), what};
}

// Lower case, without the root's trailing dot: names compare this way.
std::string LowerName(std::string_view name) {
  std::string out = LowerAscii(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool U16(std::size_t* at, std::uint16_t* out) const {
    if (*at > size_ || size_ - *at < 2) return false;
    *out = static_cast<std::uint16_t>((data_[*at] << 8) | data_[*at + 1]);
    *at += 2;
    return true;
  }
  bool U32(std::size_t* at, std::uint32_t* out) const {
    std::uint16_t hi = 0, lo = 0;
    if (!U16(at, &hi) || !U16(at, &lo)) return false;
    *out = (static_cast<std::uint32_t>(hi) << 16) | lo;
    return true;
  }
  // A possibly compressed name at *at; *at moves past its bytes in place.
  // Pointers must point strictly backwards (before the label that holds
  // them), so a chain always ends; the text form is bounded by kMaxName.
  // Labels with bytes other than printable ASCII are refused: no name the
  // helper compares with or logs may carry control bytes.
  bool Name(std::size_t* at, std::string* out) const {
    out->clear();
    std::size_t pos = *at;
    bool jumped = false;
    for (int hops = 0; hops < 64; ++hops) {
      if (pos >= size_) return false;
      const std::uint8_t len = data_[pos];
      if (len == 0) {
        if (!jumped) *at = pos + 1;
        return true;
      }
      if ((len & 0xC0) == 0xC0) {
        if (pos + 1 >= size_) return false;
        const std::size_t target = (static_cast<std::size_t>(len & 0x3F) << 8) | data_[pos + 1];
        if (target >= pos) return false;  // forwards or to itself: a loop
        if (!jumped) *at = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if ((len & 0xC0) != 0) return false;  // 0x40/0x80: reserved label types
      if (pos + 1 + len > size_) return false;
      if (out->size() + len + 1 > kMaxName) return false;
      for (std::size_t i = 0; i < len; ++i) {
        const std::uint8_t c = data_[pos + 1 + i];
        if (c <= 0x20 || c >= 0x7f || c == '.') return false;
        *out += static_cast<char>(c);
      }
      *out += '.';
      pos += 1 + len;
    }
    return false;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

std::optional<Address> AddressFrom(const std::uint8_t* rdata, std::uint16_t length,
                                   std::uint16_t type) {
  if (type == static_cast<std::uint16_t>(DnsType::kA) && length == 4) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, rdata, 4);
    return Address::FromSockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof(sin));
  }
  if (type == static_cast<std::uint16_t>(DnsType::kAaaa) && length == 16) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, rdata, 16);
    return Address::FromSockaddr(reinterpret_cast<const sockaddr*>(&sin6), sizeof(sin6));
  }
  return std::nullopt;
}

}  // namespace

bool IsQueryableName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  for (char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > 63) return false;
  }
  return label > 0;
}

Result<std::vector<std::uint8_t>> BuildDnsQuery(std::uint16_t id, std::string_view name,
                                                DnsType type) {
  if (!IsQueryableName(name))
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "not a DNS name: \"" + std::string(name) + "\""};
  if (name.back() == '.') name.remove_suffix(1);
  std::vector<std::uint8_t> q = {static_cast<std::uint8_t>(id >> 8),
                                 static_cast<std::uint8_t>(id & 0xFF),
                                 0x01, 0x00,  // RD
                                 0, 1, 0, 0, 0, 0, 0, 0};
  while (!name.empty()) {
    const std::size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    q.push_back(static_cast<std::uint8_t>(label.size()));
    q.insert(q.end(), label.begin(), label.end());
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  }
  q.push_back(0);
  const auto t = static_cast<std::uint16_t>(type);
  q.push_back(static_cast<std::uint8_t>(t >> 8));
  q.push_back(static_cast<std::uint8_t>(t & 0xFF));
  q.push_back(0);
  q.push_back(kClassIn);
  return q;
}

Result<DnsReply> ParseDnsReply(const std::uint8_t* data, std::size_t size,
                               std::uint16_t id, std::string_view name, DnsType type) {
  if (data == nullptr || size < kHeader) return Malformed("shorter than a DNS header");
  if (size > kMaxDnsMessage) return Malformed("longer than a DNS reply may be");
  const Reader r(data, size);
  std::size_t at = 0;
  std::uint16_t got_id = 0, flags = 0, qd = 0, an = 0, ns = 0, ar = 0;
  if (!r.U16(&at, &got_id) || !r.U16(&at, &flags) || !r.U16(&at, &qd) ||
      !r.U16(&at, &an) || !r.U16(&at, &ns) || !r.U16(&at, &ar))
    return Malformed("short header");
  if (got_id != id) return Malformed("another query's id");
  if ((flags & 0x8000) == 0) return Malformed("not a response");
  if ((flags & 0x7800) != 0) return Malformed("not a standard query");
  if (flags & 0x0200)
    return Error{std::make_error_code(std::errc::message_size), "truncated (TC)"};
  if (qd != 1) return Malformed("not one question");
  std::string qname;
  std::uint16_t qtype = 0, qclass = 0;
  if (!r.Name(&at, &qname) || !r.U16(&at, &qtype) || !r.U16(&at, &qclass))
    return Malformed("bad question");
  if (LowerName(qname) != LowerName(name) || qtype != static_cast<std::uint16_t>(type) ||
      qclass != kClassIn)
    return Malformed("another question");

  DnsReply reply;
  reply.rcode = flags & 0x000F;
  const std::size_t records = static_cast<std::size_t>(an) + ns + ar;
  for (std::size_t i = 0; i < records; ++i) {
    const bool answer = i < an;
    std::string owner;
    std::uint16_t rtype = 0, rclass = 0, rdlength = 0;
    std::uint32_t ttl = 0;
    if (!r.Name(&at, &owner) || !r.U16(&at, &rtype) || !r.U16(&at, &rclass) ||
        !r.U32(&at, &ttl) || !r.U16(&at, &rdlength))
      return Malformed("bad record header");
    if (rdlength > size - at) return Malformed("record longer than the message");
    const std::size_t rdata = at;
    at += rdlength;
    if (rclass != kClassIn) continue;
    if (answer && rtype == static_cast<std::uint16_t>(DnsType::kSrv) &&
        type == DnsType::kSrv) {
      if (LowerName(owner) != LowerName(name)) continue;  // not what we asked
      std::size_t p = rdata;
      SrvRecord srv;
      std::string target;
      // The target may use compression (Samba's does); it must still end
      // inside this record.
      const Reader bounded(data, rdata + rdlength);
      if (!bounded.U16(&p, &srv.priority) || !bounded.U16(&p, &srv.weight) ||
          !bounded.U16(&p, &srv.port) || !bounded.Name(&p, &target) ||
          p != rdata + rdlength)
        return Malformed("bad SRV record");
      srv.target = LowerName(target);
      // RFC 2782: a target of "." means the service is not here.
      if (srv.target.empty()) continue;
      if (reply.srv.size() < kMaxSrvRecords) reply.srv.push_back(std::move(srv));
      continue;
    }
    if (rtype == static_cast<std::uint16_t>(DnsType::kA) ||
        rtype == static_cast<std::uint16_t>(DnsType::kAaaa)) {
      auto address = AddressFrom(data + rdata, rdlength, rtype);
      if (!address) return Malformed("bad address record");
      if (reply.addresses.size() < kMaxAddresses)
        reply.addresses.push_back(HostAddress{LowerName(owner), *address});
    }
  }
  return reply;
}

}  // namespace mount_cifs::resolver
