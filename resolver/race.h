// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_RACE_H_
#define MOUNT_CIFS_RESOLVER_RACE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/address.h"
#include "resolver/admission.h"
#include "resolver/base/result.h"
#include "resolver/base/time.h"
#include "resolver/connector.h"
#include "resolver/family_policy.h"
#include "resolver/happy_eyeballs.h"
#include "resolver/host_probe.h"
#include "resolver/name_resolver.h"
#include "resolver/rtt_history.h"
#include "resolver/skip_reason.h"

namespace mount_cifs::resolver {

/// How the probes overlap (race-mode).
enum class ProbeMode {
  /// The first address of each family at once; the preferred family wins
  /// when it connects, another family's connect waits a preference window
  /// for it (issue 13). Further addresses every attempt delay.
  kConcurrent,
  /// RFC 8305 section 5: one start per attempt delay (happy-eyeballs), or
  /// one attempt at a time, each bounded by it (the -preferred policies).
  kStaggered,
};
std::string_view ProbeModeName(ProbeMode mode);  // "concurrent", "staggered"

/// The tunables of address selection (cifs-family.conf keys).
struct SelectionConfig {
  /// The policy, kernel and host rules every address passes (admission.h).
  AdmissionRules rules;
  /// The connection attempt delay; nullopt: from the kernel's RTT history
  /// for the server's addresses (AttemptDelayFromRtt() of the slowest one),
  /// else kDefaultAttemptDelay.
  std::optional<std::chrono::milliseconds> attempt_delay;
  std::chrono::milliseconds resolution_delay{50};  // RFC 8305 section 3
  std::size_t first_family_count = 1;              // RFC 8305 section 4
  /// The probe phase ends this long after the first candidate address was
  /// known (name resolution does not count), winner or not; the overall
  /// deadline stays the hard end.
  std::chrono::milliseconds race_budget{3000};
  /// A family to try first, ahead of the policy's own order: the family a
  /// mount is on when the kernel reconnects (sticky), or the other family
  /// when one is remembered as failed on this network. Ignored by kSystem
  /// and by a policy that does not allow it.
  std::optional<Family> favoured_family;
  ProbeMode probe_mode = ProbeMode::kConcurrent;
  /// The client's AD site's DC addresses (ad_site.h): first within their
  /// family wherever the policy orders addresses (OrderForPolicy). Empty:
  /// no site information.
  std::vector<Address> site_first;
  /// Whether to look the AD site up (ad-site-order), its budget
  /// (ad-site-timeout) and the site remembered on this network; read by
  /// the caller that provides SelectionDeps::site_lookup.
  bool ad_site_order = false;
  std::chrono::milliseconds ad_site_timeout{1000};
  std::optional<std::string> known_ad_site;
  /// No DC answered a ping on this network lately: no site lookup.
  bool ad_site_quiet = false;
  /// A DC's ping reply on this network said the client is in no AD site
  /// (remembered): no site lookup, the caller reports no-site from record.
  bool known_no_ad_site = false;

