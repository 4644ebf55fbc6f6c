// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_STATE_STORE_H_
#define MOUNT_CIFS_RESOLVER_STATE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "resolver/address.h"
#include "resolver/base/result.h"
#include "resolver/family_policy.h"

namespace mount_cifs::resolver {

/// What mount.cifs decided for a server, for the programs that act on the
/// same server later (the dns_resolver handler at reconnect): one record
/// per server name, under /run/cifs-family/hosts/ (per boot).
struct HostRecord {
  std::string host;  // StateKey() form
  FamilyPolicy policy = FamilyPolicy::kHappyEyeballs;  // effective, -o included
  std::optional<Address> mounted;         // the address the mount went to
  /// Where it is mounted (canonical; "" when not recorded): the mount the
  /// record speaks for, among other mounts of the same server.
  std::string mount_point;
  std::uint16_t port = 445;               // the port the mount connects to
  std::optional<Address> srcaddr;         // srcaddr=: the kernel binds there
  std::optional<Family> srcaddr_family;   // srcaddr= pins the family
  std::int64_t written_at = 0;            // seconds since the epoch
  /// The mount.cifs process that wrote it (0: not recorded): while it runs,
  /// its mount(2) may still be in progress.
  std::int64_t writer_pid = 0;
  /// The network the host was on when the record was written
  /// (NetworkFingerprint()); a failure mark counts only on that network.
  std::string network;
  /// A family found not to connect, and until when it counts as failed.
  std::optional<Family> failed_family;
  std::int64_t failed_until = 0;
  /// The dns_resolver handler's last answer for this server, and when.
  std::optional<Address> answered;
  std::int64_t answered_at = 0;
  /// The client's Active Directory site as a DC's CLDAP reply named it
  /// (issue 16), on `network`, and when it was learnt: later mounts on the
  /// same network use it without a ping. Empty: none known.
  std::string ad_site;
  std::int64_t ad_site_at = 0;
  /// Until when no DC is pinged again on `network`: the last lookup's
  /// CLDAP ping got no answer (UDP 389 blocked), so later mounts do not
  /// pay the lookup's budget each time. 0: not set.
  std::int64_t ad_site_quiet_until = 0;
  /// When a DC's CLDAP reply on `network` said the client's address is in
  /// no AD subnet (no site): later mounts on the same network skip the
  /// lookup as they would with a remembered site, under the same lifetime
  /// rules. 0: not known. Never set together with `ad_site`.
  std::int64_t ad_site_none_at = 0;
};

/// The key a server name is stored under: lower-case ASCII, a host name or
/// an IP literal (letters, digits, '-', '_', '.', ':', '%'), at most 255
/// bytes, no leading dot, not "." or ".."; nullopt for anything else (a
/// name a DFS referral or a hostile description chose must never become a
/// path).
std::optional<std::string> StateKey(std::string_view host);

/// A NetworkFingerprint() value: 1 to 64 lower-case hex digits.
bool IsNetworkFingerprint(std::string_view text);

/// "version=1\nhost=...\npolicy=...\n..." (one key=value per line).
std::string FormatHostRecord(const HostRecord& record);

/// The inverse of FormatHostRecord(); unknown keys are ignored (a newer
/// writer), a wrong version, a bad value, a missing host/policy or a site
/// together with "no site" (ad-site and ad-site-none-at) is an error
/// (std::errc::invalid_argument). Bounded: at most 4096 bytes.
Result<HostRecord> ParseHostRecord(std::string_view text);

/// The per-server state seam (real: files under /run/cifs-family, written
/// atomically by rename; tests: an in-memory map).
class StateStore {
 public:
  virtual ~StateStore() = default;
  /// The record for `key` (a StateKey()); nullopt when there is none.
  /// Errors: errno of a read that failed otherwise, or a record that does
  /// not parse.
  virtual Result<std::optional<HostRecord>> Load(std::string_view key) = 0;
  /// Replaces the record of record.host. Errors: errno.
  virtual Status Save(const HostRecord& record) = 0;
};

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_STATE_STORE_H_
