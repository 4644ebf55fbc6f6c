// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_USER_DB_H_
#define MOUNT_CIFS_CORE_USER_DB_H_

#include <cstdint>
#include <optional>
#include <string>

namespace mount_cifs {

/// The passwd/group database seam (real: getpwnam_r/getgrnam_r).
class UserDb {
 public:
  virtual ~UserDb() = default;
  virtual std::optional<std::uint32_t> UidForName(const std::string& name) = 0;
  virtual std::optional<std::uint32_t> GidForName(const std::string& name) = 0;
  /// The login name of `uid`; nullopt when there is none.
  virtual std::optional<std::string> NameForUid(std::uint32_t uid) = 0;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_USER_DB_H_
