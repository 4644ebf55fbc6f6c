// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_FILE_SOURCE_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_FILE_SOURCE_H_

#include <cerrno>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/file_source.h"
#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs::testing {

/// FileSource fake: an in-memory map path -> contents or errno, and
/// fd -> contents or errno. Unknown paths give ENOENT, unknown fds EBADF.
/// Files longer than max_bytes give EFBIG (the seam's contract); a
/// descriptor read returns at most max_bytes, as one read(2) would.
class FakeFileSource : public FileSource {
 public:
  void AddFile(const std::string& path, std::string contents) {
    files_[path] = Entry{std::move(contents), 0};
  }
  void FailFile(const std::string& path, int err) { files_[path] = Entry{"", err}; }
  void AddDescriptor(int fd, std::string contents) {
    fds_[fd] = Entry{std::move(contents), 0};
  }
  void FailDescriptor(int fd, int err) { fds_[fd] = Entry{"", err}; }

  Result<Secret> ReadFile(const std::string& path, std::size_t max_bytes) override {
    file_reads.push_back(path);
    auto it = files_.find(path);
    if (it == files_.end()) return ErrnoError(ENOENT, path);
    if (it->second.err != 0) return ErrnoError(it->second.err, path);
    if (it->second.contents.size() > max_bytes) return ErrnoError(EFBIG, path);
    return Secret(it->second.contents);
  }

  Result<Secret> ReadDescriptor(int fd, std::size_t max_bytes) override {
    fd_reads.push_back(fd);
    auto it = fds_.find(fd);
    if (it == fds_.end()) return ErrnoError(EBADF, "fd");
    if (it->second.err != 0) return ErrnoError(it->second.err, "fd");
    return Secret(std::string_view(it->second.contents).substr(0, max_bytes));
  }

  std::vector<std::string> file_reads;
  std::vector<int> fd_reads;

 private:
  struct Entry {
    std::string contents;
    int err = 0;
  };
  std::map<std::string, Entry> files_;
  std::map<int, Entry> fds_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_FILE_SOURCE_H_
