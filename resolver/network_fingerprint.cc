// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/network_fingerprint.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace mount_cifs::resolver {
namespace {

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

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

bool IsHex(std::string_view s, std::size_t size) {
  if (s.size() != size) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::uint32_t Hex32(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) {
    const int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    v = v << 4 | static_cast<std::uint32_t>(d);
  }
  return v;
}

// /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ...
// (addresses in hex, network byte order read as a host-order word).
void AddV4(std::string_view text, std::vector<std::string>* facts) {
  constexpr std::uint32_t kRtfUp = 0x1, kRtfReject = 0x200;
  for (std::string_view line : Lines(text)) {
    const auto f = Fields(line);
    if (f.size() < 8 || !IsHex(f[1], 8) || !IsHex(f[2], 8) || !IsHex(f[7], 8))
      continue;  // the header, or damage
    if (f[0] == "lo") continue;
    const std::uint32_t flags = Hex32(f[3].size() <= 8 ? f[3] : "0");
    if (!(flags & kRtfUp) || (flags & kRtfReject)) continue;
    const bool is_default = Hex32(f[1]) == 0 && Hex32(f[7]) == 0;
    if (is_default)
      facts->push_back("4 default " + std::string(f[0]) + " via " + std::string(f[2]));
    else if (Hex32(f[2]) == 0)
      facts->push_back("4 " + std::string(f[1]) + "/" + std::string(f[7]) + " dev " +
                      std::string(f[0]));
  }
}

// /proc/net/ipv6_route: dest plen src plen gateway metric refcnt use flags iface.
void AddV6(std::string_view text, std::vector<std::string>* facts) {
  constexpr std::uint32_t kRtfUp = 0x1, kRtfReject = 0x200;
  for (std::string_view line : Lines(text)) {
    const auto f = Fields(line);
    if (f.size() < 10 || !IsHex(f[0], 32) || !IsHex(f[1], 2) || !IsHex(f[4], 32) ||
        !IsHex(f[8], 8))
      continue;
    if (f[9] == "lo") continue;
    const std::uint32_t flags = Hex32(f[8]);
    if (!(flags & kRtfUp) || (flags & kRtfReject)) continue;
    const std::uint32_t plen = Hex32(f[1]);
    const std::string_view dest = f[0];
    if (plen == 128) continue;                                 // a host route
    if (dest.substr(0, 2) == "ff") continue;                   // multicast
    if (dest.substr(0, 3) == "fe8" || dest.substr(0, 3) == "FE8") continue;  // link-local
    if (plen == 0)
      facts->push_back("6 default " + std::string(f[9]) + " via " + std::string(f[4]));
    else
      facts->push_back("6 " + std::string(dest) + "/" + std::string(f[1]) + " dev " +
                      std::string(f[9]));
  }
}

}  // namespace

std::string NetworkFingerprint(std::string_view proc_net_route,
                               std::string_view proc_net_ipv6_route) {
  std::vector<std::string> facts;
  AddV4(proc_net_route, &facts);
  AddV6(proc_net_ipv6_route, &facts);
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (const std::string& fact : facts) {
    for (char c : fact + "\n") {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace mount_cifs::resolver
