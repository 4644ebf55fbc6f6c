// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_OPTION_TABLE_H_
#define MOUNT_CIFS_CORE_OPTION_TABLE_H_

#include <string>
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

/// The --help section an option is listed in; the same sections as the
/// subsections of "MOUNT OPTIONS" in mount.cifs(8).
enum class OptionGroup {
  kCredentials,
  kServerAddress,
  kOwnership,
  kMountFlags,
  kOther,
};

/// One row of the option table (libmount's optmap is the model): the same
/// rows drive parsing, the options a user mount takes from its caller,
/// --help and the man-page check.
struct OptionSpec {
  std::string_view name;
  OptionGroup group;
  /// What the value is, for --help ("name" shows as name=<name>); empty for
  /// an option without a value.
  std::string_view arg;
  OptionRule rule;
  /// One line for --help; a row without one is not listed there.
  std::string_view help;
  unsigned long flag = 0;  // MountFlag bits for kSetFlag/kClearFlag
  bool prefix = false;     // name matches any key that starts with it
  /// The non-root allow-list. A caller other than root mounts with the
  /// options of its /etc/fstab entry and its own -o is ignored (cifs-utils
  /// check_fstab()), except an option whose row names a grant here: the
  /// caller may give that option when the entry contains the grant (an x-
  /// option, which the table consumes). Empty: never from the caller.
  std::string_view user_grant = {};
};

/// The table, in lookup order.
const OptionSpec* OptionTableBegin();
const OptionSpec* OptionTableEnd();

/// The row for `key` (the text before '='); nullptr means "pass verbatim".
const OptionSpec* FindOption(std::string_view key);

/// How a row is written in --help: "name=<arg>", "name" without an arg, and
/// "x-<arg>" for a prefix row whose name ends in '-'.
std::string OptionSynopsis(const OptionSpec& spec);

/// The option part of --help: every row that has help, one a line under
/// its group's heading ("\nCredentials (-o):\n"), in table order, wrapped
/// to 79 columns (a tab counts 8), each line starting with a tab as in
/// cifs-utils' usage text.
std::string OptionHelpText();

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_OPTION_TABLE_H_
