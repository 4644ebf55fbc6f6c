// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads until EOF; more than max_bytes is EFBIG (never a silent cut).
Result<Secret> ReadAll(int fd, std::size_t max_bytes) {
  Secret contents;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      WipeBytes(buf, sizeof(buf));
      return ErrnoError(err, "read");
    }
    if (n == 0) break;
    contents.Append(std::string_view(buf, static_cast<size_t>(n)));
    if (contents.size() > max_bytes) {
      WipeBytes(buf, sizeof(buf));
      return ErrnoError(EFBIG, "read");
    }
  }
  WipeBytes(buf, sizeof(buf));
  return contents;
}

}  // namespace

Status PosixMountPoint::ChangeInto(const std::string& path) {
  if (chdir(path.c_str()) != 0) return ErrnoError(errno, "chdir");
  return {};
}

Result<std::string> PosixMountPoint::CanonicalWorkingDirectory() {
  char* resolved = realpath(".", nullptr);
  if (resolved == nullptr) return ErrnoError(errno, "realpath");
  std::string path(resolved);
  free(resolved);
  return path;
}

Result<Secret> PosixFileSource::ReadFile(const std::string& path,
                                         std::size_t max_bytes) {
  // O_NONBLOCK: open(2) of a FIFO waits for a writer, and some devices
  // wait for a carrier, before the type check below could refuse them (a
  // FIFO named as credentials=, PASSWD_FILE or the config file hung the
  // helper). It is cleared again once the file is known to be regular.
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return ErrnoError(errno, path);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError(errno, path);
  // A directory, a FIFO, a socket or a device is no credentials file.
  if (!S_ISREG(st.st_mode))
    return ErrnoError(S_ISDIR(st.st_mode) ? EISDIR : EINVAL,
                      path + ": not a regular file");
  // Some file systems (FUSE) hand O_NONBLOCK to their server, which may then
  // answer a read with EAGAIN: read in blocking mode, as before.
  const int flags = fcntl(fd.get(), F_GETFL);
  if (flags < 0 || fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
    return ErrnoError(errno, path);
  return ReadAll(fd.get(), max_bytes);
}

Result<Secret> PosixFileSource::ReadDescriptor(int fd, std::size_t max_bytes) {
  // One read(2), as cifs-utils does for PASSWD_FD.
  std::vector<char> buf(max_bytes);
  ssize_t n;
  do {
    n = read(fd, buf.data(), buf.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return ErrnoError(errno, "read");
  Secret contents(std::string_view(buf.data(), static_cast<size_t>(n)));
  WipeBytes(buf.data(), buf.size());
  return contents;
}

std::optional<std::uint32_t> PasswdUserDb::UidForName(const std::string& name) {
  std::vector<char> buf(16384);
  struct passwd pw;
  struct passwd* found = nullptr;
  if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0 ||
      found == nullptr)
    return std::nullopt;
  return found->pw_uid;
}

std::optional<std::uint32_t> PasswdUserDb::GidForName(const std::string& name) {
  std::vector<char> buf(16384);
  struct group gr;
  struct group* found = nullptr;
  if (getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found) != 0 ||
      found == nullptr)
    return std::nullopt;
  return found->gr_gid;
}

std::optional<std::string> PasswdUserDb::NameForUid(std::uint32_t uid) {
  std::vector<char> buf(16384);
  struct passwd pw;
  struct passwd* found = nullptr;
  if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 ||
      found == nullptr)
    return std::nullopt;
  return std::string(found->pw_name);
}

Status EnsureStandardDescriptors() {
  // As util-linux and systemd do: with fd 0, 1 or 2 closed at exec, the next
  // open(2) or socket(2) takes that number, and what we print to stderr (or
  // read as stdin) then goes to that file or socket: with the syslog
  // socket on fd 2, error text became stray records in the log. glibc does
  // this for set-user-ID runs only, not for root's. Lowest number first, so
  // open(2) returns exactly the descriptor that was missing; no O_CLOEXEC,
  // these are the standard descriptors.
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) >= 0) continue;
    if (errno != EBADF) return ErrnoError(errno, "fcntl");
    const int opened = open("/dev/null", O_RDWR | O_NOCTTY);
    if (opened < 0) return ErrnoError(errno, "/dev/null");
    if (opened != fd) {
      // Cannot happen (the lower ones are open); never keep a stray one.
      close(opened);
      return ErrnoError(EBADF, "/dev/null");
    }
  }
  return {};
}

Status EnterMountNamespace(const std::string& path) {
  // O_NONBLOCK | O_NOCTTY: the path is the caller's (-N); a FIFO or a tty
  // there must fail in setns(2) (EINVAL), not block or become ours in open.
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) return ErrnoError(errno, path);
  if (setns(fd.get(), CLONE_NEWNS) != 0) return ErrnoError(errno, path);
  return {};
}

}  // namespace mount_cifs::sys
