// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_TEXT_H_
#define MOUNT_CIFS_CORE_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// Splits an option string as cifs-utils does: on every ',' (no escape, no
/// sep=), stopping at the end of the text, so a trailing ',' adds no empty
/// token while ",," in the middle gives one. The views point into `text`.
inline std::vector<std::string_view> SplitOptions(std::string_view text) {
  std::vector<std::string_view> tokens;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    tokens.push_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view()
                                           : text.substr(comma + 1);
  }
  return tokens;
}

/// The key of a `key=value` or bare `key` token.
inline std::string_view OptionKey(std::string_view token) {
  return token.substr(0, token.find('='));
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

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_TEXT_H_
