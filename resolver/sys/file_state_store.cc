// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/file_state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <utility>
#include <vector>

namespace mount_cifs::resolver {
namespace {

constexpr std::size_t kMaxRecordBytes = 4096;  // ParseHostRecord's bound

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Only the effective uid may have written it: owned by it, and neither
// group nor world writable (the rule of sshd's StrictModes and of
// systemd's tmpfiles for root's state).
bool OursAlone(const struct stat& st) {
  return st.st_uid == geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Why openat(O_NOFOLLOW) of `name` under `dirfd` failed: a symlink reads
// as ELOOP (O_DIRECTORY|O_NOFOLLOW says ENOTDIR for one), else `err`.
int OpenErrno(int dirfd, const std::string& name, int err) {
  struct stat st;
  if (err == ENOTDIR && fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISLNK(st.st_mode))
    return ELOOP;
  return err;
}

// Opens `path` (absolute) one component at a time from "/", never
// following a link. With `create`, makes the missing directories (0700).
// The last directory and every directory this call tried to create must be
// ours alone (a directory someone else made in the race counts as one we
// tried to create).
Result<Fd> OpenDirectory(const std::string& path, bool create) {
  if (path.empty() || path.front() != '/')
    return ErrnoError(EINVAL, "state directory " + path + ": not absolute");
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < path.size();) {
    const std::size_t slash = path.find('/', i);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > i) parts.push_back(path.substr(i, end - i));
    i = end + 1;
  }
  Fd dir(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return ErrnoError(errno, "/");
  std::string so_far;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& name = parts[i];
    so_far += "/" + name;
    if (name == "." || name == "..")
      return ErrnoError(EINVAL, "state directory " + path + ": '.' or '..'");
    constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    Fd next(openat(dir.get(), name.c_str(), kFlags));
    bool made = false;
    if (next.get() < 0 && errno == ENOENT && create) {
      made = true;
      if (mkdirat(dir.get(), name.c_str(), 0700) != 0 && errno != EEXIST)
        return ErrnoError(errno, "mkdir " + so_far);
      next = Fd(openat(dir.get(), name.c_str(), kFlags));
    }
    if (next.get() < 0) {
      const int err = OpenErrno(dir.get(), name, errno);
      return ErrnoError(err, so_far + (err == ELOOP ? ": a symbolic link" : ""));
    }
    if (made || i + 1 == parts.size()) {
      struct stat st;
      if (fstat(next.get(), &st) != 0) return ErrnoError(errno, so_far);
      if (!S_ISDIR(st.st_mode)) return ErrnoError(ENOTDIR, so_far);
      if (!OursAlone(st))
        return ErrnoError(EPERM, so_far + ": not owned by uid " +
                                     std::to_string(geteuid()) +
                                     " or writable by others");
    }
    dir = std::move(next);
  }
  return dir;
}

// The key as given, when it is a StateKey() value (the canonical form: a
// path, an upper-case name or a hostile string is refused, not mapped).
bool IsStateKey(std::string_view key) {
  const auto canonical = StateKey(key);
  return canonical && *canonical == key;
}

// Writes all of `text`; EINTR and short writes retried.
Status WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "write");
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// A name no key can have (keys never start with '.'), short enough for
// NAME_MAX whatever the key's length, unique per process and attempt.
std::string TempName(unsigned attempt) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(ts.tv_nsec) +
         "-" + std::to_string(attempt);
}

}  // namespace

FileStateStore::FileStateStore(std::string directory)
    : directory_(std::move(directory)) {}

Result<std::optional<HostRecord>> FileStateStore::Load(std::string_view key) {
  using Loaded = std::optional<HostRecord>;
  if (!IsStateKey(key)) return ErrnoError(EINVAL, "not a state key");
  auto dir = OpenDirectory(directory_, /*create=*/false);
  if (!dir.ok()) {
    if (dir.error().code == std::errc::no_such_file_or_directory) return Loaded();
    return dir.TakeError();
  }
  const std::string name(key);
  const std::string path = directory_ + "/" + name;
  // O_NONBLOCK: a FIFO planted there must not hang the opener.
  Fd fd(openat(dir.value().get(), name.c_str(),
               O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Loaded();
    const int err = errno;
    return ErrnoError(err, path + (err == ELOOP ? ": a symbolic link" : ""));
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoError(errno, path);
  if (!S_ISREG(st.st_mode)) return ErrnoError(EINVAL, path + ": not a regular file");
  if (!OursAlone(st))
    return ErrnoError(EPERM, path + ": not owned by uid " + std::to_string(geteuid()) +
                                 " or writable by others");
  std::string text;
  char buf[kMaxRecordBytes + 1];
  while (text.size() <= kMaxRecordBytes) {
    const ssize_t n = read(fd.get(), buf, sizeof(buf) - text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, path);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  if (text.size() > kMaxRecordBytes)
    return ErrnoError(EFBIG, path + ": longer than 4096 bytes");
  auto record = ParseHostRecord(text);
  if (!record.ok()) {
    Error e = record.TakeError();
    e.message = path + ": " + e.message;
    return e;
  }
  // A record copied or renamed under another server's name is not that
  // server's.
  if (record.value().host != key)
    return ErrnoError(EINVAL, path + ": holds the record of " + record.value().host);
  return Loaded(std::move(record).value());
}

Status FileStateStore::Save(const HostRecord& record) {
  if (!IsStateKey(record.host)) return ErrnoError(EINVAL, "not a state key");
  auto dir = OpenDirectory(directory_, /*create=*/true);
  if (!dir.ok()) return dir.TakeError();
  const int dirfd = dir.value().get();
  std::string temp;
  Fd fd;
  for (unsigned attempt = 0; fd.get() < 0; ++attempt) {
    temp = TempName(attempt);
    fd = Fd(openat(dirfd, temp.c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                   0600));
    if (fd.get() < 0 && (errno != EEXIST || attempt >= 16))
      return ErrnoError(errno, directory_ + "/" + temp);
  }
  // 0600 whatever the umask; a tmpfs needs no fsync before the rename.
  Status written = fchmod(fd.get(), 0600) == 0 ? WriteAll(fd.get(), FormatHostRecord(record))
                                               : ErrnoError(errno, "fchmod");
  if (written.ok() && close(fd.Release()) != 0)
    written = ErrnoError(errno, "close");
  if (written.ok() && renameat(dirfd, temp.c_str(), dirfd, record.host.c_str()) != 0)
    written = ErrnoError(errno, "rename " + directory_ + "/" + record.host);
  if (!written.ok()) {
    unlinkat(dirfd, temp.c_str(), 0);
    Error e = written.TakeError();
    if (e.message.rfind(directory_, 0) != 0)
      e.message = directory_ + "/" + temp + ": " + e.message;
    return e;
  }
  return {};
}

}  // namespace mount_cifs::resolver
