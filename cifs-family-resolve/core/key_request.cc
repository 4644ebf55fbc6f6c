// SPDX-License-Identifier: GPL-3.0-or-later
#include "cifs-family-resolve/core/key_request.h"

#include <algorithm>
#include <system_error>

#include "resolver/base/text.h"

namespace cifs_family_resolve {
namespace {

constexpr std::size_t kMaxDescription = 4096;
constexpr std::size_t kMaxName = 253;   // RFC 1035 section 2.3.4, without the dot
constexpr std::size_t kMaxLabel = 63;

mount_cifs::Error Bad(std::string what) {
  return mount_cifs::Error{std::make_error_code(std::errc::invalid_argument),
                           "bad key description: " + std::move(what)};
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

std::string_view WithoutTrailingDot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<KeyDescription> ParseKeyDescription(std::string_view text) {
  if (text.size() > kMaxDescription) return Bad("longer than 4096 bytes");
  std::size_t at = 0;
  std::string_view fields[4];
  for (auto& field : fields) {
    const std::size_t semi = text.find(';', at);
    if (semi == std::string_view::npos) return Bad("fewer than five fields");
    field = text.substr(at, semi - at);
    at = semi + 1;
  }
  KeyDescription d{std::string(fields[0]), std::string(text.substr(at))};
  if (d.type.empty() || d.name.empty()) return Bad("empty type or description");
  return d;
}

std::optional<std::string> RequestHostKey(std::string_view name) {
  name = WithoutTrailingDot(name);
  if (name.empty() || name.size() > kMaxName) return std::nullopt;
  std::size_t label = 0;
  for (char c : name) {
    if (c == '.') {
      if (label == 0) return std::nullopt;  // empty label: "..", leading dot
      label = 0;
      continue;
    }
    if (!IsNameChar(c) || ++label > kMaxLabel) return std::nullopt;
  }
  if (label == 0) return std::nullopt;
  // All digits and dots is an IPv4 literal (or a truncated one): not a name.
  if (std::all_of(name.begin(), name.end(),
                  [](char c) { return c == '.' || (c >= '0' && c <= '9'); }))
    return std::nullopt;
  return mount_cifs::LowerAscii(name);
}

namespace {

// /proc/mounts writes space, tab, newline and backslash in a path as \ooo.
std::string UnescapeMountField(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3' && field[i + 2] >= '0' &&
        field[i + 2] <= '7' && field[i + 3] >= '0' && field[i + 3] <= '7') {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

}  // namespace

bool MountTableNamesServer(std::string_view proc_mounts, std::string_view host_key,
                           std::string_view mount_point) {
  while (!proc_mounts.empty()) {
    const std::size_t nl = proc_mounts.find('\n');
    std::string_view line = proc_mounts.substr(0, nl);
    proc_mounts =
        nl == std::string_view::npos ? std::string_view() : proc_mounts.substr(nl + 1);
    // SOURCE MOUNTPOINT FSTYPE OPTIONS ...
    const std::size_t s1 = line.find(' ');
    if (s1 == std::string_view::npos) continue;
    const std::size_t s2 = line.find(' ', s1 + 1);
    if (s2 == std::string_view::npos) continue;
    const std::size_t s3 = line.find(' ', s2 + 1);
    const std::string_view fstype = line.substr(s2 + 1, s3 == std::string_view::npos
                                                            ? std::string_view::npos
                                                            : s3 - s2 - 1);
    if (fstype != "cifs" && fstype != "smb3") continue;
    std::string_view source = line.substr(0, s1);
    if (source.size() < 3 || source.substr(0, 2) != "//") continue;
    source.remove_prefix(2);
    const std::string_view host = WithoutTrailingDot(source.substr(0, source.find('/')));
    if (mount_cifs::LowerAscii(host) != host_key) continue;
    if (mount_point.empty() ||
        UnescapeMountField(line.substr(s1 + 1, s2 - s1 - 1)) == mount_point)
      return true;
  }
  return false;
}

std::string KeyPayload(const mount_cifs::resolver::Address& address) {
  std::string payload = address.ToKernelText();
  payload.push_back('\0');
  return payload;
}

std::chrono::seconds KeyTtl(std::chrono::seconds configured) {
  return std::clamp(configured, std::chrono::seconds(2), std::chrono::seconds(60));
}

}  // namespace cifs_family_resolve
