// SPDX-License-Identifier: GPL-3.0-or-later
// The first stages of a mount: everything the caller gives (mount point,
// options, the files they name, the UNC, the password) read and checked
// before any address is probed.
#ifndef MOUNT_CIFS_CORE_REQUEST_H_
#define MOUNT_CIFS_CORE_REQUEST_H_

#include <optional>
#include <string>

#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/secret.h"
#include "mount.cifs/core/unc.h"
#include "resolver/base/result.h"
#include "resolver/family_policy.h"

namespace mount_cifs {

/// chdir into the target as the caller (then mount(2) gets "."), and the
/// canonical path of where it landed. Errors: Errc::kBadCommandLine for a
/// target the caller cannot enter or a newline in its path; errno.
Result<std::string> EnterMountPoint(const Invocation& inv, Deps& deps);

/// The option text in force: -o for root; for a user the fstab entry's
/// options with what the entry grants the caller (UserMountOptions()).
struct OptionGrant {
  Secret text;
};

/// root's -o as given; for another caller the options of the matching
/// /etc/fstab user/users entry (cifs-utils check_fstab()), logged when
/// denied. Errors: Errc::kPermissionDenied, Errc::kMtab (fstab unreadable).
Result<OptionGrant> GrantOptions(const Invocation& inv, const Caller& caller,
                                 const std::string& mount_point, Deps& deps);

/// What the caller asked for, complete: the input of every later stage.
struct CallerRequest {
  std::string mount_point;  // canonical
  MountOptions options;     // password included once complete
  Unc unc;
  std::string username;  // empty for a null session (guest)
};

/// Parses the options (credentials files and PASSWD_FILE/PASSWD_FD read
/// with the caller's file access) and the UNC; a user mount gets nosuid and
/// nodev. Warnings go to the console as they are found.
Result<CallerRequest> ParseRequest(const Invocation& inv, const Environment& env,
                                   const Caller& caller, std::string mount_point,
                                   const OptionGrant& grant, Deps& deps);

/// The user name (user=, USER, the caller's login) and, when one is needed
/// and not given, the password from the terminal: the last caller input,
/// read before any probe so that probe results do not age while the user
/// types. Errors: Errc::kBadOption (user name rules), errno (no terminal),
/// Errc::kBadCredentials (password too long).
Result<CallerRequest> CompleteCredentials(CallerRequest request,
                                          const Invocation& inv,
                                          const Environment& env,
                                          const Caller& caller, Deps& deps);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_REQUEST_H_
