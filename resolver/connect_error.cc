// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/connect_error.h"

#include <cerrno>

namespace mount_cifs::resolver {

ConnectError ClassifyConnectError(int err) {
  switch (err) {
    case ECONNREFUSED:   // RST on 445 (and 139 for mount(2))
      return ConnectError::kRefused;
    case ENETUNREACH:    // no route, e.g. AAAA without an IPv6 default route
    case EHOSTUNREACH:   // ICMP unreachable, ND/ARP failure
    case EADDRNOTAVAIL:  // no usable source address for this family
      return ConnectError::kUnreachable;
    case EAFNOSUPPORT:
      return ConnectError::kNoFamily;
    case ETIMEDOUT:      // the SYN retries ran out (pre-3.0 kernels' mount(2))
    case EINPROGRESS:    // the kernel's connect timeout (5 s per port, 3.0+)
      return ConnectError::kTimedOut;
    default:
      return ConnectError::kOther;
  }
}

bool IsConnectFailure(int err) {
  return ClassifyConnectError(err) != ConnectError::kOther;
}

std::string ErrnoName(int err) {
  switch (err) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ENETUNREACH: return "ENETUNREACH";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINPROGRESS: return "EINPROGRESS";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case ENXIO: return "ENXIO";
    case ENODEV: return "ENODEV";
    case EHOSTDOWN: return "EHOSTDOWN";
    case ENOKEY: return "ENOKEY";
    case EINTR: return "EINTR";
    case EPERM: return "EPERM";
    case EIO: return "EIO";
    case ECONNRESET: return "ECONNRESET";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENODATA: return "ENODATA";
    case EKEYREJECTED: return "EKEYREJECTED";
    default: return "errno-" + std::to_string(err);
  }
}

}  // namespace mount_cifs::resolver
