// SPDX-License-Identifier: GPL-3.0-or-later
// The only file that knows core, sys and the exit code.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/exit_code.h"
#include "mount.cifs/core/run.h"
#include "mount.cifs/sys/adapters.h"
#include "resolver/sys/file_state_store.h"
#include "resolver/sys/getaddrinfo_resolver.h"
#include "resolver/sys/posix_connector.h"
#include "resolver/sys/proc_probe.h"
#include "resolver/sys/rtnetlink_events.h"
#include "resolver/sys/steady_clock.h"
#include "resolver/sys/udp_datagram_net.h"

#ifndef CIFS_FAMILY_VERSION
#define CIFS_FAMILY_VERSION "0.0.0"
#endif

namespace {

using mount_cifs::ExitCode;

std::optional<std::string> EnvString(const char* name) {
  const char* value = getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<mount_cifs::Secret> EnvSecret(const char* name) {
  const char* value = getenv(name);
  if (value == nullptr) return std::nullopt;
  return mount_cifs::Secret(value);
}

// The documented inputs, copied once (design.md: security shape).
mount_cifs::Environment CaptureEnvironment() {
  mount_cifs::Environment env;
  env.user = EnvString("USER");
  env.passwd = EnvSecret("PASSWD");
  env.passwd_fd = EnvString("PASSWD_FD");
  env.passwd_file = EnvString("PASSWD_FILE");
  env.passwd2 = EnvSecret("PASSWD2");
  env.passwd2_fd = EnvString("PASSWD2_FD");
  env.passwd2_file = EnvString("PASSWD2_FILE");
  env.sudo_uid = EnvString("SUDO_UID");
  return env;
}

int Exit(ExitCode code) { return static_cast<int>(code); }

void PrintTo(FILE* stream, const std::string& text) {
  fputs(text.c_str(), stream);
  fflush(stream);
}

}  // namespace

int main(int argc, char** argv) {
  if (!mount_cifs::sys::EnsureStandardDescriptors().ok())
    return Exit(ExitCode::kSysErr);  // fd 0/1/2 closed, and no /dev/null
  // The documented inputs are copied into a typed value, then the
  // environment is cleaned (util-linux's list) and the password values in
  // it are wiped.
  mount_cifs::Environment env = CaptureEnvironment();
  const std::optional<std::string> config_override = EnvString("CIFS_FAMILY_CONFIG");
  mount_cifs::sys::SanitizeEnvironment();

  std::vector<std::string_view> args(argv, argv + argc);
  auto parsed = mount_cifs::ParseCommandLine(args);
  if (!parsed.ok()) {
    // Unknown flags are a usage error (cifs-utils exits 0 and mounts
    // nothing, which made `mount -N` look like success).
    std::string name = argc > 0 ? argv[0] : "mount.cifs";
    const auto slash = name.rfind('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    if (!parsed.error().message.empty())
      PrintTo(stderr, parsed.error().message + "\n");
    PrintTo(stderr, mount_cifs::UsageText(name));
    return Exit(ExitCode::kUsage);
  }
  mount_cifs::Invocation& inv = parsed.value();
  if (inv.action == mount_cifs::Action::kHelp) {
    PrintTo(stdout, mount_cifs::UsageText(inv.program));
    return Exit(ExitCode::kSuccess);
  }
  if (inv.action == mount_cifs::Action::kVersion) {
    PrintTo(stdout, inv.program + " version: " CIFS_FAMILY_VERSION
                    " (cifs-family)\n");
    return Exit(ExitCode::kSuccess);
  }

  // mount(8) runs the helper in its own namespace and passes the target's
  // with -N; enter it before anything looks at a path. Only root may: a
  // setuid run must not let a user step into another namespace.
  if (!inv.namespace_path.empty() && getuid() != 0) {
    PrintTo(stderr, inv.program + ": -N is only for root\n");
    return Exit(ExitCode::kUsage);
  }
  if (!inv.namespace_path.empty()) {
    if (auto s = mount_cifs::sys::EnterMountNamespace(inv.namespace_path);
        !s.ok()) {
      PrintTo(stderr, inv.program + ": failed to enter mount namespace " +
                          inv.namespace_path + ": " +
                          s.error().code.message() + "\n");
      return Exit(ExitCode::kSysErr);
    }
  }

  if (geteuid() != 0) {
    PrintTo(stderr,
            "This program is not installed setuid root -  \"user\" CIFS "
            "mounts not supported.\n");
    return Exit(ExitCode::kUsage);
  }

  // Tests and the VM rig may point at another configuration file, but only
  // a real root that is not running setuid can (never a user via setuid).
  if (config_override && !config_override->empty() && getuid() == 0 &&
      !mount_cifs::sys::RunningPrivileged())
    env.config_path = *config_override;

  // Keep only what mounting needs; raise it around mount(2) alone.
  mount_cifs::sys::CapNgPrivileges privileges(getuid(), getgid());
  if (auto s = privileges.DropToMountOnly(); !s.ok()) {
    PrintTo(stderr, "Unable to apply new capability set.\n");
    return Exit(ExitCode::kSysErr);
  }
  mount_cifs::sys::LockedMtab mtab;

  // Before the resolver and connector: their waits poll the wake descriptor.
  const mount_cifs::sys::Termination termination =
      mount_cifs::sys::InstallTermination();
  mount_cifs::resolver::GetaddrinfoResolver resolver(termination.wake_fd);
  mount_cifs::sys::LinuxMounter mounter;
  mount_cifs::sys::PosixMountPoint mount_point;
  mount_cifs::sys::PosixFileSource files;
  mount_cifs::sys::PasswdUserDb users;
  mount_cifs::sys::TerminalPrompter prompter;
  mount_cifs::sys::StderrConsole console;
  mount_cifs::resolver::PosixConnector connector(termination.wake_fd);
  mount_cifs::resolver::SteadyClock clock;
  mount_cifs::resolver::ProcHostProbe probe;
  mount_cifs::resolver::SyslogLogger logger;
  // The state directory is a constant: no environment variable or option
  // names it, so a setuid run cannot be pointed elsewhere.
  mount_cifs::resolver::FileStateStore state(mount_cifs::resolver::kDefaultStateDir);
  mount_cifs::sys::ProcReconnectProbe reconnect(getuid(), getgid());
  mount_cifs::resolver::RealtimeWallClock wall_clock;
  mount_cifs::resolver::RtnetlinkEvents network_events(termination.wake_fd);
  mount_cifs::resolver::UdpDatagramNet datagrams(termination.wake_fd);
  mount_cifs::Deps deps{resolver,  mounter, mount_point, files,
                        users,     prompter, console,    connector,
                        clock,     probe,    logger,
                        termination.cancelled,
                        privileges, mtab,    state,       reconnect,
                        wall_clock, network_events, &datagrams};
  mount_cifs::Caller caller{static_cast<std::uint32_t>(getuid()),
                            static_cast<std::uint32_t>(getgid()),
                            static_cast<std::int64_t>(getpid())};

  auto outcome = mount_cifs::Run(inv, env, caller, deps);
  if (!outcome.ok()) {
    PrintTo(stderr, outcome.error().message + "\n");
    return Exit(mount_cifs::ExitCodeFor(outcome.error()));
  }
  return Exit(ExitCode::kSuccess);
}
