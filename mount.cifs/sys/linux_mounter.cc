// SPDX-License-Identifier: GPL-3.0-or-later
#include <sys/mount.h>

#include <cerrno>

#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {

static_assert(kMsRdonly == MS_RDONLY && kMsNosuid == MS_NOSUID &&
                  kMsNodev == MS_NODEV && kMsNoexec == MS_NOEXEC &&
                  kMsSynchronous == MS_SYNCHRONOUS &&
                  kMsRemount == MS_REMOUNT && kMsMandlock == MS_MANDLOCK,
              "core/mount_flags.h must match <sys/mount.h>");

Status LinuxMounter::Mount(const MountRequest& request) {
  const char* data = request.data != nullptr ? request.data->CStr() : nullptr;
  if (::mount(request.source.c_str(), request.target.c_str(),
              request.fstype.c_str(), request.flags, data) != 0) {
    const int err = errno;
    return ErrnoError(err, "mount");
  }
  return {};
}

}  // namespace mount_cifs::sys
