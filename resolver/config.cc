// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/config.h"

#include <cstdint>
#include <cstdio>

#include "resolver/address.h"
#include "resolver/base/text.h"

namespace mount_cifs {
namespace {

using std::chrono::milliseconds;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "250", "250ms", "2s", "10m", "1h" -> milliseconds.
std::optional<milliseconds> Duration(std::string_view s) {
  std::uint64_t scale = 1;
  if (s.size() > 2 && s.substr(s.size() - 2) == "ms") {
    s.remove_suffix(2);
  } else if (s.size() > 1 && (s.back() == 's' || s.back() == 'm' || s.back() == 'h')) {
    scale = s.back() == 's' ? 1000 : s.back() == 'm' ? 60 * 1000 : 3600 * 1000;
    s.remove_suffix(1);
  }
  auto v = ParseDecimal(Trim(s), 24ULL * 3600 * 1000);
  if (!v) return std::nullopt;
  return milliseconds(*v * scale);
}

// "yes" or "no" (the boolean keys); nullopt for anything else.
std::optional<bool> YesNo(std::string_view s) {
  if (s == "yes") return true;
  if (s == "no") return false;
  return std::nullopt;
}

Error Bad(std::string message) {
  return Error{ConfigError(), std::move(message)};
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
  Take(layer.race_budget, &s->race_budget);
  Take(layer.probe_port, &s->probe_port);
  Take(layer.first_address_family_count, &s->first_address_family_count);
  Take(layer.kernel_ipv6, &s->kernel_ipv6);
  Take(layer.kernel_ip_max_length, &s->kernel_ip_max_length);
  Take(layer.syslog_facility, &s->syslog_facility);
  Take(layer.reconnect_ttl, &s->reconnect_ttl);
  Take(layer.failed_family_memory, &s->failed_family_memory);
  Take(layer.race_mode, &s->race_mode);
  Take(layer.network_wait, &s->network_wait);
  Take(layer.ad_site_order, &s->ad_site_order);
  Take(layer.ad_site_timeout, &s->ad_site_timeout);
}

bool IsDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsHostNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// An IPv6 literal as ParseUnc stores the host: no brackets, an optional
// "%scope" (an interface name, at most IFNAMSIZ - 1 characters, or a
// number). Empty when it is one, else what is wrong.
std::string CheckIpv6Literal(std::string_view text) {
  const std::size_t percent = text.find('%');
  const auto address = resolver::Address::ParseNumeric(text.substr(0, percent));
  if (!address || address->family() != resolver::Family::kV6)
    return "is not a valid IPv6 address";
  if (percent == std::string_view::npos) return {};
  const std::string_view scope = text.substr(percent + 1);
  if (scope.empty() || scope.size() > 15) return "has a bad IPv6 scope";
  for (char c : scope)
    if (!IsHostNameChar(c)) return "has a bad IPv6 scope";
  return {};
}

// A [server "NAME"] section is looked up by the UNC's host part, ASCII
// case-insensitively (Config::For): a name the host part can never be is a
// mistake to report, not a section to ignore. Returns the map key (lower
// case, an IPv6 literal without brackets) or what is wrong with `name`.
Result<std::string> ServerKey(std::string_view name) {
  const std::string quoted = "server name \"" + std::string(name) + "\" ";
  if (name.empty()) return Bad("empty server name");
  if (name.size() > 255) return Bad("server name is longer than 255 characters");
  if (name != Trim(name)) return Bad(quoted + "has leading or trailing blanks");
  // //[2001:db8::1]/share is stored as 2001:db8::1: accept that spelling.
  if (name.front() == '[') {
    const std::size_t close = name.find(']');
    if (close != std::string_view::npos && close + 1 < name.size() &&
        name[close + 1] == ':' && IsDigits(name.substr(close + 2)))
      return Bad(quoted + "has a port: a section matches the host alone");
    if (close != name.size() - 1)
      return Bad(quoted + "has a wildcard: names match exactly, not as patterns");
    const std::string_view inner = name.substr(1, name.size() - 2);
    if (std::string why = CheckIpv6Literal(inner); !why.empty())
      return Bad(quoted + why);
    return LowerAscii(inner);
  }
  if (name.find_first_of("*?[]") != std::string_view::npos)
    return Bad(quoted + "has a wildcard: names match exactly, not as patterns");
  if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
    // One colon then digits is host:port (ParseUnc splits it off the host).
    if (name.find(':', colon + 1) == std::string_view::npos &&
        IsDigits(name.substr(colon + 1)))
      return Bad(quoted + "has a port: a section matches the host alone");
    if (std::string why = CheckIpv6Literal(name); !why.empty())
      return Bad(quoted + why);
    return LowerAscii(name);
  }
  for (char c : name) {
    if (IsHostNameChar(c)) continue;
    const auto byte = static_cast<unsigned char>(c);
    char shown[16];
    if (byte >= 0x21 && byte < 0x7f)
      std::snprintf(shown, sizeof(shown), "'%c'", c);
    else if (byte == ' ')
      std::snprintf(shown, sizeof(shown), "' '");
    else
      std::snprintf(shown, sizeof(shown), "byte 0x%02x", byte);
    return Bad(quoted + "is not a host name or IP address: " + shown +
               " is not allowed");
  }
  // Letters, digits, '-', '_' and dots: a DNS name (RFC 1035 2.3.4: labels
  // of 1 to 63 octets; one trailing dot for a rooted name), or, when it is
  // digits and dots alone, a dotted-quad IPv4 address.
  if (name.find_first_not_of("0123456789.") == std::string_view::npos &&
      name.find('.') != std::string_view::npos &&
      name.find_first_of("0123456789") != std::string_view::npos) {
    const auto address = resolver::Address::ParseNumeric(name);
    if (!address || address->family() != resolver::Family::kV4)
      return Bad(quoted + "is not a valid IPv4 address");
    return std::string(name);
  }
  std::string_view labels = name;
  if (labels.back() == '.') labels.remove_suffix(1);
  while (true) {
    const std::size_t dot = labels.find('.');
    const std::string_view label = labels.substr(0, dot);
    if (label.empty()) return Bad(quoted + "has an empty label");
    if (label.size() > 63)
      return Bad(quoted + "has a label longer than 63 characters");
    if (dot == std::string_view::npos) break;
    labels.remove_prefix(dot + 1);
  }
  return LowerAscii(name);
}

}  // namespace

