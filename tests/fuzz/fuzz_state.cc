// SPDX-License-Identifier: GPL-3.0-or-later
// The per-server state record (/run/cifs-family/hosts/NAME): read by the
// reconnect handler as root. Whatever parses must have a safe key and must
// survive a format/parse round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "resolver/state_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)mount_cifs::resolver::StateKey(text);
  auto r = mount_cifs::resolver::ParseHostRecord(text);
  if (!r.ok()) return 0;
  const auto& record = r.value();
  if (!mount_cifs::resolver::StateKey(record.host)) __builtin_trap();
  const std::string again = mount_cifs::resolver::FormatHostRecord(record);
  auto back = mount_cifs::resolver::ParseHostRecord(again);
  if (!back.ok()) __builtin_trap();
  if (mount_cifs::resolver::FormatHostRecord(back.value()) != again) __builtin_trap();
  return 0;
}
