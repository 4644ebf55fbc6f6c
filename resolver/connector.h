// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_CONNECTOR_H_
#define MOUNT_CIFS_RESOLVER_CONNECTOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "resolver/address.h"
#include "resolver/happy_eyeballs.h"
#include "resolver/base/result.h"

namespace mount_cifs::resolver {

/// The end of one connect attempt: `error` 0 means connected.
struct ConnectEvent {
  std::size_t id;
  int error;
};

/// The connect seam: non-blocking TCP connects (real: PosixConnector). The
/// sockets only probe reachability; the kernel's CIFS client makes its own
/// connection from the ip= we pass, so every socket is closed again.
class Connector {
 public:
  virtual ~Connector() = default;
  /// Starts connecting attempt `id` to address:port, from `source` when
  /// given (srcaddr=: the probe tests the path the kernel will use).
  /// Errors: the errno of a bind or connect that failed at once
  /// (ENETUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT, ...).
  virtual Status Start(std::size_t id, const Address& address,
                       std::uint16_t port,
                       const std::optional<Address>& source) = 0;
  /// Waits until at least one attempt ends or `until` passes; returns the
  /// attempts that ended (empty on timeout).
  virtual std::vector<ConnectEvent> Wait(SteadyTime until) = 0;
  /// Closes attempt `id` (a no-op for an unknown id).
  virtual void Cancel(std::size_t id) = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_CONNECTOR_H_
