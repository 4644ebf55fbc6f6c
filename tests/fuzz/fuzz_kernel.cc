// SPDX-License-Identifier: GPL-3.0-or-later
// Kernel release and CIFS version strings, and the /proc IPv6 files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "resolver/kernel_caps.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = text.find('\n');
  const std::string_view release = text.substr(0, cut);
  const std::string_view rest = cut == std::string_view::npos ? "" : text.substr(cut + 1);
  (void)mount_cifs::resolver::ParseKernelRelease(release);
  auto version = mount_cifs::resolver::ParseCifsVersion(rest);
  auto caps = mount_cifs::resolver::KernelCapsFor(
      release, version ? std::optional<std::string_view>(*version) : std::nullopt);
  if (caps.max_ip_length && *caps.max_ip_length == 0) __builtin_trap();
  (void)mount_cifs::resolver::HasUsableIpv6Address(rest);
  (void)mount_cifs::resolver::HasUsableIpv6Route(rest);
  return 0;
}
