// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/mount_retry.h"

#include <cerrno>
#include <system_error>

#include "resolver/connect_error.h"

namespace mount_cifs {

MountStep NextMountStep(int err, const RetryState& state) {
  if (resolver::IsConnectFailure(err)) return MountStep::kNextAddress;
  // An IPv6 ip= a kernel of unknown capability may not parse.
  if (err == EINVAL && state.ipv6_guessed) return MountStep::kNextAddress;
  if (err == ENXIO && !state.uppercase_tried && state.names_are_ascii)
    return MountStep::kUppercaseRetry;
  if (err == ENOKEY && state.krb5 && state.sudo_uid_available &&
      !state.sudo_tried)
    return MountStep::kSudoCruidRetry;
  return MountStep::kFail;
}

std::string MountFailureMessage(int err, std::string_view program,
                                std::string_view fstype,
                                const std::optional<std::string>& cause) {
  std::string text;
  if (err == ENODEV) {
    text += "mount error: " + std::string(fstype) +
            " filesystem not supported by the system\n";
  } else if (err == EHOSTDOWN) {
    text +=
        "mount error: Server abruptly closed the connection.\n"
        "This can happen if the server does not support the SMB version you "
        "are trying to use.\n"
        "The default SMB version recently changed from SMB1 to SMB2.1 and "
        "above. Try mounting with vers=1.0.\n";
  }
  const std::string p(program);
  text += "mount error(" + std::to_string(err) +
          "): " + std::generic_category().message(err) + "\n";
  if (cause) text += *cause + "\n";
  text += "Refer to the " + p + "(8) manual page (e.g. man " + p +
          ") and kernel log messages (dmesg)";
  return text;
}

}  // namespace mount_cifs
