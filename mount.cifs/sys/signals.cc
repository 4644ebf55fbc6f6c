// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <signal.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

std::atomic<bool> g_terminate{false};  // set from a signal handler only
int g_wake_write = -1;                   // the self-pipe's write end

void OnTerminate(int) {
  const int saved = errno;  // the handler must not change the errno it hit
  g_terminate.store(true);
  // Non-blocking: once the pipe holds a byte, later writes may fail; one
  // byte is all a reader needs (nobody drains it).
  if (g_wake_write >= 0) {
    const char byte = 1;
    const ssize_t written = write(g_wake_write, &byte, 1);
    (void)written;
  }
  errno = saved;
}

}  // namespace

Termination InstallTermination() {
  Termination t;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    g_wake_write = fds[1];
    t.wake_fd = fds[0];
  }
  struct sigaction sa = {};
  sa.sa_handler = OnTerminate;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll(2) and mount(2) return EINTR
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
  t.cancelled = [] { return g_terminate.load(); };
  return t;
}

bool RunningPrivileged() { return getauxval(AT_SECURE) != 0; }

}  // namespace mount_cifs::sys
