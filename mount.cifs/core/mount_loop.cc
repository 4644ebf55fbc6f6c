// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/mount_loop.h"

#include <cerrno>
#include <string>
#include <utility>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/kernel_options.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/mount_retry.h"
#include "mount.cifs/core/mtab_entry.h"
#include "mount.cifs/core/text.h"
#include "mount.cifs/core/user_policy.h"

namespace mount_cifs {
namespace {

using resolver::Address;

// A uid such as SUDO_UID: (uid_t)-1 means "no change", so at most 2^32-2.
std::optional<std::uint32_t> ParseUid(std::string_view text) {
  auto v = ParseDecimal(text, 0xfffffffeULL);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

resolver::SelectionDeps SelectionDepsOf(Deps& deps) {
  return resolver::SelectionDeps{deps.resolver, deps.connector, deps.clock,
                                 deps.probe, deps.cancelled};
}

// Why the run must end before another mount(2): a signal, or (when
// `check_deadline`) the overall deadline; nullopt to go on. What was still
// awaited goes into the deadline's message.
struct Stop {
  RunResult result;
  Error error;
};
std::optional<Stop> Stopped(Deps& deps, bool check_deadline, SteadyTime deadline,
                            std::chrono::milliseconds configured,
                            const AddressFeed& feed, const std::string& host) {
  if (deps.cancelled && deps.cancelled())
    return Stop{RunResult::kInterrupted, InterruptedError()};
  if (!check_deadline || deps.clock.Now() < deadline) return std::nullopt;
  const std::vector<resolver::Family> pending = feed.Pending();
  std::string text = "mount error: deadline of " + DurationText(configured) + " reached";
  if (!pending.empty()) {
    text += " while waiting for the ";
    for (std::size_t i = 0; i < pending.size(); ++i)
      text += std::string(i == 0 ? "" : " and ") + resolver::RecordType(pending[i]);
    text += std::string(" answer") + (pending.size() > 1 ? "s" : "") + " for " + host;
  } else if (feed.Report().candidates.empty()) {
    text += " while resolving " + host;
  }
  return Stop{RunResult::kDeadline,
              MakeError(Errc::kNoAddress, text + "; Unable to find suitable address.")};
}

// The legacy /etc/mtab: only a regular file (RHEL 5/6) is written; -n skips
// it; utab is libmount's business (reference section 7).
Status RecordInMtab(const Invocation& inv, const Caller& caller,
                    const std::string& device, const CallerRequest& request,
                    Deps& deps) {
  if (inv.no_mtab || !deps.mtab.IsRegularFile()) return {};
  std::optional<std::string> login;
  if (caller.uid != 0)
    login = deps.users.NameForUid(caller.uid).value_or(std::to_string(caller.uid));
  const std::string line = MtabEntry(device, request.mount_point, inv.fstype,
                                     request.options.flags, login);
  if (request.options.flags & kMsRemount) {
    if (Status s = deps.mtab.RemoveEntriesFor(EscapeMountField(request.mount_point));
        !s.ok())
      return MakeError(Errc::kMtab, "could not update mount table: " +
                                        s.error().code.message());
  }
  if (Status s = deps.mtab.Append(line); !s.ok())
    return MakeError(Errc::kMtab, "unable to add mount entry to mtab: " +
                                      s.error().code.message());
  return {};
}

}  // namespace

AddressFeed::AddressFeed(const AddressPlan& plan,
                         const resolver::SelectionConfig& config, Deps& deps)
    : config_(config), deps_(deps), lookups_(plan.lookups),
      report_(plan.selection) {
  // After a wait for the network, IPv6 may be up that was not at the start.
  if (plan.host) config_.rules.host = *plan.host;
}

bool AddressFeed::Collect(SteadyTime until) {
  if (!lookups_ || deps_.resolver.LookupsOutstanding() == 0) return false;
  resolver::SelectionDeps sdeps = SelectionDepsOf(deps_);
  resolver::LateAnswers more =
      resolver::CollectLateAnswers(report_.candidates, config_, sdeps, until);
  bool added = false;
  for (resolver::CandidateReport& c : more.candidates) {
    if (c.usable) {
      report_.mount_order.push_back(c.address);
      added = true;
    }
    report_.candidates.push_back(std::move(c));
  }
  for (resolver::LookupError& e : more.errors)
    report_.lookup_errors.push_back(std::move(e));
  report_.site_moved.insert(report_.site_moved.end(), more.site_moved.begin(),
                            more.site_moved.end());
  return added;
}

std::vector<resolver::Family> AddressFeed::Pending() const {
  if (!lookups_) return {};
  return resolver::PendingFamilies(config_.policy(), report_.candidates,
                                   report_.lookup_errors,
                                   deps_.resolver.LookupsOutstanding());
}

MountLoopResult MountAll(const Invocation& inv, const Environment& env,
                         const Caller& caller, CallerRequest request,
                         const MountSettings& settings, const HostFacts& facts,
                         AddressFeed& feed, Reconnect& reconnect, Deps& deps,
                         SteadyTime start, SteadyTime deadline) {
  MountLoopResult out;
  auto stopped = [&](bool check_deadline) {
    return Stopped(deps, check_deadline, deadline, settings.settings.deadline,
                   feed, request.unc.host);
  };
  auto end = [&](RunResult result, Error error) {
    out.result = result;
    out.error = std::move(error);
    return std::move(out);
  };
  // A family that answered after the race was decided is the fallback now;
  // wait for it, within the deadline.
  auto more = [&] { return feed.Collect(deadline); };

  if (feed.size() == 0 && !more()) {
    // A deadline that ran out before any lookup answered says so; so does a
    // signal that ended the wait for a late answer.
    const resolver::Selection& report = feed.Report();
    std::optional<Stop> stop = stopped(/*check_deadline=*/report.candidates.empty());
    if (stop && stop->result == RunResult::kInterrupted)
      return end(stop->result, std::move(stop->error));
    std::string text;
    if (stop) {
      text = stop->error.message;
    } else {
      std::string why;
      for (const auto& c : report.candidates)
        why += " " + c.address.ToKernelText() + " (" + resolver::FateText(c) + ")";
      text = "mount error: no usable address for " + request.unc.host + ":" + why;
    }
    out.result = stop ? stop->result : RunResult::kNoUsableAddress;
    if (request.options.nofail) {
      deps.console.Line(text);
      out.outcome = Outcome::kNoFailGaveUp;
      return out;
    }
    return end(out.result, stop ? std::move(stop->error)
                                : MakeError(Errc::kNoAddress, text));
  }

  RetryState retry;
  retry.krb5 = request.options.krb5;
  // SUDO_UID is only believed when root ran us (sudo runs us as root).
  std::uint32_t sudo_uid = 0;
  if (env.sudo_uid && caller.uid == 0) sudo_uid = ParseUid(*env.sudo_uid).value_or(0);
  retry.sudo_uid_available = sudo_uid != 0;
  Unc unc = request.unc;
  retry.names_are_ascii = IsAsciiUnc(unc);
  std::size_t index = 0;
  while (index < feed.size() || more()) {
    const Address address = feed.at(index);
    const std::string ip = address.ToKernelText();
    KernelOptionsInput input;
    input.ip = ip;
    input.unc = &unc;
    input.options = &request.options;
    input.username = request.username;
    input.sloppy = inv.sloppy;
    auto kernel = AssembleKernelOptions(input);
    if (!kernel.ok()) return end(RunResult::kFailed, kernel.TakeError());
    // A signal or the deadline ends the run before this address reaches
    // mount(2) (and before -f would record it as mounted).
    if (auto stop = stopped(/*check_deadline=*/index > 0))
      return end(stop->result, std::move(stop->error));
    if (inv.verbosity > 0)
      deps.console.Line(inv.program + " kernel mount options: " + kernel.value().redacted);
    out.ip = address;
    if (!out.decided_in)
      out.decided_in =
          std::chrono::duration_cast<std::chrono::milliseconds>(deps.clock.Now() - start);
    if (inv.fake) {
      // cifs-utils writes the mtab entry for -f too (mount -f's purpose).
      if (Status st = RecordInMtab(inv, caller, unc.device, request, deps); !st.ok())
        return end(RunResult::kFaked, st.TakeError());
      out.result = RunResult::kFaked;
      out.outcome = Outcome::kFaked;
      return out;
    }

    // Kernels 6.6.0-6.6.2 and DFS ask the dns_resolver handler during
    // mount(2) itself: the record must name this address before the call.
    reconnect.BeforeMount(address);
    MountRequest mount;
    mount.source = unc.device;
    mount.fstype = inv.fstype;
    mount.flags = request.options.flags;
    mount.data = &kernel.value().data;
    mount.redacted_data = kernel.value().redacted;
    Status mounted;
    {
      ScopedMountPrivilege privileged(deps.privileges);
      if (!privileged.status().ok())
        return end(RunResult::kFailed,
                   ErrnoError(privileged.status().error().code.value(),
                              "Unable to raise CAP_SYS_ADMIN: " +
                                  privileged.status().error().code.message()));
      mounted = deps.mounter.Mount(mount);
    }
    if (mounted.ok()) {
      out.mounts.push_back({address, 0});
      out.result = RunResult::kMounted;
      if (Status s = RecordInMtab(inv, caller, unc.device, request, deps); !s.ok())
        return end(RunResult::kMounted, s.TakeError());
      out.outcome = Outcome::kMounted;
      return out;
    }
    const int err = mounted.error().code.value();
    out.mounts.push_back({address, err});
    if (auto stop = stopped(/*check_deadline=*/false))
      return end(stop->result, std::move(stop->error));
    retry.ipv6_guessed =
        address.family() == resolver::Family::kV6 && !facts.kernel.known;
    switch (NextMountStep(err, retry)) {
      case MountStep::kNextAddress:
        deps.console.Line("mount error(" + std::to_string(err) +
                          "): could not connect to " + ip);
        ++index;
        break;
      case MountStep::kUppercaseRetry:
        retry.uppercase_tried = true;
        deps.console.Line("Retrying with upper case share name");
        unc = UppercaseUnc(std::move(unc));
        break;
      case MountStep::kSudoCruidRetry:
        retry.sudo_tried = true;
        request.options.cruid = sudo_uid;
        break;
      case MountStep::kFail:
        return end(RunResult::kFailed,
                   MakeError(Errc::kMountFailed,
                             MountFailureMessage(err, inv.program, inv.fstype,
                                                 reconnect.FailureHint(
                                                     err, request.options.krb5))));
    }
  }
  // The wait for a late answer ended by a signal or the deadline rather
  // than by running out of lookups.
  if (auto stop = stopped(/*check_deadline=*/!feed.Pending().empty()))
    return end(stop->result, std::move(stop->error));
  out.result = RunResult::kExhausted;
  if (request.options.nofail) {
    deps.console.Line("Unable to find suitable address.");
    out.outcome = Outcome::kNoFailGaveUp;
    return out;
  }
  return end(RunResult::kExhausted,
             MakeError(Errc::kNoAddress, "Unable to find suitable address."));
}

}  // namespace mount_cifs
