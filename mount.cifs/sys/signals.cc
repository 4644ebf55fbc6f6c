// SPDX-License-Identifier: GPL-3.0-or-later
#include <signal.h>
#include <sys/auxv.h>

#include <atomic>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

std::atomic<bool> g_terminate{false};  // set from a signal handler only

void OnTerminate(int) { g_terminate.store(true); }

}  // namespace

std::function<bool()> InstallTerminationFlag() {
  struct sigaction sa = {};
  sa.sa_handler = OnTerminate;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll(2) and mount(2) return EINTR
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
  return [] { return g_terminate.load(); };
}

bool RunningPrivileged() { return getauxval(AT_SECURE) != 0; }

}  // namespace mount_cifs::sys
