/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mountstamp.so: an LD_PRELOAD shim for the benchmark (timeit -m). It wraps
 * libc's mount() and, before passing the call on unchanged, appends the
 * CLOCK_MONOTONIC time of the call in nanoseconds, one decimal line, to the
 * file named by E2E_MOUNT_STAMP (read once, when the shim is loaded: our
 * helper scrubs its environment early). Both helpers call mount() through
 * libc, so the same shim times exec-to-mount(2) for each. The file is
 * opened O_APPEND per call, so forked children add their calls as well.
 * Errors of the stamp itself are ignored: the mount goes ahead regardless.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

static char stamp_path[256];

__attribute__((constructor)) static void mountstamp_init(void) {
  const char *p = getenv("E2E_MOUNT_STAMP");
  if (p && strlen(p) < sizeof stamp_path) strcpy(stamp_path, p);
}

int mount(const char *source, const char *target, const char *fstype,
          unsigned long flags, const void *data) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if (stamp_path[0]) {
    int fd = open(stamp_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
      char line[32];
      int n = snprintf(line, sizeof line, "%lld\n",
                       (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
      if (n > 0 && write(fd, line, (size_t)n) < 0) { /* ignored */ }
      close(fd);
    }
  }
  int (*real)(const char *, const char *, const char *, unsigned long,
              const void *) =
      (int (*)(const char *, const char *, const char *, unsigned long,
               const void *))dlsym(RTLD_NEXT, "mount");
  return real(source, target, fstype, flags, data);
}
