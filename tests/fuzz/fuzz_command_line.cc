// SPDX-License-Identifier: GPL-3.0-or-later
// argv as NUL-separated words.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/command_line.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> argv;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\0') {
      argv.emplace_back(text.data() + start, i - start);
      start = i + 1;
    }
  }
  auto parsed = mount_cifs::ParseCommandLine(argv);
  if (parsed.ok()) (void)mount_cifs::UsageText(parsed.value().program);
  return 0;
}
