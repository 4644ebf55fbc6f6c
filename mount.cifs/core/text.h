// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_TEXT_H_
#define MOUNT_CIFS_CORE_TEXT_H_

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

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_TEXT_H_
