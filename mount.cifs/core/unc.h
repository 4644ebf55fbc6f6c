// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_UNC_H_
#define MOUNT_CIFS_CORE_UNC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "resolver/base/result.h"

namespace mount_cifs {

/// cifs-utils' limits: the whole UNC (MAX_UNC_LEN 1024), host (NI_MAXHOST),
/// share (MAX_SHARE_LEN 256), prefix path (PATH_MAX).
inline constexpr std::size_t kMaxUncLength = 1023;
inline constexpr std::size_t kMaxHostLength = 1025;
inline constexpr std::size_t kMaxShareLength = 256;
inline constexpr std::size_t kMaxPrefixLength = 4096;

/// A parsed //host/share[/prefix] or \\host\share[\prefix].
struct Unc {
  /// The server as the kernel's unc= and name resolution want it: no
  /// brackets, no port ("2001:db8::1", "fe80::1%eth0", "server").
  std::string host;
  std::string share;
  /// What follows the share's delimiter, unchanged (may use either
  /// delimiter); empty when there is none.
  std::string prefix;
  /// From //host:port/share or //[v6]:port/share.
  std::optional<std::uint16_t> port;
  /// The mount(2) source. The device as given, except that brackets and a
  /// port are taken out of the host part, because the kernel takes the server
  /// name from the source and re-resolves it on reconnect.
  std::string device;
  /// True when the host was written as a bracketed IPv6 literal.
  bool bracketed = false;
};

/// Parses a device string. Errors (Errc::kBadSource) carry cifs-utils' texts
/// where it has one ("bad UNC (X)", "UNC name too long", ...); also rejects
/// cifs:// and smb:// URLs, control characters, an empty host or share, a
/// bad port, and over-long parts.
Result<Unc> ParseUnc(std::string_view device);

/// Upper-cases ASCII letters in place; false (and `text` unchanged) when
/// `text` holds a non-ASCII byte (cifs-utils' ENXIO retry does the same).
bool UppercaseAscii(std::string* text);

/// True when host, share, prefix and device are ASCII, so that cifs-utils'
/// upper-case retry (ENXIO) can apply.
bool IsAsciiUnc(const Unc& unc);

/// The UNC with host, share, prefix and device upper-cased (cifs-utils'
/// retry after ENXIO); the input unchanged when a part is not ASCII.
Unc UppercaseUnc(Unc unc);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_UNC_H_
