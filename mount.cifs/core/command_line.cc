// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/command_line.h"

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/option_table.h"
#include "resolver/family_policy.h"

namespace mount_cifs {
namespace {

std::string_view Basename(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

Error UnknownOption(std::string_view flag) {
  return MakeError(Errc::kBadCommandLine,
                   "unknown command-line option: " + std::string(flag));
}

Error MissingArgument(std::string_view flag) {
  return MakeError(Errc::kBadCommandLine,
                   "option requires an argument: " + std::string(flag));
}

enum class Flag { kNone, kOptions, kNamespace, kType };

// Applies a flag without an argument; returns false for an unknown one.
bool ApplySimpleFlag(char c, Invocation* inv) {
  switch (c) {
    case 'f': inv->fake = true; return true;
    case 'n': inv->no_mtab = true; return true;
    case 'r': inv->read_only = true; return true;
    case 'w': inv->read_only = false; return true;
    case 's': inv->sloppy = true; return true;
    case 'v': ++inv->verbosity; return true;
    default: return false;
  }
}

void ApplyArgument(Flag flag, std::string_view value, Invocation* inv) {
  switch (flag) {
    case Flag::kOptions: inv->options = Secret(value); break;
    case Flag::kNamespace: inv->namespace_path = std::string(value); break;
    case Flag::kType: inv->type = std::string(value); break;
    case Flag::kNone: break;
  }
}

Flag FlagTakingArgument(char c) {
  switch (c) {
    case 'o': return Flag::kOptions;
    case 'N': return Flag::kNamespace;
    case 't': return Flag::kType;
    default: return Flag::kNone;
  }
}

struct LongOption {
  std::string_view name;
  char short_equivalent;
};

// cifs-utils' longopts that do something; its dead ones (--user, --port, ...)
// map to letters it never handles and end in "unknown command-line option",
// which is what an unknown name does here too.
constexpr LongOption kLongOptions[] = {
    {"help", 'h'},       {"version", 'V'},   {"verbose", 'v'},
    {"ro", 'r'},         {"read-only", 'r'}, {"rw", 'w'},
    {"read-write", 'w'}, {"sloppy", 's'},    {"fake", 'f'},
    {"options", 'o'},    {"namespace", 'N'}, {"types", 't'},
    {"type", 't'},
};

}  // namespace

Result<Invocation> ParseCommandLine(const std::vector<std::string_view>& argv) {
  Invocation inv;
  if (!argv.empty() && !argv[0].empty()) inv.program = Basename(argv[0]);
  // cifs-utils picks the type from the program name; any other name gets
  // "cifs" here (cifs-utils passed a NULL type to mount(2)).
  inv.fstype = inv.program == "mount.smb3" ? "smb3" : "cifs";

  std::vector<std::string_view> positional;
  bool flags_ended = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string_view arg = argv[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg[1] == '-') {
      std::string_view name = arg.substr(2);
      std::optional<std::string_view> inline_value;
      if (const auto eq = name.find('='); eq != std::string_view::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      // getopt_long's rule: an exact name, or an unambiguous prefix (one
      // that every matching name maps to the same flag).
      char c = 0;
      bool ambiguous = false;
      for (const LongOption& option : kLongOptions) {
        if (option.name == name) {
          c = option.short_equivalent;
          ambiguous = false;
          break;
        }
        if (!name.empty() && option.name.substr(0, name.size()) == name) {
          if (c != 0 && c != option.short_equivalent) ambiguous = true;
          c = option.short_equivalent;
        }
      }
      if (ambiguous)
        return MakeError(Errc::kBadCommandLine,
                         "option '" + std::string(arg) + "' is ambiguous");
      if (c == 0) return UnknownOption(arg);
      if (c == 'h') { inv.action = Action::kHelp; return inv; }
      if (c == 'V') { inv.action = Action::kVersion; return inv; }
      const Flag flag = FlagTakingArgument(c);
      if (flag == Flag::kNone) {
        if (inline_value) return UnknownOption(arg);
        ApplySimpleFlag(c, &inv);
        continue;
      }
      if (inline_value) {
        ApplyArgument(flag, *inline_value, &inv);
      } else if (i + 1 < argv.size()) {
        ApplyArgument(flag, argv[++i], &inv);
      } else {
        return MissingArgument(arg);
      }
      continue;
    }
    // A cluster of short flags, e.g. "-fnv" or "-ouser=x".
    for (size_t j = 1; j < arg.size(); ++j) {
      const char c = arg[j];
      if (c == 'h' || c == '?') { inv.action = Action::kHelp; return inv; }
      if (c == 'V') { inv.action = Action::kVersion; return inv; }
      const Flag flag = FlagTakingArgument(c);
      if (flag != Flag::kNone) {
        if (j + 1 < arg.size()) {
          ApplyArgument(flag, arg.substr(j + 1), &inv);
        } else if (i + 1 < argv.size()) {
          ApplyArgument(flag, argv[++i], &inv);
        } else {
          return MissingArgument(std::string("-") + c);
        }
        break;
      }
      if (!ApplySimpleFlag(c, &inv)) return UnknownOption(std::string("-") + c);
    }
  }
  if (positional.size() < 2) return MakeError(Errc::kBadCommandLine, "");
  inv.source = std::string(positional[0]);
  inv.target = std::string(positional[1]);
  for (size_t i = 2; i < positional.size(); ++i)
    inv.ignored_arguments.emplace_back(positional[i]);
  return inv;
}

std::string UsageText(std::string_view program) {
  std::string p(program);
  return "\nUsage:  " + p + " <remotetarget> <dir> [-fnrsvw] [-o <options>]"
         " [-N <namespace>]\n"
         "\nMount the remote target, specified as a UNC name (//server/share"
         "[/path]),\nto a local directory.\n"
         "\nFlags:\n"
         "\t-o, --options <list>   comma-separated mount options\n"
         "\t-r, --ro, --read-only  mount read-only\n"
         "\t-w, --rw, --read-write mount read-write\n"
         "\t-f, --fake             do everything but the mount(2) call\n"
         "\t-n                     do not write /etc/mtab\n"
         "\t-s, --sloppy           let the kernel ignore unknown options\n"
         "\t-v, --verbose          explain (repeat for more)\n"
         "\t-N, --namespace <ns>   enter this mount namespace first (root)\n"
         "\t-t, --type <type>      accepted for mount(8); the program name\n"
         "\t                       picks cifs or smb3\n"
         "\t-V, --version          print the version\n"
         "\t-h, -?, --help         print this text\n" +
         OptionHelpText() +
         "\nAddress family policies (family=<policy>):\n"
         "\t" + resolver::FamilyPolicyNames() + "\n"
         "\nKernel options:\n"
         "\tvers=<smb_dialect> and every other option not listed above are\n"
         "\tsent to the kernel unchanged\n"
         "\nOptions are described in more detail in the manual page"
         "\n\tman 8 " + p + "\n"
         "\nTo display the version number of the mount helper:"
         "\n\t" + p + " -V\n";
}

}  // namespace mount_cifs
