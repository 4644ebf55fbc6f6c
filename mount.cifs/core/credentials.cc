// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/credentials.h"

#include <string_view>

#include "mount.cifs/core/text.h"

namespace mount_cifs {
namespace {

std::string_view StripLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Credentials ParseCredentials(const Secret& text) {
  Credentials creds;
  std::string_view rest = text.Reveal();
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view()
                                             : rest.substr(newline + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      line.remove_prefix(1);
    line = StripLineEnd(line);
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      ++creds.unparseable_lines;
      continue;
    }
    const std::string_view value = line.substr(eq + 1);
    // Order matters: "pass2"/"password2" before "pass" (cifs-utils
    // parse_cred_line()); the match is on the line's start, not the key.
    if (StartsWithNoCase(line, "user")) {
      creds.username = std::string(value);
    } else if (StartsWithNoCase(line, "pass2") || StartsWithNoCase(line, "password2")) {
      creds.password2 = Secret(value);
    } else if (StartsWithNoCase(line, "pass")) {
      creds.password = Secret(value);
    } else if (StartsWithNoCase(line, "dom")) {
      creds.domain = std::string(value);
    } else {
      ++creds.unparseable_lines;
    }
  }
  return creds;
}

Secret FirstLine(const Secret& text) {
  std::string_view line = text.Reveal();
  line = line.substr(0, line.find('\n'));
  return Secret(StripLineEnd(line));
}

}  // namespace mount_cifs
