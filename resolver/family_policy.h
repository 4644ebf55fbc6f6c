// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_RESOLVER_FAMILY_POLICY_H_
#define MOUNT_CIFS_RESOLVER_FAMILY_POLICY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resolver/address.h"

namespace mount_cifs::resolver {

/// How the helper picks among a server's addresses.
enum class FamilyPolicy {
  kHappyEyeballs,  // RFC 8305 race of TCP connects (default)
  kV4Only,         // A records only
  kV6Only,         // AAAA records only
  kV4Preferred,    // IPv4 first, one after another, then IPv6
  kV6Preferred,    // IPv6 first, one after another, then IPv4
  kSystem,         // getaddrinfo's order, no probe (cifs-utils' behaviour)
};

/// "happy-eyeballs", "v4-only", ... -> policy; nullopt for anything else
/// (names are case-sensitive).
std::optional<FamilyPolicy> ParseFamilyPolicy(std::string_view name);

/// The name ParseFamilyPolicy() takes for `policy`.
std::string_view FamilyPolicyName(FamilyPolicy policy);

/// Every policy name, joined with ", ", for messages and --help:
/// "v4-only, v6-only, v4-preferred, v6-preferred, happy-eyeballs, system".
std::string FamilyPolicyNames();

/// Whether `policy` lets addresses of `family` be used at all.
bool PolicyAllows(FamilyPolicy policy, Family family);

/// The family whose answer starts the probes at once; an answer of the
/// other family first waits up to the Resolution Delay for it (RFC 8305
/// section 3, which names AAAA for the race; the -preferred policies name
/// their own family). nullopt when the policy asks for one family only, or
/// for kSystem (no per-family lookups).
std::optional<Family> FirstChoiceFamily(FamilyPolicy policy);

/// The family the policy would rather see win among `offered` (the
/// addresses raced, or skipped only for want of a route): its own for the
/// -preferred policies, RFC 6724's first for happy-eyeballs; nullopt when
/// `offered` has one family only, or for the other policies. The log warns
/// when this family lost.
std::optional<Family> PreferredFamily(FamilyPolicy policy,
                                      const std::vector<Address>& offered);

/// RFC 6724 section 2.1 default policy table precedence of a destination.
/// (glibc still uses RFC 3484's table, which ranks even ULA IPv6 above IPv4.)
int Rfc6724Precedence(const Address& address);

/// Sorts destinations by the RFC 6724 rules that need no source address
/// (rule 6, higher precedence; rule 8, smaller scope); stable otherwise
/// (rule 10).
std::vector<Address> SortRfc6724(std::vector<Address> addresses);

/// RFC 8305 section 4 interleaving: `first_family_count` addresses of the
/// first address's family, then alternate families one by one.
std::vector<Address> Interleave(const std::vector<Address>& sorted,
                                std::size_t first_family_count);

/// The order a policy tries addresses in, with the addresses it does not
/// allow removed. kSystem keeps the given (getaddrinfo) order; the preferred
/// policies put their family first, each family RFC 6724-sorted;
/// kHappyEyeballs sorts and interleaves. A `favoured` family (one the
/// policy allows) goes first instead: ahead of the preferred family, or
/// first in the interleaving; kSystem ignores it. Addresses in `site_first`
/// (the client's AD site's DCs, ad_site.h) go first within their family:
/// each family keeps the places the policy gave it, only the addresses in
/// those places change order (kSystem ignores it too).
std::vector<Address> OrderForPolicy(FamilyPolicy policy,
                                    std::vector<Address> addresses,
                                    std::size_t first_family_count,
                                    std::optional<Family> favoured = std::nullopt,
                                    const std::vector<Address>& site_first = {});

/// Within each family of `ordered`, the addresses in `site_first` first
/// (stable); every place keeps its family.
std::vector<Address> SiteFirstWithinFamily(std::vector<Address> ordered,
                                           const std::vector<Address>& site_first);

}  // namespace mount_cifs::resolver

#endif  // MOUNT_CIFS_RESOLVER_FAMILY_POLICY_H_
