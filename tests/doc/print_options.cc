// SPDX-License-Identifier: GPL-3.0-or-later
// Prints what the code accepts, so that tests/doc/check_man.sh and
// check_conf.sh can compare it with the manual pages:
//
//   print_options options         every option table row name, one a line
//   print_options short-flags     every short flag ParseCommandLine accepts
//   print_options long-flags      every --name the usage text mentions
//   print_options accepts FLAG..  exit 1 unless ParseCommandLine takes each
//   print_options family-policies every address family policy name, one a
//                                 line (resolver::FamilyPolicyNames())
//   print_options check-config F  parses the example configuration F with
//                                 its "#key = value" and "#[section]" lines
//                                 uncommented; prints "key=value" for each
//                                 [global] setting; exit 1 when it does not
//                                 parse or its [global] values differ from
//                                 the built-in defaults
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mount.cifs/core/command_line.h"
#include "resolver/config.h"
#include "mount.cifs/core/option_table.h"
#include "resolver/family_policy.h"

namespace {

using mount_cifs::Invocation;
using mount_cifs::ParseCommandLine;

// True when argv `flag` (with enough arguments after it for a flag that
// takes one) is not rejected as an unknown flag.
bool Accepts(const std::string& flag) {
  const std::vector<std::string_view> argv = {"mount.cifs", flag, "//h/s",
                                              "/mnt", "extra"};
  auto parsed = ParseCommandLine(argv);
  if (parsed.ok()) return true;
  return parsed.error().message.rfind("unknown command-line option", 0) != 0;
}

int PrintOptions() {
  for (auto* spec = mount_cifs::OptionTableBegin();
       spec != mount_cifs::OptionTableEnd(); ++spec)
    std::printf("%.*s\n", static_cast<int>(spec->name.size()), spec->name.data());
  return 0;
}

int PrintShortFlags() {
  const std::string candidates =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?";
  for (char c : candidates) {
    const std::string flag = std::string("-") + c;
    if (Accepts(flag)) std::printf("%s\n", flag.c_str());
  }
  return 0;
}

int PrintLongFlags() {
  // The usage text is what --help shows; every --name in it must be real.
  const std::string usage = mount_cifs::UsageText("mount.cifs");
  std::set<std::string> names;
  for (std::size_t at = usage.find("--"); at != std::string::npos;
       at = usage.find("--", at + 2)) {
    std::size_t end = at + 2;
    while (end < usage.size() &&
           ((usage[end] >= 'a' && usage[end] <= 'z') || usage[end] == '-'))
      ++end;
    if (end > at + 2) names.insert(usage.substr(at, end - at));
  }
  int status = 0;
  for (const std::string& name : names) {
    if (!Accepts(name)) {
      std::fprintf(stderr, "usage text mentions %s, which is rejected\n",
                   name.c_str());
      status = 1;
    }
    std::printf("%s\n", name.c_str());
  }
  return status;
}

int PrintFamilyPolicies() {
  const std::string names = mount_cifs::resolver::FamilyPolicyNames();
  std::string_view rest = names;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(", ");
    const std::string_view name = rest.substr(0, comma);
    std::printf("%.*s\n", static_cast<int>(name.size()), name.data());
    rest = comma == std::string_view::npos ? std::string_view()
                                           : rest.substr(comma + 2);
  }
  return 0;
}

int CheckAccepts(int argc, char** argv) {
  int status = 0;
  for (int i = 0; i < argc; ++i) {
    if (!Accepts(argv[i])) {
      std::printf("rejected: %s\n", argv[i]);
      status = 1;
    }
  }
  return status;
}

std::string Ms(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + "ms";
}

std::string Ms(const std::optional<std::chrono::milliseconds>& d) {
  return d ? Ms(*d) : "auto";
}

template <typename T>
std::string Opt(const std::optional<T>& v) {
  if (!v) return "auto";
  if constexpr (std::is_same_v<T, bool>) return *v ? "yes" : "no";
  else return std::to_string(*v);
}

