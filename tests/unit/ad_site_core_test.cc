// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 16 in mount.cifs' core: the config keys, the learnt site in the
// per-server record (per network, bounded in time, hostile text refused),
// and what the decision line and the -v table say about the site.
#include <gtest/gtest.h>

#include <string>

#include "mount.cifs/core/decision.h"
#include "mount.cifs/core/reconnect.h"
#include "resolver/config.h"
#include "resolver/state_store.h"

namespace mount_cifs {
namespace {

using resolver::Address;
using resolver::HostRecord;
using std::chrono::milliseconds;

TEST(AdSiteConfig, OnByDefaultOffGloballyOrPerServer) {
  auto none = ParseConfig("", "c");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().For("corp.test", {}).ad_site_order);
  EXPECT_EQ(none.value().For("corp.test", {}).ad_site_timeout, milliseconds(1000));
  auto c = ParseConfig(
      "[global]\nad-site-order = no\nad-site-timeout = 250ms\n"
      "[server \"corp.test\"]\nad-site-order = yes\nad-site-timeout = 2s\n",
      "c");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c.value().For("CORP.test", {}).ad_site_order);
  EXPECT_EQ(c.value().For("corp.test", {}).ad_site_timeout, milliseconds(2000));
  EXPECT_FALSE(c.value().For("other.test", {}).ad_site_order);
  EXPECT_EQ(c.value().For("other.test", {}).ad_site_timeout, milliseconds(250));
  auto off = ParseConfig("[server \"fs1\"]\nad-site-order = no\n", "c");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off.value().For("fs1", {}).ad_site_order);
  EXPECT_TRUE(off.value().For("fs2", {}).ad_site_order);
}

TEST(AdSiteConfig, BadValuesNameTheKey) {
  for (const char* line : {"ad-site-order = maybe", "ad-site-order = 1", "ad-site-timeout = 50ms",
                           "ad-site-timeout = 6s", "ad-site-timeout = soon"}) {
    auto c = ParseConfig(std::string("[global]\n") + line + "\n", "c");
    ASSERT_FALSE(c.ok()) << line;
    EXPECT_NE(c.error().message.find(std::string(line).substr(0, 13)), std::string::npos)
        << c.error().message;
  }
}

TEST(AdSiteRecord, RoundTripsAndRefusesASiteThatIsNotOneLabel) {
  HostRecord r;
  r.host = "corp.test";
  r.network = "00aa";
  r.ad_site = "SiteNear";
  r.ad_site_at = 1000;
  const std::string text = resolver::FormatHostRecord(r);
  EXPECT_NE(text.find("ad-site=SiteNear\nad-site-at=1000\n"), std::string::npos);
  auto back = resolver::ParseHostRecord(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().ad_site, "SiteNear");
  EXPECT_EQ(back.value().ad_site_at, 1000);
  for (const char* bad : {"ad-site=a.b", "ad-site=a b", "ad-site=", "ad-site=../x"}) {
    auto p = resolver::ParseHostRecord("version=1\nhost=corp.test\npolicy=happy-eyeballs\n" +
                                       std::string(bad) + "\n");
    EXPECT_FALSE(p.ok()) << bad;
  }
}

HostRecord WithSite(const std::string& network, std::int64_t at) {
  HostRecord r;
  r.host = "corp.test";
  r.network = network;
  r.ad_site = "SiteNear";
  r.ad_site_at = at;
  return r;
}

TEST(AdSiteRecord, RememberedOnTheSameNetworkForADay) {
  const std::optional<std::string> here = std::string("00aa");
  EXPECT_EQ(RememberedAdSite(WithSite("00aa", 1000), here, 1000 + 3600), "SiteNear");
  EXPECT_EQ(RememberedAdSite(WithSite("00aa", 1000), here, 1000 + kAdSiteMemorySeconds),
            std::nullopt);
  EXPECT_EQ(RememberedAdSite(WithSite("00bb", 1000), here, 1001), std::nullopt);
  EXPECT_EQ(RememberedAdSite(WithSite("", 1000), here, 1001), std::nullopt);
  EXPECT_EQ(RememberedAdSite(WithSite("00aa", 1000), std::nullopt, 1001), std::nullopt);
  EXPECT_EQ(RememberedAdSite(WithSite("00aa", 5000), here, 1000), std::nullopt);  // future
  EXPECT_EQ(RememberedAdSite(std::nullopt, here, 1000), std::nullopt);
}

