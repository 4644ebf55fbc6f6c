// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/kernel_caps.h"

#include <cstdint>
#include <tuple>
#include <vector>

namespace mount_cifs::resolver {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads a decimal number at `pos`; nullopt when there is none or it is huge.
std::optional<int> NumberAt(std::string_view text, std::size_t* pos) {
  const std::size_t start = *pos;
  int value = 0;
  while (*pos < text.size() && IsDigit(text[*pos])) {
    if (*pos - start >= 7) return std::nullopt;
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
  }
  if (*pos == start) return std::nullopt;
  return value;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' ||
                           text.front() == '\n' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// "1.60RH" -> {1, 60}; nullopt when it does not start with N.N.
std::optional<std::pair<int, int>> CifsMajorMinor(std::string_view version) {
  std::size_t pos = 0;
  auto major = NumberAt(version, &pos);
  if (!major || pos >= version.size() || version[pos] != '.') return std::nullopt;
  ++pos;
  auto minor = NumberAt(version, &pos);
  if (!minor) return std::nullopt;
  return std::make_pair(*major, *minor);
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::optional<std::uint32_t> Hex(std::string_view text) {
  if (text.empty() || text.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return std::nullopt;
    value = value * 16 + static_cast<std::uint32_t>(digit);
  }
  return value;
}

template <typename Fn>
bool AnyLine(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    if (fn(Fields(line))) return true;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return false;
}

bool IsLinkLocalOrMulticastHex(std::string_view addr32) {
  if (addr32.size() != 32) return true;
  const auto first = Hex(addr32.substr(0, 4));
  if (!first) return true;
  return (*first & 0xffc0) == 0xfe80 || (*first & 0xff00) == 0xff00;
}

}  // namespace

std::optional<KernelRelease> ParseKernelRelease(std::string_view release) {
  KernelRelease r;
  std::size_t pos = 0;
  auto major = NumberAt(release, &pos);
  if (!major || pos >= release.size() || release[pos] != '.') return std::nullopt;
  ++pos;
  auto minor = NumberAt(release, &pos);
  if (!minor) return std::nullopt;
  r.major = *major;
  r.minor = *minor;
  if (pos < release.size() && release[pos] == '.') {
    ++pos;
    if (auto patch = NumberAt(release, &pos)) r.patch = *patch;
  }
  if (pos < release.size() && release[pos] == '-') {
    ++pos;
    r.vendor_release = NumberAt(release, &pos);
  }
  // ".elN" marks RHEL and its rebuilds: 2.6.18-308.el5, 3.10.0-1160.el7.x86_64,
  // 5.14.0-362.8.1.el9_3.x86_64.
  for (std::size_t i = 0; i + 3 < release.size(); ++i) {
    if (release[i] == '.' && release[i + 1] == 'e' && release[i + 2] == 'l' &&
        IsDigit(release[i + 3])) {
      std::size_t p = i + 3;
      r.rhel = NumberAt(release, &p);
      break;
    }
  }
  return r;
}

std::optional<std::string> ParseCifsVersion(std::string_view text) {
  // DebugData: a line "CIFS Version 2.51"; sysfs: the bare version.
  const std::string_view kKey = "CIFS Version ";
  std::string_view value = text;
  if (const std::size_t at = text.find(kKey); at != std::string_view::npos) {
    value = text.substr(at + kKey.size());
    value = value.substr(0, value.find('\n'));
  } else {
    value = Trim(text);
    value = value.substr(0, value.find('\n'));
  }
  value = Trim(value);
  if (value.empty() || !IsDigit(value[0]) || value.size() > 32) return std::nullopt;
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) > '~')
      return std::nullopt;
  }
  return std::string(value);
}

