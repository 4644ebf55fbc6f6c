// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/family_policy.h"

#include <algorithm>
#include <cstring>

namespace mount_cifs::resolver {
namespace {

// The one list of policy names: parsing, naming and the messages that list
// them (unknown policy, --help) all read it, in this order (the order the
// messages have always used).
struct PolicyName {
  std::string_view name;
  FamilyPolicy policy;
};

constexpr PolicyName kPolicyNames[] = {
    {"v4-only", FamilyPolicy::kV4Only},
    {"v6-only", FamilyPolicy::kV6Only},
    {"v4-preferred", FamilyPolicy::kV4Preferred},
    {"v6-preferred", FamilyPolicy::kV6Preferred},
    {"happy-eyeballs", FamilyPolicy::kHappyEyeballs},
    {"system", FamilyPolicy::kSystem},
};

struct PolicyRow {
  unsigned char prefix[16];
  int bits;
  int precedence;
};

// RFC 6724 section 2.1, longest prefix first. IPv4 is matched as
// ::ffff:0:0/96 (precedence 35).
constexpr PolicyRow kPolicyTable[] = {
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, 50},  // ::1
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, 35},          // v4-mapped
    {{0}, 96, 1},                                                  // ::/96
    {{0x20, 0x01, 0, 0}, 32, 5},                                   // Teredo
    {{0x20, 0x02}, 16, 30},                                        // 6to4
    {{0x3f, 0xfe}, 16, 1},                                         // 6bone
    {{0xfe, 0xc0}, 10, 1},                                         // site-local
    {{0xfc}, 7, 3},                                                // ULA
    {{0}, 0, 40},                                                  // ::/0
};

bool PrefixMatches(const unsigned char* address, const PolicyRow& row) {
  const int full = row.bits / 8;
  if (std::memcmp(address, row.prefix, static_cast<size_t>(full)) != 0)
    return false;
  const int rest = row.bits % 8;
  if (rest == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (address[full] & mask) == (row.prefix[full] & mask);
}

// RFC 6724 section 3.1 scope values (smaller is narrower).
int Scope(const Address& a) {
  const unsigned char* b = a.bytes();
  if (a.IsLoopback() || a.IsLinkLocal()) return 2;  // link-local
  if (a.family() == Family::kV4) return 14;         // global
  if (b[0] == 0xff) return b[1] & 0x0f;             // multicast scope field
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return 5;  // site-local
  return 14;
}

}  // namespace

std::optional<FamilyPolicy> ParseFamilyPolicy(std::string_view name) {
  for (const PolicyName& p : kPolicyNames) {
    if (p.name == name) return p.policy;
  }
  return std::nullopt;
}

std::string_view FamilyPolicyName(FamilyPolicy policy) {
  for (const PolicyName& p : kPolicyNames) {
    if (p.policy == policy) return p.name;
  }
  return "unknown";
}

