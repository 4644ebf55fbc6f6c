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

}  // namespace mount_cifs
