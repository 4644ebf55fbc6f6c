// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/state_store.h"

#include <system_error>

#include "resolver/base/text.h"
#include "resolver/cldap.h"

namespace mount_cifs::resolver {
namespace {

constexpr std::size_t kMaxRecordSize = 4096;
constexpr std::size_t kMaxHostLength = 255;

Error Bad(std::string what) {
  return Error{std::make_error_code(std::errc::invalid_argument),
               "bad state record: " + std::move(what)};
}

// Seconds since the epoch: digits only, at most 2^62.
std::optional<std::int64_t> ParseSeconds(std::string_view text) {
  auto v = ParseDecimal(text, std::uint64_t{1} << 62);
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

}  // namespace

bool IsNetworkFingerprint(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::string> StateKey(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength) return std::nullopt;
  if (host.front() == '.' || host == "." || host == "..") return std::nullopt;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                    c == ':' || c == '%';
    if (!ok) return std::nullopt;
  }
  return LowerAscii(host);
}

std::string FormatHostRecord(const HostRecord& r) {
  std::string text = "version=1\nhost=" + r.host +
                     "\npolicy=" + std::string(FamilyPolicyName(r.policy)) + "\n";
  if (r.mounted) text += "mounted=" + r.mounted->ToKernelText() + "\n";
  if (!r.mount_point.empty()) text += "mount-point=" + r.mount_point + "\n";
  if (r.port != 445) text += "port=" + std::to_string(r.port) + "\n";
  if (r.srcaddr) text += "srcaddr=" + r.srcaddr->ToKernelText() + "\n";
  if (r.srcaddr_family)
    text += "srcaddr-family=" + std::string(FamilyName(*r.srcaddr_family)) + "\n";
  text += "written-at=" + std::to_string(r.written_at) + "\n";
  if (r.writer_pid > 0) text += "writer-pid=" + std::to_string(r.writer_pid) + "\n";
  if (!r.network.empty()) text += "network=" + r.network + "\n";
  if (r.failed_family) {
    text += "failed-family=" + std::string(FamilyName(*r.failed_family)) + "\n";
    text += "failed-until=" + std::to_string(r.failed_until) + "\n";
  }
  if (r.answered) {
    text += "answered=" + r.answered->ToKernelText() + "\n";
    text += "answered-at=" + std::to_string(r.answered_at) + "\n";
  }
  if (!r.ad_site.empty()) {
    text += "ad-site=" + r.ad_site + "\n";
    text += "ad-site-at=" + std::to_string(r.ad_site_at) + "\n";
  }
  if (r.ad_site_quiet_until > 0)
    text += "ad-site-quiet-until=" + std::to_string(r.ad_site_quiet_until) + "\n";
  // A key of its own, not an empty ad-site=: readers before it refuse an
  // empty site (and with it the whole record), but ignore a key they do
  // not know.
  if (r.ad_site_none_at > 0)
    text += "ad-site-none-at=" + std::to_string(r.ad_site_none_at) + "\n";
  return text;
}

Result<HostRecord> ParseHostRecord(std::string_view text) {
  if (text.size() > kMaxRecordSize) return Bad("longer than 4096 bytes");
  HostRecord r;
  bool version = false, host = false, policy = false;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Bad("a line without '='");
    const std::string_view key = line.substr(0, eq);
    const std::string_view value = line.substr(eq + 1);
    if (key == "version") {
      if (value != "1") return Bad("unknown version");
      version = true;
    } else if (key == "host") {
      auto k = StateKey(value);
      if (!k) return Bad("bad host");
      r.host = *k;
      host = true;
    } else if (key == "policy") {
      auto p = ParseFamilyPolicy(value);
      if (!p) return Bad("bad policy");
      r.policy = *p;
      policy = true;
    } else if (key == "mounted") {
      r.mounted = Address::ParseNumeric(value);
      if (!r.mounted) return Bad("bad mounted address");
    } else if (key == "mount-point") {
      // An absolute path; a newline cannot occur (the line ends there) and
      // no control character belongs in one (mount.cifs refuses them).
      if (value.empty() || value.front() != '/' || value.size() > 4096)
        return Bad("bad mount-point");
      for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f) return Bad("bad mount-point");
      r.mount_point = std::string(value);
    } else if (key == "port") {
      auto port = ParsePort(value);
      if (!port) return Bad("bad port");
      r.port = *port;
    } else if (key == "srcaddr" || key == "answered") {
      auto a = Address::ParseNumeric(value);
      if (!a) return Bad("bad " + std::string(key));
      (key == "srcaddr" ? r.srcaddr : r.answered) = a;
    } else if (key == "network") {
      if (!IsNetworkFingerprint(value)) return Bad("bad network");
      r.network = std::string(value);
    } else if (key == "srcaddr-family") {
      r.srcaddr_family = ParseFamilyName(value);
      if (!r.srcaddr_family) return Bad("bad srcaddr-family");
    } else if (key == "failed-family") {
      r.failed_family = ParseFamilyName(value);
      if (!r.failed_family) return Bad("bad failed-family");
    } else if (key == "writer-pid") {
      auto pid = ParseDecimal(value, 1ULL << 31);
      if (!pid || *pid == 0) return Bad("bad writer-pid");
      r.writer_pid = static_cast<std::int64_t>(*pid);
    } else if (key == "ad-site") {
      // Goes into a DNS query name and the log: one DNS label only.
      if (!IsSiteName(value)) return Bad("bad ad-site");
      r.ad_site = std::string(value);
    } else if (key == "written-at" || key == "failed-until" ||
               key == "answered-at" || key == "ad-site-at" ||
               key == "ad-site-quiet-until" || key == "ad-site-none-at") {
      auto s = ParseSeconds(value);
      if (!s) return Bad("bad time");
      (key == "written-at"            ? r.written_at
       : key == "failed-until"        ? r.failed_until
       : key == "answered-at"         ? r.answered_at
       : key == "ad-site-at"          ? r.ad_site_at
       : key == "ad-site-quiet-until" ? r.ad_site_quiet_until
                                      : r.ad_site_none_at) = *s;
    }
    // Other keys: a newer writer's; ignored.
  }
  if (!version || !host || !policy) return Bad("version, host or policy missing");
  // Our writer never names a site and "no site" at once: which one holds
  // cannot be told.
  if (!r.ad_site.empty() && r.ad_site_none_at > 0) return Bad("ad-site and ad-site-none-at");
  return r;
}

}  // namespace mount_cifs::resolver
