// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_COMMAND_LINE_H_
#define MOUNT_CIFS_CORE_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs {

enum class Action { kMount, kHelp, kVersion };

/// What argv asked for (mount(8)'s helper contract:
/// `mount.cifs SOURCE DIR [-sfnv] [-o OPTS] [-t TYPE] [-N NS]`).
struct Invocation {
  Action action = Action::kMount;
  std::string program = "mount.cifs";  // basename of argv[0], for messages
  std::string fstype = "cifs";         // "smb3" for mount.smb3, else "cifs"
  std::string source;
  std::string target;
  /// The -o text. The last -o wins (cifs-utils does not merge). A Secret:
  /// it may hold pass=.
  std::optional<Secret> options;
  std::optional<bool> read_only;  // -r/--ro sets, -w/--rw clears; last wins
  bool sloppy = false;            // -s
  bool fake = false;              // -f
  bool no_mtab = false;           // -n
  int verbosity = 0;              // one per -v
  std::string namespace_path;     // -N: a mount namespace to enter
  std::string type;               // -t: accepted, informational only
  std::vector<std::string> ignored_arguments;  // positionals after the 2nd
};

/// Parses argv (argv[0] included). Flags may come before or after the two
/// positional arguments whatever POSIXLY_CORRECT says; "--" ends the flags.
/// -h/--help and -V/--version end parsing at once with that action.
/// Errors (Errc::kBadCommandLine): an unknown flag, a missing flag argument,
/// fewer than two positional arguments (message empty: print the usage).
Result<Invocation> ParseCommandLine(const std::vector<std::string_view>& argv);

/// The usage text for `program` (cifs-utils prints it on -h and errors), in
/// cifs-utils' layout; its option part is the option table's help
/// (OptionHelpText()) and the policy list is FamilyPolicyNames().
std::string UsageText(std::string_view program);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_COMMAND_LINE_H_