TEST(AdSiteRecord, AMountWritesTheSiteItLearntAndKeepsTheNetworksOwn) {
  RecordBasis basis{"corp.test", resolver::FamilyPolicy::kHappyEyeballs, 445, std::nullopt,
                    std::string("00aa"), 42, "/mnt"};
  const Address a = *Address::ParseNumeric("198.51.100.31");
  // Nothing learnt now: the same network's site stays, with its time.
  HostRecord r = RecordForMount(basis, a, 2000, WithSite("00aa", 1000));
  EXPECT_EQ(r.ad_site, "SiteNear");
  EXPECT_EQ(r.ad_site_at, 1000);
  // Another network's site is dropped.
  r = RecordForMount(basis, a, 2000, WithSite("00bb", 1000));
  EXPECT_EQ(r.ad_site, "");
  // A site learnt by this mount's ping is written with this time.
  basis.ad_site = "SiteFar";
  r = RecordForMount(basis, a, 2000, WithSite("00aa", 1000));
  EXPECT_EQ(r.ad_site, "SiteFar");
  EXPECT_EQ(r.ad_site_at, 2000);
  // No network known: no site is remembered at all.
  basis.network = std::nullopt;
  r = RecordForMount(basis, a, 2000, std::nullopt);
  EXPECT_EQ(r.ad_site, "");
}

TEST(AdSiteRecord, ANoReplyMarkCountsTenMinutesOnItsNetwork) {
  RecordBasis basis{"corp.test", resolver::FamilyPolicy::kHappyEyeballs, 445, std::nullopt,
                    std::string("00aa"), 42, "/mnt"};
  basis.ad_site_no_reply = true;
  const Address a = *Address::ParseNumeric("198.51.100.21");
  const HostRecord r = RecordForMount(basis, a, 2000, std::nullopt);
  EXPECT_EQ(r.ad_site_quiet_until, 2000 + kAdSiteQuietSeconds);
  auto back = resolver::ParseHostRecord(resolver::FormatHostRecord(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().ad_site_quiet_until, 2600);
  const std::optional<std::string> here = std::string("00aa");
  EXPECT_EQ(AdSiteQuietUntil(r, here, 2001), 2600);
  EXPECT_EQ(AdSiteQuietUntil(r, here, 2600), std::nullopt);
  EXPECT_EQ(AdSiteQuietUntil(r, std::string("00bb"), 2001), std::nullopt);
  EXPECT_EQ(AdSiteQuietUntil(r, std::nullopt, 2001), std::nullopt);
  HostRecord far = r;
  far.ad_site_quiet_until = 2001 + kAdSiteQuietSeconds + 1;  // not ours
  EXPECT_EQ(AdSiteQuietUntil(far, here, 2001), std::nullopt);
  // A site learnt later clears it; the mark survives a mount that learnt
  // nothing on the same network.
  RecordBasis learnt = basis;
  learnt.ad_site_no_reply = false;
  EXPECT_EQ(RecordForMount(learnt, a, 2100, r).ad_site_quiet_until, 2600);
  learnt.ad_site = "SiteNear";
  EXPECT_EQ(RecordForMount(learnt, a, 2100, r).ad_site_quiet_until, 0);
}

HostRecord WithNoSite(const std::string& network, std::int64_t at) {
  HostRecord r;
  r.host = "corp.test";
  r.network = network;
  r.ad_site_none_at = at;
  return r;
}

TEST(AdSiteRecord, NoSiteRoundTripsOldRecordsParseAndBadValuesAreRefused) {
  const HostRecord r = WithNoSite("00aa", 1000);
  const std::string text = resolver::FormatHostRecord(r);
  EXPECT_NE(text.find("\nad-site-none-at=1000\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("ad-site="), std::string::npos) << text;
  auto back = resolver::ParseHostRecord(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().ad_site_none_at, 1000);
  EXPECT_EQ(back.value().ad_site, "");
  // A record written before the key existed parses as it did.
  const std::string head = "version=1\nhost=corp.test\npolicy=happy-eyeballs\n";
  auto old = resolver::ParseHostRecord(head +
                                       "written-at=1000\nnetwork=00aa\nad-site=SiteNear\n"
                                       "ad-site-at=1000\nad-site-quiet-until=1600\n");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old.value().ad_site, "SiteNear");
  EXPECT_EQ(old.value().ad_site_none_at, 0);
  for (const char* bad : {"ad-site-none-at=", "ad-site-none-at=-1", "ad-site-none-at=1x",
                          "ad-site-none-at=99999999999999999999",
                          "ad-site=SiteNear\nad-site-at=1000\nad-site-none-at=1000"}) {
    auto p = resolver::ParseHostRecord(head + bad + "\n");
    EXPECT_FALSE(p.ok()) << bad;
  }
}

TEST(AdSiteRecord, NoSiteIsRememberedOnTheSameNetworkForADay) {
  const std::optional<std::string> here = std::string("00aa");
  EXPECT_TRUE(RemembersNoAdSite(WithNoSite("00aa", 1000), here, 1000));
  EXPECT_TRUE(RemembersNoAdSite(WithNoSite("00aa", 1000), here, 1000 + 3600));
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("00aa", 1000), here, 1000 + kAdSiteMemorySeconds));
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("00bb", 1000), here, 1001));
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("", 1000), here, 1001));
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("00aa", 1000), std::nullopt, 1001));
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("00aa", 5000), here, 1000));  // future
  EXPECT_FALSE(RemembersNoAdSite(WithNoSite("00aa", 0), here, 1000));     // not set
  EXPECT_FALSE(RemembersNoAdSite(std::nullopt, here, 1000));
  EXPECT_FALSE(RemembersNoAdSite(WithSite("00aa", 1000), here, 1001));
  EXPECT_EQ(RememberedAdSite(WithNoSite("00aa", 1000), here, 1001), std::nullopt);
}

