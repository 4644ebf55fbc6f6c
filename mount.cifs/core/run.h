// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_RUN_H_
#define MOUNT_CIFS_CORE_RUN_H_

#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/deps.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// The whole mount: the caller's inputs (mount point, options, UNC,
/// password), the settings, the addresses, then mount(2) per address with
/// cifs-utils' retry rules, and the one syslog line. Each stage is a
/// function of the previous stages' values (docs/architecture.md).
/// Warnings and -v text go to deps.console as they happen; the returned
/// Error's message is the final text to print (possibly several lines).
Result<Outcome> Run(const Invocation& invocation, const Environment& env,
                    const Caller& caller, Deps& deps);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_RUN_H_
