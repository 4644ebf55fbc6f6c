// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_NETWORK_EVENTS_H_
#define MOUNT_CIFS_RESOLVER_NETWORK_EVENTS_H_

#include <cstddef>
#include <cstdint>

#include "resolver/base/result.h"
#include "resolver/base/time.h"

namespace mount_cifs::resolver {

/// What the kernel said changed in the network configuration: the
/// rtnetlink link, address and route groups (any family).
struct NetworkChange {
  bool link = false;     // RTM_NEWLINK / RTM_DELLINK: up, down, carrier
  bool address = false;  // RTM_NEWADDR / RTM_DELADDR (also DAD finishing)
  bool route = false;    // RTM_NEWROUTE / RTM_DELROUTE
  bool lost = false;     // the socket overran (ENOBUFS): anything may have
                         // changed
  bool any() const { return link || address || route || lost; }
  NetworkChange& operator|=(const NetworkChange& other) {
    link = link || other.link;
    address = address || other.address;
    route = route || other.route;
    lost = lost || other.lost;
    return *this;
  }
};

/// The changes one rtnetlink datagram (a run of netlink messages) reports.
/// Pure: other message types, truncated or malformed messages are ignored
/// (a message whose length runs past `size` ends the walk).
NetworkChange ParseRouteMessages(const std::uint8_t* data, std::size_t size);

/// The network-events seam (real: RtnetlinkEvents, a NETLINK_ROUTE socket
/// subscribed to RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR,
/// RTMGRP_IPV4_ROUTE and RTMGRP_IPV6_ROUTE; tests: FakeNetworkEvents, which
/// plays back scripted changes in fake time). A mount that waits for its
/// network sleeps here instead of polling.
class NetworkEvents {
 public:
  virtual ~NetworkEvents() = default;
  /// Starts listening; every change from then on is reported by a later
  /// Wait(). Call it before looking at the network, so that a change that
  /// comes between the look and the wait still ends the wait. Idempotent.
  /// Errors: the errno of socket(2)/bind(2) (then Wait() only sleeps).
  virtual Status Listen() = 0;
  /// Waits until a change has come since the last Wait() (or Listen()),
  /// `until` passes, or a termination signal arrives; returns the changes
  /// (all that are pending, drained), nothing on timeout or signal (the
  /// caller reads its cancelled flag).
  virtual NetworkChange Wait(SteadyTime until) = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_NETWORK_EVENTS_H_
