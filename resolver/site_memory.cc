// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/site_memory.h"

namespace mount_cifs::resolver {
namespace {

// What a DC said about the client's site at `at` still holds at `now`: said
// on `network` (known), within kAdSiteMemorySeconds, not in the future.
bool SiteAnswerHolds(const HostRecord& record, const std::optional<std::string>& network,
                     std::int64_t at, std::int64_t now) {
  if (!network || record.network.empty() || record.network != *network) return false;
  return at <= now && now - at < kAdSiteMemorySeconds;
}

}  // namespace

std::optional<std::int64_t> AdSiteQuietUntil(const std::optional<HostRecord>& record,
                                             const std::optional<std::string>& network,
                                             std::int64_t now) {
  if (!record || record->ad_site_quiet_until <= now || !network || record->network.empty() ||
      record->network != *network)
    return std::nullopt;
  // A mark further ahead than one period was not written by us: ignore it.
  if (record->ad_site_quiet_until - now > kAdSiteQuietSeconds) return std::nullopt;
  return record->ad_site_quiet_until;
}

std::optional<std::string> RememberedAdSite(const std::optional<HostRecord>& record,
                                            const std::optional<std::string>& network,
                                            std::int64_t now) {
  if (!record || record->ad_site.empty() ||
      !SiteAnswerHolds(*record, network, record->ad_site_at, now))
    return std::nullopt;
  return record->ad_site;
}

bool RemembersNoAdSite(const std::optional<HostRecord>& record,
                       const std::optional<std::string>& network, std::int64_t now) {
  return record && record->ad_site.empty() && record->ad_site_none_at > 0 &&
         SiteAnswerHolds(*record, network, record->ad_site_none_at, now);
}

SiteMemory RememberedSite(const std::optional<HostRecord>& record,
                          const std::optional<std::string>& network, std::int64_t now) {
  SiteMemory m;
  m.known_site = RememberedAdSite(record, network, now);
  m.known_no_site = !m.known_site && RemembersNoAdSite(record, network, now);
  m.quiet = !m.known_site && !m.known_no_site && AdSiteQuietUntil(record, network, now).has_value();
  return m;
}

}  // namespace mount_cifs::resolver
