// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 16: the AD site lookup. The parsers against real replies of a
// Samba 4.17 AD DC (captured by tests/ad/capture_cldap.py and
// capture_dns.py in tests/ad/run_ad.py's rig), truncated and hostile ones;
// LocateSite's steps and budget in fake time; the site as an input to the
// family policy's order and to the race.
#include "resolver/ad_site.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "resolver/cldap.h"
#include "resolver/dns_message.h"
#include "resolver/family_policy.h"
#include "resolver/race.h"
#include "tests/fakes/fakes.h"

namespace mount_cifs::resolver {
namespace {

using mount_cifs::testing::Addr;
using mount_cifs::testing::FakeClock;
using mount_cifs::testing::FakeDatagramNet;
using mount_cifs::testing::FakeReply;
using std::chrono::milliseconds;
using Bytes = std::vector<std::uint8_t>;

Bytes Data(const std::string& name) {
  std::ifstream in(std::string(CIFS_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> Texts(const std::vector<Address>& list) {
  std::vector<std::string> out;
  for (const Address& a : list) out.push_back(a.ToKernelText());
  return out;
}

std::vector<Address> Addrs(const std::vector<std::string>& texts) {
  std::vector<Address> out;
  for (const auto& t : texts) out.push_back(Addr(t));
  return out;
}

// ---- DNS ------------------------------------------------------------------

TEST(DnsMessage, QueryIsRfc1035) {
  auto q = BuildDnsQuery(0x1234, "dcn1.corp.test", DnsType::kAaaa);
  ASSERT_TRUE(q.ok());
  const Bytes expected = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                          4, 'd', 'c', 'n', '1', 4, 'c', 'o', 'r', 'p', 4, 't', 'e', 's', 't', 0,
                          0, 28, 0, 1};
  EXPECT_EQ(q.value(), expected);
}

TEST(DnsMessage, QueryRefusesNamesThatAreNotDnsNames) {
  for (const char* bad : {"", ".", "a..b", "corp test", "a\nb", "-x.\x01", "x/y"})
    EXPECT_FALSE(BuildDnsQuery(1, bad, DnsType::kSrv).ok()) << bad;
  EXPECT_FALSE(BuildDnsQuery(1, std::string(64, 'a') + ".test", DnsType::kA).ok());
  EXPECT_TRUE(BuildDnsQuery(1, std::string(63, 'a') + ".test.", DnsType::kA).ok());
}

TEST(DnsMessage, SambaSrvReplyOfTheDomain) {
  const Bytes b = Data("dns/samba417_dc_srv.bin");
  auto r = ParseDnsReply(b.data(), b.size(), 0x1234, "_ldap._tcp.dc._msdcs.corp.test",
                         DnsType::kSrv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().rcode, 0);
  ASSERT_EQ(r.value().srv.size(), 1u);
  EXPECT_EQ(r.value().srv[0].target, "dc1.corp.test");
  EXPECT_EQ(r.value().srv[0].port, 389);
  EXPECT_EQ(r.value().srv[0].weight, 100);
  // Samba's internal DNS sends no additional records (peers-and-field.md).
  EXPECT_TRUE(r.value().addresses.empty());
}

TEST(DnsMessage, SambaSrvReplyOfASite) {
  const Bytes b = Data("dns/samba417_site_srv.bin");
  auto r = ParseDnsReply(b.data(), b.size(), 0x1234,
                         "_ldap._tcp.SiteNear._sites.dc._msdcs.corp.test", DnsType::kSrv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().srv.size(), 2u);
  std::vector<std::string> targets = {r.value().srv[0].target, r.value().srv[1].target};
  std::sort(targets.begin(), targets.end());
  EXPECT_EQ(targets, (std::vector<std::string>{"dcn1.corp.test", "dcn2.corp.test"}));
}

TEST(DnsMessage, SambaAddressReplies) {
  const Bytes a = Data("dns/samba417_dcn1_a.bin");
  auto r = ParseDnsReply(a.data(), a.size(), 0x1234, "dcn1.corp.test", DnsType::kA);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().addresses.size(), 1u);
  EXPECT_EQ(r.value().addresses[0].name, "dcn1.corp.test");
  EXPECT_EQ(r.value().addresses[0].address.ToKernelText(), "198.51.100.31");
  const Bytes aaaa = Data("dns/samba417_dcn1_aaaa.bin");
  r = ParseDnsReply(aaaa.data(), aaaa.size(), 0x1234, "DCN1.corp.test.", DnsType::kAaaa);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().addresses.size(), 1u);
  EXPECT_EQ(r.value().addresses[0].address.ToKernelText(), "2001:db8:ad::31");
}

TEST(DnsMessage, NxdomainIsAnAnswerWithItsCode) {
  const Bytes b = Data("dns/samba417_nosite_srv.bin");
  auto r = ParseDnsReply(b.data(), b.size(), 0x1234,
                         "_ldap._tcp.Nowhere._sites.dc._msdcs.corp.test", DnsType::kSrv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().rcode, 3);
  EXPECT_TRUE(r.value().srv.empty());
}

TEST(DnsMessage, AReplyToAnotherQueryIsRefused) {
  const Bytes b = Data("dns/samba417_dc_srv.bin");
  const std::string name = "_ldap._tcp.dc._msdcs.corp.test";
  EXPECT_FALSE(ParseDnsReply(b.data(), b.size(), 0x4321, name, DnsType::kSrv).ok());
  EXPECT_FALSE(ParseDnsReply(b.data(), b.size(), 0x1234, name, DnsType::kA).ok());
  EXPECT_FALSE(
      ParseDnsReply(b.data(), b.size(), 0x1234, "_ldap._tcp.dc._msdcs.evil.test", DnsType::kSrv)
          .ok());
  Bytes query = b;
  query[2] &= 0x7f;  // QR clear: a query, not a reply
  EXPECT_FALSE(ParseDnsReply(query.data(), query.size(), 0x1234, name, DnsType::kSrv).ok());
  Bytes tc = b;
  tc[2] |= 0x02;
  auto r = ParseDnsReply(tc.data(), tc.size(), 0x1234, name, DnsType::kSrv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, std::errc::message_size);
}

TEST(DnsMessage, EveryTruncationOfARealReplyIsRefused) {
  for (const char* file : {"dns/samba417_dc_srv.bin", "dns/samba417_site_srv.bin",
                           "dns/samba417_dcn1_aaaa.bin"}) {
    const Bytes b = Data(file);
    const std::string name = std::string(file).find("site") != std::string::npos
                                 ? "_ldap._tcp.SiteNear._sites.dc._msdcs.corp.test"
                             : std::string(file).find("dc_srv") != std::string::npos
                                 ? "_ldap._tcp.dc._msdcs.corp.test"
                                 : "dcn1.corp.test";
    const DnsType type = std::string(file).find("aaaa") != std::string::npos ? DnsType::kAaaa
                                                                             : DnsType::kSrv;
    ASSERT_TRUE(ParseDnsReply(b.data(), b.size(), 0x1234, name, type).ok()) << file;
    for (std::size_t n = 0; n < b.size(); ++n)
      EXPECT_FALSE(ParseDnsReply(b.data(), n, 0x1234, name, type).ok()) << file << " cut at " << n;
  }
}

TEST(DnsMessage, CompressionLoopsAndHostileNamesAreRefused) {
  // Header, question "a." SRV, then one answer whose owner is a pointer to
  // itself (offset 19) and another whose target points forwards.
  Bytes head = {0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 'a', 0, 0, 33, 0, 1};
  Bytes self = head;
  self.insert(self.end(), {0xC0, 19, 0, 33, 0, 1, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_FALSE(ParseDnsReply(self.data(), self.size(), 1, "a", DnsType::kSrv).ok());
  Bytes forward = head;
  forward.insert(forward.end(),
                 {0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0xC0, 40});
  EXPECT_FALSE(ParseDnsReply(forward.data(), forward.size(), 1, "a", DnsType::kSrv).ok());
  // A target with a control byte in a label.
  Bytes control = head;
  control.insert(control.end(),
                 {0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 1, '\n', 0});
  EXPECT_FALSE(ParseDnsReply(control.data(), control.size(), 1, "a", DnsType::kSrv).ok());
  // The same record with a clean target parses: the cases above fail for
  // their own reason.
  Bytes clean = head;
  clean.insert(clean.end(), {0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 1, 'b', 0});
  auto r = ParseDnsReply(clean.data(), clean.size(), 1, "a", DnsType::kSrv);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().srv.size(), 1u);
  EXPECT_EQ(r.value().srv[0].target, "b");
  // A record length past the end.
  Bytes longer = clean;
  longer[longer.size() - 10] = 0xff;
  EXPECT_FALSE(ParseDnsReply(longer.data(), longer.size(), 1, "a", DnsType::kSrv).ok());
}

// ---- CLDAP ----------------------------------------------------------------

TEST(Cldap, PingIsTheLdapSearchCifsUtilsAndSambaSend) {
  // The same bytes as tests/ad/capture_cldap.py's independent encoder.
  auto ping = BuildCldapPing(7, "corp.test");
  ASSERT_TRUE(ping.ok());
  const std::string hex =
      "304b020107634604000a01000a0100020100020100010100a027a3160409446e73446f6d61696e0409636f72"
      "702e74657374a30d04054e74566572040406000000300a04084e65746c6f676f6e";
  std::string got;
  for (std::uint8_t c : ping.value()) {
    static const char* digits = "0123456789abcdef";
    got += digits[c >> 4];
    got += digits[c & 15];
  }
  EXPECT_EQ(got, hex);
  EXPECT_FALSE(BuildCldapPing(0, "corp.test").ok());
  EXPECT_FALSE(BuildCldapPing(7, "corp test").ok());
  EXPECT_TRUE(BuildCldapPing(70000, "corp.test").ok());  // a 3-byte INTEGER
}

TEST(Cldap, RealSambaReplyOverIpv4NamesTheClientSite) {
  const Bytes b = Data("cldap/samba417_v4_sitenear.bin");
  auto r = ParseCldapReply(b.data(), b.size(), 7);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const NetlogonResponse& n = r.value();
  EXPECT_EQ(n.opcode, 23);
  EXPECT_EQ(n.dns_forest, "corp.test");
  EXPECT_EQ(n.dns_domain, "corp.test");
  EXPECT_EQ(n.dns_host, "dc1.corp.test");
  EXPECT_EQ(n.netbios_domain, "CORP");
  EXPECT_EQ(n.netbios_host, "DC1");
  EXPECT_EQ(n.user, "");
  EXPECT_EQ(n.dc_site, "Default-First-Site-Name");
  EXPECT_EQ(n.client_site, "SiteNear");
  EXPECT_EQ(n.nt_version, 5u);
}

TEST(Cldap, RealSambaReplyOverIpv6) {
  const Bytes b = Data("cldap/samba417_v6_sitenear.bin");
  auto r = ParseCldapReply(b.data(), b.size(), 7);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().client_site, "SiteNear");
}

TEST(Cldap, RealSambaReplyForAClientInNoSubnet) {
  const Bytes b = Data("cldap/samba417_v4_no_site.bin");
  auto r = ParseCldapReply(b.data(), b.size(), 7);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().dc_site, "Default-First-Site-Name");
  EXPECT_EQ(r.value().client_site, "");
}

TEST(Cldap, RealSambaReplyWithTheDcSocketAddress) {
  const Bytes b = Data("cldap/samba417_v4_with_ip.bin");
  auto r = ParseCldapReply(b.data(), b.size(), 7, kNtVersion5Ex | kNtVersionWithIp);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().client_site, "SiteNear");
  // Read as a reply without DcSockAddr the trailer is wrong: refused.
  EXPECT_FALSE(ParseCldapReply(b.data(), b.size(), 7).ok());
}

