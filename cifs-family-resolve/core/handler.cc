// SPDX-License-Identifier: GPL-3.0-or-later
#include "cifs-family-resolve/core/handler.h"

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include "cifs-family-resolve/core/key_request.h"
#include "resolver/connect_error.h"
#include "resolver/family_policy.h"
#include "resolver/race.h"
#include "resolver/site_memory.h"

namespace cifs_family_resolve {
namespace {

using mount_cifs::Error;
using mount_cifs::LogLevel;
using mount_cifs::SteadyTime;
using mount_cifs::resolver::Address;
using mount_cifs::resolver::CandidateReport;
using mount_cifs::resolver::Family;
using mount_cifs::resolver::FamilyName;
using mount_cifs::resolver::FamilyPolicy;
using mount_cifs::resolver::Fate;
using mount_cifs::resolver::HostRecord;
using mount_cifs::resolver::Selection;
using mount_cifs::resolver::SelectionConfig;
using mount_cifs::resolver::SelectionDeps;
using std::chrono::milliseconds;

constexpr Family Other(Family f) { return f == Family::kV4 ? Family::kV6 : Family::kV4; }

HandlerResult Delegate(std::string why) {
  HandlerResult r;
  r.verdict = Verdict::kDelegate;
  r.why = std::move(why);
  return r;
}

// Whether the server's record still speaks for a mount: its mount is in
// /proc/mounts, or its mount(2) may still be running (the kernel upcalls
// during mount(2) on 6.6.0-6.6.2 and for DFS): written moments ago by a
// mount.cifs that still runs. A record left by a mount that is gone must
// not steer another helper's mount of the same name (cifs-utils', say).
bool IsCurrent(const HostRecord& record, const std::string& key,
               const HandlerLimits& limits, HandlerDeps& deps, std::int64_t now) {
  auto mounts = deps.read_mounts();
  if (mounts.ok() && MountTableNamesServer(mounts.value(), key, record.mount_point))
    return true;
  const bool recent =
      now >= record.written_at && now - record.written_at < limits.fresh_record.count();
  if (!recent) return false;
  // Records without the writer's pid (an older writer): recent is enough.
  return record.writer_pid == 0 || deps.mount_helper_running(record.writer_pid);
}

// The family srcaddr= pins, from the address or (older records) the word.
std::optional<Family> PinnedFamily(const HostRecord& record) {
  if (record.srcaddr) return record.srcaddr->family();
  return record.srcaddr_family;
}

// The family this server's mount is on: the handler's last answer, else
// the address mount.cifs mounted.
std::optional<Family> StickyFamily(const HostRecord& record) {
  if (record.answered) return record.answered->family();
  if (record.mounted) return record.mounted->family();
  return std::nullopt;
}

// Whether every probe of `family` ended without a connection: the
// confirmation a failure mark needs. A probe that was refused or found no
// route failed, and so did one that had no answer by the end (Fate
// kCancelled, a probe stopped within the preference window because the
// other family won, proves nothing). A family that was not probed, or not
// offered at all, is not marked.
bool FamilyFailed(const Selection& s, Family family) {
  bool probed = false;
  for (const CandidateReport& c : s.candidates) {
    if (c.address.family() != family || !c.usable) continue;
    switch (c.fate) {
      case Fate::kRefused:
      case Fate::kUnreachable:
      case Fate::kFailed:
      case Fate::kNoAnswer:
        probed = true;
        break;
      default:
        return false;
    }
  }
  return probed;
}

std::string Candidates(const Selection& s) {
  std::string text;
  for (const CandidateReport& c : s.candidates) {
    if (!text.empty()) text += ',';
    text += c.address.ToKernelText() + ":" + mount_cifs::resolver::FateText(c);
  }
  return text;
}

}  // namespace

Result<HandlerResult> HandleRequest(const mount_cifs::Config& config,
                                    const HandlerLimits& limits, HandlerDeps& deps) {
  const SteadyTime start = deps.clock.Now();
  auto text = deps.key.Description();
  if (!text.ok()) return text.TakeError();
  auto description = ParseKeyDescription(text.value());
  if (!description.ok()) return description.TakeError();
  if (description.value().type != "dns_resolver")
    return Delegate("key type " + description.value().type);
  auto callout = deps.key.CalloutInfo();
  if (!callout.ok()) return callout.TakeError();
  // AFS asks with options ("ipv4", "list", ...) and typed names; CIFS,
  // NFS and Ceph send a bare name and nothing else.
  if (!callout.value().empty()) return Delegate("callout information given");
  const std::optional<std::string> key = RequestHostKey(description.value().name);
  if (!key) return Delegate("not a plain host name");

  const std::int64_t now = deps.wall.NowSeconds();
  std::optional<HostRecord> record;
  if (auto loaded = deps.state.Load(*key); !loaded.ok()) {
    // A damaged or foreign record is not trusted; say so once per request.
    deps.logger.Log(LogLevel::kWarning, "host=" + *key + " state record ignored: " +
                                            loaded.error().message);
  } else if (loaded.value()) {
    record = std::move(*loaded.value());
  }
  const bool current = record && IsCurrent(*record, *key, limits, deps, now);
  if (!current && !config.NamesServer(*key))
    return Delegate("no current cifs-family mount or [server] section names it");

  const mount_cifs::Settings settings = config.For(*key, {});
  if (!current) {
    // A [server] section's name without a mount of ours: its settings, and
    // what this handler learned about it before (answer, failure mark).
    if (!record) record.emplace();
    record->host = *key;
    record->policy = settings.family;
    record->port = settings.probe_port;
    record->mounted.reset();
    record->srcaddr.reset();
    record->srcaddr_family.reset();
    record->written_at = now;
  }
  const std::string network = deps.network();
  // Failure marks belong to the network they were made on (HEv3).
  const bool failure_counts = record->failed_family && record->failed_until > now &&
                              !network.empty() && record->network == network;
  if (!failure_counts) record->failed_family.reset();

  SelectionConfig selection_config;
  selection_config.rules.policy = record->policy;
  selection_config.rules.host = deps.probe.Ipv6State();
  selection_config.rules.port = record->port;
  selection_config.rules.source = record->srcaddr;
  selection_config.attempt_delay = settings.connection_attempt_delay;
  selection_config.resolution_delay = settings.resolution_delay;
  selection_config.first_family_count = settings.first_address_family_count;
  selection_config.race_budget = std::min(settings.race_budget, limits.race);
  selection_config.probe_mode = settings.race_mode;
  const std::optional<Family> sticky = StickyFamily(*record);
  std::optional<Family> favoured = sticky;
  if (record->failed_family) favoured = Other(*record->failed_family);
  selection_config.favoured_family = favoured;

  SelectionDeps selection_deps{deps.resolver, deps.connector, deps.clock, deps.probe,
                               nullptr};
  // Issue 16: the mount put its AD site's DCs first within each family; a
  // reconnect keeps that order, or it could move the mount to a DC in
  // another site. Only a site the record remembers on this network counts
  // (mount.cifs's rule, RememberedSite()); it costs one SRV query, bounded
  // by ad-site-timeout and by limits.ad_site. No CLDAP ping ever (no site
  // known, none, or no DC answered lately: no lookup at all): the kernel
  // waits for this handler holding the server's lock.
  std::optional<mount_cifs::resolver::SiteOutcome> site;
  const mount_cifs::resolver::SiteMemory site_memory = mount_cifs::resolver::RememberedSite(
      record, network.empty() ? std::nullopt : std::optional<std::string>(network), now);
  if (settings.ad_site_order && deps.datagrams && site_memory.known_site &&
      record->policy != FamilyPolicy::kSystem) {
    selection_deps.site_lookup = [&](const std::vector<Address>&) {
      const SteadyTime until =
          std::min(start + limits.selection,
                   deps.clock.Now() + std::min(settings.ad_site_timeout, limits.ad_site));
      mount_cifs::resolver::SiteOutcome outcome = mount_cifs::resolver::LocateSite(
          mount_cifs::resolver::SiteRequest{*key, site_memory.known_site, false},
          *deps.datagrams, deps.clock, [] { return false; }, until);
      std::vector<Address> first = outcome.site_addresses;
      site = std::move(outcome);
      return first;
    };
  }
  auto selected = mount_cifs::resolver::SelectAddresses(
      *key, selection_config, selection_deps, start + limits.selection);
  const std::chrono::seconds ttl = KeyTtl(settings.reconnect_ttl);

  std::string reason;
  std::optional<Address> answer;
  int reject_error = 0;
  if (!selected.ok()) {
    reason = "lookup-failed";
    reject_error = ENODATA;
  } else {
    const Selection& s = selected.value();
    if (record->policy == FamilyPolicy::kSystem) {
      // cifs.upcall's answer: getaddrinfo's first address, no probe.
      if (!s.mount_order.empty()) answer = s.mount_order.front();
      reason = answer ? "system-order" : "no-usable-address";
      if (!answer) reject_error = ENODATA;
    } else if (s.winner) {
      answer = s.winner;
      if (sticky && s.winner->family() == *sticky)
        reason = "sticky";
      else if (record->failed_family && s.winner->family() != *record->failed_family)
        reason = "avoid-failed";
      else if (sticky)
        reason = "failover";
      else
        reason = "first-to-connect";
      // A family that did not connect while the other did is marked failed
      // for this server on this network; a reconnect that only repeats
      // (both connect, or neither) marks nothing.
      const Family lost = Other(s.winner->family());
      if (record->failed_family == s.winner->family()) record->failed_family.reset();
      // Only the family that went first can be found failed: it had its
      // head start (the preference window, or the attempt delay) and still
      // lost. The other family losing to it proves nothing (its probe was
      // merely slower, or cancelled, found by the e2e rig under load).
      const std::optional<Family> first = favoured ? favoured : s.preferred_family;
      if (first && lost == *first && FamilyFailed(s, lost)) {
        record->failed_family = lost;
        record->failed_until =
            now + std::chrono::duration_cast<std::chrono::seconds>(settings.failed_family_memory)
                      .count();
      }
    } else if (!s.mount_order.empty()) {
      // Nothing connected (the server is restarting, or the network is
      // down): the address the mount is on, when it is still offered, so
      // the kernel's own retries keep going where they were.
      answer = s.mount_order.front();
      for (const Address& a : s.mount_order)
        if (record->answered ? a == *record->answered
                             : record->mounted && a == *record->mounted)
          answer = a;
      reason = s.resolve_error ? "lookup-failed" : "no-probe-answer";
    } else if (s.reason == mount_cifs::resolver::SelectionReason::kNoDnsAnswer &&
               !s.resolve_error) {
      // The lookups outlived the limit: the kernel keeps its address and
      // asks again after the TTL.
      reason = "dns-timeout";
      reject_error = ETIMEDOUT;
    } else {
      reason = s.resolve_error ? "lookup-failed" : "no-usable-address";
      reject_error = ENODATA;
    }
  }
  // Never a family other than srcaddr='s: the kernel's socket would stay
  // bound to the old family and the mount would wedge (EAFNOSUPPORT on
  // every retry).
  const std::optional<Family> pinned = PinnedFamily(*record);
  if (answer && pinned && answer->family() != *pinned) {
    answer.reset();
    reject_error = EAFNOSUPPORT;
    reason = "srcaddr-family";
  }

  HandlerResult result;
  const auto ms = std::chrono::duration_cast<milliseconds>(deps.clock.Now() - start);
  std::string line = "host=" + *key + " policy=" +
                     std::string(mount_cifs::resolver::FamilyPolicyName(record->policy));
  if (answer) {
    if (auto s = deps.key.Instantiate(KeyPayload(*answer), ttl); !s.ok()) {
      return Error{s.error().code, "instantiating the key failed: " + s.error().message};
    }
    result.verdict = Verdict::kAnswered;
    line += " answer=" + answer->ToKernelText();
    record->answered = answer;
    record->answered_at = now;
  } else {
    if (auto s = deps.key.Reject(reject_error, ttl); !s.ok())
      return Error{s.error().code, "rejecting the key failed: " + s.error().message};
    result.verdict = Verdict::kRejected;
    line += " reject=" + mount_cifs::resolver::ErrnoName(reject_error);
  }
  line += " ttl=" + std::to_string(ttl.count()) + " reason=" + reason;
  if (sticky) line += " sticky=" + std::string(FamilyName(*sticky));
  if (pinned) line += " srcaddr-family=" + std::string(FamilyName(*pinned));
  if (record->failed_family)
    line += " failed-family=" + std::string(FamilyName(*record->failed_family));
  if (site)
    line += mount_cifs::resolver::SiteLogWords(
        *site, selected.ok() ? selected.value().site_moved : std::vector<Address>());
  if (selected.ok() && !selected.value().candidates.empty())
    line += " candidates=" + Candidates(selected.value());
  line += " ms=" + std::to_string(ms.count());
  deps.logger.Log(result.verdict == Verdict::kAnswered ? LogLevel::kInfo
                                                       : LogLevel::kWarning,
                  line);
  result.line = std::move(line);

  if (record->network != network) {
    // What a DC said about the site holds on the network it was said on:
    // a record moved to another network forgets it (RecordForMount()'s
    // rule), or the next mount would take the old network's site there.
    record->ad_site.clear();
    record->ad_site_at = 0;
    record->ad_site_none_at = 0;
    record->ad_site_quiet_until = 0;
  }
  record->network = network;
  if (auto s = deps.state.Save(*record); !s.ok())
    deps.logger.Log(LogLevel::kWarning, "host=" + *key + " state not saved: " +
                                            s.error().message);
  return result;
}

}  // namespace cifs_family_resolve
