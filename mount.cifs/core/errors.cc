// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/errors.h"

#include "mount.cifs/core/exit_code.h"
#include "resolver/name_resolver.h"

namespace mount_cifs {
namespace {

class CifsErrorCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "mount.cifs"; }
  std::string message(int code) const override {
    switch (static_cast<Errc>(code)) {
      case Errc::kBadCommandLine: return "bad command line";
      case Errc::kBadSource: return "bad UNC";
      case Errc::kBadOption: return "bad mount option";
      case Errc::kBadCredentials: return "bad credentials";
      case Errc::kPermissionDenied: return "permission denied";
      case Errc::kNoAddress: return "no address could be reached";
      case Errc::kMountFailed: return "mount failed";
      case Errc::kInterrupted: return "interrupted";
      case Errc::kMtab: return "mtab update failed";
      case Errc::kInternal: return "internal error";
    }
    return "unknown error";
  }
};

}  // namespace

const std::error_category& CifsCategory() {
  static const CifsErrorCategory category;
  return category;
}

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
  // cifs-utils exits 1 (EX_USAGE) when the server name does not resolve.
  if (code.category() == resolver::ResolverCategory()) return ExitCode::kUsage;
  // Any errno that reached the top is a system error (file reads, fork, ...):
  // cifs-utils returned raw errno values as exit codes for credential files;
  // mount(8) callers expect its documented set, so map them all to 2.
  return ExitCode::kSysErr;
}

}  // namespace mount_cifs