TEST(Cldap, SambaAnswersTheClosestSiteRequestWithoutTheField) {
  // Samba 4.17 ignores NETLOGON_NT_VERSION_WITH_CLOSEST_SITE: the reply is
  // the plain _EX one (why the helper does not ask for it).
  const Bytes b = Data("cldap/samba417_v4_closest_site.bin");
  auto r = ParseCldapReply(b.data(), b.size(), 7);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().client_site, "SiteNear");
}

TEST(Cldap, AnAnswerWithoutAnEntryIsNoSite) {
  // The DC's answer to a ping for a domain it does not serve: a bare
  // searchResDone.
  const Bytes b = Data("cldap/samba417_wrong_domain.bin");
  EXPECT_FALSE(ParseCldapReply(b.data(), b.size(), 7).ok());
}

TEST(Cldap, AnotherMessageIdIsRefused) {
  const Bytes b = Data("cldap/samba417_v4_sitenear.bin");
  EXPECT_FALSE(ParseCldapReply(b.data(), b.size(), 8).ok());
  // A negative id (0x89: -119) is no id of ours; found by fuzz_cldap, where
  // reading it shifted a negative value (UBSan).
  Bytes negative = b;
  negative[4] = 0x89;
  EXPECT_FALSE(ParseCldapReply(negative.data(), negative.size(), 7).ok());
  EXPECT_FALSE(ParseCldapReply(negative.data(), negative.size(), -119).ok());
}

