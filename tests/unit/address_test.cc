// SPDX-License-Identifier: GPL-3.0-or-later
// resolver::Address, and GetaddrinfoResolver::ParseNumericHost (numeric
// parsing only: AI_NUMERICHOST never touches the network).
#include "resolver/address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include "resolver/sys/getaddrinfo_resolver.h"
#include "resolver/name_resolver.h"

namespace mount_cifs::resolver {
namespace {

struct NumericCase {
  std::string text;
  bool ok;
  Family family;
  std::string kernel_text;
};

class ParseNumericTest : public ::testing::TestWithParam<NumericCase> {};

TEST_P(ParseNumericTest, Parses) {
  auto a = Address::ParseNumeric(GetParam().text);
  ASSERT_EQ(a.has_value(), GetParam().ok) << GetParam().text;
  if (!a) return;
  EXPECT_EQ(a->family(), GetParam().family);
  EXPECT_EQ(a->scope_id(), 0u);
  EXPECT_EQ(a->ToKernelText(), GetParam().kernel_text);
}

INSTANTIATE_TEST_SUITE_P(
    Address, ParseNumericTest,
    ::testing::Values(
        NumericCase{"192.0.2.1", true, Family::kV4, "192.0.2.1"},
        NumericCase{"0.0.0.0", true, Family::kV4, "0.0.0.0"},
        NumericCase{"255.255.255.255", true, Family::kV4, "255.255.255.255"},
        NumericCase{"2001:db8::1", true, Family::kV6, "2001:db8::1"},
        NumericCase{"2001:DB8:0:0:0:0:0:1", true, Family::kV6, "2001:db8::1"},
        NumericCase{"::1", true, Family::kV6, "::1"},
        NumericCase{"::", true, Family::kV6, "::"},
        NumericCase{"::ffff:192.0.2.1", true, Family::kV6, "::ffff:192.0.2.1"},
        NumericCase{"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", true,
                    Family::kV6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
        NumericCase{"", false, Family::kV4, ""},
        NumericCase{"host", false, Family::kV4, ""},
        NumericCase{"192.0.2", false, Family::kV4, ""},
        NumericCase{"192.0.2.256", false, Family::kV4, ""},
        NumericCase{"192.0.2.1 ", false, Family::kV4, ""},
        NumericCase{"[::1]", false, Family::kV4, ""},
        NumericCase{"fe80::1%eth0", false, Family::kV4, ""},
        NumericCase{"fe80::1%1", false, Family::kV4, ""},
        NumericCase{"1:2:3:4:5:6:7:8:9", false, Family::kV4, ""},
        NumericCase{std::string(100, '1'), false, Family::kV4, ""}));

TEST(AddressTest, EmbeddedNulIsRejected) {
  EXPECT_FALSE(Address::ParseNumeric(std::string_view("10.0.0.1\0x", 10)).has_value());
}

TEST(AddressTest, FromSockaddrV4) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(445);
  ASSERT_EQ(inet_pton(AF_INET, "198.51.100.7", &sin.sin_addr), 1);
  auto a = Address::FromSockaddr(reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->family(), Family::kV4);
  EXPECT_EQ(a->ToKernelText(), "198.51.100.7");
  EXPECT_EQ(*a, *Address::ParseNumeric("198.51.100.7"));
}

TEST(AddressTest, FromSockaddrV6WithScope) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_scope_id = 3;
  ASSERT_EQ(inet_pton(AF_INET6, "fe80::1", &sin6.sin6_addr), 1);
  auto a = Address::FromSockaddr(reinterpret_cast<sockaddr*>(&sin6), sizeof(sin6));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->family(), Family::kV6);
  EXPECT_EQ(a->scope_id(), 3u);
  EXPECT_EQ(a->ToKernelText(), "fe80::1%3");
  EXPECT_TRUE(a->IsLinkLocal());
  // Scope is part of identity.
  EXPECT_NE(*a, *Address::ParseNumeric("fe80::1"));
}

TEST(AddressTest, FromSockaddrRejectsShortOrForeign) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  EXPECT_FALSE(Address::FromSockaddr(reinterpret_cast<sockaddr*>(&sin),
                                     sizeof(sin) - 1)
                   .has_value());
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  EXPECT_FALSE(Address::FromSockaddr(reinterpret_cast<sockaddr*>(&sin6),
                                     sizeof(sockaddr_in))
                   .has_value());
  sockaddr_storage unix_like{};
  unix_like.ss_family = AF_UNIX;
  EXPECT_FALSE(Address::FromSockaddr(reinterpret_cast<sockaddr*>(&unix_like),
                                     sizeof(unix_like))
                   .has_value());
  EXPECT_FALSE(Address::FromSockaddr(nullptr, 0).has_value());
}

