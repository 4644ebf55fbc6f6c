// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_DEPS_H_
#define MOUNT_CIFS_CORE_DEPS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mount.cifs/core/file_source.h"
#include "mount.cifs/core/privileges.h"
#include "mount.cifs/core/seams.h"
#include "mount.cifs/core/secret.h"
#include "mount.cifs/core/user_db.h"
#include "resolver/base/logger.h"
#include "resolver/base/time.h"
#include "resolver/ad_site.h"
#include "resolver/connector.h"
#include "resolver/host_probe.h"
#include "resolver/name_resolver.h"
#include "resolver/network_events.h"
#include "resolver/state_store.h"

namespace mount_cifs {

/// The documented environment inputs, copied before the environment is
/// sanitised (cifs-utils reads them with getenv wherever it needs them).
struct Environment {
  std::optional<std::string> user;           // USER: default SMB user name
  std::optional<Secret> passwd;              // PASSWD
  std::optional<std::string> passwd_fd;      // PASSWD_FD
  std::optional<std::string> passwd_file;    // PASSWD_FILE
  std::optional<Secret> passwd2;             // PASSWD2
  std::optional<std::string> passwd2_fd;     // PASSWD2_FD
  std::optional<std::string> passwd2_file;   // PASSWD2_FILE
  std::optional<std::string> sudo_uid;       // SUDO_UID (krb5 ENOKEY retry)
  /// /etc/cifs-family.conf, or CIFS_FAMILY_CONFIG when main.cc allowed it
  /// (real uid root and not running setuid).
  std::string config_path = "/etc/cifs-family.conf";
};

/// The real ids of the process that ran us, and its login name for mtab.
struct Caller {
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  /// This process (the per-server record's writer-pid: while it runs, the
  /// dns_resolver handler counts the record before the mount shows).
  std::int64_t pid = 0;
};

/// fstab's file (user mounts are checked against it).
inline constexpr const char* kFstabPath = "/etc/fstab";

/// The seams Run() works through; built in main.cc, fakes in tests.
struct Deps {
  resolver::NameResolver& resolver;
  Mounter& mounter;
  MountPointAccess& mount_point;
  FileSource& files;
  UserDb& users;
  PasswordPrompter& prompter;
  Console& console;
  resolver::Connector& connector;
  Clock& clock;
  resolver::HostProbe& probe;
  Logger& logger;
  /// True once SIGTERM (systemd's mount timeout) or SIGINT arrived.
  std::function<bool()> cancelled;
  Privileges& privileges;
  Mtab& mtab;
  /// The per-server records (real: FileStateStore in kDefaultStateDir,
  /// never a directory the caller chose).
  resolver::StateStore& state;
  ReconnectProbe& reconnect;
  WallClock& wall_clock;
  /// Link, address and route changes (real: RtnetlinkEvents): what a mount
  /// waiting for its network sleeps on (issue 14).
  resolver::NetworkEvents& network_events;
  /// UDP for the AD site lookup (real: UdpDatagramNet); nullptr: no site
  /// lookup (issue 16).
  resolver::DatagramNet* datagrams = {};
};

enum class Outcome {
  kMounted,
  kFaked,            // -f: everything but mount(2)
  kNoFailGaveUp,     // no address worked, nofail: exit 0
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_DEPS_H_
