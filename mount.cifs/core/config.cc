// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/config.h"

#include <cstdint>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/text.h"

namespace mount_cifs {
namespace {

using std::chrono::milliseconds;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "250", "250ms", "2s" -> milliseconds.
std::optional<milliseconds> Duration(std::string_view s) {
  std::uint64_t scale = 1;
  if (s.size() > 2 && s.substr(s.size() - 2) == "ms") {
    s.remove_suffix(2);
  } else if (s.size() > 1 && s.back() == 's') {
    s.remove_suffix(1);
    scale = 1000;
  }
  auto v = ParseDecimal(Trim(s), 24ULL * 3600 * 1000);
  if (!v) return std::nullopt;
  return milliseconds(*v * scale);
}

Error Bad(std::string message) {
  return MakeError(Errc::kBadOption, std::move(message));
}

template <typename T>
void Take(const std::optional<T>& from, T* to) {
  if (from) *to = *from;
}

void Apply(const SettingsLayer& layer, Settings* s) {
  Take(layer.family, &s->family);
  Take(layer.connection_attempt_delay, &s->connection_attempt_delay);
  Take(layer.resolution_delay, &s->resolution_delay);
  Take(layer.deadline, &s->deadline);
  Take(layer.probe_port, &s->probe_port);
  Take(layer.first_address_family_count, &s->first_address_family_count);
  Take(layer.kernel_ipv6, &s->kernel_ipv6);
  Take(layer.kernel_ip_max_length, &s->kernel_ip_max_length);
  Take(layer.syslog_facility, &s->syslog_facility);
}

constexpr std::string_view kFacilities[] = {
    "auth", "authpriv", "daemon", "user",   "local0", "local1",
    "local2", "local3", "local4", "local5", "local6", "local7"};

}  // namespace

bool IsSyslogFacility(std::string_view name) {
  for (std::string_view f : kFacilities)
    if (f == name) return true;
  return false;
}

Status SetSetting(std::string_view key, std::string_view value,
                  SettingsLayer* layer) {
  const std::string v(value);
  if (key == "family") {
    auto policy = resolver::ParseFamilyPolicy(value);
    if (!policy)
      return Bad("unknown family policy \"" + v +
                 "\" (v4-only, v6-only, v4-preferred, v6-preferred, "
                 "happy-eyeballs, system)");
    layer->family = *policy;
  } else if (key == "connection-attempt-delay") {
    // RFC 8305 section 5: never under 10 ms; over 2 s defeats the purpose.
    if (value == "auto") {
      layer->connection_attempt_delay = std::optional<milliseconds>();
    } else {
      auto d = Duration(value);
      if (!d || *d < milliseconds(10) || *d > milliseconds(2000))
        return Bad("connection-attempt-delay must be auto or 10ms to 2s, not \"" +
                   v + "\"");
      layer->connection_attempt_delay = std::optional<milliseconds>(*d);
    }
  } else if (key == "resolution-delay") {
    auto d = Duration(value);
    if (!d || *d > milliseconds(2000))
      return Bad("resolution-delay must be 0 to 2s, not \"" + v + "\"");
    layer->resolution_delay = *d;
  } else if (key == "deadline") {
    auto d = Duration(value);
    if (!d || *d < milliseconds(100) || *d > milliseconds(3600 * 1000))
      return Bad("deadline must be 100ms to 1h, not \"" + v + "\"");
    layer->deadline = *d;
  } else if (key == "probe-port") {
    auto p = ParseDecimal(value, 65535);
    if (!p || *p == 0) return Bad("probe-port must be 1 to 65535, not \"" + v + "\"");
    layer->probe_port = static_cast<std::uint16_t>(*p);
  } else if (key == "first-address-family-count") {
    auto n = ParseDecimal(value, 16);
    if (!n || *n == 0)
      return Bad("first-address-family-count must be 1 to 16, not \"" + v + "\"");
    layer->first_address_family_count = static_cast<std::size_t>(*n);
  } else if (key == "kernel-ipv6") {
    if (value == "auto") layer->kernel_ipv6 = std::optional<bool>();
    else if (value == "yes") layer->kernel_ipv6 = std::optional<bool>(true);
    else if (value == "no") layer->kernel_ipv6 = std::optional<bool>(false);
    else return Bad("kernel-ipv6 must be auto, yes or no, not \"" + v + "\"");
  } else if (key == "kernel-ip-max-length") {
    if (value == "auto") {
      layer->kernel_ip_max_length = std::optional<std::size_t>();
    } else {
      // The shortest IPv4 text is 7 characters; the longest scoped IPv6 text
      // a kernel takes is 45 + "%" + 12.
      auto n = ParseDecimal(value, 64);
      if (!n || *n < 7)
        return Bad("kernel-ip-max-length must be auto or 7 to 64, not \"" + v + "\"");
      layer->kernel_ip_max_length =
          std::optional<std::size_t>(static_cast<std::size_t>(*n));
    }
  } else if (key == "syslog-facility") {
    if (!IsSyslogFacility(value))
      return Bad("syslog-facility must be daemon, user, auth, authpriv or "
                 "local0-7, not \"" + v + "\"");
    layer->syslog_facility = v;
  } else {
    return Bad("unknown key \"" + std::string(key) + "\"");
  }
  return {};
}

Settings Config::For(std::string_view server,
                     const SettingsLayer& overrides) const {
  Settings s;
  Apply(global, &s);
  if (auto it = servers.find(LowerAscii(server)); it != servers.end())
    Apply(it->second, &s);
  Apply(overrides, &s);
  return s;
}

Result<Config> ParseConfig(std::string_view text, std::string_view name) {
  Config config;
  SettingsLayer* section = nullptr;
  int line_no = 0;
  auto fail = [&](const std::string& what) {
    return Bad(std::string(name) + ":" + std::to_string(line_no) + ": " + what);
  };
  while (!text.empty()) {
    ++line_no;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    for (unsigned char c : line) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
        return fail("control character in line");
    }
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      if (line.back() != ']') return fail("section header must end with ']'");
      std::string_view inner = Trim(line.substr(1, line.size() - 2));
      if (inner == "global") {
        section = &config.global;
        continue;
      }
      if (inner.substr(0, 6) == "server") {
        std::string_view quoted = Trim(inner.substr(6));
        if (quoted.size() < 3 || quoted.front() != '"' || quoted.back() != '"')
          return fail("expected [server \"NAME\"]");
        const std::string_view server = quoted.substr(1, quoted.size() - 2);
        if (server.find('"') != std::string_view::npos || server.size() > 1025)
          return fail("bad server name");
        section = &config.servers[LowerAscii(server)];
        continue;
      }
      return fail("unknown section [" + std::string(inner) + "]");
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return fail("expected key = value");
    if (section == nullptr) return fail("key outside a section");
    const std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    // A trailing comment after the value.
    if (const std::size_t hash = value.find(" #"); hash != std::string_view::npos)
      value = Trim(value.substr(0, hash));
    if (Status s = SetSetting(key, value, section); !s.ok())
      return fail(s.error().message);
  }
  return config;
}

}  // namespace mount_cifs