TEST(Cldap, EveryTruncationOfARealReplyIsRefused) {
  // The searchResDone that follows the entry (14 bytes) is not needed: cut
  // inside the entry only.
  for (const char* file : {"cldap/samba417_v4_sitenear.bin", "cldap/samba417_v6_sitenear.bin",
                           "cldap/samba417_v4_no_site.bin"}) {
    const Bytes b = Data(file);
    const std::size_t entry_end = b.size() - 14;
    for (std::size_t n = 0; n < entry_end; ++n)
      EXPECT_FALSE(ParseCldapReply(b.data(), n, 7).ok()) << file << " cut at " << n;
    EXPECT_TRUE(ParseCldapReply(b.data(), entry_end, 7).ok()) << file;
  }
}

// The offsets of the captured IPv4 reply's Netlogon value.
struct Blob {
  Bytes reply;
  std::size_t value = 0;  // first byte of the NETLOGON_SAM_LOGON_RESPONSE_EX
};
Blob SiteNearBlob() {
  Blob b{Data("cldap/samba417_v4_sitenear.bin"), 0};
  for (std::size_t i = 0; i + 1 < b.reply.size(); ++i)
    if (b.reply[i] == 0x04 && b.reply[i + 1] == 0x62) b.value = i + 2;
  return b;
}

