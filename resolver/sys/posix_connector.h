// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_POSIX_CONNECTOR_H_
#define MOUNT_CIFS_RESOLVER_POSIX_CONNECTOR_H_

#include <map>

#include "resolver/connector.h"

namespace mount_cifs::resolver {

/// Non-blocking socket + connect + poll. Closes every socket it opened on
/// Cancel() and in its destructor.
/// Non-blocking TCP connects, waited for with poll(2). A wait also ends,
/// with no events, when `interrupt_fd` becomes readable (a termination
/// signal arrived) or poll(2) is interrupted.
class PosixConnector : public Connector {
 public:
  explicit PosixConnector(int interrupt_fd = -1) : interrupt_fd_(interrupt_fd) {}
  PosixConnector(const PosixConnector&) = delete;
  PosixConnector& operator=(const PosixConnector&) = delete;
  ~PosixConnector() override;

  Status Start(std::size_t id, const Address& address, std::uint16_t port,
               const std::optional<Address>& source) override;
  std::vector<ConnectEvent> Wait(SteadyTime until) override;
  void Cancel(std::size_t id) override;

 private:
  std::map<std::size_t, int> sockets_;  // attempt id -> fd
  int interrupt_fd_;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_POSIX_CONNECTOR_H_
