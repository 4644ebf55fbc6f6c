// SPDX-License-Identifier: GPL-3.0-or-later
#include "cifs-family-resolve/sys/keyutils_key.h"

#include <fcntl.h>
#include <keyutils.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <system_error>

namespace cifs_family_resolve::sys {
namespace {

// Who completes the key: 0 nobody yet, 1 the main path, 2 the watchdog.
std::atomic<int> g_claimed{0};
volatile std::int32_t g_serial = 0;
volatile unsigned g_ttl = 5;

mount_cifs::Error Errno(const char* what) {
  const int e = errno;
  return mount_cifs::Error{std::error_code(e, std::generic_category()),
                           std::string(what) + ": " + std::generic_category().message(e)};
}

void OnAlarm(int) {
  int expected = 0;
  if (!g_claimed.compare_exchange_strong(expected, 2)) return;  // main has it
  const int saved = errno;
  syscall(SYS_keyctl, KEYCTL_REJECT, static_cast<long>(g_serial),
          static_cast<long>(g_ttl), static_cast<long>(ETIMEDOUT), 0L);
  errno = saved;
  _exit(0);
}

}  // namespace

Result<std::string> KeyutilsKey::Description() {
  char* buffer = nullptr;
  const long n = keyctl_describe_alloc(serial_, &buffer);
  if (n < 0) return Errno("reading the key's description");
  std::string text(buffer);
  std::free(buffer);
  return text;
}

Result<std::string> KeyutilsKey::CalloutInfo() {
  void* buffer = nullptr;
  const long n = keyctl_read_alloc(KEY_SPEC_REQKEY_AUTH_KEY, &buffer);
  if (n < 0) return Errno("reading the callout information");
  std::string text(static_cast<const char*>(buffer), static_cast<std::size_t>(n));
  std::free(buffer);
  return text;
}

Status KeyutilsKey::Instantiate(std::string_view payload, std::chrono::seconds ttl) {
  if (!ClaimKey()) return Errno("the watchdog completed the key");
  // The lifetime first, while the authority lets us set it: without one
  // the key never expires and the kernel never asks again.
  if (keyctl_set_timeout(serial_, static_cast<unsigned>(ttl.count())) < 0)
    return Errno("setting the key's timeout");
  if (keyctl_instantiate(serial_, payload.data(), payload.size(), 0) < 0)
    return Errno("instantiating the key");
  return {};
}

Status KeyutilsKey::Reject(int error, std::chrono::seconds ttl) {
  // A reject after a failed Instantiate() is still ours to make.
  (void)ClaimKey();
  if (keyctl_reject(serial_, static_cast<unsigned>(ttl.count()),
                    static_cast<unsigned>(error), 0) < 0)
    return Errno("rejecting the key");
  return {};
}

void ArmWatchdog(std::int32_t serial, std::chrono::milliseconds after,
                 std::chrono::seconds ttl) {
  g_serial = serial;
  g_ttl = static_cast<unsigned>(ttl.count());
  struct sigaction action {};
  action.sa_handler = OnAlarm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGALRM, &action, nullptr);
  struct itimerval timer {};
  timer.it_value.tv_sec = static_cast<time_t>(after.count() / 1000);
  timer.it_value.tv_usec = static_cast<suseconds_t>(after.count() % 1000 * 1000);
  setitimer(ITIMER_REAL, &timer, nullptr);
}

bool ClaimKey() {
  int expected = 0;
  return g_claimed.compare_exchange_strong(expected, 1) || expected == 1;
}

void DisarmWatchdog() {
  struct itimerval off {};
  setitimer(ITIMER_REAL, &off, nullptr);
  signal(SIGALRM, SIG_DFL);
}

bool IsMountHelper(std::int64_t pid) {
  if (pid <= 0) return false;
  auto comm = ReadSmallFile("/proc/" + std::to_string(pid) + "/comm", 64);
  if (!comm.ok()) return false;
  return comm.value() == "mount.cifs\n" || comm.value() == "mount.smb3\n";
}

Result<std::string> ReadSmallFile(const std::string& path, std::size_t max) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Errno(("opening " + path).c_str());
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto e = Errno(("reading " + path).c_str());
      close(fd);
      return e;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max) {
      close(fd);
      return mount_cifs::Error{std::make_error_code(std::errc::file_too_large),
                               path + " is longer than " + std::to_string(max) + " bytes"};
    }
  }
  close(fd);
  return text;
}

}  // namespace cifs_family_resolve::sys
