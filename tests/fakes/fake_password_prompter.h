// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_PASSWORD_PROMPTER_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_PASSWORD_PROMPTER_H_

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "mount.cifs/core/seams.h"
#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs::testing {

/// PasswordPrompter fake: records every prompt; answers with the scripted
/// text, or fails with the scripted errno. Unscripted, it fails with EIO so a
/// test that prompts unexpectedly notices.
class FakePasswordPrompter : public PasswordPrompter {
 public:
  void Answer(std::string text) {
    answer_ = std::move(text);
    error_ = 0;
  }
  void Fail(int err) {
    answer_.reset();
    error_ = err;
  }

  Result<Secret> AskPassword(const std::string& prompt) override {
    prompts.push_back(prompt);
    if (error_ != 0) return ErrnoError(error_, "prompt");
    if (!answer_) return ErrnoError(EIO, "prompt (unscripted)");
    return Secret(*answer_);
  }

  std::vector<std::string> prompts;

 private:
  std::optional<std::string> answer_;
  int error_ = 0;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_PASSWORD_PROMPTER_H_
