// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/option_table.h"

#include <cstddef>
#include <iterator>

#include "mount.cifs/core/mount_flags.h"

namespace mount_cifs {
namespace {

using G = OptionGroup;
using R = OptionRule;

// Keys match exactly and case-sensitively, apart from the two prefix rows
// (x-, snapshot), as in cifs-utils' parse_opt_token(). No exact name starts
// with a prefix row's name, so the order only decides the order of --help.
constexpr OptionSpec kOptions[] = {
    // name, group, arg, rule, help [, flag, prefix, user_grant]
    {"user", G::kCredentials, "name", R::kUser,
     "SMB user name; bare: allow user mounts"},
    {"username", G::kCredentials, "name", R::kUser, "SMB user name"},
    {"users", G::kCredentials, "", R::kUsers,
     "allow any user to mount (fstab)"},
    {"pass", G::kCredentials, "password", R::kPassword, "password"},
    {"password", G::kCredentials, "password", R::kPassword, "same as pass="},
    {"pass2", G::kCredentials, "password", R::kPassword2, "alternate password"},
    {"password2", G::kCredentials, "password", R::kPassword2, "same as pass2="},
    {"cred", G::kCredentials, "file", R::kCredentials, "credentials file"},
    {"credentials", G::kCredentials, "file", R::kCredentials, "same as cred="},
    {"dom", G::kCredentials, "name", R::kDomain, "domain"},
    {"domain", G::kCredentials, "name", R::kDomain, "same as dom="},
    {"workgroup", G::kCredentials, "name", R::kDomain, "same as dom="},
    {"guest", G::kCredentials, "", R::kGuest,
     "null session: no user, no password"},
    {"sec", G::kCredentials, "mode", R::kSec,
     "security mode (krb5*, none: no password)"},

    // family= is the one option a user mount takes from its caller, and only
    // when the fstab entry says x-family-user: it changes which of the
    // server's addresses is used, never what is mounted or with which rights.
    {"family", G::kServerAddress, "policy", R::kFamily,
     "address family policy (see below); never sent to the kernel", 0, false,
     "x-family-user"},
    {"ip", G::kServerAddress, "address", R::kIp,
     "server address; skips name resolution"},
    {"addr", G::kServerAddress, "address", R::kIp, "same as ip="},
    {"port", G::kServerAddress, "number", R::kPassThrough,
     "server TCP port, sent to the kernel; also the port the probes use"},
    {"unc", G::kServerAddress, "//server/share", R::kUnc,
     "checked and ignored: the device names it"},
    {"target", G::kServerAddress, "//server/share", R::kUnc, "same as unc="},
    {"path", G::kServerAddress, "//server/share", R::kUnc, "same as unc="},

    {"uid", G::kOwnership, "user", R::kUid,
     "owner of files: user name or number"},
    {"gid", G::kOwnership, "group", R::kGid,
     "group of files: group name or number"},
    {"cruid", G::kOwnership, "user", R::kCruid,
     "owner of the credentials: name or number"},
    {"backupuid", G::kOwnership, "user", R::kBackupUid, "backup intent user"},
    {"backupgid", G::kOwnership, "group", R::kBackupGid, "backup intent group"},
    {"file_mode", G::kOwnership, "mode", R::kFileMode,
     "permissions of files (octal)"},
    {"dir_mode", G::kOwnership, "mode", R::kDirMode,
     "permissions of directories (octal)"},
    {"dirm", G::kOwnership, "mode", R::kDirMode,
     "checked like dir_mode= and sent as dirm= (current kernels reject it)"},
    {"fmask", G::kOwnership, "mode", R::kFmask,
     "deprecated: becomes file_mode="},
    {"dmask", G::kOwnership, "mode", R::kDmask,
     "deprecated: becomes dir_mode="},

    {"ro", G::kMountFlags, "", R::kSetFlag, "read-only", kMsRdonly},
    {"rw", G::kMountFlags, "", R::kClearFlag, "read-write", kMsRdonly},
    {"nosuid", G::kMountFlags, "", R::kSetFlag, "ignore set-user-id bits",
     kMsNosuid},
    {"suid", G::kMountFlags, "", R::kClearFlag, "honour set-user-id bits",
     kMsNosuid},
    {"nodev", G::kMountFlags, "", R::kSetFlag, "ignore device files", kMsNodev},
    {"dev", G::kMountFlags, "", R::kClearFlag, "honour device files", kMsNodev},
    {"noexec", G::kMountFlags, "", R::kSetFlag, "no execution of programs",
     kMsNoexec},
    {"exec", G::kMountFlags, "", R::kClearFlag, "allow execution of programs",
     kMsNoexec},
    {"mand", G::kMountFlags, "", R::kSetFlag, "mandatory locking", kMsMandlock},
    {"nomand", G::kMountFlags, "", R::kClearFlag, "no mandatory locking",
     kMsMandlock},
    {"remount", G::kMountFlags, "", R::kSetFlag, "change a mounted share",
     kMsRemount},
    {"nobrl", G::kMountFlags, "", R::kNoLock,
     "no byte-range locks (sent to the kernel)"},
    {"nolock", G::kMountFlags, "", R::kNoLock,
     "clears mand, sent as nolock (current kernels reject it)"},

    {"nofail", G::kOther, "", R::kNoFail,
     "exit 0 when no address is reachable"},
    {"_netdev", G::kOther, "", R::kIgnore, "for the init system; ignored"},
    {"comment", G::kOther, "text", R::kIgnore, "for the init system; ignored"},
    {"x-", G::kOther, "anything", R::kIgnore,
     "for the init system and the admin; not sent", 0, true},
    {"snapshot", G::kOther, "time", R::kSnapshot,
     "@GMT-YYYY.MM.DD-HH.MM.SS or NT time", 0, true},
    {"user_xattr", G::kOther, "", R::kPassThrough, "sent to the kernel"},
};

struct GroupTitle {
  OptionGroup group;
  std::string_view title;
};

// The order and names of the subsections of "MOUNT OPTIONS" in mount.cifs(8).
constexpr GroupTitle kGroupTitles[] = {
    {G::kCredentials, "Credentials"},
    {G::kServerAddress, "Server address"},
    {G::kOwnership, "Ownership and permissions"},
    {G::kMountFlags, "Mount flags"},
    {G::kOther, "Other options"},
};

// The layout of the flags in UsageText(): a tab, the synopsis in 23
// columns, the help; 79 columns in all.
constexpr std::size_t kTabWidth = 8;
constexpr std::size_t kSynopsisWidth = 23;
constexpr std::size_t kLineWidth = 79;

// Appends `help` from the help column on, word by word, starting new lines
// indented to that column before a word would pass kLineWidth.
void AppendWrapped(std::string_view help, std::string* out) {
  const std::string indent = "\t" + std::string(kSynopsisWidth, ' ');
  constexpr std::size_t kRoom = kLineWidth - kTabWidth - kSynopsisWidth;
  std::size_t used = 0;
  while (!help.empty()) {
    const std::size_t space = help.find(' ');
    const std::string_view word = help.substr(0, space);
    help = space == std::string_view::npos ? std::string_view()
                                           : help.substr(space + 1);
    if (word.empty()) continue;
    if (used > 0 && used + 1 + word.size() > kRoom) {
      *out += "\n" + indent;
      used = 0;
    } else if (used > 0) {
      *out += ' ';
      ++used;
    }
    out->append(word.data(), word.size());
    used += word.size();
  }
}

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

std::string OptionSynopsis(const OptionSpec& spec) {
  std::string out(spec.name);
  if (spec.arg.empty()) return out;
  if (!(spec.prefix && out.back() == '-')) out += '=';
  return out + "<" + std::string(spec.arg) + ">";
}

std::string OptionHelpText() {
  std::string out;
  for (const GroupTitle& g : kGroupTitles) {
    bool heading = false;
    for (const OptionSpec& spec : kOptions) {
      if (spec.group != g.group || spec.help.empty()) continue;
      if (!heading) {
        out += "\n" + std::string(g.title) + " (-o):\n";
        heading = true;
      }
      const std::string synopsis = OptionSynopsis(spec);
      out += "\t" + synopsis;
      // A synopsis too wide for its column puts the help on the next line.
      out += synopsis.size() < kSynopsisWidth
                 ? std::string(kSynopsisWidth - synopsis.size(), ' ')
                 : "\n\t" + std::string(kSynopsisWidth, ' ');
      AppendWrapped(spec.help, &out);
      out += '\n';
    }
  }
  return out;
}

}  // namespace mount_cifs
