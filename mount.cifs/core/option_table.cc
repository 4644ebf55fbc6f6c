// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/option_table.h"

#include <iterator>

#include "mount.cifs/core/mount_flags.h"

namespace mount_cifs {
namespace {

using R = OptionRule;

// Keys match exactly and case-sensitively, apart from the two prefix rows
// (x-, snapshot), as in cifs-utils' parse_opt_token().
constexpr OptionSpec kOptions[] = {
    {"user", R::kUser, 0, false, "SMB user name; bare: allow user mounts"},
    {"username", R::kUser, 0, false, "SMB user name"},
    {"users", R::kUsers, 0, false, "allow any user to mount (fstab)"},
    {"pass", R::kPassword, 0, false, "password"},
    {"password", R::kPassword, 0, false, "password"},
    {"pass2", R::kPassword2, 0, false, "alternate password"},
    {"password2", R::kPassword2, 0, false, "alternate password"},
    {"sec", R::kSec, 0, false, "security mode (krb5*, none: no password)"},
    {"ip", R::kIp, 0, false, "server address; skips name resolution"},
    {"addr", R::kIp, 0, false, "same as ip="},
    {"unc", R::kUnc, 0, false, "checked and ignored: the device names it"},
    {"target", R::kUnc, 0, false, "same as unc="},
    {"path", R::kUnc, 0, false, "same as unc="},
    {"dom", R::kDomain, 0, false, "domain"},
    {"domain", R::kDomain, 0, false, "domain"},
    {"workgroup", R::kDomain, 0, false, "domain"},
    {"cred", R::kCredentials, 0, false, "credentials file"},
    {"credentials", R::kCredentials, 0, false, "credentials file"},
    {"uid", R::kUid, 0, false, "owner of files: user name or number"},
    {"gid", R::kGid, 0, false, "group of files: group name or number"},
    {"cruid", R::kCruid, 0, false, "owner of the credentials: name or number"},
    {"backupuid", R::kBackupUid, 0, false, "backup intent user"},
    {"backupgid", R::kBackupGid, 0, false, "backup intent group"},
    {"file_mode", R::kFileMode, 0, false, "permissions of files (octal)"},
    {"dir_mode", R::kDirMode, 0, false, "permissions of directories (octal)"},
    {"dirm", R::kDirMode, 0, false,
     "checked like dir_mode= and sent as dirm= (current kernels reject it)"},
    {"fmask", R::kFmask, 0, false, "deprecated: becomes file_mode="},
    {"dmask", R::kDmask, 0, false, "deprecated: becomes dir_mode="},
    {"ro", R::kSetFlag, kMsRdonly, false, "read-only"},
    {"rw", R::kClearFlag, kMsRdonly, false, "read-write"},
    {"nosuid", R::kSetFlag, kMsNosuid, false, "ignore set-user-id bits"},
    {"suid", R::kClearFlag, kMsNosuid, false, "honour set-user-id bits"},
    {"nodev", R::kSetFlag, kMsNodev, false, "ignore device files"},
    {"dev", R::kClearFlag, kMsNodev, false, "honour device files"},
    {"noexec", R::kSetFlag, kMsNoexec, false, "no execution of programs"},
    {"exec", R::kClearFlag, kMsNoexec, false, "allow execution of programs"},
    {"mand", R::kSetFlag, kMsMandlock, false, "mandatory locking"},
    {"nomand", R::kClearFlag, kMsMandlock, false, "no mandatory locking"},
    {"remount", R::kSetFlag, kMsRemount, false, "change a mounted share"},
    {"nobrl", R::kNoLock, 0, false, "no byte-range locks (sent to the kernel)"},
    {"nolock", R::kNoLock, 0, false,
     "clears mand, sent as nolock (current kernels reject it)"},
    {"guest", R::kGuest, 0, false, "null session: no user, no password"},
    {"nofail", R::kNoFail, 0, false, "exit 0 when no address is reachable"},
    {"_netdev", R::kIgnore, 0, false, "for the init system; ignored"},
    {"comment", R::kIgnore, 0, false, "for the init system; ignored"},
    {"x-", R::kIgnore, 0, true, "for the init system; ignored"},
    {"snapshot", R::kSnapshot, 0, true, "@GMT-YYYY.MM.DD-HH.MM.SS or NT time"},
    {"user_xattr", R::kPassThrough, 0, false, "sent to the kernel"},
    {"port", R::kPassThrough, 0, false,
     "server TCP port, sent to the kernel; also the port the probes use"},
    {"family", R::kFamily, 0, false,
     "address family policy: happy-eyeballs, v4-only, v6-only, "
     "v4-preferred, v6-preferred, system"},
};

}  // namespace

const OptionSpec* OptionTableBegin() { return std::begin(kOptions); }
const OptionSpec* OptionTableEnd() { return std::end(kOptions); }

const OptionSpec* FindOption(std::string_view key) {
  for (const OptionSpec& spec : kOptions) {
    if (spec.prefix ? key.substr(0, spec.name.size()) == spec.name
                    : key == spec.name)
      return &spec;
  }
  return nullptr;
}

}  // namespace mount_cifs
