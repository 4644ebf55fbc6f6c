// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/kernel_caps.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mount_cifs::resolver {
namespace {

constexpr std::optional<std::size_t> kNoLimit = std::nullopt;

struct KernelCase {
  const char* release;
  const char* cifs_version;  // nullptr: module not loaded
  bool ipv6;
  std::optional<std::size_t> max_length;
  bool scope_ids;
  bool known;
};

// Reference: kernel-and-happy-eyeballs.md A.3 (upstream) and A.4 (RHEL).
const KernelCase kKernels[] = {
    // RHEL 5.0 and 5.1: CIFS 1.45 / 1.48aRH, no IPv6 connect path.
    {"2.6.18-8.el5", "1.45", false, 34, false, true},
    {"2.6.18-8.el5", nullptr, false, 34, false, true},
    {"2.6.18-53.el5", "1.48aRH", false, 34, false, true},
    {"2.6.18-53.1.14.el5xen", nullptr, false, 34, false, true},
    // RHEL 5.2 .. 5.11: IPv6, but the 34-character limit was never raised.
    {"2.6.18-92.el5", "1.50cRH", true, 34, false, true},
    {"2.6.18-92.1.22.el5PAE", nullptr, true, 34, false, true},
    {"2.6.18-128.el5", "1.54RH", true, 34, false, true},
    {"2.6.18-164.el5", "1.57RH", true, 34, false, true},
    {"2.6.18-194.el5", "1.60RH", true, 34, false, true},
    {"2.6.18-238.el5", "1.60RH", true, 34, false, true},
    {"2.6.18-274.7.1.el5", "1.60RH", true, 34, false, true},
    {"2.6.18-308.8.1.el5", nullptr, true, 34, false, true},
    {"2.6.18-348.el5", nullptr, true, 34, false, true},
    {"2.6.18-371.el5", nullptr, true, 34, false, true},
    {"2.6.18-398.el5", nullptr, true, 34, false, true},
    // RHEL 6.x: 2.6.32 base, 45 characters, scope ids.
    {"2.6.32-71.el6.x86_64", "1.63", true, 45, true, true},
    {"2.6.32-754.35.1.el6.x86_64", nullptr, true, 45, true, true},
    // RHEL 7, 8, 9: the new parser, no limit.
    {"3.10.0-1160.el7.x86_64", "2.03", true, kNoLimit, true, true},
    {"4.18.0-513.5.1.el8_9.x86_64", nullptr, true, kNoLimit, true, true},
    {"5.14.0-362.8.1.el9_3.x86_64", nullptr, true, kNoLimit, true, true},
    // Upstream.
    {"2.6.18", "1.45", false, 34, false, true},
    {"2.6.22.19", nullptr, false, 34, false, true},
    {"2.6.23", "1.50", true, 34, false, true},
    {"2.6.30.10", "1.58", true, 34, false, true},
    {"2.6.31", "1.60", true, 45, true, true},
    {"3.3.8", nullptr, true, 45, true, true},
    {"3.4", nullptr, true, kNoLimit, true, true},
    {"3.4.0", nullptr, true, kNoLimit, true, true},
    {"4.19.0-27-amd64", nullptr, true, kNoLimit, true, true},
    {"6.1.0-28-cloud-amd64", "2.40", true, kNoLimit, true, true},
    {"6.12.48+deb13-amd64", nullptr, true, kNoLimit, true, true},
    // Debian, Ubuntu, custom suffixes.
    {"5.10.0-33-amd64", nullptr, true, kNoLimit, true, true},
    {"5.15.0-126-generic", nullptr, true, kNoLimit, true, true},
    {"6.8.0-49-generic", nullptr, true, kNoLimit, true, true},
    {"6.18.44-fc-v657", nullptr, true, kNoLimit, true, true},
    {"2.6.26-2-686", nullptr, true, 34, false, true},
    {"3.2.0-4-amd64", nullptr, true, 45, true, true},
    // Unparseable: conservative guess, not "known".
    {"", nullptr, true, 34, false, false},
    {"linux", nullptr, true, 34, false, false},
    {"v6.1", nullptr, true, 34, false, false},
};

class KernelTable : public ::testing::TestWithParam<KernelCase> {};

TEST_P(KernelTable, Capabilities) {
  const KernelCase& k = GetParam();
  const KernelCaps caps = KernelCapsFor(
      k.release, k.cifs_version ? std::optional<std::string_view>(k.cifs_version)
                                : std::nullopt);
  EXPECT_EQ(caps.ipv6, k.ipv6) << k.release;
  EXPECT_EQ(caps.max_ip_length, k.max_length) << k.release;
  EXPECT_EQ(caps.scope_ids, k.scope_ids) << k.release;
  EXPECT_EQ(caps.known, k.known) << k.release;
}

INSTANTIATE_TEST_SUITE_P(Releases, KernelTable, ::testing::ValuesIn(kKernels));

TEST(KernelRelease, ParsesBaseVendorAndRhel) {
  auto r = ParseKernelRelease("2.6.18-308.8.1.el5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->major, 2);
  EXPECT_EQ(r->minor, 6);
  EXPECT_EQ(r->patch, 18);
  EXPECT_EQ(r->vendor_release, 308);
  EXPECT_EQ(r->rhel, 5);
  r = ParseKernelRelease("5.14.0-362.8.1.el9_3.x86_64");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rhel, 9);
  r = ParseKernelRelease("6.12.48+deb13-amd64");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->patch, 48);
  EXPECT_FALSE(r->rhel);
  EXPECT_FALSE(ParseKernelRelease("abc"));
  EXPECT_FALSE(ParseKernelRelease("99999999.1"));
}

