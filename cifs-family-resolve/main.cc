// SPDX-License-Identifier: GPL-3.0-or-later
// cifs-family-resolve: the dns_resolver request-key handler. The only file
// that knows core, sys and the exit codes.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cifs-family-resolve/core/dry_run.h"
#include "cifs-family-resolve/core/handler.h"
#include "cifs-family-resolve/core/options.h"
#include "cifs-family-resolve/sys/keyutils_key.h"
#include "resolver/config.h"
#include "resolver/sys/file_state_store.h"
#include "resolver/sys/getaddrinfo_resolver.h"
#include "resolver/sys/posix_connector.h"
#include "resolver/sys/proc_probe.h"
#include "resolver/sys/steady_clock.h"
#include "resolver/sys/syslog_logger.h"
#include "resolver/sys/udp_datagram_net.h"

#ifndef CIFS_FAMILY_VERSION
#define CIFS_FAMILY_VERSION "unknown"
#endif

namespace {

using cifs_family_resolve::HandlerResult;
using cifs_family_resolve::Verdict;

// Exit status. For a key: 0 once it is answered, rejected or handed on;
// 1 when it could not be (not run by request-key, say). For --test: 0
// answered, 1 rejected, 3 not ours. 2: usage.
enum Exit { kOk = 0, kFailed = 1, kUsage = 2, kNotOurs = 3 };

// A wait far shorter than any the kernel could tolerate: it holds the
// server's lock while the handler runs.
constexpr std::chrono::milliseconds kWatchdog{1900};
constexpr std::chrono::seconds kWatchdogTtl{5};
constexpr std::size_t kMaxConfig = 64 * 1024;

// --test changes nothing, the system log included: its line goes to stdout
// with -v.
class SilentLogger : public mount_cifs::Logger {
 public:
  void Open(std::string_view, mount_cifs::SyslogFacility) override {}
  void Log(mount_cifs::LogLevel, std::string_view) override {}
};
// /proc/mounts of a host with thousands of mounts runs to megabytes.
constexpr std::size_t kMaxProcFile = 16 * 1024 * 1024;

mount_cifs::Config LoadConfig(const std::string& path, mount_cifs::Logger& logger,
                              bool to_stderr) {
  auto text = cifs_family_resolve::sys::ReadSmallFile(path, kMaxConfig);
  if (!text.ok()) {
    // No file is the shipped state; anything else is worth a line.
    if (text.error().code != std::errc::no_such_file_or_directory) {
      const std::string line = "configuration not read, built-in defaults used: " +
                               text.error().message;
      logger.Log(mount_cifs::LogLevel::kWarning, line);
      if (to_stderr) std::fprintf(stderr, "cifs-family-resolve: %s\n", line.c_str());
    }
    return {};
  }
  auto config = mount_cifs::ParseConfig(text.value(), path);
  if (!config.ok()) {
    const std::string line = config.error().message + " (built-in defaults used)";
    logger.Log(mount_cifs::LogLevel::kError, line);
    if (to_stderr) std::fprintf(stderr, "cifs-family-resolve: %s\n", line.c_str());
    return {};
  }
  return std::move(config).value();
}


}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  auto parsed = cifs_family_resolve::ParseOptions(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
    return kUsage;
  }
  const cifs_family_resolve::Options& options = parsed.value();
  if (options.help) {
    std::fputs(cifs_family_resolve::UsageText().c_str(), stdout);
    return kOk;
  }
  if (options.version) {
    std::printf("cifs-family-resolve (cifs-family) %s\n", CIFS_FAMILY_VERSION);
    return kOk;
  }
  // First thing for a key: whatever happens next, it gets an answer in
  // time (a handler that exits silently costs the mount 60 s of ENOKEY).
  if (options.key)
    cifs_family_resolve::sys::ArmWatchdog(*options.key, kWatchdog, kWatchdogTtl);

  mount_cifs::resolver::SyslogLogger logger;
  const bool test = options.test_name.has_value();
  mount_cifs::Config config = LoadConfig(options.config_path, logger, test);
  logger.Open("cifs-family-resolve", config.For("", {}).syslog_facility);

  mount_cifs::resolver::FileStateStore files(options.state_dir);
  cifs_family_resolve::ReadOnlyStateStore read_only(files);
  cifs_family_resolve::sys::KeyutilsKey real_key(options.key.value_or(0));
  cifs_family_resolve::DryRunKey paper_key(options.test_name.value_or(""),
                                           options.callout);
  mount_cifs::resolver::GetaddrinfoResolver resolver;
  mount_cifs::resolver::PosixConnector connector;
  mount_cifs::resolver::SteadyClock clock;
  mount_cifs::resolver::ProcHostProbe probe;
  mount_cifs::resolver::RealtimeWallClock wall;
  // No interrupt descriptor: the watchdog ends the process outright.
  mount_cifs::resolver::UdpDatagramNet datagrams(-1);
  SilentLogger silent;
  cifs_family_resolve::HandlerDeps deps{
      test ? static_cast<cifs_family_resolve::KernelKey&>(paper_key) : real_key,
      test ? static_cast<mount_cifs::resolver::StateStore&>(read_only) : files,
      resolver,
      connector,
      clock,
      probe,
      test ? static_cast<mount_cifs::Logger&>(silent) : logger,
      wall,
      [] { return cifs_family_resolve::sys::ReadSmallFile("/proc/mounts", kMaxProcFile); },
      cifs_family_resolve::sys::IsMountHelper,
      [] { return mount_cifs::resolver::ReadNetworkFingerprint().value_or(""); },
      &datagrams};

  auto handled = cifs_family_resolve::HandleRequest(config, {}, deps);
  if (!handled.ok()) {
    const std::string line = handled.error().message;
    logger.Log(mount_cifs::LogLevel::kError, line);
    std::fprintf(stderr, "cifs-family-resolve: %s\n", line.c_str());
    // Still complete the key if we can: a brief rejection keeps the
    // kernel's address; silence would cost 60 s.
    if (!test) (void)real_key.Reject(EKEYREJECTED, kWatchdogTtl);
    return kFailed;
  }
  const HandlerResult& result = handled.value();
  if (test) {
    if (result.verdict == Verdict::kDelegate) {
      std::printf("not ours (%s): %s would answer\n", result.why.c_str(),
                  options.delegate.c_str());
      return kNotOurs;
    }
    std::printf("%s\n", paper_key.report().c_str());
    if (options.verbose) std::printf("%s\n", result.line.c_str());
    return result.verdict == Verdict::kAnswered ? kOk : kFailed;
  }
  if (result.verdict != Verdict::kDelegate) return kOk;

  // Not ours: the stock handler answers, byte for byte as without us. exec
  // keeps the authority request-key assumed over the key.
  cifs_family_resolve::sys::DisarmWatchdog();
  const std::string serial = std::to_string(*options.key);
  const std::string program = options.delegate;
  char* const child_argv[] = {const_cast<char*>(program.c_str()),
                              const_cast<char*>(serial.c_str()), nullptr};
  execv(program.c_str(), child_argv);
  const std::string line = "cannot run " + program + " for a request that is not ours (" +
                           result.why + "): " + std::strerror(errno);
  logger.Log(mount_cifs::LogLevel::kError, line);
  (void)real_key.Reject(ENOKEY, kWatchdogTtl);
  return kFailed;
}
