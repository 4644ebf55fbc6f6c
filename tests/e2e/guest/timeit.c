/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * timeit: the e2e guest's stopwatch (busybox `time` resolves only 10 ms).
 *
 *   timeit [-t SECONDS] [-m STAMP_FILE] RESULT_FILE PROGRAM [ARG...]
 *
 * Runs PROGRAM (a path, exec'd as given, so argv[0] keeps its basename:
 * mount.cifs picks the fstype from it), waits for it, and writes one line
 * to RESULT_FILE:
 *
 *   ms=<exec to exit, CLOCK_MONOTONIC, 0.1 ms> rc=<exit code or 128+signal>
 *   rss_kb=<peak RSS of PROGRAM and the children it waited for>
 *   [timeout=1]
 *
 * With -m, PROGRAM runs with LD_PRELOAD=/usr/libexec/e2e/mountstamp.so and
 * E2E_MOUNT_STAMP=STAMP_FILE (emptied first): the shim notes the time of
 * each mount(2) call, and the line gets mount_ms=<exec to the first
 * mount(2) call> (or mount_ms=- when there was none) and mounts=<calls>.
 *
 * With -t, PROGRAM is killed (SIGKILL) after SECONDS, so one hung helper
 * cannot stall the whole VM run; the line then ends in timeout=1.
 * PROGRAM's stdin, stdout and stderr are timeit's. Built static on the host
 * (cc -static), so the guest needs no library for it. Exits 0 when the
 * measurement was made, whatever PROGRAM returned; 127 if it could not run.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static volatile pid_t child;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (child > 0) kill(child, SIGKILL);
}

int main(int argc, char **argv) {
  unsigned limit = 0;
  const char *stamp = NULL;
  while (argc > 2 && argv[1][0] == '-' && argv[1][2] == 0 &&
         (argv[1][1] == 't' || argv[1][1] == 'm')) {
    if (argv[1][1] == 't')
      limit = (unsigned)strtoul(argv[2], NULL, 10);
    else
      stamp = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc < 3) {
    fprintf(stderr,
            "usage: timeit [-t SECONDS] [-m STAMP_FILE] RESULT_FILE PROGRAM [ARG...]\n");
    return 2;
  }
  if (stamp) {
    FILE *f = fopen(stamp, "we");
    if (!f) {
      perror(stamp);
      return 127;
    }
    fclose(f);
  }
  FILE *out = fopen(argv[1], "we");
  if (!out) {
    perror(argv[1]);
    return 127;
  }
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm; /* no SA_RESTART: wait4 returns EINTR */
  sigaction(SIGALRM, &sa, NULL);
  double start = now_ms();
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 127;
  }
  if (pid == 0) {
    if (stamp) {
      setenv("LD_PRELOAD", "/usr/libexec/e2e/mountstamp.so", 1);
      setenv("E2E_MOUNT_STAMP", stamp, 1);
    }
    execv(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  child = pid;
  if (limit) alarm(limit);
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
  }
  double elapsed = now_ms() - start;
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  fprintf(out, "ms=%.1f rc=%d rss_kb=%ld", elapsed, rc, ru.ru_maxrss);
  if (stamp) {
    /* The first call's time (the file holds one line per mount(2)). */
    long long first = -1, t;
    int calls = 0;
    FILE *f = fopen(stamp, "re");
    if (f) {
      while (fscanf(f, "%lld", &t) == 1)
        if (calls++ == 0) first = t;
      fclose(f);
    }
    if (first >= 0)
      fprintf(out, " mount_ms=%.1f", first / 1e6 - start);
    else
      fprintf(out, " mount_ms=-");
    fprintf(out, " mounts=%d", calls);
  }
  fprintf(out, "%s\n", timed_out ? " timeout=1" : "");
  return fclose(out) == 0 ? 0 : 127;
}
