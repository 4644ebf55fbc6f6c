// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNT_POINT_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNT_POINT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mount.cifs/core/seams.h"
#include "resolver/base/result.h"

namespace mount_cifs::testing {

/// MountPointAccess fake: chdir succeeds unless a path has a scripted errno;
/// the canonical path is the scripted one, else the last path entered.
class FakeMountPoint : public MountPointAccess {
 public:
  void FailChdir(const std::string& path, int err) { chdir_errors_[path] = err; }
  void SetCanonical(std::string path) { canonical_ = std::move(path); }
  void FailCanonical(int err) { canonical_error_ = err; }

  Status ChangeInto(const std::string& path) override {
    chdir_calls.push_back(path);
    if (auto it = chdir_errors_.find(path); it != chdir_errors_.end())
      return ErrnoError(it->second, "chdir");
    current_ = path;
    return {};
  }

  Result<std::string> CanonicalWorkingDirectory() override {
    ++canonical_calls;
    if (canonical_error_ != 0) return ErrnoError(canonical_error_, "realpath");
    if (canonical_) return *canonical_;
    return current_;
  }

  std::vector<std::string> chdir_calls;
  int canonical_calls = 0;

 private:
  std::map<std::string, int> chdir_errors_;
  std::optional<std::string> canonical_;
  int canonical_error_ = 0;
  std::string current_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNT_POINT_H_
