// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/decision.h"

#include <cstdio>

#include "resolver/connect_error.h"

namespace mount_cifs {
namespace {

using resolver::Family;

std::string Yes(bool b) { return b ? "yes" : "no"; }

std::string MaxLength(const resolver::KernelCaps& k) {
  return k.max_ip_length ? std::to_string(*k.max_ip_length) : "none";
}

std::string HostVerdict(const resolver::HostIpv6& h) {
  if (!h.stack) return "no-stack";
  if (!h.has_address) return "no-address";
  if (!h.has_route) return "no-route";
  return "yes";
}

// Spaces would split a word; keep values greppable and control bytes out.
std::string Word(std::string text) {
  for (char& c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7f) c = '_';
  }
  return text;
}

std::optional<Family> MountedFamily(const Decision& d) {
  for (const MountAttempt& m : d.mounts)
    if (m.error == 0) return m.address.family();
  return std::nullopt;
}

bool PreferredLost(const Decision& d) {
  if (!d.selection.preferred_family) return false;
  if (auto mounted = MountedFamily(d)) return *mounted != *d.selection.preferred_family;
  if (d.result == RunResult::kFaked && d.selection.winner)
    return d.selection.winner->family() != *d.selection.preferred_family;
  return false;
}

std::string AddressSourceName(AddressSource source) {
  switch (source) {
    case AddressSource::kResolved: return "resolved";
    case AddressSource::kIpOption: return "ip-option";
    case AddressSource::kLiteral: return "literal";
  }
  return "resolved";
}

// Where a DC's answer about the client's site (a site, or none) came from:
// the log's ad-site-from value, and the -v table's words.
std::string SiteSourceWords(const resolver::SiteOutcome& s) {
  if (s.cached) return " (remembered on this network, no ping)";
  return s.answered_by ? " (CLDAP reply of " + s.answered_by->ToKernelText() + ")"
                       : std::string();
}

}  // namespace

std::string_view RunResultName(RunResult result) {
  switch (result) {
    case RunResult::kMounted: return "mounted";
    case RunResult::kFaked: return "faked";
    case RunResult::kFailed: return "failed";
    case RunResult::kNoUsableAddress: return "no-usable-address";
    case RunResult::kExhausted: return "exhausted";
    case RunResult::kDeadline: return "deadline";
    case RunResult::kInterrupted: return "interrupted";
    case RunResult::kUnresolved: return "unresolved";
  }
  return "failed";
}

// A family the handler found broken on this network was put second and the
// mount went to the other: that path still needs fixing, whether or not
// the race saw the remembered family at all.
bool AvoidedRememberedFailure(const Decision& d) {
  if (!d.remembered_failed) return false;
  std::optional<Family> used = MountedFamily(d);
  if (!used && d.result == RunResult::kFaked && d.selection.winner)
    used = d.selection.winner->family();
  return used && *used != *d.remembered_failed;
}

LogLevel LevelFor(const Decision& d) {
  if (d.result != RunResult::kMounted && d.result != RunResult::kFaked)
    return LogLevel::kError;
  return PreferredLost(d) || AvoidedRememberedFailure(d) ? LogLevel::kWarning
                                                         : LogLevel::kInfo;
}

std::string FormatDecisionLine(const Decision& d) {
  std::string line = "server=" + Word(d.server) +
                     " policy=" + std::string(FamilyPolicyName(d.policy)) +
                     " policy-from=" + std::string(PolicySourceName(d.policy_source)) +
                     " kernel=" + Word(d.kernel.basis) +
                     " kernel-cifs=" +
                     (d.cifs_available ? Yes(*d.cifs_available) : "unknown") +
                     " kernel-ipv6=" + Yes(d.kernel.ipv6) +
                     " ip-max=" + MaxLength(d.kernel) +
                     " scope-ids=" + Yes(d.kernel.scope_ids) +
                     " host-ipv6=" + HostVerdict(d.host) +
                     (d.srcaddr_family ? " srcaddr-family=" +
                                             std::string(FamilyName(*d.srcaddr_family))
                                       : std::string()) +
                     (d.remembered_failed
                          ? " remembered-failed=" +
                                std::string(FamilyName(*d.remembered_failed))
                          : std::string()) +
                     " addresses=" + AddressSourceName(d.source);
  for (const resolver::LookupError& e : d.selection.lookup_errors)
    line += " lookup-error=" + Word(resolver::LookupErrorText(e));
  for (const Family f : d.lookups_pending)
    line += std::string(" lookup-pending=") + resolver::RecordType(f);
  // Issue 16: what the site lookup found, from where, and what it moved.
  if (d.ad_site) line += resolver::SiteLogWords(*d.ad_site, d.selection.site_moved);
  if (d.selection.attempt_delay_basis != resolver::AttemptDelayBasis::kNone)
    line += " attempt-delay=" + std::to_string(d.selection.attempt_delay.count()) +
            "ms/" + std::string(resolver::AttemptDelayBasisName(d.selection.attempt_delay_basis));
  if (d.selection.race_mode)
    line += " race-mode=" + std::string(resolver::RaceModeName(*d.selection.race_mode));
  std::string starts;
  for (const auto& c : d.selection.candidates) {
    line += " candidate=" + c.address.ToKernelText() + "/" + Word(resolver::FateText(c));
    if (c.elapsed) line += "/" + std::to_string(c.elapsed->count()) + "ms";
    if (c.started)
      starts += (starts.empty() ? "" : ",") + c.address.ToKernelText() + "@" +
                std::to_string(c.started->count()) + "ms";
  }
  // When each probe started (issue 13: concurrent mode starts the first of
  // each family together).
  if (!starts.empty()) line += " probe-starts=" + starts;
  if (d.selection.winner) line += " chosen=" + d.selection.winner->ToKernelText();
  if (d.selection.reason)
    line += " reason=" + std::string(resolver::SelectionReasonName(*d.selection.reason));
  if (d.selection.winner && d.selection.win_reason)
    line += " won-by=" + std::string(resolver::WinReasonName(*d.selection.win_reason));
  if (PreferredLost(d))
    line += std::string(" preferred-family-lost=") +
            std::string(FamilyName(*d.selection.preferred_family));
  if (d.ip) line += " ip=" + d.ip->ToKernelText();
  for (const MountAttempt& m : d.mounts)
    line += " mount=" + m.address.ToKernelText() + "/" +
            (m.error == 0 ? std::string("ok") : resolver::ErrnoName(m.error));
  if (d.decided_in) line += " decided-in=" + std::to_string(d.decided_in->count()) + "ms";
  if (d.waited) line += " waited=" + resolver::WaitedText(*d.waited);
  line += " result=" + std::string(RunResultName(d.result));
  return line;
}