TEST(Cldap, HostileNetlogonValuesAreRefused) {
  Blob b = SiteNearBlob();
  ASSERT_GT(b.value, 0u);
  const std::uint8_t* v = b.reply.data() + b.value;
  const std::size_t n = 0x62;
  ASSERT_TRUE(ParseNetlogonResponseEx(v, n).ok());
  // Opcode of another response type.
  Bytes other(v, v + n);
  other[0] = 19;
  EXPECT_FALSE(ParseNetlogonResponseEx(other.data(), other.size()).ok());
  // The forest name (offset 24) turned into a pointer to itself, then
  // forwards.
  Bytes loop(v, v + n);
  loop[24] = 0xC0;
  loop[25] = 24;
  EXPECT_FALSE(ParseNetlogonResponseEx(loop.data(), loop.size()).ok());
  loop[25] = 60;
  EXPECT_FALSE(ParseNetlogonResponseEx(loop.data(), loop.size()).ok());
  // A control byte in the client site name ("SiteNear" at its end).
  Bytes control(v, v + n);
  const std::string text(control.begin(), control.end());
  const std::size_t site = text.find("SiteNear");
  ASSERT_NE(site, std::string::npos);
  control[site + 4] = '\n';
  EXPECT_FALSE(ParseNetlogonResponseEx(control.data(), control.size()).ok());
  // A printable site that is not a DNS label ("Site Near") would become
  // part of a DNS name: refused.
  Bytes space(v, v + n);
  space[site + 4] = ' ';
  EXPECT_FALSE(ParseNetlogonResponseEx(space.data(), space.size()).ok());
  // Wrong tokens.
  Bytes tokens(v, v + n);
  tokens[n - 1] = 0;
  EXPECT_FALSE(ParseNetlogonResponseEx(tokens.data(), tokens.size()).ok());
}

TEST(Cldap, HostileBerIsRefused) {
  const Bytes b = Data("cldap/samba417_v4_sitenear.bin");
  // An outer length past the datagram, an indefinite length, a 4-byte
  // length.
  Bytes longer = {0x30, 0x82, 0x0f, 0xff};
  longer.insert(longer.end(), b.begin() + 2, b.end());
  EXPECT_FALSE(ParseCldapReply(longer.data(), longer.size(), 7).ok());
  const Bytes indefinite = {0x30, 0x80, 0x02, 0x01, 0x07, 0x00, 0x00};
  EXPECT_FALSE(ParseCldapReply(indefinite.data(), indefinite.size(), 7).ok());
  const Bytes huge = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x07};
  EXPECT_FALSE(ParseCldapReply(huge.data(), huge.size(), 7).ok());
  EXPECT_FALSE(ParseCldapReply(nullptr, 0, 7).ok());
  // The Netlogon value's OCTET STRING length one byte longer than it is.
  Blob blob = SiteNearBlob();
  blob.reply[blob.value - 1] = 0x63;
  EXPECT_FALSE(ParseCldapReply(blob.reply.data(), blob.reply.size(), 7).ok());
}

TEST(Cldap, SiteNames) {
  EXPECT_TRUE(IsSiteName("Default-First-Site-Name"));
  EXPECT_TRUE(IsSiteName("Site_2"));
  for (const char* bad : {"", "a.b", "a b", "a/b", "a\n", "..", "x%y"})
    EXPECT_FALSE(IsSiteName(bad)) << bad;
  EXPECT_FALSE(IsSiteName(std::string(64, 'a')));
}

// ---- LocateSite in fake time ---------------------------------------------

// A fake AD: DNS at 198.51.100.53 answering from tables, DCs answering the
// CLDAP ping with a captured Samba reply.
class LocateSiteTest : public ::testing::Test {
 protected:
  LocateSiteTest() {
    net_.nameservers = {Addr("198.51.100.53")};
    net_.respond = [this](const Datagram& d) { return Respond(d); };
    srv_["_ldap._tcp.dc._msdcs.corp.test"] = {"dc1.corp.test", "dc2.corp.test"};
    srv_["_ldap._tcp.sitenear._sites.dc._msdcs.corp.test"] = {"dcn1.corp.test"};
    hosts_["dc1.corp.test"] = {"203.0.113.10", "2001:db8:f::10"};
    hosts_["dc2.corp.test"] = {"203.0.113.11"};
    hosts_["dcn1.corp.test"] = {"198.51.100.31", "2001:db8:ad::31"};
    pinged_reply_ = Data("cldap/samba417_v4_sitenear.bin");
  }

