// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CIFS_FAMILY_RESOLVE_CORE_OPTIONS_H_
#define CIFS_FAMILY_RESOLVE_CORE_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "resolver/base/result.h"

namespace cifs_family_resolve {

inline constexpr const char* kDefaultDelegate = "/sbin/key.dns_resolver";

/// The command line. request-key runs `cifs-family-resolve KEY` with an
/// empty environment, so every path comes from here (tests and the VM rig
/// point them elsewhere; the handler is not setuid, so a user who runs it
/// by hand gains nothing).
struct Options {
  std::string config_path = "/etc/cifs-family.conf";
  std::string state_dir = "/run/cifs-family/hosts";  // FileStateStore's default
  std::string delegate = kDefaultDelegate;
  std::optional<std::int32_t> key;        // the key serial (%k)
  std::optional<std::string> test_name;   // --test NAME: a dry run
  std::string callout;                    // --callout TEXT (with --test)
  bool verbose = false;
  bool help = false;
  bool version = false;
};

/// Parses argv[1..]. Errors (invalid_argument, message for stderr): an
/// unknown option, a missing value, a key that is not a positive decimal
/// serial, both or neither of KEY and --test.
mount_cifs::Result<Options> ParseOptions(const std::vector<std::string>& args);

/// The --help text.
std::string UsageText();

}  // namespace cifs_family_resolve

#endif  // CIFS_FAMILY_RESOLVE_CORE_OPTIONS_H_
