// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_BASE_LOGGER_H_
#define MOUNT_CIFS_RESOLVER_BASE_LOGGER_H_

#include <optional>
#include <string_view>

namespace mount_cifs {

enum class LogLevel { kInfo, kWarning, kError };

/// The syslog facilities an admin may choose (syslog-facility): the one
/// list of their names.
enum class SyslogFacility {
  kAuth, kAuthpriv, kDaemon, kUser,
  kLocal0, kLocal1, kLocal2, kLocal3, kLocal4, kLocal5, kLocal6, kLocal7,
};

/// "daemon", "local0", ... -> facility; nullopt for any other text.
std::optional<SyslogFacility> ParseSyslogFacility(std::string_view name);
std::string_view SyslogFacilityName(SyslogFacility facility);

/// The syslog seam (real: SyslogLogger in mount.cifs/sys; tests:
/// FakeLogger). The caller builds the line; this only sends it.
class Logger {
 public:
  virtual ~Logger() = default;
  /// Sets the ident (mount.cifs / mount.smb3) and facility before the first
  /// Log().
  virtual void Open(std::string_view ident, SyslogFacility facility) = 0;
  virtual void Log(LogLevel level, std::string_view line) = 0;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_RESOLVER_BASE_LOGGER_H_
