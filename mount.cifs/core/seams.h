// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_SEAMS_H_
#define MOUNT_CIFS_CORE_SEAMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// One mount(2) call. `target` is "." (we chdir into the mount point first,
/// so a path swapped after the checks cannot redirect the mount).
struct MountRequest {
  std::string source;
  std::string target = ".";
  std::string fstype;
  unsigned long flags = 0;  // MountFlag bits
  const Secret* data = nullptr;
  std::string redacted_data;  // data with passwords as ********
};

/// The mount(2) seam (real: LinuxMounter).
class Mounter {
 public:
  virtual ~Mounter() = default;
  /// Errors: the errno of mount(2), in std::generic_category().
  virtual Status Mount(const MountRequest& request) = 0;
};

/// The mount point seam: chdir as the caller, then the canonical path.
class MountPointAccess {
 public:
  virtual ~MountPointAccess() = default;
  /// chdir(path). Errors: errno.
  virtual Status ChangeInto(const std::string& path) = 0;
  /// realpath(".") after ChangeInto. Errors: errno.
  virtual Result<std::string> CanonicalWorkingDirectory() = 0;
};

/// Asks for a password (real: the terminal, or one line of a non-terminal
/// stdin; never a shell, never a helper program).
class PasswordPrompter {
 public:
  virtual ~PasswordPrompter() = default;
  /// Errors: errno (EIO, ...) when nothing could be read at all.
  virtual Result<Secret> AskPassword(const std::string& prompt) = 0;
};

/// The legacy /etc/mtab (RHEL 5/6 keep it as a regular file; elsewhere it
/// is a symlink to /proc/self/mounts and nothing is written). Real:
/// LockedMtab, with util-linux's lock, fsync, and truncation on failure.
class Mtab {
 public:
  virtual ~Mtab() = default;
  /// True when /etc/mtab is a regular file (lstat, not followed).
  virtual bool IsRegularFile() = 0;
  /// Appends one line (already escaped, newline included). Errors: errno.
  virtual Status Append(const std::string& line) = 0;
  /// Removes every entry whose mount point (2nd field, escaped) is `dir`.
  virtual Status RemoveEntriesFor(const std::string& escaped_dir) = 0;
};

/// Where the run's messages go (real: stderr). Core never prints directly.
class Console {
 public:
  virtual ~Console() = default;
  /// One line to stderr (no trailing newline in `line`).
  virtual void Line(std::string_view line) = 0;
};

/// Whether this kernel's cifs resolves the UNC host again when it
/// reconnects (reconnect-and-dns-resolver.md section 1.4).
enum class Reresolve {
  kYes,      // reconn_set_ipaddr_from_hostname (5.12+) or reconn_set_ipaddr (5.0-5.11)
  kNo,       // cifs is loaded and has neither
  kUnknown,  // cifs not loaded (its symbols are not in /proc/kallsyms yet)
};

/// Which program request-key would run for a dns_resolver request.
struct UpcallHandler {
  enum class Kind {
    kProgram,       // `program` (the path request-key names)
    kNone,          // request-key has no matching line
    kNoRequestKey,  // /sbin/request-key is missing: upcalls fail with ENOENT
    kUnknown,       // the dry run did not say (old keyutils, timeout, ...)
  };
  Kind kind = Kind::kUnknown;
  std::string program;
};

/// What happens to a mount after mount(2) (real: mount.cifs/sys
/// ProcReconnectProbe; tests: canned values).
class ReconnectProbe {
 public:
  virtual ~ReconnectProbe() = default;
  /// resolver::ReadNetworkFingerprint(): the network this host is on;
  /// nullopt when it cannot be read.
  virtual std::optional<std::string> NetworkFingerprint() = 0;
  /// Looks for the re-resolution functions in /proc/kallsyms.
  virtual Reresolve KernelReresolves() = 0;
  /// request-key's dry run (-d -n) for a dns_resolver request of `host`, as
  /// the kernel makes it: the program it would run. Bounded in time; runs
  /// no shell. `host` must be a host name (StateKey() characters).
  virtual UpcallHandler DnsResolverHandler(const std::string& host) = 0;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_SEAMS_H_