Status SetSetting(std::string_view key, std::string_view value,
                  SettingsLayer* layer) {
  const std::string v(value);
  if (key == "family") {
    auto policy = resolver::ParseFamilyPolicy(value);
    if (!policy)
      return Bad("unknown family policy \"" + v + "\" (" +
                 resolver::FamilyPolicyNames() + ")");
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
  } else if (key == "race-budget") {
    // Counted from the first candidate address, not from the start of the
    // lookups; under 100 ms no second address gets a fair try, over 60 s
    // is the default deadline.
    auto d = Duration(value);
    if (!d || *d < milliseconds(100) || *d > milliseconds(60000))
      return Bad("race-budget must be 100ms to 60s, not \"" + v + "\"");
    layer->race_budget = *d;
  } else if (key == "reconnect-ttl") {
    // The kernel key's lifetime: at least 2 s (the key type compares whole
    // seconds, so 1 s keys can expire before the kernel reads them), at
    // most 60 s so that a changed answer reaches the next reconnect soon.
    auto d = Duration(value);
    if (!d || *d < milliseconds(2000) || *d > milliseconds(60000) ||
        d->count() % 1000 != 0)
      return Bad("reconnect-ttl must be whole seconds, 2s to 60s, not \"" + v + "\"");
    layer->reconnect_ttl = std::chrono::duration_cast<std::chrono::seconds>(*d);
  } else if (key == "failed-family-memory") {
    // RFC 6555 section 4.2: on the order of 10 minutes.
    auto d = Duration(value);
    if (!d || *d < milliseconds(60 * 1000) || *d > milliseconds(24 * 3600 * 1000) ||
        d->count() % 1000 != 0)
      return Bad("failed-family-memory must be whole seconds, 1m to 24h, not \"" + v +
                 "\"");
    layer->failed_family_memory = std::chrono::duration_cast<std::chrono::seconds>(*d);
  } else if (key == "race-mode") {
    if (value == "concurrent")
      layer->race_mode = resolver::ProbeMode::kConcurrent;
    else if (value == "staggered")
      layer->race_mode = resolver::ProbeMode::kStaggered;
    else
      return Bad("race-mode must be concurrent or staggered, not \"" + v + "\"");
  } else if (key == "network-wait") {
    const auto yes = YesNo(value);
    if (!yes) return Bad("network-wait must be yes or no, not \"" + v + "\"");
    layer->network_wait = *yes;
  } else if (key == "ad-site-order") {
    const auto yes = YesNo(value);
    if (!yes) return Bad("ad-site-order must be yes or no, not \"" + v + "\"");
    layer->ad_site_order = *yes;
  } else if (key == "ad-site-timeout") {
    // cifs-utils 7.1 gives each CLDAP ping 2 s, one DC after another; the
    // helper pings every DC at once, so one budget for the whole lookup
    // (SRV, ping, SRV) is enough. Over 5 s it would cost more than the
    // ordering saves.
    auto d = Duration(value);
    if (!d || *d < milliseconds(100) || *d > milliseconds(5000))
      return Bad("ad-site-timeout must be 100ms to 5s, not \"" + v + "\"");
    layer->ad_site_timeout = *d;
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
    else if (const auto yes = YesNo(value)) layer->kernel_ipv6 = std::optional<bool>(*yes);
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
    const auto facility = ParseSyslogFacility(value);
    if (!facility)
      return Bad("syslog-facility must be daemon, user, auth, authpriv or "
                 "local0-7, not \"" + v + "\"");
    layer->syslog_facility = *facility;
  } else {
    return Bad("unknown key \"" + std::string(key) + "\"");
  }
  return {};
}

