// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_RECORDING_CONSOLE_H_
#define MOUNT_CIFS_TESTS_FAKES_RECORDING_CONSOLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/seams.h"

namespace mount_cifs::testing {

/// Console that keeps every line.
class RecordingConsole : public Console {
 public:
  void Line(std::string_view line) override { lines.emplace_back(line); }

  /// All lines joined with '\n'.
  std::string Text() const {
    std::string text;
    for (const std::string& l : lines) {
      if (!text.empty()) text += '\n';
      text += l;
    }
    return text;
  }
  bool HasLine(std::string_view line) const {
    for (const std::string& l : lines) {
      if (l == line) return true;
    }
    return false;
  }
  bool Mentions(std::string_view text) const {
    return Text().find(text) != std::string::npos;
  }

  std::vector<std::string> lines;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_RECORDING_CONSOLE_H_
