// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_PRIVILEGES_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_PRIVILEGES_H_

#include <string>
#include <vector>

#include "mount.cifs/core/privileges.h"
#include "mount.cifs/core/seams.h"

namespace mount_cifs::testing {

/// Records raise/lower and caller-access calls; `mount_raised` and
/// `caller_access` tell a fake Mounter/FileSource what state it ran in.
class FakePrivileges : public Privileges {
 public:
  std::vector<std::string> log;
  bool mount_raised = false;
  int caller_access = 0;  // nesting depth

  Status DropToMountOnly() override { log.push_back("drop"); return {}; }
  Status RaiseForMount() override {
    log.push_back("raise");
    mount_raised = true;
    return {};
  }
  Status LowerAfterMount() override {
    log.push_back("lower");
    mount_raised = false;
    return {};
  }
  Status BeginCallerAccess() override {
    log.push_back("as-caller");
    ++caller_access;
    return {};
  }
  Status EndCallerAccess() override {
    log.push_back("as-self");
    --caller_access;
    return {};
  }
};

/// An in-memory /etc/mtab.
class FakeMtab : public Mtab {
 public:
  bool regular = false;
  std::string text;
  int fail_append_errno = 0;

  bool IsRegularFile() override { return regular; }
  Status Append(const std::string& line) override {
    if (fail_append_errno != 0) return ErrnoError(fail_append_errno, "mtab");
    text += line;
    return {};
  }
  Status RemoveEntriesFor(const std::string& dir) override {
    std::string kept, rest = text;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string line = rest.substr(0, nl + 1);
      rest = nl == std::string::npos ? "" : rest.substr(nl + 1);
      const size_t a = line.find(' ');
      const size_t b = line.find(' ', a + 1);
      if (line.substr(a + 1, b - a - 1) != dir) kept += line;
    }
    text = kept;
    return {};
  }
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_PRIVILEGES_H_
