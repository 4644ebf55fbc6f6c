// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_SYSLOG_LOGGER_H_
#define MOUNT_CIFS_RESOLVER_SYS_SYSLOG_LOGGER_H_

#include <string>
#include <string_view>

#include "resolver/base/logger.h"

namespace mount_cifs::resolver {

/// syslog(3) with LOG_PID, facility from the configuration (mount.cifs and
/// cifs-family-resolve).
class SyslogLogger : public Logger {
 public:
  ~SyslogLogger() override;
  void Open(std::string_view ident, SyslogFacility facility) override;
  void Log(LogLevel level, std::string_view line) override;

 private:
  std::string ident_;
  bool open_ = false;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_SYSLOG_LOGGER_H_
