// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_SYS_UDP_DATAGRAM_NET_H_
#define MOUNT_CIFS_RESOLVER_SYS_UDP_DATAGRAM_NET_H_

#include <string>
#include <utility>

#include "resolver/ad_site.h"

namespace mount_cifs::resolver {

/// The AD site lookup's UDP (DatagramNet): /etc/resolv.conf's name
/// servers, getrandom(2) ids, and connected non-blocking UDP sockets
/// waited for with poll(2). A wait also ends when `interrupt_fd` (the
/// signal handler's wake descriptor; -1: none) becomes readable.
class UdpDatagramNet : public DatagramNet {
 public:
  /// No name servers when `nsswitch_conf` sends host lookups to files
  /// only (NsswitchUsesDns()).
  explicit UdpDatagramNet(int interrupt_fd, std::string resolv_conf = "/etc/resolv.conf",
                          std::string nsswitch_conf = "/etc/nsswitch.conf")
      : interrupt_fd_(interrupt_fd), resolv_conf_(std::move(resolv_conf)),
        nsswitch_conf_(std::move(nsswitch_conf)) {}

  std::vector<Address> Nameservers() override;
  std::uint16_t RandomId() override;
  void Exchange(const std::vector<Datagram>& out, SteadyTime until,
                const std::function<bool(std::size_t, const std::vector<std::uint8_t>&)>& accept,
                const std::function<bool()>& cancelled) override;

 private:
  int interrupt_fd_;
  std::string resolv_conf_;
  std::string nsswitch_conf_;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SYS_UDP_DATAGRAM_NET_H_
