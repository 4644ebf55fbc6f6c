// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_CREDENTIALS_H_
#define MOUNT_CIFS_CORE_CREDENTIALS_H_

#include <optional>
#include <string>

#include "mount.cifs/core/secret.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// What a credentials file says. Each field is set only when a line named it
/// (the last such line wins).
struct Credentials {
  std::optional<std::string> username;
  std::optional<Secret> password;
  std::optional<Secret> password2;
  std::optional<std::string> domain;
  int unparseable_lines = 0;  // lines without '=' or with an unknown key
};

/// Parses credentials-file text in cifs-utils' format: one key=value per
/// line, leading blanks skipped, keys matched case-insensitively by prefix
/// (user*, pass2*/password2*, pass*, dom*), the value everything after the
/// first '='. A trailing CR is removed (CRLF files). Does not check lengths.
Credentials ParseCredentials(const Secret& text);

/// Takes a password from a PASSWD_FILE / PASSWD_FD read: the first line,
/// without its line ending (cifs-utils kept the raw bytes, newline included,
/// though its man page says "a single line").
Secret FirstLine(const Secret& text);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_CREDENTIALS_H_
