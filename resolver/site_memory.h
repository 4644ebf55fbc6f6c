// SPDX-License-Identifier: GPL-3.0-or-later
// What a server's record remembers about the client's AD site (issue 16),
// and when that memory counts: the one rule both programs apply, mount.cifs
// before its site lookup and cifs-family-resolve at reconnect.
#ifndef MOUNT_CIFS_RESOLVER_SITE_MEMORY_H_
#define MOUNT_CIFS_RESOLVER_SITE_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "resolver/state_store.h"

namespace mount_cifs::resolver {

/// How long a CLDAP ping that got no answer keeps later mounts on the same
/// network from pinging again (and paying ad-site-timeout each time).
inline constexpr std::int64_t kAdSiteQuietSeconds = 600;

/// How long a learnt AD site is used without a new ping on the same
/// network. AD site and subnet definitions change rarely; a move to
/// another network forgets it at once (the network fingerprint).
inline constexpr std::int64_t kAdSiteMemorySeconds = 24 * 3600;

/// Until when `record` says not to ping on `network` at `now`; nullopt
/// when it does not (unset, expired, another or unknown network).
std::optional<std::int64_t> AdSiteQuietUntil(const std::optional<HostRecord>& record,
                                             const std::optional<std::string>& network,
                                             std::int64_t now);

/// The AD site `record` remembers for `network` at `now`: set, learnt on
/// that (known) network, not older than kAdSiteMemorySeconds and not in
/// the future; nullopt otherwise.
std::optional<std::string> RememberedAdSite(const std::optional<HostRecord>& record,
                                            const std::optional<std::string>& network,
                                            std::int64_t now);

/// Whether `record` says the client is in no AD site on `network` at
/// `now` (ad-site-none-at), under RememberedAdSite()'s rules: learnt on that
/// (known) network, not older than kAdSiteMemorySeconds, not in the future.
/// Then no site lookup runs: the ping would say the same.
bool RemembersNoAdSite(const std::optional<HostRecord>& record,
                       const std::optional<std::string>& network, std::int64_t now);

/// What the record says about the site on `network` at `now`, at most one
/// of the three: a site remembered (use it, no ping), the client in no site
/// (no lookup), or no DC answered lately (no lookup). A remembered site
/// wins over the quiet mark, a remembered "no site" too.
struct SiteMemory {
  std::optional<std::string> known_site;
  bool known_no_site = false;
  bool quiet = false;
};
SiteMemory RememberedSite(const std::optional<HostRecord>& record,
                          const std::optional<std::string>& network, std::int64_t now);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_SITE_MEMORY_H_