  FamilyPolicy policy() const { return rules.policy; }
};

/// What became of one address a name gave.
enum class Fate {
  kConnected,    // its probe won
  kRefused,      // the probe got a RST
  kUnreachable,  // no way there (ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL)
  kNoAnswer,     // the probe timed out, or was still connecting at the end
  kFailed,       // another errno (CandidateReport::error)
  kNotTried,     // a candidate the race did not get to
  kCancelled,    // started, then stopped within the preference window
                 // because another address won: no verdict on it
  kNotProbed,    // policy "system": no probes
  kSkipped,      // passed over (CandidateReport::skip)
  kLiteral,      // the UNC host was an address
  kGiven,        // the ip= option named it
};

/// One address and what became of it.
struct CandidateReport {
  Address address;
  Fate fate = Fate::kNotTried;
  int error = 0;                // kFailed, kUnreachable: the errno
  std::optional<Skip> skip;     // kSkipped; kGiven: what the kernel may say
  /// Time from the start of selection to the start and to the end of its
  /// attempt.
  std::optional<std::chrono::milliseconds> started;
  std::optional<std::chrono::milliseconds> elapsed;
  bool usable = false;  // may go to mount(2)
};

/// "connected", "no-answer", "failed:EAFNOSUPPORT", "skipped:policy",
/// "given(ip-too-long)", ...: the log's word for a candidate's fate.
std::string FateText(const CandidateReport& candidate);

/// Why the mount order is what it is.
enum class SelectionReason {
  kFirstToConnect,      // happy-eyeballs: the race's winner
  kFirstThatConnected,  // the other policies: the first probe that worked
  kNoProbeAnswer,       // every probe failed or timed out
  kNoRouteFound,        // only soft-skipped addresses: kept anyway
  kSystemOrder,         // policy "system"
  kLiteral,             // the UNC host was an address
  kIpOption,            // ip= named the address
  kNoDnsAnswer,         // no lookup had answered (deadline or signal)
  kNoUsableAddress,     // nothing left to give mount(2)
};
std::string_view SelectionReasonName(SelectionReason reason);

/// Where the attempt delay came from.
enum class AttemptDelayBasis { kNone, kRtt, kConfig, kDefault };
std::string_view AttemptDelayBasisName(AttemptDelayBasis basis);

/// A lookup that failed: its family (nullopt for policy "system"'s single
/// getaddrinfo call) and the resolver's code.
struct LookupError {
  std::optional<Family> family;
  std::error_code code;
};
/// "AAAA: Name or service not known" (the family, when there is one).
std::string LookupErrorText(const LookupError& error);

/// The verdict of SelectAddresses(): the order for mount(2) (winner first)
/// and a report of every candidate. A value: nothing changes it later.
struct Selection {
  std::vector<Address> mount_order;
  std::vector<CandidateReport> candidates;
  std::optional<Address> winner;
  /// The family the policy would rather use (nullopt for -only policies and
  /// when only one family was offered).
  std::optional<Family> preferred_family;
  std::optional<SelectionReason> reason;  // nullopt: nothing was selected
  std::chrono::milliseconds attempt_delay{0};
  AttemptDelayBasis attempt_delay_basis = AttemptDelayBasis::kNone;
  /// How the probes ran (nullopt: none ran) and why the winner won.
  std::optional<RaceMode> race_mode;
  std::optional<WinReason> win_reason;
  std::optional<Address> rtt_address;  // whose RTT history set the delay
  std::optional<RttSample> rtt;
  std::vector<LookupError> lookup_errors;
  /// The AD site ordering's effect: the addresses it put ahead of where
  /// the policy alone had them, in the order tried.
  std::vector<Address> site_moved;
  /// Set when no lookup gave an address: the first lookup error.
  std::optional<Error> resolve_error;
};

/// The seams selection works through.
struct SelectionDeps {
  NameResolver& resolver;
  Connector& connector;
  Clock& clock;
  HostProbe& probe;
  std::function<bool()> cancelled;  // SIGTERM seen: stop now
  /// The AD site lookup (issue 16), when the caller wants one: called at
  /// most once, with the first answered addresses, before any probe
  /// starts, and only when they have more than one address of a family
  /// (SiteOrderCanMatter()); returns the addresses to put first within
  /// their family (empty: no site information). Bounded by its caller.
  std::function<std::vector<Address>(const std::vector<Address>& answered)> site_lookup = {};
};

/// Whether site ordering can change anything: more than one address of
/// some family (cifs-utils 7.1's trigger for its site lookup).
bool SiteOrderCanMatter(const std::vector<Address>& addresses);

/// Resolves `host`, drops what the rules cannot use, orders the rest by
/// policy and, except for kSystem, probes TCP connections to the rules'
/// port (a race for kHappyEyeballs, one after another for the others), all
/// before `deadline`. With no configured attempt delay, the kernel's RTT
/// history for the addresses (as they arrive) sets it. Host-level verdicts
/// (no route, no IPv6 connectivity) are heuristics: when they would drop
/// every address, the addresses are kept. When no family gave an address
/// the Selection carries resolve_error; kSystem returns its lookup error.
/// Lookups still out when it returns are left to CollectLateAnswers().
Result<Selection> SelectAddresses(const std::string& host,
                                  const SelectionConfig& config,
                                  SelectionDeps& deps, SteadyTime deadline);

/// Starts the per-family lookups SelectAddresses() reads (those the policy
/// allows, concurrently), ahead of it, so that they run while the caller
/// does other work. SelectAddresses() starts them itself if nobody did.
void StartAddressLookups(const std::string& host, FamilyPolicy policy,
                         NameResolver& resolver);

/// What lookups answered after SelectAddresses() returned (the race may
/// start before the other family answers, RFC 8305 section 3).
struct LateAnswers {
  /// New addresses in policy order, admitted or skipped; the usable ones
  /// are mount(2) fallbacks, after the selection's own.
  std::vector<CandidateReport> candidates;
  std::vector<LookupError> errors;
  /// Of `candidates`, those the site order (SelectionConfig::site_first)
  /// put ahead of where the policy alone had them (MovedBySite()), for the
  /// log's ad-site-moved.
  std::vector<Address> site_moved;
};

/// Waits until `until` at most for the lookups still out; addresses already
/// in `known` are left out.
LateAnswers CollectLateAnswers(const std::vector<CandidateReport>& known,
                               const SelectionConfig& config,
                               SelectionDeps& deps, SteadyTime until);

/// The families the policy asked for that neither gave an address nor
/// failed: lookups still out (for the log's lookup-pending=).
std::vector<Family> PendingFamilies(FamilyPolicy policy,
                                    const std::vector<CandidateReport>& candidates,
                                    const std::vector<LookupError>& errors,
                                    int lookups_outstanding);

/// The order mount(2) tries the probed addresses in: the winner first, then
/// the addresses never tried, then those whose probe failed fast (refused,
/// unreachable: the kernel may still reach port 139, and trying costs
/// little), then those whose probe never answered (a blackhole costs the
/// kernel its connect timeout). Each group keeps the policy's order
/// (OrderForPolicy: interleaved by family for happy-eyeballs), whatever
/// order the answers arrived in. Without a winner the same groups apply.
std::vector<Address> MountOrder(const std::vector<Attempt>& attempts,
                                std::optional<std::size_t> winner,
                                FamilyPolicy policy,
                                std::size_t first_family_count,
                                const std::vector<Address>& site_first = {});

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_RACE_H_