TEST(AdSiteRecord, AMountWritesNoSiteAndASiteLearntLaterReplacesIt) {
  RecordBasis basis{"corp.test", resolver::FamilyPolicy::kHappyEyeballs, 445, std::nullopt,
                    std::string("00aa"), 42, "/mnt"};
  const Address a = *Address::ParseNumeric("198.51.100.31");
  // The ping said "no site": it replaces the site the record had.
  basis.ad_site_none = true;
  HostRecord r = RecordForMount(basis, a, 2000, WithSite("00aa", 1000));
  EXPECT_EQ(r.ad_site, "");
  EXPECT_EQ(r.ad_site_at, 0);
  EXPECT_EQ(r.ad_site_none_at, 2000);
  ASSERT_TRUE(resolver::ParseHostRecord(resolver::FormatHostRecord(r)).ok());
  // A DC answered: a quiet mark of the network is gone.
  HostRecord quiet = WithNoSite("00aa", 0);
  quiet.ad_site_quiet_until = 2300;
  EXPECT_EQ(RecordForMount(basis, a, 2000, quiet).ad_site_quiet_until, 0);
  // Kept by a mount that learnt nothing on the same network (with its
  // time), dropped on another.
  RecordBasis plain = basis;
  plain.ad_site_none = false;
  EXPECT_EQ(RecordForMount(plain, a, 2100, r).ad_site_none_at, 2000);
  RecordBasis elsewhere = plain;
  elsewhere.network = std::string("00bb");
  EXPECT_EQ(RecordForMount(elsewhere, a, 2100, r).ad_site_none_at, 0);
  // A site learnt later replaces "no site".
  plain.ad_site = "SiteNear";
  const HostRecord moved = RecordForMount(plain, a, 2100, r);
  EXPECT_EQ(moved.ad_site, "SiteNear");
  EXPECT_EQ(moved.ad_site_none_at, 0);
  // No network known: nothing is remembered.
  basis.network = std::nullopt;
  EXPECT_EQ(RecordForMount(basis, a, 2000, std::nullopt).ad_site_none_at, 0);
}