  std::vector<FakeReply> Respond(const Datagram& d) {
    if (d.port == 53 && dns_up_)
      return {FakeReply{dns_delay_, mount_cifs::testing::FakeDnsAnswer(d.payload, srv_, hosts_)}};
    if (d.port == 389) {
      const std::string to = d.to.ToKernelText();
      pinged_.push_back(to);
      if (cldap_answers_.count(to)) return cldap_answers_[to];
    }
    return {};
  }

  SiteOutcome Locate(std::optional<std::string> known = std::nullopt) {
    return LocateSite(SiteRequest{"corp.test", std::move(known)}, net_, clock_,
                      [this] { return clock_.Signalled(); }, clock_.Now() + budget_);
  }

  FakeClock clock_;
  FakeDatagramNet net_{clock_};
  std::map<std::string, std::vector<std::string>> srv_;
  std::map<std::string, std::vector<std::string>> hosts_;
  std::map<std::string, std::vector<FakeReply>> cldap_answers_;
  Bytes pinged_reply_;
  std::vector<std::string> pinged_;
  milliseconds dns_delay_{2};
  milliseconds budget_{1000};
  bool dns_up_ = true;
};

TEST_F(LocateSiteTest, FindsTheClientSiteAndItsDcs) {
  cldap_answers_["2001:db8:f::10"] = {FakeReply{milliseconds(5), pinged_reply_}};
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kFound);
  EXPECT_EQ(o.site, "SiteNear");
  EXPECT_FALSE(o.cached);
  ASSERT_TRUE(o.answered_by);
  EXPECT_EQ(o.answered_by->ToKernelText(), "2001:db8:f::10");
  EXPECT_EQ(Texts(o.site_addresses),
            (std::vector<std::string>{"198.51.100.31", "2001:db8:ad::31"}));
  // Every DC address of both families was pinged at once (CLDAP over IPv6
  // where the DC has it), not one after another.
  std::vector<std::string> pinged = pinged_;
  std::sort(pinged.begin(), pinged.end());
  EXPECT_EQ(pinged, (std::vector<std::string>{"2001:db8:f::10", "203.0.113.10", "203.0.113.11"}));
  // SRV 2 ms, targets 2 ms, ping 5 ms, site SRV 2 ms, its targets 2 ms.
  EXPECT_EQ(o.took, milliseconds(13));
}

TEST_F(LocateSiteTest, ARememberedSiteNeedsNoPing) {
  const SiteOutcome o = Locate("SiteNear");
  EXPECT_EQ(o.status, SiteStatus::kFound);
  EXPECT_TRUE(o.cached);
  EXPECT_TRUE(pinged_.empty());
  EXPECT_EQ(Texts(o.site_addresses),
            (std::vector<std::string>{"198.51.100.31", "2001:db8:ad::31"}));
  EXPECT_EQ(o.took, milliseconds(4));
}

TEST_F(LocateSiteTest, ARememberedSiteWithoutDcsPingsAgain) {
  cldap_answers_["203.0.113.10"] = {FakeReply{milliseconds(1), pinged_reply_}};
  const SiteOutcome o = Locate("SiteGone");
  EXPECT_EQ(o.status, SiteStatus::kFound);
  EXPECT_FALSE(o.cached);
  EXPECT_EQ(o.site, "SiteNear");
  EXPECT_FALSE(pinged_.empty());
}

TEST_F(LocateSiteTest, ANameWithoutTheSrvRecordIsNotAdAndIsNeverPinged) {
  srv_.clear();
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kNotAd);
  EXPECT_TRUE(pinged_.empty());
  EXPECT_EQ(o.took, milliseconds(2));
}

TEST_F(LocateSiteTest, NoCldapAnswerEndsAtTheBudgetWithNoSite) {
  // CLDAP blocked: the lookup gives up at its budget, never later.
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kNoReply);
  EXPECT_TRUE(o.site_addresses.empty());
  EXPECT_EQ(o.took, budget_);
}

TEST_F(LocateSiteTest, SilentDnsEndsAtTheBudget) {
  dns_up_ = false;
  budget_ = milliseconds(300);
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kTimedOut);
  EXPECT_EQ(o.took, milliseconds(300));
}

TEST_F(LocateSiteTest, AMalformedReplyIsSkippedForAValidOne) {
  Bytes bad = pinged_reply_;
  bad[bad.size() - 16] ^= 0xff;  // a netlogon token, no longer 0xFFFF
  cldap_answers_["203.0.113.10"] = {FakeReply{milliseconds(1), bad},
                                    FakeReply{milliseconds(2), Bytes{0x30, 0x00}}};
  cldap_answers_["203.0.113.11"] = {FakeReply{milliseconds(9), pinged_reply_}};
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kFound);
  ASSERT_TRUE(o.answered_by);
  EXPECT_EQ(o.answered_by->ToKernelText(), "203.0.113.11");
}

