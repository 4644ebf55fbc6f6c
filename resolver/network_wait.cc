// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/network_wait.h"

#include <algorithm>
#include <cerrno>
#include <tuple>

#include "resolver/connect_error.h"

namespace mount_cifs::resolver {
namespace {

std::string FamilyWord(Family family) {
  return family == Family::kV4 ? "ipv4" : "ipv6";
}

const char* FamilyLabel(Family family) {
  return family == Family::kV4 ? "IPv4" : "IPv6";
}

// What an errno of "no way there" says is missing (connect_error.h's
// kUnreachable class); nullopt for any other errno.
std::optional<Missing> MissingFor(int err) {
  switch (err) {
    case ENETUNREACH: return Missing::kRoute;
    case EADDRNOTAVAIL: return Missing::kSourceAddress;
    case EHOSTUNREACH: return Missing::kHostUnreachable;
    default: return std::nullopt;
  }
}

// "IPv4", "IPv4 or IPv6": the families of `items` that lack `what`.
std::string Families(const std::vector<MissingItem>& items, Missing what) {
  std::string text;
  for (const Family f : {Family::kV4, Family::kV6}) {
    const bool has = std::any_of(items.begin(), items.end(), [&](const MissingItem& i) {
      return i.what == what && i.family == f;
    });
    if (!has) continue;
    text += std::string(text.empty() ? "" : " or ") + FamilyLabel(f);
  }
  return text;
}

}  // namespace

bool MissingItem::operator<(const MissingItem& o) const {
  // Name resolution first, then by what, then IPv4 before IPv6.
  auto key = [](const MissingItem& i) {
    return std::make_tuple(static_cast<int>(i.what), i.family.has_value(),
                           i.family == Family::kV6);
  };
  return key(*this) < key(o);
}

bool IsTemporaryLookupError(const std::error_code& code) {
  // The resolver's category maps EAI_AGAIN to this condition
  // (getaddrinfo_resolver.cc): the engine cannot see <netdb.h>.
  if (code == std::errc::resource_unavailable_try_again) return true;
  return code.category() == std::generic_category() &&
         ClassifyConnectError(code.value()) == ConnectError::kUnreachable;
}

std::optional<MissingItem> TransientMiss(const CandidateReport& c,
                                         const HostIpv6& host) {
  const Family family = c.address.family();
  if (c.fate == Fate::kSkipped) {
    if (!c.skip || !c.skip->soft()) return std::nullopt;  // hard: never usable
    if (c.skip->reason == SkipReason::kNoIpv6Connectivity)
      return MissingItem{host.stack && !host.has_address ? Missing::kSourceAddress
                                                         : Missing::kRoute,
                         family};
    // kNoRoute: the route probe's errno. A reject route (EACCES) or a
    // blackhole route (EINVAL) is configuration, not a network still coming.
    if (auto what = MissingFor(c.skip->error)) return MissingItem{*what, family};
    return std::nullopt;
  }
  if (c.fate == Fate::kUnreachable) {
    // The probe's bind or connect: no route, no source address (srcaddr=
    // not there yet), no next hop.
    return MissingItem{MissingFor(c.error).value_or(Missing::kRoute), family};
  }
  return std::nullopt;
}

std::vector<MissingItem> MissingForMount(const RoundOutcome& round) {
  if (round.winner) return {};
  // A lookup still out: its answer may be all the mount needs, and the
  // mount stage waits for it within the deadline (AddressFeed).
  if (round.lookups_outstanding > 0) return {};
  std::vector<MissingItem> items;
  for (const LookupError& e : round.lookup_errors)
    if (IsTemporaryLookupError(e.code)) items.push_back({Missing::kNameResolution, {}});
  for (const CandidateReport& c : round.candidates) {
    if (c.skip && !c.skip->soft() && c.fate == Fate::kSkipped) continue;
    auto miss = TransientMiss(c, round.host);
    if (!miss) return {};  // something to go with, or a verdict to accept
    items.push_back(*miss);
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

std::chrono::milliseconds RetryDelay(std::size_t retries) {
  constexpr std::chrono::milliseconds kFirst{200}, kMax{2000};
  std::chrono::milliseconds d = kFirst;
  for (std::size_t i = 0; i < retries && d < kMax; ++i) d *= 2;
  return std::min(d, kMax);
}

std::string MissingWord(const MissingItem& item) {
  switch (item.what) {
    case Missing::kNameResolution: return "dns";
    case Missing::kRoute: return "route-" + FamilyWord(item.family.value_or(Family::kV4));
    case Missing::kSourceAddress:
      return "address-" + FamilyWord(item.family.value_or(Family::kV4));
    case Missing::kHostUnreachable:
      return "unreachable-" + FamilyWord(item.family.value_or(Family::kV4));
  }
  return "unknown";
}

std::string MissingText(const std::vector<MissingItem>& items,
                        const std::string& host, const std::string& dns_reason) {
  std::vector<std::string> parts;
  const bool dns = std::any_of(items.begin(), items.end(), [](const MissingItem& i) {
    return i.what == Missing::kNameResolution;
  });
  if (dns)
    parts.push_back(host + " does not resolve yet" +
                    (dns_reason.empty() ? "" : " (" + dns_reason + ")"));
  if (auto f = Families(items, Missing::kRoute); !f.empty())
    parts.push_back("no " + f + " route to " + host);
  if (auto f = Families(items, Missing::kSourceAddress); !f.empty())
    parts.push_back("no usable " + f + " address on this host");
  if (auto f = Families(items, Missing::kHostUnreachable); !f.empty())
    parts.push_back("no answer from the " + f + " next hop to " + host);
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : ", ") + p;
  return text;
}

void NoteMissing(const std::vector<MissingItem>& items, WaitReport* report) {
  report->missing.insert(report->missing.end(), items.begin(), items.end());
  std::sort(report->missing.begin(), report->missing.end());
  report->missing.erase(std::unique(report->missing.begin(), report->missing.end()),
                        report->missing.end());
}

std::string WaitedText(const WaitReport& report) {
  std::string text;
  for (const MissingItem& i : report.missing)
    text += (text.empty() ? "" : ",") + MissingWord(i);
  if (text.empty()) text = "network";
  return text + "/" + std::to_string(report.waited.count()) + "ms";
}

}  // namespace mount_cifs::resolver
