// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstddef>
#include <cstdint>
#include <string>

#include "mount.cifs/core/unc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string device(reinterpret_cast<const char*>(data), size);
  auto unc = mount_cifs::ParseUnc(device);
  if (unc.ok()) {
    std::string host = unc.value().host;
    (void)mount_cifs::UppercaseAscii(&host);
    // Invariants: no brackets or port left in the host of a parsed UNC.
    if (unc.value().bracketed && unc.value().host.find('[') != std::string::npos)
      __builtin_trap();
    if (unc.value().share.empty()) __builtin_trap();
  }
  return 0;
}
