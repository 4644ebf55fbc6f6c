// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_MTAB_ENTRY_H_
#define MOUNT_CIFS_CORE_MTAB_ENTRY_H_

#include <optional>
#include <string>
#include <string_view>

namespace mount_cifs {

/// The legacy /etc/mtab line for a mount, as cifs-utils' add_mtab() writes
/// it: escaped device, directory and type, the flags as rw/ro,mand,noexec,
/// nosuid,nodev,sync, ",user=LOGIN" for a user mount, " 0 0", newline.
std::string MtabEntry(std::string_view device, std::string_view mount_point,
                      std::string_view fstype, unsigned long flags,
                      const std::optional<std::string>& user_login);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_MTAB_ENTRY_H_
