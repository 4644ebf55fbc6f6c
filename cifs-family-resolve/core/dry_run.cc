// SPDX-License-Identifier: GPL-3.0-or-later
#include "cifs-family-resolve/core/dry_run.h"

#include "resolver/connect_error.h"

namespace cifs_family_resolve {

Status DryRunKey::Reject(int error, std::chrono::seconds ttl) {
  report_ = "reject " + mount_cifs::resolver::ErrnoName(error) + " ttl " +
            std::to_string(ttl.count());
  return {};
}

}  // namespace cifs_family_resolve
