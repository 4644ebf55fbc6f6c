// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/unc.h"

#include <cstdio>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/text.h"

namespace mount_cifs {
namespace {

Error BadUnc(std::string_view device, std::string_view why = {}) {
  std::string message = "bad UNC (" + std::string(device) + ")";
  if (!why.empty()) message += ": " + std::string(why);
  return MakeError(Errc::kBadSource, std::move(message));
}

bool IsDelimiter(char c) { return c == '/' || c == '\\'; }

}  // namespace

Result<Unc> ParseUnc(std::string_view device) {
  // A newline would forge a second line in /etc/mtab (CVE-2010-0547 class);
  // no control character belongs in a server or share name.
  for (unsigned char c : device) {
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02x", c);
      return MakeError(Errc::kBadSource,
                       std::string("illegal character ") + hex +
                           " in mount entry");
    }
  }
  if (device.size() > kMaxUncLength)
    return MakeError(Errc::kBadSource, "mount error: UNC name too long");
  if (device.size() < 3)
    return MakeError(Errc::kBadSource, "mount error: UNC name too short");
  if (StartsWithNoCase(device, "cifs://") || StartsWithNoCase(device, "smb://"))
    return MakeError(Errc::kBadSource,
                     "Mounting cifs URL not implemented yet. Attempt to mount " +
                         std::string(device));
  if (!IsDelimiter(device[0]) || device[1] != device[0]) return BadUnc(device);

  Unc unc;
  const std::string_view rest = device.substr(2);
  size_t host_end = 0;  // index in `rest` of the delimiter after the host part
  std::string_view host_part;
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return BadUnc(device, "missing ']'");
    unc.host = std::string(rest.substr(1, close - 1));
    unc.bracketed = true;
    // The bracket must close before the host part ends (found by fuzzing:
    // "//[8:/[8::1]/s" once left a '/' and a '[' in the host).
    if (unc.host.find_first_of("/\\[") != std::string::npos)
      return BadUnc(device, "bad bracketed address");
    if (unc.host.find(':') == std::string::npos)
      return BadUnc(device, "brackets hold an IPv6 address");
    host_end = close + 1;
    if (host_end < rest.size() && rest[host_end] == ':') {
      size_t port_end = host_end + 1;
      while (port_end < rest.size() && !IsDelimiter(rest[port_end])) ++port_end;
      unc.port = ParsePort(rest.substr(host_end + 1, port_end - host_end - 1));
      if (!unc.port) return BadUnc(device, "bad port");
      host_end = port_end;
    }
    if (host_end < rest.size() && !IsDelimiter(rest[host_end]))
      return BadUnc(device, "text after ']'");
  } else {
    while (host_end < rest.size() && !IsDelimiter(rest[host_end])) ++host_end;
    host_part = rest.substr(0, host_end);
    // Exactly one colon is host:port; more are an unbracketed IPv6 literal,
    // which cifs-utils accepts and so do we.
    const size_t colon = host_part.find(':');
    if (colon != std::string_view::npos &&
        host_part.find(':', colon + 1) == std::string_view::npos) {
      unc.port = ParsePort(host_part.substr(colon + 1));
      if (!unc.port) return BadUnc(device, "bad port");
      unc.host = std::string(host_part.substr(0, colon));
    } else {
      unc.host = std::string(host_part);
    }
  }
  if (unc.host.empty()) return BadUnc(device);
  if (unc.host.size() >= kMaxHostLength)
    return MakeError(Errc::kBadSource, "host portion of UNC too long");

  // cifs-utils lets an empty share through and the kernel fails later with a
  // vaguer error; say it here.
  if (host_end >= rest.size()) return BadUnc(device, "no share name");
  const std::string_view after_host = rest.substr(host_end + 1);
  size_t share_end = 0;
  while (share_end < after_host.size() && !IsDelimiter(after_host[share_end]))
    ++share_end;
  unc.share = std::string(after_host.substr(0, share_end));
  if (unc.share.empty()) return BadUnc(device, "no share name");
  if (unc.share.size() > kMaxShareLength)
    return MakeError(Errc::kBadSource, "share portion of UNC too long");
  if (share_end < after_host.size())
    unc.prefix = std::string(after_host.substr(share_end + 1));
  if (unc.prefix.size() > kMaxPrefixLength)
    return MakeError(Errc::kBadSource, "UNC prefixpath too long");

  // The kernel splits its option string at every comma and only pass=
  // knows ",," (smb3_fs_context_parse_monolithic), so a comma in the host,
  // share or prefix path would end unc= or prefixpath= early and add an
  // option the caller never gave: //srv/sh,ip=203.0.113.9/x sends
  // "unc=\\srv\sh,ip=203.0.113.9", and the kernel takes the later ip=.
  // cifs-utils 7.0 sends it; for a setuid helper it is an injection
  // (docs/compatibility.md D32).
  for (const std::string* part : {&unc.host, &unc.share, &unc.prefix}) {
    if (part->find(',') != std::string::npos)
      return BadUnc(device, "a comma in the server, share or path would add "
                            "options to the kernel's option string");
  }

  if (unc.bracketed || unc.port) {
    unc.device = std::string(device.substr(0, 2)) + unc.host +
                 std::string(rest.substr(host_end));
  } else {
    unc.device = std::string(device);
  }
  return unc;
}

bool UppercaseAscii(std::string* text) {
  for (unsigned char c : *text) {
    if (c & 0x80) return false;
  }
  for (char& c : *text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return true;
}

bool IsAsciiUnc(const Unc& unc) {
  for (const std::string* part : {&unc.host, &unc.share, &unc.prefix, &unc.device})
    for (char c : *part)
      if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

Unc UppercaseUnc(Unc unc) {
  if (!IsAsciiUnc(unc)) return unc;
  for (std::string* part : {&unc.host, &unc.share, &unc.prefix, &unc.device})
    UppercaseAscii(part);
  return unc;
}

}  // namespace mount_cifs