TEST(CifsVersion, FromSysfsAndDebugData) {
  EXPECT_EQ(ParseCifsVersion("1.60RH\n"), "1.60RH");
  EXPECT_EQ(ParseCifsVersion("2.51\n"), "2.51");
  EXPECT_EQ(ParseCifsVersion("Display Internal CIFS Data Structures for Debugging\n"
                             "---------------------------------------------------\n"
                             "CIFS Version 2.45\nFeatures: DFS,FSCACHE\n"),
            "2.45");
  EXPECT_FALSE(ParseCifsVersion(""));
  EXPECT_FALSE(ParseCifsVersion("garbage"));
  EXPECT_FALSE(ParseCifsVersion("1.6\x01"));
}

TEST(KernelRejects, LengthScopeAndFamily) {
  KernelCaps rhel5 = KernelCapsFor("2.6.18-308.el5", std::nullopt);
  const Address v4 = *Address::ParseNumeric("198.51.100.7");
  const Address short6 = *Address::ParseNumeric("2001:db8::1");
  // 35 characters: one over RHEL 5's limit.
  const Address long6 = *Address::ParseNumeric("2001:db8:abcd:12:211:22ff:fe33:4455");
  ASSERT_EQ(long6.ToKernelText().size(), 35u);
  EXPECT_FALSE(KernelRejects(rhel5, v4));
  EXPECT_FALSE(KernelRejects(rhel5, short6));
  EXPECT_EQ(KernelRejects(rhel5, long6), SkipReason::kIpTooLong);

  KernelCaps old = KernelCapsFor("2.6.18-53.el5", std::nullopt);
  EXPECT_EQ(KernelRejects(old, short6), SkipReason::kKernelNoIpv6);
  EXPECT_FALSE(KernelRejects(old, v4));

  KernelCaps modern = KernelCapsFor("6.1.0", std::nullopt);
  EXPECT_FALSE(KernelRejects(modern, long6));
}

TEST(KernelOverrides, AdminWins) {
  KernelCaps modern = KernelCapsFor("6.1.0", std::nullopt);
  KernelCaps no6 = ApplyKernelOverrides(modern, false, std::nullopt);
  EXPECT_FALSE(no6.ipv6);
  EXPECT_EQ(KernelRejects(no6, *Address::ParseNumeric("2001:db8::1")),
            SkipReason::kKernelNoIpv6);
  KernelCaps len34 = ApplyKernelOverrides(modern, std::nullopt, 34);
  EXPECT_EQ(len34.max_ip_length, 34u);
  EXPECT_TRUE(len34.ipv6);
  KernelCaps guessed = KernelCapsFor("weird", std::nullopt);
  EXPECT_FALSE(guessed.known);
  EXPECT_TRUE(ApplyKernelOverrides(guessed, true, std::nullopt).known);
}

// Canned /proc/net/if_inet6 and /proc/net/ipv6_route contents.
constexpr const char* kIfInet6LoopbackAndLinkLocal =
    "00000000000000000000000000000001 01 80 10 80       lo\n"
    "fe80000000000000020c29fffe3a4b5c 02 40 20 80     eth0\n";
constexpr const char* kIfInet6Global =
    "00000000000000000000000000000001 01 80 10 80       lo\n"
    "20010db800cf00000000000000000001 02 40 00 80     eth0\n"
    "fe80000000000000020c29fffe3a4b5c 02 40 20 80     eth0\n";
constexpr const char* kIfInet6Tentative =
    "20010db800cf00000000000000000001 02 40 00 c0     eth0\n";
constexpr const char* kRouteDefault =
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "20010db800cf000000000000000000fe 00000400 00000001 00000000 00000003     eth0\n"
    "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
constexpr const char* kRouteOnlyLinkLocalAndReject =
    "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
    "ff000000000000000000000000000000 08 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";

TEST(HostIpv6, AddressesFromIfInet6) {
  EXPECT_FALSE(HasUsableIpv6Address(kIfInet6LoopbackAndLinkLocal));
  EXPECT_TRUE(HasUsableIpv6Address(kIfInet6Global));
  EXPECT_FALSE(HasUsableIpv6Address(kIfInet6Tentative));
  EXPECT_FALSE(HasUsableIpv6Address(""));
  EXPECT_FALSE(HasUsableIpv6Address("garbage line\n\n"));
}

TEST(HostIpv6, RoutesFromIpv6Route) {
  EXPECT_TRUE(HasUsableIpv6Route(kRouteDefault));
  EXPECT_FALSE(HasUsableIpv6Route(kRouteOnlyLinkLocalAndReject));
  EXPECT_FALSE(HasUsableIpv6Route(""));
}

TEST(HostIpv6, ConnectivityNeedsStackAddressAndRoute) {
  HostIpv6 h;
  h.has_address = h.has_route = true;
  EXPECT_TRUE(h.connectivity());
  h.stack = false;
  EXPECT_FALSE(h.connectivity());
  h.stack = true;
  h.has_route = false;
  EXPECT_FALSE(h.connectivity());
}

}  // namespace
}  // namespace mount_cifs::resolver
