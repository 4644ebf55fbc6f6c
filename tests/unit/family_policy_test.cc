// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/family_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace mount_cifs::resolver {
namespace {

std::vector<Address> A(std::initializer_list<const char*> texts) {
  std::vector<Address> out;
  for (const char* t : texts) out.push_back(*Address::ParseNumeric(t));
  return out;
}

std::vector<std::string> Texts(const std::vector<Address>& addresses) {
  std::vector<std::string> out;
  for (const Address& a : addresses) out.push_back(a.ToKernelText());
  return out;
}

TEST(FamilyPolicy, NamesRoundTrip) {
  for (const char* name : {"happy-eyeballs", "v4-only", "v6-only", "v4-preferred",
                           "v6-preferred", "system"}) {
    auto policy = ParseFamilyPolicy(name);
    ASSERT_TRUE(policy) << name;
    EXPECT_EQ(FamilyPolicyName(*policy), name);
  }
  EXPECT_FALSE(ParseFamilyPolicy("ipv4"));
  EXPECT_FALSE(ParseFamilyPolicy("V4-ONLY"));
  EXPECT_FALSE(ParseFamilyPolicy(""));
}

constexpr FamilyPolicy kAllPolicies[] = {
    FamilyPolicy::kHappyEyeballs, FamilyPolicy::kV4Only,
    FamilyPolicy::kV6Only,        FamilyPolicy::kV4Preferred,
    FamilyPolicy::kV6Preferred,   FamilyPolicy::kSystem,
};

TEST(FamilyPolicy, EveryPolicyNameRoundTrips) {
  for (FamilyPolicy policy : kAllPolicies) {
    const std::string_view name = FamilyPolicyName(policy);
    EXPECT_NE(name, "unknown") << static_cast<int>(policy);
    EXPECT_EQ(ParseFamilyPolicy(name), policy) << name;
  }
}

TEST(FamilyPolicy, NamesListIsTheOneTheMessagesShowed) {
  // The list the "unknown family policy" messages spelled out by hand.
  EXPECT_EQ(FamilyPolicyNames(),
            "v4-only, v6-only, v4-preferred, v6-preferred, happy-eyeballs, "
            "system");
  // Each listed name parses, and every policy is listed exactly once.
  std::vector<FamilyPolicy> listed;
  const std::string joined = FamilyPolicyNames();
  std::string_view names = joined;
  while (!names.empty()) {
    const std::size_t comma = names.find(", ");
    const std::string_view name = names.substr(0, comma);
    names = comma == std::string_view::npos ? std::string_view()
                                            : names.substr(comma + 2);
    auto policy = ParseFamilyPolicy(name);
    ASSERT_TRUE(policy) << name;
    EXPECT_EQ(FamilyPolicyName(*policy), name);
    listed.push_back(*policy);
  }
  ASSERT_EQ(listed.size(), std::size(kAllPolicies));
  for (FamilyPolicy policy : kAllPolicies)
    EXPECT_EQ(std::count(listed.begin(), listed.end(), policy), 1)
        << FamilyPolicyName(policy);
}

TEST(Rfc6724, PrecedenceTable) {
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("::1")), 50);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("2001:db8::1")), 40);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("198.51.100.1")), 35);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("2002:c633:6401::1")), 30);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("2001:0:1::1")), 5);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("fd00::99")), 3);
  EXPECT_EQ(Rfc6724Precedence(*Address::ParseNumeric("fec0::1")), 1);
}

TEST(Rfc6724, UlaSortsBelowIpv4UnlikeGlibc) {
  // glibc's RFC 3484 table puts fd00::99 first (reference 5.1).
  EXPECT_EQ(Texts(SortRfc6724(A({"fd00::99", "10.9.9.1", "2001:db8::5"}))),
            (std::vector<std::string>{"2001:db8::5", "10.9.9.1", "fd00::99"}));
}

TEST(Rfc6724, StableForEqualPrecedence) {
  EXPECT_EQ(Texts(SortRfc6724(A({"198.51.100.2", "203.0.113.1", "198.51.100.1"}))),
            (std::vector<std::string>{"198.51.100.2", "203.0.113.1", "198.51.100.1"}));
}

TEST(Interleave, AlternatesAfterFirstFamilyCount) {
  const auto sorted = A({"2001:db8::1", "2001:db8::2", "2001:db8::3",
                         "198.51.100.1", "198.51.100.2"});
  EXPECT_EQ(Texts(Interleave(sorted, 1)),
            (std::vector<std::string>{"2001:db8::1", "198.51.100.1", "2001:db8::2",
                                      "198.51.100.2", "2001:db8::3"}));
  EXPECT_EQ(Texts(Interleave(sorted, 2)),
            (std::vector<std::string>{"2001:db8::1", "2001:db8::2", "198.51.100.1",
                                      "2001:db8::3", "198.51.100.2"}));
  EXPECT_TRUE(Interleave({}, 1).empty());
}

struct PolicyCase {
  FamilyPolicy policy;
  std::vector<std::string> expected;
};

TEST(OrderForPolicy, EachPolicy) {
  // getaddrinfo order as glibc might give it: ULA first.
  const auto given = A({"fd00::99", "198.51.100.1", "2001:db8::5", "198.51.100.2"});
  const PolicyCase cases[] = {
      {FamilyPolicy::kSystem, {"fd00::99", "198.51.100.1", "2001:db8::5", "198.51.100.2"}},
      {FamilyPolicy::kV4Only, {"198.51.100.1", "198.51.100.2"}},
      {FamilyPolicy::kV6Only, {"2001:db8::5", "fd00::99"}},
      {FamilyPolicy::kV4Preferred, {"198.51.100.1", "198.51.100.2", "2001:db8::5", "fd00::99"}},
      {FamilyPolicy::kV6Preferred, {"2001:db8::5", "fd00::99", "198.51.100.1", "198.51.100.2"}},
      // RFC 8305 section 4: families alternate even past the ULA.
      {FamilyPolicy::kHappyEyeballs, {"2001:db8::5", "198.51.100.1", "fd00::99", "198.51.100.2"}},
  };
  for (const PolicyCase& c : cases) {
    EXPECT_EQ(Texts(OrderForPolicy(c.policy, given, 1)), c.expected)
        << FamilyPolicyName(c.policy);
  }
}

TEST(OrderForPolicy, AllowsFamilies) {
  EXPECT_FALSE(PolicyAllows(FamilyPolicy::kV4Only, Family::kV6));
  EXPECT_TRUE(PolicyAllows(FamilyPolicy::kV4Only, Family::kV4));
  EXPECT_FALSE(PolicyAllows(FamilyPolicy::kV6Only, Family::kV4));
  EXPECT_TRUE(PolicyAllows(FamilyPolicy::kSystem, Family::kV6));
}

}  // namespace
}  // namespace mount_cifs::resolver
