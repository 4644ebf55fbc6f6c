// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_OPTION_TABLE_H_
#define MOUNT_CIFS_CORE_OPTION_TABLE_H_

#include <string_view>

namespace mount_cifs {

/// What the helper does with an option (cifs-utils' parse_options() rules,
/// reference section 3.2).
enum class OptionRule {
  kUser,         // user=/username=: SMB user name; bare user/user=: user mount
  kUsers,        // bare users/users=: user mount; users=X passes through
  kPassword,     // pass=/password=: first one wins
  kPassword2,    // pass2=/password2=
  kSec,          // passes through; krb5*/none* suppress the password
  kIp,           // ip=/addr=: address override
  kUnc,          // unc=/target=/path=: checked, not sent
  kDomain,       // dom=/domain=/workgroup= -> domain=
  kCredentials,  // cred=/credentials=: read the file
  kUid,          // uid=: name or number -> uid=N at the end
  kGid,          // gid=
  kCruid,        // cruid=
  kBackupUid,    // backupuid=: number or name
  kBackupGid,    // backupgid=
  kFileMode,     // file_mode=: numeric value required, passes through
  kDirMode,      // dir_mode=/dirm=
  kFmask,        // fmask= -> file_mode= (deprecated)
  kDmask,        // dmask= -> dir_mode= (deprecated)
  kSetFlag,      // consumed, sets `flag`
  kClearFlag,    // consumed, clears `flag`
  kNoLock,       // nobrl/nolock: clears MS_MANDLOCK and passes through
  kGuest,        // null session: user= empty, no password
  kNoFail,       // consumed: exhausting the addresses exits 0
  kSnapshot,     // snapshot=@GMT-... -> NT time (prefix match, as cifs-utils)
  kFamily,       // family=POLICY: ours, never sent to the kernel
  kIgnore,       // consumed silently (_netdev, comment=, x-*)
  kPassThrough,  // documented here, sent verbatim
};

/// One row of the option table (libmount's optmap is the model): the same
/// rows drive parsing, --help and the man-page check.
struct OptionSpec {
  std::string_view name;
  OptionRule rule;
  unsigned long flag;   // MountFlag bits for kSetFlag/kClearFlag
  bool prefix;          // name matches any key that starts with it
  std::string_view help;
};

/// The table, in lookup order.
const OptionSpec* OptionTableBegin();
const OptionSpec* OptionTableEnd();

/// The row for `key` (the text before '='); nullptr means "pass verbatim".
const OptionSpec* FindOption(std::string_view key);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_OPTION_TABLE_H_
