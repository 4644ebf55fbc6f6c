// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_DECISION_H_
#define MOUNT_CIFS_CORE_DECISION_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "resolver/ad_site.h"
#include "resolver/base/logger.h"
#include "resolver/family_policy.h"
#include "resolver/kernel_caps.h"
#include "resolver/config.h"
#include "resolver/network_wait.h"
#include "resolver/race.h"

namespace mount_cifs {

/// One mount(2) attempt: the ip= it carried and its errno (0: mounted).
struct MountAttempt {
  resolver::Address address;
  int error = 0;
};

/// How the run ended (the log's result=).
enum class RunResult {
  kMounted,
  kFaked,            // -f: everything but mount(2)
  kFailed,           // mount(2) refused for a reason other than connecting
  kNoUsableAddress,  // nothing to give mount(2)
  kExhausted,        // every address failed to connect
  kDeadline,         // the overall deadline passed
  kInterrupted,      // SIGTERM, SIGINT or SIGHUP
  kUnresolved,       // the name did not resolve
};
std::string_view RunResultName(RunResult result);

/// How the addresses came.
enum class AddressSource { kResolved, kIpOption, kLiteral };

/// Everything the helper decided for one mount, for the one syslog line and
/// the -v table: typed values, formatted here and only here. Holds no
/// secret.
struct Decision {
  std::string server;
  resolver::FamilyPolicy policy = resolver::FamilyPolicy::kHappyEyeballs;
  PolicySource policy_source = PolicySource::kDefault;
  resolver::KernelCaps kernel;
  resolver::HostIpv6 host;
  std::optional<bool> cifs_available;  // nullopt: could not tell
  std::optional<resolver::Family> srcaddr_family;  // srcaddr= given
  /// A family remembered as not connecting to this server on this network
  /// (the state record's failure mark), when it made the other family go
  /// first; and how long the mark still counts.
  std::optional<resolver::Family> remembered_failed;
  std::chrono::seconds remembered_for{0};
  AddressSource source = AddressSource::kResolved;
  /// The selection, with the candidates and lookup errors that came after
  /// it appended.
  resolver::Selection selection;
  std::vector<MountAttempt> mounts;
  /// The ip= of the last mount(2) (or of -f's would-be call): the address
  /// the share was mounted from when result is kMounted.
  std::optional<resolver::Address> ip;
  RunResult result = RunResult::kFailed;
  /// Lookups that had not answered when the helper was done.
  std::vector<resolver::Family> lookups_pending;
  std::optional<std::chrono::milliseconds> decided_in;  // start -> 1st mount(2)
  /// What the mount waited for before its network was there (issue 14).
  std::optional<resolver::WaitReport> waited;
  /// The AD site lookup, when one ran (issue 16); the addresses it moved
  /// are selection.site_moved.
  std::optional<resolver::SiteOutcome> ad_site;
};

/// INFO normally; WARNING when the preferred family lost, or when a family
/// remembered as failed was put second and the mount went to the other
/// (the slow fallback and the broken path should be loud, so the network
/// gets fixed); ERROR when no mount worked.
LogLevel LevelFor(const Decision& decision);

/// The one syslog line: `key=value` words, greppable, no secret, e.g.
/// "server=fs1 policy=happy-eyeballs kernel=6.12.0 kernel-ipv6=yes
///  ip-max=none host-ipv6=yes attempt-delay=250ms/default
///  candidate=2001:db8::2/no-answer/250ms
///  candidate=198.51.100.2/connected/1ms chosen=198.51.100.2
///  reason=first-to-connect mount=198.51.100.2/ok result=mounted".
std::string FormatDecisionLine(const Decision& decision);

/// The same decision as a small table for -v (one string per line).
std::vector<std::string> FormatDecisionTable(const Decision& decision);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_DECISION_H_
