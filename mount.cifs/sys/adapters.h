// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_SYS_ADAPTERS_H_
#define MOUNT_CIFS_SYS_ADAPTERS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mount.cifs/core/file_source.h"
#include "mount.cifs/core/privileges.h"
#include "mount.cifs/core/seams.h"
#include "mount.cifs/core/user_db.h"
#include "resolver/base/logger.h"
#include "resolver/base/result.h"
#include "resolver/sys/syslog_logger.h"

namespace mount_cifs::sys {

/// mount(2).
class LinuxMounter : public Mounter {
 public:
  Status Mount(const MountRequest& request) override;
};

/// chdir(2) and realpath(3).
class PosixMountPoint : public MountPointAccess {
 public:
  Status ChangeInto(const std::string& path) override;
  Result<std::string> CanonicalWorkingDirectory() override;
};

/// open(2)/read(2) with O_CLOEXEC and bounded reads.
class PosixFileSource : public FileSource {
 public:
  Result<Secret> ReadFile(const std::string& path,
                          std::size_t max_bytes) override;
  Result<Secret> ReadDescriptor(int fd, std::size_t max_bytes) override;
};

/// getpwnam_r / getgrnam_r / getpwuid_r.
class PasswdUserDb : public UserDb {
 public:
  std::optional<std::uint32_t> UidForName(const std::string& name) override;
  std::optional<std::uint32_t> GidForName(const std::string& name) override;
  std::optional<std::string> NameForUid(std::uint32_t uid) override;
};

/// The controlling terminal with echo off; without one, one line of stdin
/// (scripts pipe the password in, as getpass(3) allows). Never a shell or a
/// helper program (CVE-2020-14342).
class TerminalPrompter : public PasswordPrompter {
 public:
  Result<Secret> AskPassword(const std::string& prompt) override;
};

/// stderr.
class StderrConsole : public Console {
 public:
  void Line(std::string_view line) override;
};

/// libcap-ng and setfsuid/setfsgid.
class CapNgPrivileges : public Privileges {
 public:
  CapNgPrivileges(unsigned real_uid, unsigned real_gid);
  Status DropToMountOnly() override;
  Status RaiseForMount() override;
  Status LowerAfterMount() override;
  Status BeginCallerAccess() override;
  Status EndCallerAccess() override;

 private:
  unsigned real_uid_;
  unsigned real_gid_;
};

/// /etc/mtab when it is a regular file (RHEL 5/6), with util-linux's lock.
class LockedMtab : public Mtab {
 public:
  explicit LockedMtab(std::string path = "/etc/mtab");
  bool IsRegularFile() override;
  Status Append(const std::string& line) override;
  Status RemoveEntriesFor(const std::string& escaped_dir) override;

 private:
  std::string path_;
};

/// Removes what util-linux's __sanitize_env() removes (PATH, IFS, LD_*,
/// locale values with '/', ...) and wipes the password variables' values in
/// place before unsetting them (they were copied first).
void SanitizeEnvironment();

/// What the termination signals leave behind: a flag and a descriptor.
struct Termination {
  /// True once SIGTERM, SIGINT or SIGHUP arrived.
  std::function<bool()> cancelled;
  /// Becomes readable when the first of them arrives and stays so (a
  /// self-pipe never drained): every poll(2) of a wait includes it, so a
  /// signal ends any wait at once, whichever thread it landed on and even
  /// when it came just before the poll. -1 when no pipe could be made
  /// (then waits end on EINTR alone).
  int wake_fd = -1;
};

/// Installs SIGTERM/SIGINT/SIGHUP handlers (without SA_RESTART, so a
/// blocking call returns EINTR) that set the flag and write to the pipe.
/// Call once.
Termination InstallTermination();

/// True when the kernel marks this exec privileged (setuid/setgid/file
/// capabilities): getauxval(AT_SECURE).
bool RunningPrivileged();

/// Makes sure descriptors 0, 1 and 2 are open: any that is closed is opened
/// on /dev/null (read-write), so no later file or socket takes its number.
/// Call first thing in main(). Errors: errno (/dev/null cannot be opened).
Status EnsureStandardDescriptors();

/// /proc/net routes (the network fingerprint), /proc/kallsyms, and
/// request-key's dry run. /proc/kallsyms is read only when cifs is loaded
/// (/sys/module/cifs exists, built in or as a module): the kernel formats
/// the whole table for every read, about 150 ms. The paths and the -l
/// directory are constructor arguments for tests; main.cc passes the
/// defaults (never a caller's path).
class ProcReconnectProbe : public ReconnectProbe {
 public:
  /// The dry run runs as `real_uid`/`real_gid` when they are not root's, so
  /// a user's setuid -v runs nothing as root. `local_config_dir`: when not
  /// empty, request-key runs there with -l (its request-key.conf and
  /// request-key.d/ instead of /etc's). `wait` bounds the dry run.
  ProcReconnectProbe(unsigned real_uid, unsigned real_gid,
                     std::string request_key = "/sbin/request-key",
                     std::string local_config_dir = "",
                     std::chrono::milliseconds wait = std::chrono::milliseconds(2000),
                     std::string kallsyms = "/proc/kallsyms",
                     std::string cifs_module = "/sys/module/cifs");
  std::optional<std::string> NetworkFingerprint() override;
  Reresolve KernelReresolves() override;
  UpcallHandler DnsResolverHandler(const std::string& host) override;

 private:
  unsigned real_uid_;
  unsigned real_gid_;
  std::string request_key_;
  std::string local_config_dir_;
  std::chrono::milliseconds wait_;
  std::string kallsyms_;
  std::string cifs_module_;
};

/// Enters the mount namespace at `path` (mount(8) -N /proc/PID/fd/N) with
/// setns(2). Errors: errno.
Status EnterMountNamespace(const std::string& path);

}  // namespace mount_cifs::sys

#endif  // MOUNT_CIFS_SYS_ADAPTERS_H_
