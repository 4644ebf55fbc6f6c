// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/exit_code.h"

#include "mount.cifs/core/errors.h"
#include "resolver/config.h"
#include "resolver/name_resolver.h"

namespace mount_cifs {

ExitCode ExitCodeFor(const Error& error) {
  const std::error_code& code = error.code;
  if (code.category() == CifsCategory()) {
    switch (static_cast<Errc>(code.value())) {
      case Errc::kBadCommandLine:
      case Errc::kBadSource:
      case Errc::kBadOption:
      case Errc::kBadCredentials:
      case Errc::kPermissionDenied:
        return ExitCode::kUsage;
      case Errc::kNoAddress:
      case Errc::kMountFailed:
        return ExitCode::kFail;
      case Errc::kInterrupted:
        return ExitCode::kUser;
      case Errc::kMtab:
        return ExitCode::kFileIo;
      case Errc::kInternal:
        return ExitCode::kSoftware;
    }
    return ExitCode::kSoftware;
  }
  // The admin's configuration file is wrong: a usage error.
  if (code.category() == ConfigCategory()) return ExitCode::kUsage;
  // cifs-utils exits 1 (EX_USAGE) when the server name does not resolve.
  if (code.category() == resolver::ResolverCategory()) return ExitCode::kUsage;
  // Any errno that reached the top is a system error (file reads, fork, ...):
  // cifs-utils returned raw errno values as exit codes for credential files;
  // mount(8) callers expect its documented set, so map them all to 2.
  return ExitCode::kSysErr;
}

}  // namespace mount_cifs
