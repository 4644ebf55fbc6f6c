// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_TEXT_H_
#define MOUNT_CIFS_CORE_TEXT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/base/text.h"

namespace mount_cifs {

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

/// "60 s", "1500 ms": a configured duration in a message.
inline std::string DurationText(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_TEXT_H_
