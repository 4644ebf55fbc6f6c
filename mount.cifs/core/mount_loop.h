// SPDX-License-Identifier: GPL-3.0-or-later
// The last stage of a mount: mount(2) per address with cifs-utils' retry
// rules, late DNS answers as fallbacks, the legacy mtab.
#ifndef MOUNT_CIFS_CORE_MOUNT_LOOP_H_
#define MOUNT_CIFS_CORE_MOUNT_LOOP_H_

#include <chrono>
#include <optional>
#include <vector>

#include "mount.cifs/core/addresses.h"
#include "mount.cifs/core/command_line.h"
#include "mount.cifs/core/decision.h"
#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/reconnect.h"
#include "mount.cifs/core/request.h"
#include "resolver/base/time.h"
#include "resolver/race.h"

namespace mount_cifs {

/// The addresses mount(2) may try, in order: the plan's, then usable
/// answers of lookups that were still out when the selection ended, as
/// they come. Keeps the report of those late candidates.
class AddressFeed {
 public:
  AddressFeed(const AddressPlan& plan, const resolver::SelectionConfig& config,
              Deps& deps);

  std::size_t size() const { return report_.mount_order.size(); }
  const resolver::Address& at(std::size_t i) const { return report_.mount_order[i]; }

  /// Folds in what lookups answered by `until` (waiting for them until
  /// then at most; a signal ends the wait); true when a usable address was
  /// added.
  bool Collect(SteadyTime until);

  /// The lookups still out, by family.
  std::vector<resolver::Family> Pending() const;

  /// The plan's selection with the late candidates, their addresses and the
  /// late lookup errors appended: the report.
  const resolver::Selection& Report() const { return report_; }

 private:
  resolver::SelectionConfig config_;  // with the plan's host state
  Deps& deps_;
  const bool lookups_;
  resolver::Selection report_;
};

/// What the mount loop did.
struct MountLoopResult {
  std::optional<Error> error;  // nullopt: `outcome`
  Outcome outcome = Outcome::kMounted;
  RunResult result = RunResult::kFailed;
  std::vector<MountAttempt> mounts;
  std::optional<resolver::Address> ip;  // the last address given to mount(2)
  std::optional<std::chrono::milliseconds> decided_in;
};

/// mount(2) for each address of `feed` until one works, a retry rule says
/// stop, the deadline passes or a signal comes; -f stops before mount(2).
/// `start` is when the helper began deciding (decided-in), `deadline` the
/// overall one. `reconnect` writes the server's record before each mount(2)
/// (the kernel may ask the dns_resolver handler during mount(2) itself)
/// and explains a failure that may be the kernel's own upcall.
MountLoopResult MountAll(const Invocation& inv, const Environment& env,
                         const Caller& caller, CallerRequest request,
                         const MountSettings& settings, const HostFacts& facts,
                         AddressFeed& feed, Reconnect& reconnect, Deps& deps,
                         SteadyTime start, SteadyTime deadline);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_MOUNT_LOOP_H_
