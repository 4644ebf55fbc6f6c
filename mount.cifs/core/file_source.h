// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_FILE_SOURCE_H_
#define MOUNT_CIFS_CORE_FILE_SOURCE_H_

#include <cstddef>
#include <string>

#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// Reads files and inherited descriptors on behalf of the calling user.
/// Contents come back as a Secret (credentials and password files hold
/// passwords). Reads are bounded: a longer input is an error, never a
/// silently cut one.
class FileSource {
 public:
  virtual ~FileSource() = default;
  /// The whole file at `path`, at most `max_bytes`. Errors: errno (ENOENT,
  /// EACCES, EFBIG when longer than max_bytes, ...).
  virtual Result<Secret> ReadFile(const std::string& path,
                                  std::size_t max_bytes) = 0;
  /// Reads what one read(2) of descriptor `fd` gives, at most `max_bytes`
  /// (cifs-utils reads PASSWD_FD once). Errors: errno (EBADF, ...).
  virtual Result<Secret> ReadDescriptor(int fd, std::size_t max_bytes) = 0;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_FILE_SOURCE_H_
