// SPDX-License-Identifier: GPL-3.0-or-later
// The AD site lookup's network input (issue 16): CLDAP netlogon replies
// (BER + NETLOGON_SAM_LOGON_RESPONSE_EX) and DNS SRV/A/AAAA replies, both
// straight from UDP. The first byte picks the parser and its arguments;
// whatever parses must hold only what the parsers promise (bounded,
// printable names; a site usable as one DNS label).
#include <cstddef>
#include <cstdint>
#include <string>

#include "resolver/cldap.h"
#include "resolver/dns_message.h"

namespace {

void CheckName(const std::string& name) {
  if (name.size() > 255) __builtin_trap();
  for (unsigned char c : name)
    if (c < 0x20 || c >= 0x7f) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mount_cifs::resolver;
  if (size < 1) return 0;
  const std::uint8_t selector = data[0];
  ++data;
  --size;
  if ((selector & 3) == 0) {
    static const std::uint32_t kVersions[] = {kNtVersion5Ex, kNtVersion5Ex | kNtVersionWithIp,
                                              kNtVersion5Ex | kNtVersionWithClosestSite,
                                              0x1e};
    const std::uint32_t ntver = kVersions[(selector >> 2) & 3];
    auto r = ParseCldapReply(data, size, 7, ntver);
    if (r.ok()) {
      const NetlogonResponse& n = r.value();
      for (const std::string* s : {&n.dns_forest, &n.dns_domain, &n.dns_host, &n.netbios_domain,
                                   &n.netbios_host, &n.user, &n.dc_site, &n.client_site,
                                   &n.next_closest_site})
        CheckName(*s);
      if (!n.client_site.empty() && !IsSiteName(n.client_site)) __builtin_trap();
    }
    return 0;
  }
  if ((selector & 3) == 1) {
    (void)ParseNetlogonResponseEx(data, size, (selector & 4) ? kNtVersionWithIp : kNtVersion5Ex);
    return 0;
  }
  static const DnsType kTypes[] = {DnsType::kSrv, DnsType::kA, DnsType::kAaaa, DnsType::kSrv};
  const DnsType type = kTypes[(selector >> 2) & 3];
  const char* name = (selector & 0x10) ? "_ldap._tcp.dc._msdcs.corp.test" : "dcn1.corp.test";
  const std::uint16_t id = size >= 2 ? static_cast<std::uint16_t>((data[0] << 8) | data[1]) : 0;
  auto r = ParseDnsReply(data, size, id, name, type);
  if (r.ok()) {
    if (r.value().srv.size() > kMaxSrvRecords) __builtin_trap();
    for (const SrvRecord& s : r.value().srv) {
      CheckName(s.target);
      if (s.target.empty()) __builtin_trap();
    }
    for (const HostAddress& h : r.value().addresses) CheckName(h.name);
  }
  return 0;
}
