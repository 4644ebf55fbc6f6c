// SPDX-License-Identifier: GPL-3.0-or-later
#include <cap-ng.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include <cerrno>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

Status CapError(const char* what) {
  return ErrnoError(errno != 0 ? errno : EPERM, what);
}

Status Apply() {
  if (capng_apply(CAPNG_SELECT_CAPS) != 0) return CapError("capng_apply");
  return {};
}

}  // namespace

CapNgPrivileges::CapNgPrivileges(unsigned real_uid, unsigned real_gid)
    : real_uid_(real_uid), real_gid_(real_gid) {}

Status CapNgPrivileges::DropToMountOnly() {
  capng_setpid(getpid());
  capng_clear(CAPNG_SELECT_BOTH);
  if (capng_updatev(CAPNG_ADD, CAPNG_PERMITTED, CAP_SYS_ADMIN,
                    CAP_DAC_READ_SEARCH, CAP_DAC_OVERRIDE, -1) != 0)
    return CapError("capng_updatev");
  // Empty the bounding set too when we may (CAP_SETPCAP), so nothing this
  // process execs could regain more.
  const capng_select_t set =
      capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) ? CAPNG_SELECT_BOTH
                                                          : CAPNG_SELECT_CAPS;
  if (capng_apply(set) != 0) return CapError("capng_apply");
  return {};
}

Status CapNgPrivileges::RaiseForMount() {
  if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SYS_ADMIN) != 0)
    return CapError("capng_update");
  return Apply();
}

Status CapNgPrivileges::LowerAfterMount() {
  if (capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, CAP_SYS_ADMIN) != 0)
    return CapError("capng_update");
  return Apply();
}

Status CapNgPrivileges::BeginCallerAccess() {
  if (real_uid_ == 0) {
    if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_DAC_READ_SEARCH) != 0)
      return CapError("capng_update");
    return Apply();
  }
  // setfsuid cannot report failure directly: set, then read back.
  setfsgid(real_gid_);
  setfsuid(real_uid_);
  if (static_cast<unsigned>(setfsuid(static_cast<uid_t>(-1))) != real_uid_ ||
      static_cast<unsigned>(setfsgid(static_cast<gid_t>(-1))) != real_gid_)
    return ErrnoError(EPERM, "setfsuid");
  return {};
}

Status CapNgPrivileges::EndCallerAccess() {
  if (real_uid_ == 0) {
    if (capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, CAP_DAC_READ_SEARCH) != 0)
      return CapError("capng_update");
    return Apply();
  }
  setfsuid(geteuid());
  setfsgid(getegid());
  return {};
}

}  // namespace mount_cifs::sys