TEST_F(LocateSiteTest, OnlyMalformedRepliesMeanNoReply) {
  Bytes wrong_id = pinged_reply_;
  wrong_id[4] = 9;
  cldap_answers_["203.0.113.10"] = {FakeReply{milliseconds(1), wrong_id}};
  EXPECT_EQ(Locate().status, SiteStatus::kNoReply);
}

TEST_F(LocateSiteTest, AClientInNoSubnetHasNoSite) {
  cldap_answers_["203.0.113.10"] = {
      FakeReply{milliseconds(1), Data("cldap/samba417_v4_no_site.bin")}};
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kNoSite);
  EXPECT_TRUE(o.site.empty());
}

TEST_F(LocateSiteTest, ASiteWithoutItsOwnDcs) {
  srv_.erase("_ldap._tcp.sitenear._sites.dc._msdcs.corp.test");
  cldap_answers_["203.0.113.10"] = {FakeReply{milliseconds(1), pinged_reply_}};
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kNoSiteDcs);
  EXPECT_EQ(o.site, "SiteNear");
  EXPECT_TRUE(o.site_addresses.empty());
}

TEST_F(LocateSiteTest, ASignalEndsTheWaitAtOnce) {
  clock_.SignalAt(40);
  const SiteOutcome o = Locate();
  EXPECT_EQ(o.status, SiteStatus::kCancelled);
  EXPECT_EQ(o.took, milliseconds(40));
}

TEST_F(LocateSiteTest, NoNameServerNoLookup) {
  net_.nameservers.clear();
  EXPECT_EQ(Locate().status, SiteStatus::kNoNameserver);
  EXPECT_TRUE(net_.sent.empty());
}

TEST_F(LocateSiteTest, ASingleLabelOrHostileNameIsNotLookedUp) {
  for (const char* name : {"fileserver", "bad name.test", "x\n.test"}) {
    const SiteOutcome o = LocateSite(SiteRequest{name, std::nullopt}, net_, clock_,
                                     nullptr, clock_.Now() + budget_);
    EXPECT_EQ(o.status, SiteStatus::kNotAd) << name;
  }
  EXPECT_TRUE(net_.sent.empty());
}

TEST_F(LocateSiteTest, EveryQueryGoesToEveryNameServer) {
  net_.nameservers = {Addr("198.51.100.53"), Addr("2001:db8::53")};
  srv_.clear();
  (void)Locate();
  ASSERT_EQ(net_.sent.size(), 2u);
  EXPECT_EQ(net_.sent[0].datagram.to.ToKernelText(), "198.51.100.53");
  EXPECT_EQ(net_.sent[1].datagram.to.ToKernelText(), "2001:db8::53");
}

TEST(ResolvConf, NameServersAtMostThreeNumericOnly) {
  const auto ns = ParseResolvConfNameservers(
      "# comment\nsearch corp.test\nnameserver 198.51.100.53\n"
      "  nameserver\t2001:db8::53 # trailing\nnameserver dns.example\n"
      "nameserver fe80::1%eth0\nnameservers 203.0.113.1\nnameserver 203.0.113.53\n"
      "nameserver 203.0.113.54\n");
  EXPECT_EQ(Texts(ns), (std::vector<std::string>{"198.51.100.53", "2001:db8::53",
                                                 "203.0.113.53"}));
  EXPECT_TRUE(ParseResolvConfNameservers("").empty());
}

TEST(Nsswitch, FilesOnlyHostsSendNoDnsQueries) {
  EXPECT_TRUE(NsswitchUsesDns("passwd: files\nhosts: files dns\n"));
  EXPECT_TRUE(NsswitchUsesDns("hosts:\tfiles resolve [!UNAVAIL=return] myhostname dns\n"));
  EXPECT_TRUE(NsswitchUsesDns("passwd: files\n"));  // glibc's default has dns
  EXPECT_TRUE(NsswitchUsesDns(""));
  EXPECT_FALSE(NsswitchUsesDns("hosts: files\n"));
  EXPECT_FALSE(NsswitchUsesDns("hosts: files mdns4_minimal # dns\n"));
  EXPECT_FALSE(NsswitchUsesDns("hosts: files dnsx\n"));
}

// ---- The site as an input to the policy ------------------------------------