KernelCaps KernelCapsFor(std::string_view release,
                         std::optional<std::string_view> cifs_version) {
  KernelCaps caps;
  const std::string cifs =
      cifs_version ? " cifs " + std::string(*cifs_version) : std::string();
  const auto r = ParseKernelRelease(release);
  if (!r) {
    // Unknown: the RHEL 5 limits are the safe guess; IPv6 stays allowed, and
    // an EINVAL on an IPv6 ip= then moves on to the next address.
    caps.max_ip_length = 34;
    caps.scope_ids = false;
    caps.known = false;
    caps.basis = "unknown-kernel" + cifs;
    return caps;
  }
  caps.basis = std::to_string(r->major) + "." + std::to_string(r->minor) + "." +
               std::to_string(r->patch) +
               (r->rhel ? "-el" + std::to_string(*r->rhel) : std::string()) +
               cifs;
  const auto base = std::make_tuple(r->major, r->minor, r->patch);
  if (r->rhel == 5) {
    // RHEL 5 backported IPv6 (CIFS 1.50cRH, 5.2 = 2.6.18-92) but never the
    // 2.6.31 length fix. CIFS version numbers are vendor-specific: only
    // "below 1.50" is meaningful here.
    bool ipv6;
    if (auto v = cifs_version ? CifsMajorMinor(*cifs_version) : std::nullopt) {
      ipv6 = *v >= std::make_pair(1, 50);
    } else {
      ipv6 = r->vendor_release.value_or(0) >= 92;
      caps.known = r->vendor_release.has_value();
    }
    caps.ipv6 = ipv6;
    caps.max_ip_length = 34;
    caps.scope_ids = false;
    return caps;
  }
  if (base < std::make_tuple(2, 6, 23)) {
    caps.ipv6 = false;  // IPv6 parsed but connected over IPv4 (2.6.18)
    caps.max_ip_length = 34;
    caps.scope_ids = false;
  } else if (base < std::make_tuple(2, 6, 31)) {
    caps.max_ip_length = 34;
    caps.scope_ids = false;
  } else if (base < std::make_tuple(3, 4, 0)) {
    caps.max_ip_length = 45;  // below INET6_ADDRSTRLEN
  }
  return caps;
}

KernelCaps ApplyKernelOverrides(KernelCaps caps, std::optional<bool> ipv6,
                                std::optional<std::size_t> max_ip_length) {
  if (ipv6) {
    caps.ipv6 = *ipv6;
    caps.basis += *ipv6 ? " override:ipv6" : " override:no-ipv6";
  }
  if (max_ip_length) {
    caps.max_ip_length = *max_ip_length;
    caps.basis += " override:max-len=" + std::to_string(*max_ip_length);
  }
  if (ipv6 || max_ip_length) caps.known = true;
  return caps;
}

std::optional<SkipReason> KernelRejects(const KernelCaps& caps,
                                        const Address& address) {
  if (address.family() == Family::kV4) return std::nullopt;
  if (!caps.ipv6) return SkipReason::kKernelNoIpv6;
  if (address.scope_id() != 0 && !caps.scope_ids) return SkipReason::kKernelNoScope;
  if (caps.max_ip_length &&
      address.ToKernelText().size() > *caps.max_ip_length)
    return SkipReason::kIpTooLong;
  return std::nullopt;
}

bool HasUsableIpv6Address(std::string_view if_inet6) {
  // address ifindex prefixlen scope flags device
  return AnyLine(if_inet6, [](const std::vector<std::string_view>& f) {
    if (f.size() < 6 || f[0].size() != 32) return false;
    const auto scope = Hex(f[3]);
    const auto flags = Hex(f[4]);
    if (!scope || !flags) return false;
    constexpr std::uint32_t kHost = 0x10, kLink = 0x20;
    constexpr std::uint32_t kTentative = 0x40, kDadFailed = 0x08;
    if (*scope == kHost || *scope == kLink) return false;
    if (*flags & (kTentative | kDadFailed)) return false;
    return !IsLinkLocalOrMulticastHex(f[0]) && f[5] != "lo";
  });
}

bool HasUsableIpv6Route(std::string_view ipv6_route) {
  // dest plen src plen nexthop metric refcnt use flags device
  return AnyLine(ipv6_route, [](const std::vector<std::string_view>& f) {
    if (f.size() < 10 || f[0].size() != 32) return false;
    const auto flags = Hex(f[8]);
    if (!flags) return false;
    constexpr std::uint32_t kReject = 0x0200, kLocal = 0x80000000;
    if (*flags & (kReject | kLocal)) return false;
    if (f[9] == "lo") return false;
    const auto plen = Hex(f[1]);
    if (!plen) return false;
    // The default route ::/0 counts; so does any non-link-local prefix.
    return *plen == 0 || !IsLinkLocalOrMulticastHex(f[0]);
  });
}

}  // namespace mount_cifs::resolver
