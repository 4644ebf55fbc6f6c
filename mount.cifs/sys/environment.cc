// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdlib>
#include <cstring>
#include <string>
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
  std::vector<std::string> drop;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = entry.substr(0, eq);
    const std::string value = entry.substr(eq + 1);
    bool bad = name.rfind("LD_", 0) == 0;
    for (const char* f : kForbidden) bad = bad || name == f;
    // A locale value with '/' could point gettext at a file of the caller's.
    if ((name.rfind("LC_", 0) == 0 || name == "LANG" || name == "LANGUAGE") &&
        value.find('/') != std::string::npos)
      bad = true;
    if (bad) drop.push_back(name);
  }
  for (const std::string& name : drop) unsetenv(name.c_str());
}

}  // namespace mount_cifs::sys
