// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_USER_POLICY_H_
#define MOUNT_CIFS_CORE_USER_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// One /etc/fstab line, fields unescaped (\040 -> ' ', ...).
struct FstabEntry {
  std::string device;
  std::string dir;
  std::string type;
  std::string options;
};

/// Parses fstab text as getmntent(3) does: blank and '#' lines skipped,
/// whitespace-separated fields, octal escapes \040 \011 \012 \134.
std::vector<FstabEntry> ParseFstab(std::string_view text);

/// Escapes a field for fstab/mtab (space, tab, newline, backslash as octal),
/// so a hostile name cannot add a field or a line (CVE-2010-0547,
/// CVE-2011-2724).
std::string EscapeMountField(std::string_view field);

/// Escapes a caller-controlled value for one syslog word: control bytes,
/// DEL, space and backslash as \ooo, so it can neither split the line's
/// words nor drive a terminal.
std::string EscapeLogField(std::string_view field);

/// What a non-root caller may mount: the options of the fstab entry, which
/// replace the command line's entirely (cifs-utils check_fstab()).
struct UserMountGrant {
  std::string options;
};

/// Finds the fstab entry for a user mount: the first whose directory, with
/// trailing slashes removed, equals `canonical_dir`; its device must equal
/// `device` exactly, and its options must contain `user` or `users` (bare or
/// `user=NAME`). Errors (Errc::kPermissionDenied) say only what the caller
/// already knows (its own arguments), never what fstab holds.
Result<UserMountGrant> FindUserMount(const std::vector<FstabEntry>& fstab,
                                     std::string_view device,
                                     std::string_view canonical_dir,
                                     std::string_view program);

/// The option text a user mount is made with: the entry's options, then
/// those of the caller's own -o tokens that the entry grants, in the
/// caller's order. A token is granted when its option table row names a
/// user grant (OptionSpec::user_grant) and the entry has that grant as an
/// option of its own; the rest of the caller's -o is dropped. Parsed left to
/// right, a granted token thus overrides the entry's own value (family=
/// under x-family-user). A Secret: the entry may hold pass=.
Secret UserMountOptions(const UserMountGrant& grant,
                        std::string_view caller_options);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_USER_POLICY_H_
