// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "resolver/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = mount_cifs::ParseConfig(text, "fuzz.conf");
  if (config.ok()) (void)config.value().For("server", {});
  return 0;
}
