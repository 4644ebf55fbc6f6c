// SPDX-License-Identifier: GPL-3.0-or-later
// The legacy /etc/mtab, written the way util-linux's old lock protocol and
// cifs-utils' mtab.c expect, so mount(8) and umount(8) on RHEL 5/6 agree.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

// util-linux's lock: create /etc/mtab~PID, hard-link it to /etc/mtab~ (the
// link is atomic), then fcntl-lock it; a stale lock is waited for, 30 s.
class MtabLock {
 public:
  explicit MtabLock(std::string mtab)
      : lock_(mtab + "~"), temp_(mtab + "~" + std::to_string(getpid())) {}
  ~MtabLock() { Release(); }

  Status Acquire() {
    // A setuid run: make the real uid root too, so the calling user cannot
    // signal (SIGKILL, SIGSTOP) us while we hold the lock (cifs-utils
    // add_mtab() does the same). Setting it to the effective uid needs no
    // capability.
    if (getuid() != geteuid() && setreuid(geteuid(), static_cast<uid_t>(-1)) != 0)
      return ErrnoError(errno, "setreuid");
    // Block signals while we hold the lock so it is never left behind.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &saved_);
    blocked_ = true;
    const int fd = open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return ErrnoError(errno, temp_);
    close(fd);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      if (link(temp_.c_str(), lock_.c_str()) == 0) break;
      if (errno != EEXIST) {
        const int err = errno;
        unlink(temp_.c_str());
        return ErrnoError(err, lock_);
      }
      if (std::chrono::steady_clock::now() > give_up) {
        unlink(temp_.c_str());
        return ErrnoError(ETIMEDOUT, lock_);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    unlink(temp_.c_str());
    held_ = true;
    lock_fd_ = open(lock_.c_str(), O_WRONLY | O_CLOEXEC);
    if (lock_fd_ >= 0) {
      struct flock fl = {};
      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      fcntl(lock_fd_, F_SETLKW, &fl);
    }
    return {};
  }

  void Release() {
    if (lock_fd_ >= 0) close(lock_fd_);
    lock_fd_ = -1;
    if (held_) unlink(lock_.c_str());
    held_ = false;
    if (blocked_) sigprocmask(SIG_SETMASK, &saved_, nullptr);
    blocked_ = false;
  }

 private:
  std::string lock_, temp_;
  int lock_fd_ = -1;
  bool held_ = false;
  bool blocked_ = false;
  sigset_t saved_;
};

Status WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoError(n < 0 ? errno : EIO, "write");
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<std::string> ReadWhole(int fd) {
  std::string text;
  char buf[8192];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError(errno, "read");
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > 64 * 1024 * 1024) return ErrnoError(EFBIG, "mtab");
  }
  return text;
}

}  // namespace

LockedMtab::LockedMtab(std::string path) : path_(std::move(path)) {}

bool LockedMtab::IsRegularFile() {
  struct stat st;
  return lstat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Status LockedMtab::Append(const std::string& line) {
  MtabLock lock(path_);
  if (Status s = lock.Acquire(); !s.ok()) return s;
  const int fd = open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return ErrnoError(errno, path_);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return ErrnoError(err, path_);
  }
  // A short write (ENOSPC) must not leave half a line behind: truncate back
  // to the old size (CVE-2011-1678 class).
  Status written = WriteAll(fd, line);
  if (written.ok() && fsync(fd) != 0) written = ErrnoError(errno, "fsync");
  if (!written.ok()) {
    if (ftruncate(fd, st.st_size) != 0) { /* nothing better to do */ }
  }
  close(fd);
  return written;
}

Status LockedMtab::RemoveEntriesFor(const std::string& escaped_dir) {
  MtabLock lock(path_);
  if (Status s = lock.Acquire(); !s.ok()) return s;
  const int in = open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return ErrnoError(errno, path_);
  auto text = ReadWhole(in);
  close(in);
  if (!text.ok()) return text.TakeError();
  std::string kept;
  std::string_view rest = text.value();
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl == std::string_view::npos ? rest.size() : nl + 1);
    rest.remove_prefix(line.size());
    // Second whitespace-separated field.
    const std::size_t a = line.find(' ');
    const std::size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    if (a != std::string_view::npos && b != std::string_view::npos &&
        line.substr(a + 1, b - a - 1) == escaped_dir)
      continue;
    kept.append(line.data(), line.size());
  }
  // Write a temporary file beside it and rename over: never a half mtab.
  const std::string temp = path_ + ".cifs-family." + std::to_string(getpid());
  const int out = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) return ErrnoError(errno, temp);
  Status written = WriteAll(out, kept);
  if (written.ok() && fsync(out) != 0) written = ErrnoError(errno, "fsync");
  close(out);
  if (written.ok() && rename(temp.c_str(), path_.c_str()) != 0)
    written = ErrnoError(errno, "rename");
  if (!written.ok()) unlink(temp.c_str());
  return written;
}

}  // namespace mount_cifs::sys
