// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/sys/syslog_logger.h"

#include <syslog.h>

#include <string>

namespace mount_cifs::resolver {
namespace {

int FacilityCode(SyslogFacility facility) {
  switch (facility) {
    case SyslogFacility::kAuth: return LOG_AUTH;
    case SyslogFacility::kAuthpriv: return LOG_AUTHPRIV;
    case SyslogFacility::kDaemon: return LOG_DAEMON;
    case SyslogFacility::kUser: return LOG_USER;
    case SyslogFacility::kLocal0: return LOG_LOCAL0;
    case SyslogFacility::kLocal1: return LOG_LOCAL1;
    case SyslogFacility::kLocal2: return LOG_LOCAL2;
    case SyslogFacility::kLocal3: return LOG_LOCAL3;
    case SyslogFacility::kLocal4: return LOG_LOCAL4;
    case SyslogFacility::kLocal5: return LOG_LOCAL5;
    case SyslogFacility::kLocal6: return LOG_LOCAL6;
    case SyslogFacility::kLocal7: return LOG_LOCAL7;
  }
  return LOG_DAEMON;
}

}  // namespace

SyslogLogger::~SyslogLogger() {
  if (open_) closelog();
}

void SyslogLogger::Open(std::string_view ident, SyslogFacility facility) {
  // openlog keeps the pointer: the string must outlive the logger.
  ident_ = std::string(ident);
  // LOG_PID; no LOG_CONS (it would spam the console during boot).
  openlog(ident_.c_str(), LOG_PID, FacilityCode(facility));
  open_ = true;
}

void SyslogLogger::Log(LogLevel level, std::string_view line) {
  const int priority = level == LogLevel::kInfo      ? LOG_INFO
                       : level == LogLevel::kWarning ? LOG_WARNING
                                                     : LOG_ERR;
  const std::string text(line);
  syslog(priority, "%s", text.c_str());
}

}  // namespace mount_cifs::resolver