const std::error_category& ConfigCategory() {
  class Category : public std::error_category {
   public:
    const char* name() const noexcept override { return "cifs-family.conf"; }
    std::string message(int) const override { return "bad configuration"; }
  };
  static const Category category;
  return category;
}

std::string_view PolicySourceName(PolicySource source) {
  switch (source) {
    case PolicySource::kDefault: return "default";
    case PolicySource::kGlobal: return "global";
    case PolicySource::kServer: return "server";
    case PolicySource::kOption: return "option";
  }
  return "default";
}

const SettingsLayer* Config::ServerSection(std::string_view server) const {
  auto it = servers.find(LowerAscii(server));
  return it == servers.end() ? nullptr : &it->second;
}

bool Config::NamesServer(std::string_view server) const {
  return ServerSection(server) != nullptr;
}

Settings Config::For(std::string_view server,
                     const SettingsLayer& overrides) const {
  Settings s;
  Apply(global, &s);
  if (const SettingsLayer* section = ServerSection(server)) Apply(*section, &s);
  Apply(overrides, &s);
  return s;
}

PolicySource Config::FamilySource(std::string_view server,
                                  const SettingsLayer& overrides) const {
  if (overrides.family) return PolicySource::kOption;
  if (const SettingsLayer* section = ServerSection(server); section && section->family)
    return PolicySource::kServer;
  if (global.family) return PolicySource::kGlobal;
  return PolicySource::kDefault;
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
        if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"')
          return fail("expected [server \"NAME\"]");
        auto key = ServerKey(quoted.substr(1, quoted.size() - 2));
        if (!key.ok()) return fail(key.error().message);
        section = &config.servers[key.value()];
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
