// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_BASE_TEXT_H_
#define MOUNT_CIFS_RESOLVER_BASE_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mount_cifs {

/// ASCII lower case (host names, config keys); other bytes unchanged.
inline std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Whether `text` starts with `prefix`, ASCII case-insensitively; `prefix`
/// must be lower case.
inline bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         LowerAscii(text.substr(0, prefix.size())) == prefix;
}

/// A plain decimal number (digits only: no sign, no blanks, no base
/// prefix) of at most `max`; nullopt otherwise. Overflow-safe.
inline std::optional<std::uint64_t> ParseDecimal(std::string_view text,
                                                 std::uint64_t max) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

/// A TCP port: 1 to 65535 in plain decimal; nullopt otherwise.
inline std::optional<std::uint16_t> ParsePort(std::string_view text) {
  const auto v = ParseDecimal(text, 65535);
  if (!v || *v == 0) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_RESOLVER_BASE_TEXT_H_
