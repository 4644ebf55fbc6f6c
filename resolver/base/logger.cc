// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/base/logger.h"

namespace mount_cifs {
namespace {

struct FacilityName {
  SyslogFacility facility;
  std::string_view name;
};

constexpr FacilityName kFacilities[] = {
    {SyslogFacility::kAuth, "auth"},       {SyslogFacility::kAuthpriv, "authpriv"},
    {SyslogFacility::kDaemon, "daemon"},   {SyslogFacility::kUser, "user"},
    {SyslogFacility::kLocal0, "local0"},   {SyslogFacility::kLocal1, "local1"},
    {SyslogFacility::kLocal2, "local2"},   {SyslogFacility::kLocal3, "local3"},
    {SyslogFacility::kLocal4, "local4"},   {SyslogFacility::kLocal5, "local5"},
    {SyslogFacility::kLocal6, "local6"},   {SyslogFacility::kLocal7, "local7"},
};

}  // namespace

std::optional<SyslogFacility> ParseSyslogFacility(std::string_view name) {
  for (const FacilityName& f : kFacilities)
    if (f.name == name) return f.facility;
  return std::nullopt;
}

std::string_view SyslogFacilityName(SyslogFacility facility) {
  for (const FacilityName& f : kFacilities)
    if (f.facility == facility) return f.name;
  return "daemon";
}

}  // namespace mount_cifs