int CheckConfig(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  // Uncomment "#key = value" and "#[section]"; prose comments have a space
  // after the '#'.
  std::string text, line;
  std::vector<std::string> global_keys;
  bool in_global = false;
  while (std::getline(in, line)) {
    if (line.size() > 1 && line[0] == '#' &&
        (line[1] == '[' || (line[1] >= 'a' && line[1] <= 'z'))) {
      line.erase(0, 1);
      if (line[0] == '[') {
        in_global = line == "[global]";
      } else if (in_global) {
        global_keys.push_back(line.substr(0, line.find_first_of(" =")));
      }
    }
    text += line + "\n";
  }
  auto config = mount_cifs::ParseConfig(text, path);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.error().message.c_str());
    return 1;
  }
  // A host no [server] section names gets the [global] values; with every
  // line commented out they must be the built-in defaults.
  const mount_cifs::Settings example =
      config.value().For("cifs-family.invalid", mount_cifs::SettingsLayer());
  const mount_cifs::Settings builtin;
  struct Row {
    const char* key;
    std::string example, builtin;
  };
  const Row rows[] = {
      {"family", std::string(FamilyPolicyName(example.family)),
       std::string(FamilyPolicyName(builtin.family))},
      {"connection-attempt-delay", Ms(example.connection_attempt_delay),
       Ms(builtin.connection_attempt_delay)},
      {"resolution-delay", Ms(example.resolution_delay),
       Ms(builtin.resolution_delay)},
      {"deadline", Ms(example.deadline), Ms(builtin.deadline)},
      {"race-budget", Ms(example.race_budget), Ms(builtin.race_budget)},
      {"probe-port", std::to_string(example.probe_port),
       std::to_string(builtin.probe_port)},
      {"first-address-family-count",
       std::to_string(example.first_address_family_count),
       std::to_string(builtin.first_address_family_count)},
      {"kernel-ipv6", Opt(example.kernel_ipv6), Opt(builtin.kernel_ipv6)},
      {"kernel-ip-max-length", Opt(example.kernel_ip_max_length),
       Opt(builtin.kernel_ip_max_length)},
      {"syslog-facility", std::string(SyslogFacilityName(example.syslog_facility)),
       std::string(SyslogFacilityName(builtin.syslog_facility))},
      {"network-wait", example.network_wait ? "yes" : "no",
       builtin.network_wait ? "yes" : "no"},
      {"race-mode", std::string(mount_cifs::resolver::ProbeModeName(example.race_mode)),
       std::string(mount_cifs::resolver::ProbeModeName(builtin.race_mode))},
      {"reconnect-ttl", Ms(std::chrono::milliseconds(example.reconnect_ttl)),
       Ms(std::chrono::milliseconds(builtin.reconnect_ttl))},
      {"failed-family-memory", Ms(std::chrono::milliseconds(example.failed_family_memory)),
       Ms(std::chrono::milliseconds(builtin.failed_family_memory))},
      {"ad-site-order", example.ad_site_order ? "yes" : "no",
       builtin.ad_site_order ? "yes" : "no"},
      {"ad-site-timeout", Ms(example.ad_site_timeout), Ms(builtin.ad_site_timeout)},
  };
  int status = 0;
  for (const Row& row : rows) {
    std::printf("%s=%s\n", row.key, row.example.c_str());
    if (row.example != row.builtin) {
      std::fprintf(stderr, "%s: example says %s, built-in default is %s\n",
                   row.key, row.example.c_str(), row.builtin.c_str());
      status = 1;
    }
  }
  for (const std::string& key : global_keys) std::printf("global-key %s\n", key.c_str());
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "options") return PrintOptions();
  if (mode == "short-flags") return PrintShortFlags();
  if (mode == "long-flags") return PrintLongFlags();
  if (mode == "accepts") return CheckAccepts(argc - 2, argv + 2);
  if (mode == "family-policies") return PrintFamilyPolicies();
  if (mode == "check-config" && argc == 3) return CheckConfig(argv[2]);
  std::fprintf(stderr,
               "usage: print_options options|short-flags|long-flags|"
               "family-policies|accepts FLAG...|check-config FILE\n");
  return 2;
}
