// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_NETWORK_FINGERPRINT_H_
#define MOUNT_CIFS_RESOLVER_NETWORK_FINGERPRINT_H_

#include <string>
#include <string_view>

namespace mount_cifs::resolver {

/// The network this host is on, as far as remembered connection outcomes
/// are concerned: its default routes (device and gateway, per family) and
/// the prefixes of its directly connected routes (its source prefixes),
/// read from the text of /proc/net/route and /proc/net/ipv6_route. Happy
/// Eyeballs v3 keeps history per network and drops it when the network
/// changes; a failed-family mark made on another network never counts.
/// Loopback, link-local, multicast, host (/128) and reject routes are left
/// out (they say nothing about the network attached). Returns 16 lower-case
/// hex digits (FNV-1a 64 of the sorted facts); the same facts in any order
/// give the same value. Lines that do not parse are skipped.
std::string NetworkFingerprint(std::string_view proc_net_route,
                               std::string_view proc_net_ipv6_route);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_NETWORK_FINGERPRINT_H_
