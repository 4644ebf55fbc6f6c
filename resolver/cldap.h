// SPDX-License-Identifier: GPL-3.0-or-later
// The CLDAP "ping" of an Active Directory domain controller (MS-ADTS
// 6.3.3): an LDAP search of the root DSE over UDP 389 for the Netlogon
// attribute, whose value is a NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS
// 6.3.1.9) naming, among others, the site of the client that asked. Pure:
// bytes in, values out. The reply is hostile network input: every length
// is checked, every name bounded, nothing is trusted to be well formed.
#ifndef MOUNT_CIFS_RESOLVER_CLDAP_H_
#define MOUNT_CIFS_RESOLVER_CLDAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/base/result.h"

namespace mount_cifs::resolver {

/// NtVer of the ping: NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX, the
/// version that makes the DC answer with the _EX response (as cifs-utils
/// 7.1 and Samba's net ads lookup ask).
inline constexpr std::uint32_t kNtVersion5Ex = 0x00000006;
/// NETLOGON_NT_VERSION_5EX_WITH_IP: the reply carries DcSockAddr.
inline constexpr std::uint32_t kNtVersionWithIp = 0x00000008;
/// NETLOGON_NT_VERSION_WITH_CLOSEST_SITE: the reply carries NextClosestSiteName.
inline constexpr std::uint32_t kNtVersionWithClosestSite = 0x00000010;

/// The LDAPMessage of the ping: message id `id` (1 to 2^31-1), filter
/// (&(DnsDomain=<domain>)(NtVer=<ntver>)), attribute "Netlogon".
/// Errors: std::errc::invalid_argument for a domain that is not a DNS name
/// or an id out of range.
Result<std::vector<std::uint8_t>> BuildCldapPing(std::int32_t id, std::string_view domain,
                                                 std::uint32_t ntver = kNtVersion5Ex);

/// The fields of NETLOGON_SAM_LOGON_RESPONSE_EX the helper reads. Names are
/// as the DC sent them (decompressed, at most 255 bytes, printable ASCII
/// only: a name with other bytes makes the reply malformed).
struct NetlogonResponse {
  std::uint16_t opcode = 0;   // 23 LOGON_SAM_LOGON_RESPONSE_EX, 25 _USER_UNKNOWN_EX
  std::uint32_t flags = 0;    // DS_FLAG bits
  std::string dns_forest;
  std::string dns_domain;
  std::string dns_host;
  std::string netbios_domain;
  std::string netbios_host;
  std::string user;
  std::string dc_site;        // the answering DC's site
  std::string client_site;    // the asker's site; empty: its address is in no subnet
  std::string next_closest_site;  // only with kNtVersionWithClosestSite
  std::uint32_t nt_version = 0;
};

/// Parses a NETLOGON_SAM_LOGON_RESPONSE_EX (the attribute value). `ntver`
/// is what the ping asked for: it decides whether DcSockAddr and
/// NextClosestSiteName are present. Errors: std::errc::bad_message.
Result<NetlogonResponse> ParseNetlogonResponseEx(const std::uint8_t* data, std::size_t size,
                                                 std::uint32_t ntver = kNtVersion5Ex);

/// Parses a CLDAP reply datagram to the ping with message id `id`: an
/// LDAPMessage searchResEntry whose Netlogon attribute is parsed as above
/// (a searchResDone may follow in the same datagram; anything else, a
/// result code alone, another id, is an error). Errors:
/// std::errc::bad_message.
Result<NetlogonResponse> ParseCldapReply(const std::uint8_t* data, std::size_t size,
                                         std::int32_t id,
                                         std::uint32_t ntver = kNtVersion5Ex);

/// Whether `site` can be used as an AD site name in a DNS query
/// (`_ldap._tcp.<site>._sites.dc._msdcs.<domain>`): one DNS label, 1 to 63
/// bytes of letters, digits, '-' and '_'.
bool IsSiteName(std::string_view site);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_CLDAP_H_
