// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/user_policy.h"

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/option_table.h"
#include "mount.cifs/core/text.h"

namespace mount_cifs {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string Unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const char a = field[i + 1], b = field[i + 2], c = field[i + 3];
      if (a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        out += static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0'));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

bool HasUserOption(std::string_view options) {
  for (std::string_view token : SplitOptions(options)) {
    const std::string_view key = OptionKey(token);
    if (key == "user" || key == "users") return true;
  }
  return false;
}

bool HasOption(std::string_view options, std::string_view option) {
  for (std::string_view token : SplitOptions(options))
    if (token == option) return true;
  return false;
}

}  // namespace

std::vector<FstabEntry> ParseFstab(std::string_view text) {
  std::vector<FstabEntry> entries;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < line.size() && IsBlank(line[i])) ++i;
    if (i == line.size() || line[i] == '#') continue;
    while (i < line.size() && fields.size() < 4) {
      const std::size_t start = i;
      while (i < line.size() && !IsBlank(line[i])) ++i;
      fields.push_back(line.substr(start, i - start));
      while (i < line.size() && IsBlank(line[i])) ++i;
    }
    if (fields.size() < 3) continue;
    FstabEntry e;
    e.device = Unescape(fields[0]);
    e.dir = Unescape(fields[1]);
    e.type = Unescape(fields[2]);
    e.options = fields.size() > 3 ? Unescape(fields[3]) : "defaults";
    entries.push_back(std::move(e));
  }
  return entries;
}

std::string EscapeMountField(std::string_view field) {
  std::string out;
  for (char c : field) {
    switch (c) {
      case ' ': out += "\\040"; break;
      case '\t': out += "\\011"; break;
      case '\n': out += "\\012"; break;
      case '\\': out += "\\134"; break;
      default: out += c;
    }
  }
  return out;
}

std::string EscapeLogField(std::string_view field) {
  std::string out;
  for (unsigned char c : field) {
    if (c < 0x20 || c == 0x7f || c == ' ' || c == '\\') {
      const char octal[5] = {'\\', static_cast<char>('0' + (c >> 6)),
                             static_cast<char>('0' + ((c >> 3) & 7)),
                             static_cast<char>('0' + (c & 7)), '\0'};
      out += octal;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Result<UserMountGrant> FindUserMount(const std::vector<FstabEntry>& fstab,
                                     std::string_view device,
                                     std::string_view canonical_dir,
                                     std::string_view program) {
  const std::string denied = std::string(program) +
                             ": permission denied: no match for " +
                             std::string(canonical_dir) + " found in /etc/fstab";
  for (const FstabEntry& e : fstab) {
    std::string_view dir = e.dir;
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    if (dir != canonical_dir) continue;
    // The first entry for the directory decides (cifs-utils check_fstab()).
    if (e.device != device) return MakeError(Errc::kPermissionDenied, denied);
    if (!HasUserOption(e.options))
      return MakeError(Errc::kPermissionDenied,
                       std::string(program) + ": permission denied");
    return UserMountGrant{e.options};
  }
  return MakeError(Errc::kPermissionDenied, denied);
}

Secret UserMountOptions(const UserMountGrant& grant,
                        std::string_view caller_options) {
  Secret options(grant.options);
  for (std::string_view token : SplitOptions(caller_options)) {
    const OptionSpec* spec = FindOption(OptionKey(token));
    if (spec == nullptr || spec->user_grant.empty() ||
        !HasOption(grant.options, spec->user_grant))
      continue;
    // One comma between: an entry ending in ',' must not gain an empty
    // token, which would reach the kernel as a bare ','.
    if (!options.empty() && options.Reveal().back() != ',') options.Append(',');
    options.Append(token);
  }
  return options;
}

}  // namespace mount_cifs
