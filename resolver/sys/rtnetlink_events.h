// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_RTNETLINK_EVENTS_H_
#define MOUNT_CIFS_RESOLVER_SYS_RTNETLINK_EVENTS_H_

#include "resolver/network_events.h"

namespace mount_cifs::resolver {

/// NetworkEvents over a NETLINK_ROUTE socket (non-blocking, close-on-exec)
/// bound to the link, IPv4/IPv6 address and IPv4/IPv6 route multicast
/// groups, in the caller's network namespace; rtnetlink lets any user
/// listen. Wait() polls it together with `interrupt_fd` (the termination
/// signals' wake descriptor, -1 for none): a signal ends the wait at once.
/// Only datagrams from the kernel (nl_pid 0) count.
class RtnetlinkEvents : public NetworkEvents {
 public:
  explicit RtnetlinkEvents(int interrupt_fd = -1);
  ~RtnetlinkEvents() override;
  RtnetlinkEvents(const RtnetlinkEvents&) = delete;
  RtnetlinkEvents& operator=(const RtnetlinkEvents&) = delete;

  Status Listen() override;
  NetworkChange Wait(SteadyTime until) override;

 private:
  // Reads every datagram queued on the socket; what they report.
  NetworkChange Drain();

  int interrupt_fd_;
  int fd_ = -1;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_RTNETLINK_EVENTS_H_