std::string FamilyPolicyNames() {
  std::string out;
  for (const PolicyName& p : kPolicyNames) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

bool PolicyAllows(FamilyPolicy policy, Family family) {
  if (policy == FamilyPolicy::kV4Only) return family == Family::kV4;
  if (policy == FamilyPolicy::kV6Only) return family == Family::kV6;
  return true;
}

std::optional<Family> FirstChoiceFamily(FamilyPolicy policy) {
  switch (policy) {
    case FamilyPolicy::kHappyEyeballs:
    case FamilyPolicy::kV6Preferred:
      return Family::kV6;
    case FamilyPolicy::kV4Preferred:
      return Family::kV4;
    case FamilyPolicy::kV4Only:
    case FamilyPolicy::kV6Only:
    case FamilyPolicy::kSystem:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Family> PreferredFamily(FamilyPolicy policy,
                                      const std::vector<Address>& offered) {
  bool v4 = false, v6 = false;
  for (const Address& a : offered) (a.family() == Family::kV4 ? v4 : v6) = true;
  if (!v4 || !v6) return std::nullopt;
  switch (policy) {
    case FamilyPolicy::kV4Preferred: return Family::kV4;
    case FamilyPolicy::kV6Preferred: return Family::kV6;
    case FamilyPolicy::kHappyEyeballs: return SortRfc6724(offered).front().family();
    case FamilyPolicy::kV4Only:
    case FamilyPolicy::kV6Only:
    case FamilyPolicy::kSystem:
      return std::nullopt;
  }
  return std::nullopt;
}

int Rfc6724Precedence(const Address& address) {
  unsigned char bytes[16] = {};
  if (address.family() == Family::kV4) {
    bytes[10] = bytes[11] = 0xff;
    std::memcpy(bytes + 12, address.bytes(), 4);
  } else {
    std::memcpy(bytes, address.bytes(), 16);
  }
  for (const PolicyRow& row : kPolicyTable) {
    if (PrefixMatches(bytes, row)) return row.precedence;
  }
  return 40;
}

std::vector<Address> SortRfc6724(std::vector<Address> addresses) {
  std::stable_sort(addresses.begin(), addresses.end(),
                   [](const Address& a, const Address& b) {
                     const int pa = Rfc6724Precedence(a);
                     const int pb = Rfc6724Precedence(b);
                     if (pa != pb) return pa > pb;  // rule 6
                     return Scope(a) < Scope(b);    // rule 8
                   });
  return addresses;
}

std::vector<Address> Interleave(const std::vector<Address>& sorted,
                                std::size_t first_family_count) {
  if (sorted.empty()) return {};
  if (first_family_count == 0) first_family_count = 1;
  const Family first = sorted.front().family();
  std::vector<Address> primary, secondary;
  for (const Address& a : sorted)
    (a.family() == first ? primary : secondary).push_back(a);
  std::vector<Address> out;
  size_t p = 0, s = 0;
  for (; p < primary.size() && p < first_family_count; ++p)
    out.push_back(primary[p]);
  while (p < primary.size() || s < secondary.size()) {
    if (s < secondary.size()) out.push_back(secondary[s++]);
    if (p < primary.size()) out.push_back(primary[p++]);
  }
  return out;
}

std::vector<Address> SiteFirstWithinFamily(std::vector<Address> ordered,
                                           const std::vector<Address>& site_first) {
  if (site_first.empty()) return ordered;
  auto in_site = [&](const Address& a) {
    return std::find(site_first.begin(), site_first.end(), a) != site_first.end();
  };
  for (const Family family : {Family::kV6, Family::kV4}) {
    std::vector<std::size_t> places;
    std::vector<Address> members;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      if (ordered[i].family() != family) continue;
      places.push_back(i);
      members.push_back(ordered[i]);
    }
    std::stable_partition(members.begin(), members.end(), in_site);
    for (std::size_t k = 0; k < places.size(); ++k) ordered[places[k]] = members[k];
  }
  return ordered;
}

std::vector<Address> OrderForPolicy(FamilyPolicy policy,
                                    std::vector<Address> addresses,
                                    std::size_t first_family_count,
                                    std::optional<Family> favoured,
                                    const std::vector<Address>& site_first) {
  if (policy != FamilyPolicy::kSystem && !site_first.empty())
    return SiteFirstWithinFamily(
        OrderForPolicy(policy, std::move(addresses), first_family_count, favoured), site_first);
  addresses.erase(std::remove_if(addresses.begin(), addresses.end(),
                                 [policy](const Address& a) {
                                   return !PolicyAllows(policy, a.family());
                                 }),
                  addresses.end());
  switch (policy) {
    case FamilyPolicy::kSystem:
      return addresses;
    case FamilyPolicy::kV4Only:
    case FamilyPolicy::kV6Only:
      return SortRfc6724(std::move(addresses));
    case FamilyPolicy::kV4Preferred:
    case FamilyPolicy::kV6Preferred: {
      const Family preferred = favoured ? *favoured
                               : policy == FamilyPolicy::kV4Preferred
                                   ? Family::kV4
                                   : Family::kV6;
      std::vector<Address> sorted = SortRfc6724(std::move(addresses));
      std::stable_partition(sorted.begin(), sorted.end(),
                            [preferred](const Address& a) {
                              return a.family() == preferred;
                            });
      return sorted;
    }
    case FamilyPolicy::kHappyEyeballs: {
      std::vector<Address> sorted = SortRfc6724(std::move(addresses));
      if (favoured)
        std::stable_partition(sorted.begin(), sorted.end(),
                              [f = *favoured](const Address& a) { return a.family() == f; });
      return Interleave(sorted, first_family_count);
    }
  }
  return addresses;
}

}  // namespace mount_cifs::resolver
