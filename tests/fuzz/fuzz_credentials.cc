// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mount.cifs/core/credentials.h"
#include "mount.cifs/core/mount_options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const mount_cifs::Secret text(
      std::string_view(reinterpret_cast<const char*>(data), size));
  mount_cifs::MountOptions options;
  (void)mount_cifs::ApplyCredentials(mount_cifs::ParseCredentials(text), &options);
  (void)mount_cifs::FirstLine(text);
  return 0;
}