std::vector<std::string> FormatDecisionTable(const Decision& d) {
  std::vector<std::string> lines;
  lines.push_back("policy " + std::string(FamilyPolicyName(d.policy)) + " (" +
                  std::string(PolicySourceName(d.policy_source)) + "); kernel " + d.kernel.basis +
                  ": IPv6 ip= " + Yes(d.kernel.ipv6) + ", max length " +
                  MaxLength(d.kernel) + ", scope ids " + Yes(d.kernel.scope_ids) +
                  "; host IPv6: " + HostVerdict(d.host));
  if (d.remembered_failed) {
    const Family other = *d.remembered_failed == Family::kV4 ? Family::kV6 : Family::kV4;
    lines.push_back("remembered: " + std::string(FamilyName(*d.remembered_failed)) +
                    " did not connect to " + d.server +
                    " on this network lately (for another " +
                    std::to_string(d.remembered_for.count()) + " s): " +
                    std::string(FamilyName(other)) + " goes first");
  }
  for (const resolver::LookupError& e : d.selection.lookup_errors)
    lines.push_back("lookup failed: " + resolver::LookupErrorText(e));
  if (d.ad_site) {
    std::string site = "AD site: " + std::string(resolver::SiteStatusName(d.ad_site->status)) +
                       " in " + std::to_string(d.ad_site->took.count()) + " ms";
    if (!d.ad_site->site.empty())
      site += "; client site " + Word(d.ad_site->site) + SiteSourceWords(*d.ad_site);
    else if (d.ad_site->status == resolver::SiteStatus::kNoSite)
      site += "; the client's address is in no AD subnet" + SiteSourceWords(*d.ad_site);
    if (!d.ad_site->site_addresses.empty()) {
      site += "; its DCs first within their family:";
      for (const auto& a : d.ad_site->site_addresses) site += " " + a.ToKernelText();
    }
    if (!d.selection.site_moved.empty()) {
      site += "; moved ahead:";
      for (const auto& a : d.selection.site_moved) site += " " + a.ToKernelText();
    }
    lines.push_back(site);
  }
  char row[160];
  std::snprintf(row, sizeof(row), "  %-40s %-28s %-9s %s", "address", "outcome", "started",
                "ended");
  lines.push_back(row);
  for (const auto& c : d.selection.candidates) {
    const std::string started =
        c.started ? std::to_string(c.started->count()) + " ms" : "-";
    const std::string time =
        c.elapsed ? std::to_string(c.elapsed->count()) + " ms" : "-";
    std::snprintf(row, sizeof(row), "  %-40s %-28s %-9s %s",
                  c.address.ToKernelText().c_str(), resolver::FateText(c).c_str(),
                  started.c_str(), time.c_str());
    lines.push_back(row);
  }
  if (d.selection.race_mode) {
    std::string race = "probes: " + std::string(resolver::RaceModeName(*d.selection.race_mode));
    if (*d.selection.race_mode == resolver::RaceMode::kConcurrent)
      race += " (the first address of each family at once; another family's connect "
              "waits max(25 ms, its connect time), at most the attempt delay, for the "
              "preferred one)";
    if (d.selection.winner && d.selection.win_reason)
      race += "; winner: " + std::string(resolver::WinReasonName(*d.selection.win_reason));
    lines.push_back(race);
  }
  if (d.selection.attempt_delay_basis != resolver::AttemptDelayBasis::kNone) {
    std::string delay = "attempt delay " +
                        std::to_string(d.selection.attempt_delay.count()) + " ms (" +
                        std::string(resolver::AttemptDelayBasisName(d.selection.attempt_delay_basis));
    if (d.selection.rtt && d.selection.rtt_address)
      delay += ": kernel RTT history of " + d.selection.rtt_address->ToKernelText() +
               ", rtt " + std::to_string(d.selection.rtt->rtt.count()) +
               " us, rttvar " + std::to_string(d.selection.rtt->rttvar.count()) + " us";
    lines.push_back(delay + ")");
  }
  std::string chosen = "order for mount(2):";
  for (const auto& a : d.selection.mount_order) chosen += " " + a.ToKernelText();
  if (d.selection.reason)
    chosen += " (" + std::string(resolver::SelectionReasonName(*d.selection.reason)) + ")";
  lines.push_back(chosen);
  return lines;
}

}  // namespace mount_cifs
