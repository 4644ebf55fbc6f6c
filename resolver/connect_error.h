// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_CONNECT_ERROR_H_
#define MOUNT_CIFS_RESOLVER_CONNECT_ERROR_H_

#include <string>

namespace mount_cifs::resolver {

/// What an errno from connect(2) (a probe) or mount(2) says about the
/// address: the one errno classification of the project.
enum class ConnectError {
  kRefused,      // ECONNREFUSED: a RST, the host is up
  kUnreachable,  // ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL: no way there
  kNoFamily,     // EAFNOSUPPORT: the family is disabled on this host
  kTimedOut,     // ETIMEDOUT, EINPROGRESS (the kernel's connect timeout)
  kOther,        // anything else: not about reaching the address
};

ConnectError ClassifyConnectError(int err);

/// True for an errno that means "could not connect to this address", so the
/// next address may work (every class but kOther). cifs-utils 7.0 moves on
/// for ECONNREFUSED and EHOSTUNREACH only, 7.4 adds EINPROGRESS.
bool IsConnectFailure(int err);

/// "ECONNREFUSED"-style name of an errno for logs; "errno-N" when unknown.
std::string ErrnoName(int err);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_CONNECT_ERROR_H_
