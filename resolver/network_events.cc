// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/network_events.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>

namespace mount_cifs::resolver {

NetworkChange ParseRouteMessages(const std::uint8_t* data, std::size_t size) {
  NetworkChange change;
  std::size_t at = 0;
  // NLMSG_OK/NLMSG_NEXT, spelled out over a byte buffer with memcpy (the
  // datagram need not be aligned for nlmsghdr).
  while (data != nullptr && size - at >= sizeof(nlmsghdr)) {
    nlmsghdr h;
    std::memcpy(&h, data + at, sizeof(h));
    if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > size - at) break;
    switch (h.nlmsg_type) {
      case RTM_NEWLINK:
      case RTM_DELLINK:
        change.link = true;
        break;
      case RTM_NEWADDR:
      case RTM_DELADDR:
        change.address = true;
        break;
      case RTM_NEWROUTE:
      case RTM_DELROUTE:
        change.route = true;
        break;
      default:  // NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, other groups
        break;
    }
    const std::size_t next = NLMSG_ALIGN(static_cast<std::size_t>(h.nlmsg_len));
    if (next >= size - at) break;
    at += next;
  }
  return change;
}

}  // namespace mount_cifs::resolver
