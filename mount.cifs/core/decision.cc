// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/decision.h"

#include <cstdio>

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
  for (const MountAttempt& m : d.mounts) {
    if (m.error != 0) continue;
    for (const auto& c : d.selection.candidates)
      if (c.address.ToKernelText() == m.ip) return c.address.family();
  }
  return std::nullopt;
}

bool PreferredLost(const Decision& d) {
  if (!d.selection.preferred_family) return false;
  if (auto mounted = MountedFamily(d)) return *mounted != *d.selection.preferred_family;
  if (d.result == "faked" && d.selection.winner)
    return d.selection.winner->family() != *d.selection.preferred_family;
  return false;
}

}  // namespace

LogLevel LevelFor(const Decision& d) {
  if (d.result != "mounted" && d.result != "faked") return LogLevel::kError;
  return PreferredLost(d) ? LogLevel::kWarning : LogLevel::kInfo;
}

std::string FormatDecisionLine(const Decision& d) {
  std::string line = "server=" + Word(d.server) +
                     " policy=" + std::string(FamilyPolicyName(d.policy)) +
                     " policy-from=" + d.policy_source +
                     " kernel=" + Word(d.kernel.basis) +
                     " kernel-cifs=" +
                     (d.cifs_available ? Yes(*d.cifs_available) : "unknown") +
                     " kernel-ipv6=" + Yes(d.kernel.ipv6) +
                     " ip-max=" + MaxLength(d.kernel) +
                     " scope-ids=" + Yes(d.kernel.scope_ids) +
                     " host-ipv6=" + HostVerdict(d.host) +
                     " addresses=" + d.source;
  for (const std::string& e : d.selection.lookup_errors)
    line += " lookup-error=" + Word(e);
  for (const std::string& f : d.lookups_pending) line += " lookup-pending=" + f;
  if (!d.selection.attempt_delay_basis.empty())
    line += " attempt-delay=" + std::to_string(d.selection.attempt_delay.count()) +
            "ms/" + d.selection.attempt_delay_basis;
  for (const auto& c : d.selection.candidates) {
    line += " candidate=" + c.address.ToKernelText() + "/" + Word(c.outcome);
    if (c.elapsed) line += "/" + std::to_string(c.elapsed->count()) + "ms";
  }
  if (d.selection.winner) line += " chosen=" + d.selection.winner->ToKernelText();
  if (!d.selection.reason.empty()) line += " reason=" + d.selection.reason;
  if (PreferredLost(d))
    line += std::string(" preferred-family-lost=") +
            (*d.selection.preferred_family == Family::kV6 ? "ipv6" : "ipv4");
  if (!d.ip.empty()) line += " ip=" + d.ip;
  for (const MountAttempt& m : d.mounts)
    line += " mount=" + m.ip + "/" +
            (m.error == 0 ? std::string("ok") : resolver::ErrnoName(m.error));
  if (d.decided_in) line += " decided-in=" + std::to_string(d.decided_in->count()) + "ms";
  line += " result=" + d.result;
  return line;
}

std::vector<std::string> FormatDecisionTable(const Decision& d) {
  std::vector<std::string> lines;
  lines.push_back("policy " + std::string(FamilyPolicyName(d.policy)) + " (" +
                  d.policy_source + "); kernel " + d.kernel.basis +
                  ": IPv6 ip= " + Yes(d.kernel.ipv6) + ", max length " +
                  MaxLength(d.kernel) + ", scope ids " + Yes(d.kernel.scope_ids) +
                  "; host IPv6: " + HostVerdict(d.host));
  for (const std::string& e : d.selection.lookup_errors)
    lines.push_back("lookup failed: " + e);
  char row[160];
  std::snprintf(row, sizeof(row), "  %-40s %-28s %s", "address", "outcome", "time");
  lines.push_back(row);
  for (const auto& c : d.selection.candidates) {
    const std::string time =
        c.elapsed ? std::to_string(c.elapsed->count()) + " ms" : "-";
    std::snprintf(row, sizeof(row), "  %-40s %-28s %s",
                  c.address.ToKernelText().c_str(), c.outcome.c_str(),
                  time.c_str());
    lines.push_back(row);
  }
  if (!d.selection.attempt_delay_basis.empty()) {
    std::string delay = "attempt delay " +
                        std::to_string(d.selection.attempt_delay.count()) + " ms (" +
                        d.selection.attempt_delay_basis;
    if (d.selection.rtt && d.selection.rtt_address)
      delay += ": kernel RTT history of " + d.selection.rtt_address->ToKernelText() +
               ", rtt " + std::to_string(d.selection.rtt->rtt.count()) +
               " us, rttvar " + std::to_string(d.selection.rtt->rttvar.count()) + " us";
    lines.push_back(delay + ")");
  }
  std::string chosen = "order for mount(2):";
  for (const auto& a : d.selection.mount_order) chosen += " " + a.ToKernelText();
  lines.push_back(chosen + " (" + d.selection.reason + ")");
  return lines;
}

}  // namespace mount_cifs
