// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/mtab_entry.h"

#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/user_policy.h"

namespace mount_cifs {

std::string MtabEntry(std::string_view device, std::string_view mount_point,
                      std::string_view fstype, unsigned long flags,
                      const std::optional<std::string>& user_login) {
  std::string opts = (flags & kMsRdonly) ? "ro" : "rw";
  if (flags & kMsMandlock) opts += ",mand";
  if (flags & kMsNoexec) opts += ",noexec";
  if (flags & kMsNosuid) opts += ",nosuid";
  if (flags & kMsNodev) opts += ",nodev";
  if (flags & kMsSynchronous) opts += ",sync";
  if (user_login) opts += ",user=" + *user_login;
  return EscapeMountField(device) + " " + EscapeMountField(mount_point) + " " +
         EscapeMountField(fstype) + " " + EscapeMountField(opts) + " 0 0\n";
}

}  // namespace mount_cifs
