// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/reconnect.h"
#include "mount.cifs/sys/adapters.h"
#include "resolver/state_store.h"
#include "resolver/sys/proc_probe.h"

namespace mount_cifs::sys {
namespace {

constexpr std::size_t kMaxKallsyms = 64u << 20;   // a distribution kernel: ~15 MiB
constexpr std::size_t kMaxDryRunOutput = 64u << 10;  // keyutils 1.6: ~1 KiB

}  // namespace

ProcReconnectProbe::ProcReconnectProbe(unsigned real_uid, unsigned real_gid,
                                       std::string request_key,
                                       std::string local_config_dir,
                                       std::chrono::milliseconds wait,
                                       std::string kallsyms, std::string cifs_module)
    : real_uid_(real_uid), real_gid_(real_gid), request_key_(std::move(request_key)),
      local_config_dir_(std::move(local_config_dir)), wait_(wait),
      kallsyms_(std::move(kallsyms)), cifs_module_(std::move(cifs_module)) {}

std::optional<std::string> ProcReconnectProbe::NetworkFingerprint() {
  return resolver::ReadNetworkFingerprint();
}

Reresolve ProcReconnectProbe::KernelReresolves() {
  // Not loaded: its symbols are not in the table yet (and reading the
  // table costs a sixth of a second).
  if (access(cifs_module_.c_str(), F_OK) != 0) return Reresolve::kUnknown;
  const int fd = open(kallsyms_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Reresolve::kUnknown;
  // Line by line, never the whole table in memory (~130k lines).
  KallsymsScan scan;
  std::string partial;
  std::size_t total = 0;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
    std::string_view chunk(buf, static_cast<std::size_t>(n));
    std::size_t nl;
    while ((nl = chunk.find('\n')) != std::string_view::npos) {
      partial.append(chunk.substr(0, nl));
      scan.Line(partial);
      partial.clear();
      chunk.remove_prefix(nl + 1);
    }
    if (partial.size() + chunk.size() < 4096) partial.append(chunk);
    if (scan.Found() || total > kMaxKallsyms) break;
  }
  if (!partial.empty()) scan.Line(partial);
  close(fd);
  return scan.Verdict();
}

UpcallHandler ProcReconnectProbe::DnsResolverHandler(const std::string& host) {
  UpcallHandler unknown;
  // Only what a state key may hold goes into the description (no ';').
  if (!resolver::StateKey(host)) return unknown;
  if (access(request_key_.c_str(), F_OK) != 0) {
    if (errno == ENOENT) return UpcallHandler{UpcallHandler::Kind::kNoRequestKey, ""};
    return unknown;
  }
  // Everything the child needs is made before fork(): a process with
  // lookup threads may only call async-signal-safe functions there.
  std::vector<std::string> args = RequestKeyDryRunArguments(host);
  if (!local_config_dir_.empty()) args.insert(args.begin(), "-l");
  args.insert(args.begin(), request_key_);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  char path_env[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
  char* envp[] = {path_env, nullptr};
  const char* dir = local_config_dir_.empty() ? nullptr : local_config_dir_.c_str();
  const uid_t uid = real_uid_;
  const gid_t gid = real_gid_;

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return unknown;
  const pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    return unknown;
  }
  if (pid == 0) {
    // The caller's ids for a user's setuid run: nothing runs as root on a
    // user's behalf (request-key -d only reads /etc/request-key*).
    const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0)
      _exit(127);
    if (dir != nullptr && chdir(dir) != 0) _exit(127);
    if (uid != 0 && (setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0))
      _exit(127);
    execve(argv[0], argv.data(), envp);
    _exit(127);
  }
  close(out[1]);

  std::string output;
  bool complete = false;
  const auto deadline = std::chrono::steady_clock::now() + wait_;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    struct pollfd p = {out[0], POLLIN, 0};
    // EINTR: a termination signal (the only handlers, without SA_RESTART);
    // the helper is ending, and the dry run with it.
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready <= 0) break;
    char buf[4096];
    const ssize_t n = read(out[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      complete = n == 0;
      break;
    }
    output.append(buf, static_cast<std::size_t>(n));
    if (output.size() > kMaxDryRunOutput) break;
  }
  close(out[0]);
  // Ours to end: the child we started, by its pid.
  if (!complete) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!complete) return unknown;
  return ParseRequestKeyDryRun(output);
}

}  // namespace mount_cifs::sys
