// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 14: a mount that starts before its network is ready (boot, a link
// still coming up, DNS not answering yet) waits for it, within the
// deadline, woken by the kernel's network events.
#ifndef MOUNT_CIFS_CORE_NETWORK_WAIT_H_
#define MOUNT_CIFS_CORE_NETWORK_WAIT_H_

#include "mount.cifs/core/addresses.h"
#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/request.h"
#include "resolver/base/result.h"
#include "resolver/base/time.h"
#include "resolver/config.h"
#include "resolver/race.h"

namespace mount_cifs {

/// PlanAddresses(); then, while resolver::MissingForMount() says the network
/// this mount needs is not there yet (and `settings.network_wait`), the same
/// again after each network change (Deps::network_events) or, when none
/// comes, after resolver::RetryDelay(), with the host's IPv6 state read
/// anew and fresh lookups, until nothing is missing, the deadline passes or
/// a signal comes. An address the caller gave (UNC literal, ip=) is never
/// probed, so its route is asked here (resolver::SoftSkip()). The first wait
/// prints one line to the console: what is missing and for how long at
/// most. The plan's `waited` then says what was waited for and how long;
/// when the deadline passed, `network_missing` holds the error to end the
/// run with (the plan is the last round's). A signal ends the wait with the
/// last round's plan (the caller reads its cancelled flag). Errors: those
/// of PlanAddresses().
Result<AddressPlan> PlanAddressesWhenReady(const Invocation& inv,
                                           const CallerRequest& request,
                                           const ServerName& server,
                                           const resolver::SelectionConfig& config,
                                           const Settings& settings, Deps& deps,
                                           SteadyTime deadline);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_NETWORK_WAIT_H_
