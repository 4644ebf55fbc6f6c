// SPDX-License-Identifier: GPL-3.0-or-later
// What outlives mount(2) (issue 12): the per-server record the dns_resolver
// handler (cifs-family-resolve) reads when the kernel resolves the UNC host
// again on reconnect, the failed-family memory that record carries into the
// next mount, and what -v and a failed mount(2) say about the kernel's
// dns_resolver upcall.
#ifndef MOUNT_CIFS_CORE_RECONNECT_H_
#define MOUNT_CIFS_CORE_RECONNECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/seams.h"
#include "resolver/address.h"
#include "resolver/family_policy.h"
#include "resolver/state_store.h"

namespace mount_cifs {

/// Whether the kernel takes the UNC host as an address and so never asks
/// the dns_resolver handler about it: what cifs_convert_address() parses
/// (in4_pton: four decimal octets; anything with ':' is tried as IPv6,
/// in6_pton, and is never a host name either).
bool KernelTakesAsAddress(std::string_view host);

/// The StateKey() of a UNC host the kernel may resolve again: nullopt when
/// the host is an address (`host_is_address`: the kernel never upcalls for
/// a literal) or a name StateKey() refuses.
std::optional<std::string> ReconnectKey(std::string_view host, bool host_is_address);

/// What the record of a mount says besides the address it goes to.
struct RecordBasis {
  std::string key;                           // ReconnectKey()
  resolver::FamilyPolicy policy = resolver::FamilyPolicy::kHappyEyeballs;
  std::uint16_t port = 445;                  // the port the mount connects to
  std::optional<resolver::Address> srcaddr;  // srcaddr=
  std::optional<std::string> network;        // NetworkFingerprint(); nullopt: unknown
};

/// The record written before mount(2) of `address` at `now` (seconds since
/// the epoch): `basis`, with the failure mark and the handler's last answer
/// of `existing` kept when `existing` was written on the same (known)
/// network, dropped otherwise (Happy Eyeballs v3 keeps history per
/// network and forgets it when the network changes).
resolver::HostRecord RecordForMount(const RecordBasis& basis,
                                    const resolver::Address& address,
                                    std::int64_t now,
                                    const std::optional<resolver::HostRecord>& existing);

/// The per-server record of one mount: writes it before each mount(2).
/// Without a key (an address UNC) it writes nothing.
class Reconnect {
 public:
  /// `host`: the UNC host as given (the kernel's key description);
  /// `basis`: the record's fixed part, nullopt for an address UNC or a name
  /// ReconnectKey() refuses.
  Reconnect(std::string host, bool host_is_address, std::optional<RecordBasis> basis,
            Deps& deps);

  /// Before mount(2) of `address`: writes the record naming it (merged
  /// with the record on disk now) unless the last write already named it
  /// (a retry of the same address). A write that fails is logged once, as a
  /// warning, and is no mount failure.
  void BeforeMount(const resolver::Address& address);


 private:
  std::string host_;
  bool host_is_address_;
  std::optional<RecordBasis> basis_;
  Deps& deps_;
  std::optional<resolver::Address> written_;
  bool warned_ = false;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_RECONNECT_H_
