// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/secret.h"
#include "mount.cifs/sys/adapters.h"

extern char** environ;

namespace mount_cifs::sys {
namespace {

// util-linux lib/env.c: variables a privileged program must not trust.
constexpr const char* kForbidden[] = {
    "BASH_ENV", "ENV", "HOME", "IFS", "KRB_CONF", "KRBCONFDIR", "KRBTKFILE",
    "KRB5_CONFIG", "KRB5_KTNAME", "LIBPATH", "LOCALDOMAIN", "NLSPATH",
    "PATH_LOCALE", "RES_OPTIONS", "SHELL", "SHLIB_PATH", "TERMINFO",
    "TERMINFO_DIRS", "TERMPATH", "PATH", "MAIL", "HOSTALIASES", "GCONV_PATH",
};
// Copied into Environment before this runs; their values are wiped.
constexpr const char* kSecrets[] = {"PASSWD", "PASSWD2"};

}  // namespace

void SanitizeEnvironment() {
  for (const char* name : kSecrets) {
    if (char* value = getenv(name)) WipeBytes(value, std::strlen(value));
    unsetenv(name);
  }
  // Views into environ: nothing is copied (this runs before anything else,
  // on every mount; the caller's environment may be long). The names to
  // drop are collected first because unsetenv() reshuffles environ.
  std::vector<std::string> drop;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = entry.substr(0, eq);
    const std::string_view value = entry.substr(eq + 1);
    bool bad = name.substr(0, 3) == "LD_";
    for (const char* f : kForbidden) bad = bad || name == f;
    // A locale value with '/' could point gettext at a file of the caller's.
    if ((name.substr(0, 3) == "LC_" || name == "LANG" || name == "LANGUAGE") &&
        value.find('/') != std::string_view::npos)
      bad = true;
    if (bad) drop.emplace_back(name);
  }
  for (const std::string& name : drop) unsetenv(name.c_str());
}

}  // namespace mount_cifs::sys
