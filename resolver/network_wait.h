// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 14: a mount that starts before its network is ready waits for it.
// The rules, pure: which outcome of a round of address selection is
// transient (the network may still bring what is missing: wait), which is
// not (go on: mount, or fail as before), how long to sleep between rounds
// when no change comes, and the words for the log and for people.
#ifndef MOUNT_CIFS_RESOLVER_NETWORK_WAIT_H_
#define MOUNT_CIFS_RESOLVER_NETWORK_WAIT_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "resolver/address.h"
#include "resolver/kernel_caps.h"
#include "resolver/race.h"

namespace mount_cifs::resolver {

/// What a mount that cannot go yet is missing.
enum class Missing {
  kNameResolution,   // lookups fail for now (EAI_AGAIN: no name server
                     // reachable or answering yet)
  kRoute,            // no route to the server (ENETUNREACH: link down, no
                     // default route yet)
  kSourceAddress,    // no usable source address (EADDRNOTAVAIL: srcaddr= not
                     // configured yet; no global IPv6 address, or only a
                     // tentative one)
  kHostUnreachable,  // EHOSTUNREACH: the next hop does not answer yet
};

/// One missing thing, per family (none for kNameResolution).
struct MissingItem {
  Missing what;
  std::optional<Family> family;

  bool operator==(const MissingItem& o) const {
    return what == o.what && family == o.family;
  }
  bool operator<(const MissingItem& o) const;
};

/// True for a lookup error the network may still cure: getaddrinfo's
/// EAI_AGAIN ("Temporary failure in name resolution": no name server
/// reachable, SERVFAIL), or an errno of the unreachable class. False for
/// a name that does not exist (EAI_NONAME), has no address of a family
/// (EAI_NODATA), our own deadline (ETIMEDOUT) or a signal (EINTR).
bool IsTemporaryLookupError(const std::error_code& code);

/// What `candidate` lacks that the network may still bring: a soft skip
/// (the route probe found no way there, or the host has no IPv6
/// connectivity: `host` tells an absent address from an absent route), or a
/// probe that failed with ENETUNREACH, EHOSTUNREACH or EADDRNOTAVAIL.
/// nullopt when its fate says the network is there or cannot help
/// (connected, refused, no answer, another errno, not tried, a literal, ip=)
/// and for a hard skip (policy, kernel: it can never be used).
std::optional<MissingItem> TransientMiss(const CandidateReport& candidate,
                                         const HostIpv6& host);

/// What one round of address selection saw.
struct RoundOutcome {
  const std::vector<CandidateReport>& candidates;
  const std::vector<LookupError>& lookup_errors;
  bool winner = false;          // a probe connected
  int lookups_outstanding = 0;  // lookups that have not answered
  HostIpv6 host;                // the host's IPv6 state in that round
};

/// The wait rule of issue 14, in one place. Returns what the mount still
/// lacks (sorted, no duplicates); empty means go on (mount, or fail as
/// before).
///  - Go when a probe connected; when a lookup is still out (the mount
///    stage waits for its late answer within the deadline); when any
///    candidate that may be used has a fate the network cannot change
///    (refused: the host is up; no answer; another errno; not tried; a
///    literal or ip= that routes): per family, a family that is up is used
///    at once, the other not waited for.
///  - Go when nothing is transient: the name does not exist, or has no
///    address of a family the policy allows, or every address is
///    hard-skipped.
///  - Wait otherwise: every candidate the policy allows lacks a route, a
///    source address or a next hop (so a policy that needs a family,
///    v6-only or srcaddr=, waits for that family), and/or a lookup failed
///    temporarily.
std::vector<MissingItem> MissingForMount(const RoundOutcome& round);

/// How long to sleep before the next round when no network change wakes
/// the wait: DNS sends no events, EHOSTUNREACH has none in the groups we
/// watch, and an event may be lost. 200 ms, doubling, at most 2 s (mount.nfs
/// backs off 1 s to 10 s for a server; a resolver that comes up at boot is
/// asked sooner, and a lookup is one datagram per family).
std::chrono::milliseconds RetryDelay(std::size_t retries);

/// Rounds start at least this far apart, even when changes keep coming: a
/// burst of events (link, addresses, routes) is taken together, and a
/// round's own traffic can never feed a busy loop.
inline constexpr std::chrono::milliseconds kMinRoundSpacing{10};

/// The log word of an item: "dns", "route-ipv4", "address-ipv6",
/// "unreachable-ipv4".
std::string MissingWord(const MissingItem& item);

/// The items for people, joined with ", ": "no IPv4 or IPv6 route to
/// HOST", "no usable IPv6 address on this host", "HOST does not resolve
/// yet (REASON)" (`dns_reason`: the resolver's message, may be empty),
/// "no answer from the IPv4 next hop to HOST".
std::string MissingText(const std::vector<MissingItem>& items,
                        const std::string& host, const std::string& dns_reason);

/// What a mount waited for: the decision line's waited=.
struct WaitReport {
  std::vector<MissingItem> missing;  // what any round lacked, sorted
  std::chrono::milliseconds waited{0};
  std::size_t rounds = 0;  // rounds after the first
};

/// Adds `items` to report->missing (sorted, no duplicates).
void NoteMissing(const std::vector<MissingItem>& items, WaitReport* report);

/// "route-ipv4,route-ipv6/2013ms".
std::string WaitedText(const WaitReport& report);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_NETWORK_WAIT_H_
