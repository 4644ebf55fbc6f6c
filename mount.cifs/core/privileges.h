// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_PRIVILEGES_H_
#define MOUNT_CIFS_CORE_PRIVILEGES_H_

#include "resolver/base/result.h"

namespace mount_cifs {

/// The privilege seam (real: CapNgPrivileges over libcap-ng and setfsuid).
/// The shape is cifs-utils' (reference section 6): keep only what mount
/// needs, read and parse as the caller, raise CAP_SYS_ADMIN around mount(2).
class Privileges {
 public:
  virtual ~Privileges() = default;
  /// At start: every capability is cleared except CAP_SYS_ADMIN,
  /// CAP_DAC_READ_SEARCH and CAP_DAC_OVERRIDE, which stay permitted but not
  /// effective; the bounding set is emptied. Errors: errno-style.
  virtual Status DropToMountOnly() = 0;
  /// CAP_SYS_ADMIN effective (around mount(2) only).
  virtual Status RaiseForMount() = 0;
  virtual Status LowerAfterMount() = 0;
  /// File access as the calling user: fsuid/fsgid = the real ids (for a
  /// root caller, CAP_DAC_READ_SEARCH effective instead, as cifs-utils
  /// does for credentials files).
  virtual Status BeginCallerAccess() = 0;
  virtual Status EndCallerAccess() = 0;
};

/// Holds CAP_SYS_ADMIN for one scope; lowers it on every path out.
class ScopedMountPrivilege {
 public:
  explicit ScopedMountPrivilege(Privileges& p) : p_(p), status_(p.RaiseForMount()) {}
  ~ScopedMountPrivilege() {
    if (status_.ok()) (void)p_.LowerAfterMount();
  }
  ScopedMountPrivilege(const ScopedMountPrivilege&) = delete;
  ScopedMountPrivilege& operator=(const ScopedMountPrivilege&) = delete;
  const Status& status() const { return status_; }

 private:
  Privileges& p_;
  Status status_;
};

/// Acts as the caller for one scope (file reads, chdir).
class ScopedCallerAccess {
 public:
  explicit ScopedCallerAccess(Privileges& p) : p_(p), status_(p.BeginCallerAccess()) {}
  ~ScopedCallerAccess() {
    if (status_.ok()) (void)p_.EndCallerAccess();
  }
  ScopedCallerAccess(const ScopedCallerAccess&) = delete;
  ScopedCallerAccess& operator=(const ScopedCallerAccess&) = delete;
  const Status& status() const { return status_; }

 private:
  Privileges& p_;
  Status status_;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_PRIVILEGES_H_
