// SPDX-License-Identifier: GPL-3.0-or-later
// Active Directory site lookup (issue 16), done as cifs-utils 7.1+ does
// (resolve_host.c, cldap_ping.c) but bounded and in parallel: the domain's
// DCs from DNS SRV, a CLDAP ping to learn the client's site, the site's DCs
// from DNS SRV. Its result is an INPUT to the family policy: the site's
// addresses go first within each family (OrderForPolicy's `site_first`);
// the race, the policy and the fallbacks then work unchanged on that order.
//
// Every step may fail, and every failure only means "no site information":
// the mount goes on with the addresses in the policy's own order.
#ifndef MOUNT_CIFS_RESOLVER_AD_SITE_H_
#define MOUNT_CIFS_RESOLVER_AD_SITE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/address.h"
#include "resolver/base/time.h"

namespace mount_cifs::resolver {

/// One datagram to send: to `to`:`port`, `payload`.
struct Datagram {
  Address to;
  std::uint16_t port = 0;
  std::vector<std::uint8_t> payload;
};

/// The UDP seam of the site lookup (real: resolver/sys UdpDatagramNet;
/// tests: FakeDatagramNet).
class DatagramNet {
 public:
  virtual ~DatagramNet() = default;
  /// The name servers of /etc/resolv.conf, at most 3 (MAXNS), in order;
  /// empty when there are none or the file cannot be read.
  virtual std::vector<Address> Nameservers() = 0;
  /// A random 16-bit value (DNS ids, CLDAP message ids).
  virtual std::uint16_t RandomId() = 0;
  /// Sends every datagram at once, each from its own socket connected to
  /// its destination (so only that peer's replies are read), and hands
  /// each reply to `accept(index, bytes)` until `accept` returns true (the
  /// caller has what it needs), `until` passes or `cancelled()` turns true.
  /// A datagram that cannot be sent (no route) is skipped. Never blocks
  /// past `until`.
  virtual void Exchange(const std::vector<Datagram>& out, SteadyTime until,
                        const std::function<bool(std::size_t index,
                                                 const std::vector<std::uint8_t>& reply)>& accept,
                        const std::function<bool()>& cancelled) = 0;
};

/// How a site lookup ended.
enum class SiteStatus {
  kFound,        // the client's site and that site's DCs are known
  kNotAd,        // no _ldap._tcp.dc._msdcs SRV record: not an AD domain name
  kNoDcAddress,  // the SRV targets did not resolve
  kNoReply,      // no DC answered the CLDAP ping (blocked, down) in time
  kNoSite,       // the DC said the client's address is in no site
  kNoSiteDcs,    // the site has no DC of its own in DNS
  kTimedOut,     // the budget ran out before a step answered
  kCancelled,    // SIGTERM/SIGINT
  kNoNameserver, // resolv.conf names no name server
  kSkipped,      // not looked up (off by config, a single address, ...)
  kQuiet,        // no DC answered a ping on this network lately: not asked
};
/// "found", "not-ad", "no-dc-address", "no-reply", "no-site", ... (the log's words).
std::string_view SiteStatusName(SiteStatus status);

/// What the lookup learnt.
struct SiteOutcome {
  SiteStatus status = SiteStatus::kSkipped;
  std::string site;       // the client's site (kFound, kNoSiteDcs)
  bool cached = false;    // the site, or (kNoSite) that there is none, came
                          // from the per-server record (no ping)
  std::optional<Address> answered_by;  // the DC whose CLDAP reply named it
  std::vector<Address> site_addresses; // the site's DCs' addresses (kFound)
  std::chrono::milliseconds took{0};
};

/// What to look up: the domain (the UNC host) and a site remembered on
/// this network (used without a ping; when its SRV has no DC the full
/// lookup runs).
struct SiteRequest {
  std::string domain;
  std::optional<std::string> known_site;
  /// false: never a CLDAP ping (nor the domain SRV query that precedes
  /// it): with a known site only its SRV query runs, and a site with no DC
  /// in DNS ends as kNoSiteDcs (cifs-family-resolve at reconnect: the
  /// kernel waits for it holding the server's lock).
  bool may_ping = true;
};

/// The most DCs pinged and addresses taken per step.
inline constexpr std::size_t kMaxSiteDcs = 8;
inline constexpr std::size_t kMaxSiteAddresses = 16;  // cifs-utils' MAX_ADDRESSES

/// Runs the lookup until `until` at most (the caller's budget), through
/// `net`, reading `clock` only to report how long it took. Steps:
///   1. with a known site: SRV _ldap._tcp.<site>._sites.dc._msdcs.<domain>;
///      its DCs' addresses (from the reply's additional records, else A and
///      AAAA queries: Samba's DNS sends none) are the result;
///   2. else SRV _ldap._tcp.dc._msdcs.<domain> (none: kNotAd); the DCs'
///      addresses as above; a CLDAP ping to every one of them at once, IPv4
///      and IPv6 (the first valid reply names the client's site);
///   3. the site's SRV and addresses as in 1.
/// Without `request.may_ping` only step 1 runs (no known site: kSkipped).
/// Every query goes to every name server at once; the first valid reply
/// counts. Never fails: the outcome says what was learnt.
SiteOutcome LocateSite(const SiteRequest& request, DatagramNet& net, Clock& clock,
                       const std::function<bool()>& cancelled, SteadyTime until);

/// The addresses of `addresses` that `site_first` names moved, in the
/// order they would be tried, for the log ("which addresses it moved"):
/// those that a policy order with the site first puts before where the
/// policy alone would have them.
std::vector<Address> MovedBySite(const std::vector<Address>& policy_order,
                                 const std::vector<Address>& site_order);

/// The log words of a site lookup, each after a space, as both programs'
/// lines carry them: " ad-site-lookup=STATUS/Nms", " ad-site=SITE" when a
/// site is known, " ad-site-from=record|ping[:DC]" for a site or for
/// no-site, " ad-site-moved=A,B" for `moved` (MovedBySite()) when not empty.
std::string SiteLogWords(const SiteOutcome& outcome, const std::vector<Address>& moved);

/// Whether an nsswitch.conf text sends host lookups to DNS: its `hosts:`
/// line names `dns` or `resolve` (systemd-resolved), or it has no such
/// line (glibc's default has dns). A host resolved from files only gets no
/// site lookup traffic.
bool NsswitchUsesDns(std::string_view text);

/// The `nameserver` addresses of resolv.conf text, at most 3 (glibc's
/// MAXNS), numeric only (IPv6 with a numeric scope is kept without it);
/// anything else is skipped.
std::vector<Address> ParseResolvConfNameservers(std::string_view text);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_AD_SITE_H_