TEST(AddressTest, ToSockaddrRoundTrips) {
  for (const char* text : {"192.0.2.1", "2001:db8::1"}) {
    auto a = Address::ParseNumeric(text);
    ASSERT_TRUE(a.has_value());
    sockaddr_storage ss;
    const socklen_t len = a->ToSockaddr(445, &ss);
    auto b = Address::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    ASSERT_TRUE(b.has_value()) << text;
    EXPECT_EQ(*a, *b) << text;
    if (a->family() == Family::kV4) {
      EXPECT_EQ(len, sizeof(sockaddr_in));
      sockaddr_in sin;
      std::memcpy(&sin, &ss, sizeof(sin));
      EXPECT_EQ(sin.sin_family, AF_INET);
      EXPECT_EQ(ntohs(sin.sin_port), 445);
    } else {
      EXPECT_EQ(len, sizeof(sockaddr_in6));
      sockaddr_in6 sin6;
      std::memcpy(&sin6, &ss, sizeof(sin6));
      EXPECT_EQ(sin6.sin6_family, AF_INET6);
      EXPECT_EQ(ntohs(sin6.sin6_port), 445);
    }
  }
}

TEST(AddressTest, IsLinkLocal) {
  EXPECT_TRUE(Address::ParseNumeric("169.254.1.1")->IsLinkLocal());
  EXPECT_FALSE(Address::ParseNumeric("169.253.1.1")->IsLinkLocal());
  EXPECT_FALSE(Address::ParseNumeric("192.0.2.1")->IsLinkLocal());
  EXPECT_TRUE(Address::ParseNumeric("fe80::1")->IsLinkLocal());
  EXPECT_TRUE(Address::ParseNumeric("febf::1")->IsLinkLocal());
  EXPECT_FALSE(Address::ParseNumeric("fec0::1")->IsLinkLocal());
  EXPECT_FALSE(Address::ParseNumeric("2001:db8::1")->IsLinkLocal());
  EXPECT_FALSE(Address::ParseNumeric("::1")->IsLinkLocal());
}

TEST(AddressTest, EqualityComparesFamilyAndBytes) {
  EXPECT_EQ(*Address::ParseNumeric("192.0.2.1"), *Address::ParseNumeric("192.0.2.1"));
  EXPECT_NE(*Address::ParseNumeric("192.0.2.1"), *Address::ParseNumeric("192.0.2.2"));
  // ::ffff:a.b.c.d is an IPv6 address, not the IPv4 one.
  EXPECT_NE(*Address::ParseNumeric("192.0.2.1"),
            *Address::ParseNumeric("::ffff:192.0.2.1"));
}

TEST(GetaddrinfoResolverTest, ParseNumericHost) {
  GetaddrinfoResolver r;
  auto v4 = r.ParseNumericHost("192.0.2.1");
  ASSERT_TRUE(v4.ok()) << v4.error().message;
  EXPECT_EQ(v4.value().ToKernelText(), "192.0.2.1");
  auto v6 = r.ParseNumericHost("fe80::1%7");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6.value().scope_id(), 7u);
  EXPECT_EQ(v6.value().ToKernelText(), "fe80::1%7");
}

TEST(GetaddrinfoResolverTest, ParseNumericHostWithInterfaceName) {
  const unsigned index = if_nametoindex("lo");
  if (index == 0) GTEST_SKIP() << "no loopback interface named lo";
  GetaddrinfoResolver r;
  auto a = r.ParseNumericHost("fe80::1%lo");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a.value().scope_id(), index);
  EXPECT_EQ(a.value().ToKernelText(), "fe80::1%" + std::to_string(index));
}

TEST(GetaddrinfoResolverTest, ParseNumericHostRejectsNames) {
  GetaddrinfoResolver r;
  auto a = r.ParseNumericHost("server.example");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code.category(), ResolverCategory());
  EXPECT_EQ(a.error().code.value(), EAI_NONAME);
  EXPECT_EQ(a.error().code.message(), gai_strerror(EAI_NONAME));
}

}  // namespace
}  // namespace mount_cifs::resolver
