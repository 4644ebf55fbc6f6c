// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_FILE_STATE_STORE_H_
#define MOUNT_CIFS_RESOLVER_SYS_FILE_STATE_STORE_H_

#include <optional>
#include <string>
#include <string_view>

#include "resolver/state_store.h"

namespace mount_cifs::resolver {

/// Where the per-server records live: one file per StateKey(), per boot
/// (/run is a tmpfs). Root's only: the directory is 0700, the files 0600.
inline constexpr const char* kDefaultStateDir = "/run/cifs-family/hosts";

/// The real StateStore: one file per server in `directory` (an absolute
/// path; callers pass kDefaultStateDir, tests a directory of their own,
/// never a path a caller of a setuid program chose).
///
/// Nothing is followed: every component of `directory` is opened with
/// O_NOFOLLOW, one at a time from "/", and the record files too. The
/// directory counts only when it is a directory owned by the effective uid
/// and writable by nobody else; the same holds for each directory Save()
/// creates on the way (mode 0700). A record counts only when it is a
/// regular file owned by the effective uid, not group or world writable,
/// and at most 4096 bytes. Keys must be StateKey() values, never paths.
class FileStateStore : public StateStore {
 public:
  explicit FileStateStore(std::string directory = kDefaultStateDir);

  /// nullopt when the record or the directory does not exist. Errors:
  /// EINVAL for a key that is not a StateKey() value; ELOOP for a symlink
  /// (directory component or record); ENOTDIR, EPERM for a directory not
  /// ours or writable by others; EPERM for a record not ours or writable by
  /// others; EINVAL for a record that is not a regular file; EFBIG for a
  /// record over 4096 bytes; the parser's error for a record that does not
  /// parse; errno of a read that failed.
  Result<std::optional<HostRecord>> Load(std::string_view key) override;

  /// Writes FormatHostRecord(record) to a new 0600 file in the directory
  /// (created 0700 with its missing parents) and renames it over the
  /// record's key: readers see the old record or the new, never a part.
  /// Errors: EINVAL for a record.host that is not a StateKey() value; the
  /// directory errors of Load(); errno of mkdir, open, write or rename.
  Status Save(const HostRecord& record) override;

 private:
  std::string directory_;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_FILE_STATE_STORE_H_
