// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_ERRORS_H_
#define MOUNT_CIFS_CORE_ERRORS_H_

#include <string>
#include <system_error>

#include "resolver/base/result.h"

namespace mount_cifs {

/// Failures of our own making (not an errno, not a resolver code).
enum class Errc {
  kBadCommandLine = 1,  // argv does not make sense
  kBadSource,           // the UNC / device string
  kBadOption,           // a -o option or its value
  kBadCredentials,      // credentials file / PASSWD* content
  kPermissionDenied,    // the caller may not do this
  kNoAddress,           // every address failed to connect
  kMountFailed,         // mount(2) failed for a reason other than connecting
  kInterrupted,         // a signal ended the run
  kMtab,                // the legacy /etc/mtab could not be updated
  kInternal,            // a bug
};

const std::error_category& CifsCategory();

inline std::error_code make_error_code(Errc e) {
  return std::error_code(static_cast<int>(e), CifsCategory());
}

/// An Error in CifsCategory().
inline Error MakeError(Errc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

/// The run ended by SIGTERM, SIGINT or SIGHUP (exit 8).
inline Error InterruptedError() {
  return MakeError(Errc::kInterrupted, "mount error: interrupted by a signal");
}

}  // namespace mount_cifs

namespace std {
template <>
struct is_error_code_enum<mount_cifs::Errc> : true_type {};
}  // namespace std

#endif  // MOUNT_CIFS_CORE_ERRORS_H_
