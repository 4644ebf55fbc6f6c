// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_EXIT_CODE_H_
#define MOUNT_CIFS_CORE_EXIT_CODE_H_

#include "resolver/base/result.h"

namespace mount_cifs {

/// mount(8)'s exit status contract (mount(8) "RETURN CODES"; cifs-utils'
/// mount.h repeats it). The process exit code exists only as this type.
enum class ExitCode {
  kSuccess = 0,
  kUsage = 1,        // incorrect invocation or permissions
  kSysErr = 2,       // system error (out of memory, cannot fork, ...)
  kSoftware = 4,     // internal mount bug
  kUser = 8,         // user interrupt
  kFileIo = 16,      // problems writing or locking /etc/mtab
  kFail = 32,        // mount failure
  kSomeOk = 64,      // some mount succeeded
};

/// The one place an Error becomes an exit code (util-linux mk_exit_code()).
ExitCode ExitCodeFor(const Error& error);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_EXIT_CODE_H_
