// SPDX-License-Identifier: GPL-3.0-or-later
// DNS messages for the AD site lookup (issue 16): the SRV, A and AAAA
// queries the helper sends itself (getaddrinfo has no SRV) and a bounded,
// defensive parser of the answers (RFC 1035 section 4, RFC 2782). Pure:
// bytes in, values out. Everything a reply says is hostile network input.
#ifndef MOUNT_CIFS_RESOLVER_DNS_MESSAGE_H_
#define MOUNT_CIFS_RESOLVER_DNS_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/address.h"
#include "resolver/base/result.h"

namespace mount_cifs::resolver {

/// The record types the site lookup asks for.
enum class DnsType : std::uint16_t { kA = 1, kAaaa = 28, kSrv = 33 };

/// Largest reply the parser looks at (EDNS is not used: 512 bytes is the
/// UDP limit it asks for; a bigger buffer costs nothing).
inline constexpr std::size_t kMaxDnsMessage = 4096;

/// Whether `name` is a DNS name the helper will put in a query: 1 to 253
/// bytes, labels 1 to 63 bytes of letters, digits, '-' and '_', no empty
/// label (a trailing dot is allowed).
bool IsQueryableName(std::string_view name);

/// A query for `name` (recursion desired, one question, class IN).
/// Errors: std::errc::invalid_argument for a name IsQueryableName() refuses.
Result<std::vector<std::uint8_t>> BuildDnsQuery(std::uint16_t id, std::string_view name,
                                                DnsType type);

/// One SRV record (RFC 2782); `target` lower-cased, without the final dot.
struct SrvRecord {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;
};

/// One A or AAAA record of any section: its owner name (lower-cased, no
/// final dot) and address.
struct HostAddress {
  std::string name;
  Address address;
};

/// What a reply says, as far as the site lookup needs it.
struct DnsReply {
  int rcode = 0;                 // 0 NOERROR, 3 NXDOMAIN, ...
  std::vector<SrvRecord> srv;    // answer section, at most kMaxSrvRecords
  std::vector<HostAddress> addresses;  // A/AAAA of any section, at most 32
};
inline constexpr std::size_t kMaxSrvRecords = 16;

/// Parses the reply to BuildDnsQuery(id, name, type): the id, the QR bit
/// and the question must match (a stray or spoofed datagram is an error,
/// not an answer). Records of other types and classes are skipped; names
/// are read with compression pointers followed only backwards (no loops),
/// at most 255 bytes. Errors: std::errc::bad_message for anything
/// malformed or not matching, std::errc::message_size for a reply with TC
/// set (truncated: no TCP fallback, the lookup counts as unanswered).
Result<DnsReply> ParseDnsReply(const std::uint8_t* data, std::size_t size,
                               std::uint16_t id, std::string_view name, DnsType type);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_DNS_MESSAGE_H_