TEST(SiteOrder, SiteAddressesGoFirstWithinEachFamilyOnly) {
  const auto all = Addrs({"2001:db8:f::10", "203.0.113.10", "2001:db8:ad::31", "198.51.100.31",
                          "2001:db8:f::11", "203.0.113.11", "198.51.100.32"});
  const auto site = Addrs({"198.51.100.31", "198.51.100.32", "2001:db8:ad::31"});
  const auto plain = OrderForPolicy(FamilyPolicy::kHappyEyeballs, all, 1);
  const auto sited = OrderForPolicy(FamilyPolicy::kHappyEyeballs, all, 1, std::nullopt, site);
  EXPECT_EQ(Texts(plain), (std::vector<std::string>{"2001:db8:f::10", "203.0.113.10",
                                                    "2001:db8:ad::31", "198.51.100.31",
                                                    "2001:db8:f::11", "203.0.113.11",
                                                    "198.51.100.32"}));
  EXPECT_EQ(Texts(sited), (std::vector<std::string>{"2001:db8:ad::31", "198.51.100.31",
                                                    "2001:db8:f::10", "198.51.100.32",
                                                    "2001:db8:f::11", "203.0.113.10",
                                                    "203.0.113.11"}));
  // Each place keeps its family: the policy's interleaving is untouched.
  for (std::size_t i = 0; i < plain.size(); ++i)
    EXPECT_EQ(plain[i].family(), sited[i].family()) << i;
  EXPECT_EQ(Texts(MovedBySite(plain, sited)),
            (std::vector<std::string>{"2001:db8:ad::31", "198.51.100.31", "198.51.100.32"}));
}

TEST(SiteOrder, PreferredPoliciesKeepTheirFamilyFirst) {
  const auto all = Addrs({"2001:db8:f::10", "2001:db8:ad::31", "203.0.113.10", "198.51.100.31"});
  const auto site = Addrs({"198.51.100.31", "2001:db8:ad::31"});
  EXPECT_EQ(Texts(OrderForPolicy(FamilyPolicy::kV4Preferred, all, 1, std::nullopt, site)),
            (std::vector<std::string>{"198.51.100.31", "203.0.113.10", "2001:db8:ad::31",
                                      "2001:db8:f::10"}));
  EXPECT_EQ(Texts(OrderForPolicy(FamilyPolicy::kV6Only, all, 1, std::nullopt, site)),
            (std::vector<std::string>{"2001:db8:ad::31", "2001:db8:f::10"}));
}

TEST(SiteOrder, SystemPolicyIgnoresTheSite) {
  const auto all = Addrs({"203.0.113.10", "198.51.100.31"});
  EXPECT_EQ(Texts(OrderForPolicy(FamilyPolicy::kSystem, all, 1, std::nullopt,
                                 Addrs({"198.51.100.31"}))),
            (std::vector<std::string>{"203.0.113.10", "198.51.100.31"}));
}

TEST(SiteOrder, TriggerIsMoreThanOneAddressOfAFamily) {
  EXPECT_FALSE(SiteOrderCanMatter(Addrs({"203.0.113.10", "2001:db8::1"})));
  EXPECT_TRUE(SiteOrderCanMatter(Addrs({"203.0.113.10", "203.0.113.11"})));
  EXPECT_TRUE(SiteOrderCanMatter(Addrs({"2001:db8::1", "2001:db8::2", "203.0.113.1"})));
  EXPECT_FALSE(SiteOrderCanMatter({}));
}

// ---- The site in the race ---------------------------------------------------

class SiteRaceTest : public ::testing::Test {
 protected:
  Selection Select(std::function<std::vector<Address>(const std::vector<Address>&)> hook) {
    SelectionDeps deps{resolver_, connector_, clock_, probe_,
                       [this] { return clock_.Signalled(); }};
    deps.site_lookup = std::move(hook);
    config_.rules.host = HostIpv6{true, true, true};
    auto r = SelectAddresses("corp.test", config_, deps, clock_.Now() + milliseconds(60000));
    EXPECT_TRUE(r.ok());
    return r.ok() ? std::move(r).value() : Selection{};
  }

  FakeClock clock_;
  mount_cifs::testing::FakeNameResolver resolver_{clock_};
  mount_cifs::testing::FakeConnector connector_{clock_};
  mount_cifs::testing::FakeHostProbe probe_;
  SelectionConfig config_;
};

TEST_F(SiteRaceTest, TheSitesDcWinsTheRaceAndTheRestFollow) {
  resolver_.AddHost("corp.test", {"203.0.113.10", "203.0.113.11", "198.51.100.31",
                                  "2001:db8:f::10", "2001:db8:ad::31"});
  for (const char* a : {"203.0.113.10", "203.0.113.11", "198.51.100.31", "2001:db8:f::10",
                        "2001:db8:ad::31"})
    connector_.Script(a, mount_cifs::testing::ConnectScript{1, 0, false});
  int calls = 0;
  const Selection sel = Select([&](const std::vector<Address>&) {
    ++calls;
    clock_.Advance(milliseconds(30));  // the lookup's own time
    return Addrs({"198.51.100.31", "2001:db8:ad::31"});
  });
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "2001:db8:ad::31");
  ASSERT_GE(sel.mount_order.size(), 2u);
  // The policy (happy-eyeballs: IPv6 first, interleaved) is unchanged;
  // within each family the site's DC leads.
  EXPECT_EQ(sel.mount_order[0].ToKernelText(), "2001:db8:ad::31");
  std::vector<std::string> v4;
  for (const Address& a : sel.mount_order)
    if (a.family() == Family::kV4) v4.push_back(a.ToKernelText());
  ASSERT_FALSE(v4.empty());
  EXPECT_EQ(v4.front(), "198.51.100.31");
  EXPECT_EQ(Texts(sel.site_moved), (std::vector<std::string>{"2001:db8:ad::31", "198.51.100.31"}));
  // No probe started before the site was known.
  for (const auto& s : connector_.starts) EXPECT_GE(s.at_ms, 30) << s.address;
}

