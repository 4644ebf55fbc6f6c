// SPDX-License-Identifier: GPL-3.0-or-later
#include <syslog.h>

#include <string>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

int FacilityCode(std::string_view name) {
  struct Row {
    std::string_view name;
    int code;
  };
  static constexpr Row kRows[] = {
      {"auth", LOG_AUTH},       {"authpriv", LOG_AUTHPRIV},
      {"daemon", LOG_DAEMON},   {"user", LOG_USER},
      {"local0", LOG_LOCAL0},   {"local1", LOG_LOCAL1},
      {"local2", LOG_LOCAL2},   {"local3", LOG_LOCAL3},
      {"local4", LOG_LOCAL4},   {"local5", LOG_LOCAL5},
      {"local6", LOG_LOCAL6},   {"local7", LOG_LOCAL7},
  };
  for (const Row& r : kRows)
    if (r.name == name) return r.code;
  return LOG_DAEMON;
}

}  // namespace

SyslogLogger::~SyslogLogger() {
  if (open_) closelog();
}

void SyslogLogger::Open(std::string_view ident, std::string_view facility) {
  // openlog keeps the pointer: the string must outlive the logger.
  ident_ = std::string(ident);
  // LOG_PID; no LOG_CONS (it would spam the console during boot).
  openlog(ident_.c_str(), LOG_PID, FacilityCode(facility));
  open_ = true;
}

void SyslogLogger::Log(int level, std::string_view line) {
  const int priority = level == 0 ? LOG_INFO : level == 1 ? LOG_WARNING : LOG_ERR;
  const std::string text(line);
  syslog(priority, "%s", text.c_str());
}

}  // namespace mount_cifs::sys
