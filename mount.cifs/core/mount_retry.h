// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_MOUNT_RETRY_H_
#define MOUNT_CIFS_CORE_MOUNT_RETRY_H_

#include <optional>
#include <string>
#include <string_view>

namespace mount_cifs {

enum class MountStep {
  kNextAddress,     // try the next address
  kUppercaseRetry,  // ENXIO: once, same address, upper-cased names
  kSudoCruidRetry,  // ENOKEY with sec=krb5*: once, with cruid=SUDO_UID
  kFail,            // stop: report and exit 32
};

struct RetryState {
  bool uppercase_tried = false;
  bool names_are_ascii = true;  // IsAsciiUnc(): the upper-case retry applies
  /// The address is IPv6 and this kernel's IPv6 ip= support was only
  /// guessed: EINVAL then means "not this address".
  bool ipv6_guessed = false;
  bool krb5 = false;
  bool sudo_uid_available = false;  // SUDO_UID set, numeric, not 0
  bool sudo_tried = false;
};

/// What to do after mount(2) failed with `err` (cifs-utils' mount_retry
/// switch, with the errno policy named once in IsConnectFailure()).
MountStep NextMountStep(int err, const RetryState& state);

/// The lines cifs-utils prints when mount(2) fails for good: an errno's
/// specific hint (ENODEV, EHOSTDOWN), "mount error(N): text" and the pointer
/// to the manual page; `cause`, when given, is one more line right after
/// "mount error(N): text" (ours: the dns_resolver upcall). Joined with
/// '\n', no trailing newline.
std::string MountFailureMessage(int err, std::string_view program,
                                std::string_view fstype,
                                const std::optional<std::string>& cause = std::nullopt);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_MOUNT_RETRY_H_
