// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/cldap.h"

#include "resolver/dns_message.h"

namespace mount_cifs::resolver {
namespace {

constexpr std::size_t kMaxDatagram = 4096;
constexpr std::size_t kMaxName = 255;
constexpr std::uint16_t kOpcodeResponseEx = 23;
constexpr std::uint16_t kOpcodeUserUnknownEx = 25;

Error Malformed(const char* what) {
  return Error{std::make_error_code(std::errc::bad_message), what};
}

// ---- BER (X.690), the subset LDAP uses; definite lengths only ----

void PutLength(std::vector<std::uint8_t>* out, std::size_t n) {
  if (n < 0x80) {
    out->push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out->push_back(0x81);
    out->push_back(static_cast<std::uint8_t>(n));
  } else {
    out->push_back(0x82);
    out->push_back(static_cast<std::uint8_t>(n >> 8));
    out->push_back(static_cast<std::uint8_t>(n & 0xFF));
  }
}

std::vector<std::uint8_t> Tlv(std::uint8_t tag, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> out = {tag};
  PutLength(&out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<std::uint8_t> Octets(std::string_view s) {
  return Tlv(0x04, std::vector<std::uint8_t>(s.begin(), s.end()));
}

std::vector<std::uint8_t> Cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<std::uint8_t> Integer(std::int32_t v) {
  // Minimal two's complement (v is positive here).
  std::vector<std::uint8_t> body;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>((static_cast<std::uint32_t>(v) >> shift) & 0xFF);
    if (body.empty() && byte == 0 && shift > 0) continue;
    if (body.empty() && (byte & 0x80)) body.push_back(0);
    body.push_back(byte);
  }
  return Tlv(0x02, body);
}

// One element: its tag, where its contents start and how long they are.
struct Element {
  std::uint8_t tag = 0;
  std::size_t start = 0;
  std::size_t length = 0;
  std::size_t end() const { return start + length; }
};

// Reads the element at *at, which must end at or before `limit`.
bool ReadElement(const std::uint8_t* data, std::size_t* at, std::size_t limit, Element* e) {
  if (*at >= limit || limit - *at < 2) return false;
  e->tag = data[*at];
  if ((e->tag & 0x1F) == 0x1F) return false;  // multi-byte tags: LDAP has none
  std::size_t pos = *at + 1;
  std::size_t length = data[pos++];
  if (length & 0x80) {
    const std::size_t bytes = length & 0x7F;
    if (bytes == 0 || bytes > 3) return false;  // indefinite or absurd
    if (limit - pos < bytes) return false;
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | data[pos++];
  }
  if (length > limit - pos) return false;
  e->start = pos;
  e->length = length;
  *at = pos + length;
  return true;
}

bool ReadInteger(const std::uint8_t* data, const Element& e, std::int64_t* out) {
  if (e.tag != 0x02 || e.length == 0 || e.length > 4) return false;
  // Two's complement of 1 to 4 bytes, without shifting a negative value.
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < e.length; ++i) u = (u << 8) | data[e.start + i];
  const std::uint64_t span = std::uint64_t{1} << (8 * e.length);
  *out = (data[e.start] & 0x80) ? static_cast<std::int64_t>(u) - static_cast<std::int64_t>(span)
                                : static_cast<std::int64_t>(u);
  return true;
}

// ---- NETLOGON_SAM_LOGON_RESPONSE_EX ----

class Blob {
 public:
  Blob(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool Skip(std::size_t n) {
    if (size_ - at_ < n) return false;
    at_ += n;
    return true;
  }
  bool U8(std::uint8_t* v) {
    if (size_ - at_ < 1) return false;
    *v = data_[at_++];
    return true;
  }
  bool U16(std::uint16_t* v) {  // little-endian
    if (size_ - at_ < 2) return false;
    *v = static_cast<std::uint16_t>(data_[at_] | (data_[at_ + 1] << 8));
    at_ += 2;
    return true;
  }
  bool U32(std::uint32_t* v) {
    std::uint16_t lo = 0, hi = 0;
    if (!U16(&lo) || !U16(&hi)) return false;
    *v = (static_cast<std::uint32_t>(hi) << 16) | lo;
    return true;
  }
  // A name in RFC 1035 form with compression (MS-ADTS 6.3.1.9: pointers
  // are offsets into this blob). Pointers must go strictly backwards, so
  // following them always ends; the dotted text is at most kMaxName bytes
  // of printable ASCII.
  bool Name(std::string* out) {
    out->clear();
    std::size_t pos = at_;
    bool jumped = false;
    for (int hops = 0; hops < 128; ++hops) {
      if (pos >= size_) return false;
      const std::uint8_t len = data_[pos];
      if (len == 0) {
        if (!jumped) at_ = pos + 1;
        if (!out->empty()) out->pop_back();  // the last '.'
        return true;
      }
      if ((len & 0xC0) == 0xC0) {
        if (size_ - pos < 2) return false;
        const std::size_t target = (static_cast<std::size_t>(len & 0x3F) << 8) | data_[pos + 1];
        if (target >= pos) return false;
        if (!jumped) at_ = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if (len & 0xC0) return false;
      if (size_ - pos - 1 < len) return false;
      if (out->size() + len + 1 > kMaxName) return false;
      for (std::size_t i = 0; i < len; ++i) {
        const std::uint8_t c = data_[pos + 1 + i];
        if (c < 0x20 || c >= 0x7f || c == '.') return false;
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
  std::size_t at_ = 0;
};

}  // namespace

bool IsSiteName(std::string_view site) {
  if (site.empty() || site.size() > 63) return false;
  for (char c : site) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::vector<std::uint8_t>> BuildCldapPing(std::int32_t id, std::string_view domain,
                                                 std::uint32_t ntver) {
  if (id <= 0 || !IsQueryableName(domain))
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "bad CLDAP ping domain or id"};
  if (domain.back() == '.') domain.remove_suffix(1);
  const std::string nt = {static_cast<char>(ntver & 0xFF), static_cast<char>((ntver >> 8) & 0xFF),
                          static_cast<char>((ntver >> 16) & 0xFF),
                          static_cast<char>((ntver >> 24) & 0xFF)};
  const auto filter =
      Tlv(0xA0, Cat({Tlv(0xA3, Cat({Octets("DnsDomain"), Octets(domain)})),
                     Tlv(0xA3, Cat({Octets("NtVer"), Octets(nt)}))}));
  const auto search = Tlv(0x63, Cat({Octets(""),                  // baseObject: root DSE
                                     Tlv(0x0A, {0x00}),           // scope: base
                                     Tlv(0x0A, {0x00}),           // derefAliases: never
                                     Tlv(0x02, {0x00}),           // sizeLimit
                                     Tlv(0x02, {0x00}),           // timeLimit
                                     Tlv(0x01, {0x00}),           // typesOnly: false
                                     filter,
                                     Tlv(0x30, Octets("Netlogon"))}));
  return Tlv(0x30, Cat({Integer(id), search}));
}

Result<NetlogonResponse> ParseNetlogonResponseEx(const std::uint8_t* data, std::size_t size,
                                                 std::uint32_t ntver) {
  if (data == nullptr || size > kMaxDatagram) return Malformed("bad netlogon size");
  Blob b(data, size);
  NetlogonResponse r;
  std::uint16_t sbz = 0;
  if (!b.U16(&r.opcode) || !b.U16(&sbz) || !b.U32(&r.flags)) return Malformed("short netlogon header");
  if (r.opcode != kOpcodeResponseEx && r.opcode != kOpcodeUserUnknownEx)
    return Malformed("not a LOGON_SAM_LOGON_RESPONSE_EX");
  if (!b.Skip(16)) return Malformed("short domain guid");
  std::string* const names[] = {&r.dns_forest,   &r.dns_domain,     &r.dns_host,
                                &r.netbios_domain, &r.netbios_host, &r.user,
                                &r.dc_site,      &r.client_site};
  for (std::string* name : names)
    if (!b.Name(name)) return Malformed("bad name in netlogon response");
  if (ntver & kNtVersionWithIp) {
    std::uint8_t sockaddr_size = 0;
    if (!b.U8(&sockaddr_size) || !b.Skip(sockaddr_size)) return Malformed("bad DcSockAddr");
  }
  if (ntver & kNtVersionWithClosestSite) {
    if (!b.Name(&r.next_closest_site)) return Malformed("bad NextClosestSiteName");
  }
  std::uint16_t lm_nt = 0, lm20 = 0;
  if (!b.U32(&r.nt_version) || !b.U16(&lm_nt) || !b.U16(&lm20))
    return Malformed("short netlogon trailer");
  // MS-ADTS: both tokens are 0xFFFF. A reply with other values is not what
  // a DC sends.
  if (lm_nt != 0xFFFF || lm20 != 0xFFFF) return Malformed("bad netlogon tokens");
  if (!r.client_site.empty() && !IsSiteName(r.client_site))
    return Malformed("client site is not a DNS label");
  return r;
}

Result<NetlogonResponse> ParseCldapReply(const std::uint8_t* data, std::size_t size,
                                         std::int32_t id, std::uint32_t ntver) {
  if (data == nullptr || size > kMaxDatagram) return Malformed("bad datagram size");
  if (id <= 0) return Malformed("no ping has this message id");  // BuildCldapPing's range
  // LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls OPTIONAL }
  std::size_t at = 0;
  Element message;
  if (!ReadElement(data, &at, size, &message) || message.tag != 0x30)
    return Malformed("not an LDAPMessage");
  std::size_t in = message.start;
  Element id_element, op;
  std::int64_t got_id = 0;
  if (!ReadElement(data, &in, message.end(), &id_element) ||
      !ReadInteger(data, id_element, &got_id) || got_id != id)
    return Malformed("another message id");
  if (!ReadElement(data, &in, message.end(), &op)) return Malformed("no protocolOp");
  if (op.tag != 0x64) return Malformed("not a searchResEntry");  // [APPLICATION 4]
  // SearchResultEntry ::= { objectName, attributes SEQUENCE OF
  //   SEQUENCE { type, vals SET OF value } }
  std::size_t entry = op.start;
  Element object_name, attributes;
  if (!ReadElement(data, &entry, op.end(), &object_name) || object_name.tag != 0x04 ||
      !ReadElement(data, &entry, op.end(), &attributes) || attributes.tag != 0x30)
    return Malformed("bad searchResEntry");
  std::size_t attr_at = attributes.start;
  while (attr_at < attributes.end()) {
    Element attribute, type, values;
    if (!ReadElement(data, &attr_at, attributes.end(), &attribute) || attribute.tag != 0x30)
      return Malformed("bad attribute");
    std::size_t a = attribute.start;
    if (!ReadElement(data, &a, attribute.end(), &type) || type.tag != 0x04 ||
        !ReadElement(data, &a, attribute.end(), &values) || values.tag != 0x31)
      return Malformed("bad attribute");
    std::string name(reinterpret_cast<const char*>(data + type.start), type.length);
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (name != "netlogon") continue;
    std::size_t v = values.start;
    Element value;
    if (!ReadElement(data, &v, values.end(), &value) || value.tag != 0x04)
      return Malformed("bad Netlogon value");
    return ParseNetlogonResponseEx(data + value.start, value.length, ntver);
  }
  return Malformed("no Netlogon attribute");
}

}  // namespace mount_cifs::resolver