Decision SiteDecision() {
  Decision d;
  d.server = "corp.test";
  d.kernel = resolver::KernelCapsFor("6.12.0", std::nullopt);
  d.host = resolver::HostIpv6{true, true, true};
  resolver::SiteOutcome site;
  site.status = resolver::SiteStatus::kFound;
  site.site = "SiteNear";
  site.answered_by = Address::ParseNumeric("198.51.100.10");
  site.site_addresses = {*Address::ParseNumeric("198.51.100.31"),
                         *Address::ParseNumeric("2001:db8:ad::31")};
  site.took = milliseconds(14);
  d.ad_site = site;
  d.selection.site_moved = {*Address::ParseNumeric("2001:db8:ad::31"),
                            *Address::ParseNumeric("198.51.100.31")};
  d.result = RunResult::kFaked;
  return d;
}

TEST(AdSiteDecision, TheLineNamesTheSiteWhereItCameFromAndWhatMoved) {
  const std::string line = FormatDecisionLine(SiteDecision());
  EXPECT_NE(line.find(" ad-site-lookup=found/14ms ad-site=SiteNear "
                      "ad-site-from=ping:198.51.100.10 "
                      "ad-site-moved=2001:db8:ad::31,198.51.100.31 "),
            std::string::npos)
      << line;
  Decision cached = SiteDecision();
  cached.ad_site->cached = true;
  EXPECT_NE(FormatDecisionLine(cached).find(" ad-site-from=record "), std::string::npos);
  Decision blocked = SiteDecision();
  blocked.ad_site = resolver::SiteOutcome{};
  blocked.ad_site->status = resolver::SiteStatus::kNoReply;
  blocked.ad_site->took = milliseconds(1000);
  blocked.selection.site_moved.clear();
  const std::string no = FormatDecisionLine(blocked);
  EXPECT_NE(no.find(" ad-site-lookup=no-reply/1000ms "), std::string::npos) << no;
  EXPECT_EQ(no.find(" ad-site="), std::string::npos) << no;
  Decision none = SiteDecision();
  none.ad_site.reset();
  EXPECT_EQ(FormatDecisionLine(none).find("ad-site"), std::string::npos);
}

TEST(AdSiteDecision, TheVerboseTableSaysTheSameInWords) {
  bool found = false;
  for (const std::string& l : FormatDecisionTable(SiteDecision())) {
    if (l.rfind("AD site:", 0) != 0) continue;
    found = true;
    EXPECT_EQ(l,
              "AD site: found in 14 ms; client site SiteNear (CLDAP reply of 198.51.100.10); "
              "its DCs first within their family: 198.51.100.31 2001:db8:ad::31; "
              "moved ahead: 2001:db8:ad::31 198.51.100.31");
  }
  EXPECT_TRUE(found);
}

TEST(AdSiteDecision, NoSiteSaysWhereTheAnswerCameFrom) {
  Decision pinged = SiteDecision();
  pinged.ad_site->status = resolver::SiteStatus::kNoSite;
  pinged.ad_site->site.clear();
  pinged.ad_site->site_addresses.clear();
  pinged.ad_site->took = milliseconds(8);
  pinged.selection.site_moved.clear();
  const std::string line = FormatDecisionLine(pinged);
  EXPECT_NE(line.find(" ad-site-lookup=no-site/8ms ad-site-from=ping:198.51.100.10 "),
            std::string::npos)
      << line;
  EXPECT_EQ(line.find(" ad-site="), std::string::npos) << line;
  Decision cached = pinged;
  cached.ad_site->cached = true;
  cached.ad_site->answered_by.reset();
  cached.ad_site->took = milliseconds(0);
  EXPECT_NE(FormatDecisionLine(cached).find(" ad-site-lookup=no-site/0ms ad-site-from=record "),
            std::string::npos)
      << FormatDecisionLine(cached);
  bool found = false;
  for (const std::string& l : FormatDecisionTable(cached)) {
    if (l.rfind("AD site:", 0) != 0) continue;
    found = true;
    EXPECT_EQ(l, "AD site: no-site in 0 ms; the client's address is in no AD subnet "
                 "(remembered on this network, no ping)");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace mount_cifs