TEST_F(SiteRaceTest, OneAddressPerFamilyAsksNoSite) {
  resolver_.AddHost("corp.test", {"203.0.113.10", "2001:db8:f::10"});
  connector_.Script("2001:db8:f::10", mount_cifs::testing::ConnectScript{1, 0, false});
  int calls = 0;
  const Selection sel = Select([&](const std::vector<Address>&) {
    ++calls;
    return std::vector<Address>();
  });
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(sel.winner);
  EXPECT_TRUE(sel.site_moved.empty());
}

TEST_F(SiteRaceTest, NoSiteInformationLeavesThePolicyOrder) {
  resolver_.AddHost("corp.test", {"203.0.113.10", "198.51.100.31"});
  connector_.Script("203.0.113.10", mount_cifs::testing::ConnectScript{1, 0, false});
  connector_.Script("198.51.100.31", mount_cifs::testing::ConnectScript{1, 0, false});
  const Selection sel = Select([&](const std::vector<Address>&) {
    clock_.Advance(milliseconds(1000));  // CLDAP blocked: the whole budget
    return std::vector<Address>();
  });
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "203.0.113.10");
  EXPECT_TRUE(sel.site_moved.empty());
}

TEST_F(SiteRaceTest, AFamilyThatAnswersDuringTheRaceIsReportedMoved) {
  resolver_.AddHost("corp.test", {"203.0.113.10", "198.51.100.31", "2001:db8:f::10",
                                  "2001:db8:ad::31"});
  resolver_.SetLookupDelay("corp.test", Family::kV4, 100);
  for (const char* a : {"2001:db8:ad::31", "2001:db8:f::10"})
    connector_.Script(a, mount_cifs::testing::ConnectScript{400, 0, false});
  connector_.Script("198.51.100.31", mount_cifs::testing::ConnectScript{1, 0, false});
  const Selection sel = Select([&](const std::vector<Address>&) {
    clock_.Advance(milliseconds(5));
    return Addrs({"198.51.100.31", "2001:db8:ad::31"});
  });
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "198.51.100.31");
  EXPECT_EQ(Texts(sel.site_moved),
            (std::vector<std::string>{"2001:db8:ad::31", "198.51.100.31"}));
}

TEST_F(SiteRaceTest, AFamilyThatAnswersAfterTheRaceIsOrderedAndReportedSiteFirst) {
  resolver_.AddHost("corp.test", {"203.0.113.10", "198.51.100.31", "2001:db8:f::10",
                                  "2001:db8:ad::31"});
  resolver_.SetLookupDelay("corp.test", Family::kV4, 500);
  for (const char* a : {"2001:db8:ad::31", "2001:db8:f::10"})
    connector_.Script(a, mount_cifs::testing::ConnectScript{1, 0, false});
  const Selection sel = Select([&](const std::vector<Address>&) {
    clock_.Advance(milliseconds(5));
    return Addrs({"198.51.100.31", "2001:db8:ad::31"});
  });
  ASSERT_TRUE(sel.winner);
  EXPECT_EQ(sel.winner->ToKernelText(), "2001:db8:ad::31");
  EXPECT_EQ(Texts(sel.site_moved), (std::vector<std::string>{"2001:db8:ad::31"}));
  // The A answer comes after the race: ordered and reported like the race's.
  config_.site_first = Addrs({"198.51.100.31", "2001:db8:ad::31"});
  SelectionDeps deps{resolver_, connector_, clock_, probe_,
                     [this] { return clock_.Signalled(); }};
  const LateAnswers late =
      CollectLateAnswers(sel.candidates, config_, deps, clock_.Now() + milliseconds(1000));
  std::vector<std::string> got;
  for (const CandidateReport& c : late.candidates) got.push_back(c.address.ToKernelText());
  EXPECT_EQ(got, (std::vector<std::string>{"198.51.100.31", "203.0.113.10"}));
  EXPECT_EQ(Texts(late.site_moved), (std::vector<std::string>{"198.51.100.31"}));
  // Without site information nothing is reported moved.
  config_.site_first.clear();
  resolver_.StartLookups("corp.test", true, false);
  const LateAnswers plain = CollectLateAnswers({}, config_, deps, clock_.Now() + milliseconds(1000));
  EXPECT_EQ(plain.candidates.size(), 2u);
  EXPECT_TRUE(plain.site_moved.empty());
}

}  // namespace
}  // namespace mount_cifs::resolver
