// SPDX-License-Identifier: GPL-3.0-or-later
// cifs-family-resolve's decision (issue 12) with the fakes: which requests
// are ours, the sticky family, failover and its timing, the failure mark's
// lifetime and network, srcaddr= pinning, the payload's NUL and the TTL.
#include "cifs-family-resolve/core/handler.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "cifs-family-resolve/core/dry_run.h"
#include "cifs-family-resolve/core/key_request.h"
#include "cifs-family-resolve/core/options.h"
#include "tests/fakes/fake_datagram_net.h"
#include "tests/fakes/fake_name_resolver.h"
#include "tests/fakes/fake_network.h"
#include "tests/fakes/fake_state_store.h"

namespace cifs_family_resolve {
namespace {

using mount_cifs::resolver::Family;
using mount_cifs::resolver::FamilyPolicy;
using mount_cifs::resolver::HostRecord;
using mount_cifs::testing::Addr;
using mount_cifs::testing::ConnectScript;
using mount_cifs::testing::FakeClock;
using mount_cifs::testing::FakeConnector;
using mount_cifs::testing::FakeHostProbe;
using mount_cifs::testing::FakeLogger;
using mount_cifs::testing::FakeNameResolver;
using mount_cifs::testing::FakeStateStore;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr ConnectScript kBlackhole{-1, 0, false};
constexpr ConnectScript kConnects{1, 0, false};
constexpr ConnectScript kRefused{1, ECONNREFUSED, false};

constexpr const char* kV4 = "198.51.100.10";
constexpr const char* kV6 = "2001:db8:cf::10";
constexpr std::int64_t kNow = 1'800'000'000;
constexpr const char* kNetwork = "00000000000000aa";

/// The key fake: a scripted description and callout; records the answer.
class FakeKernelKey : public KernelKey {
 public:
  std::string description = "dns_resolver;0;0;3f010000;fs1.example";
  std::string callout;
  std::vector<std::string> calls;  // "instantiate PAYLOAD ttl" / "reject E ttl"
  std::string payload;
  seconds ttl{0};
  int rejected_with = 0;

  Result<std::string> Description() override { return description; }
  Result<std::string> CalloutInfo() override { return callout; }
  Status Instantiate(std::string_view p, seconds t) override {
    payload = std::string(p);
    ttl = t;
    calls.push_back("instantiate");
    return {};
  }
  Status Reject(int error, seconds t) override {
    rejected_with = error;
    ttl = t;
    calls.push_back("reject");
    return {};
  }
  // The address the key holds, without its NUL.
  std::string Answer() const { return payload.substr(0, payload.find('\0')); }
};

class FakeWallClock : public mount_cifs::WallClock {
 public:
  std::int64_t now = kNow;
  std::int64_t NowSeconds() override { return now; }
};

class HandlerTest : public ::testing::Test {
 protected:
  HandlerTest() {
    answers_ = {kV6, kV4};
    scripts_[kV4] = kConnects;
    scripts_[kV6] = kConnects;
  }

  // One request, as one run of the handler: a fresh resolver and connector
  // (nothing carries over between runs but the state records).
  HandlerResult Handle() {
    FakeNameResolver resolver{clock_};
    resolver.AddHost("fs1.example", answers_);
    for (const auto& [family, ms] : lookup_delays_)
      resolver.SetLookupDelay("fs1.example", family, ms);
    FakeConnector fresh{clock_};
    for (const auto& [address, script] : scripts_) fresh.Script(address, script);
    connector_ = std::make_unique<FakeConnector>(std::move(fresh));
    key_ = FakeKernelKey{};
    key_.description = "dns_resolver;0;0;3f010000;" + name_;
    key_.callout = callout_;
    HandlerDeps deps{key_,   state_, resolver, *connector_, clock_, probe_,
                     logger_, wall_,
                     [this]() -> Result<std::string> { return mounts_; },
                     [this](std::int64_t pid) { return running_.count(pid) > 0; },
                     [this] { return network_; }, datagrams_};
    start_ms_ = clock_.Ms();
    auto r = HandleRequest(config_, limits_, deps);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return HandlerResult{};
    return std::move(r).value();
  }

  // A record as mount.cifs writes it before mount(2).
  void Mounted(const char* address, FamilyPolicy policy = FamilyPolicy::kHappyEyeballs) {
    HostRecord r;
    r.host = "fs1.example";
    r.policy = policy;
    r.mounted = Addr(address);
    r.written_at = wall_.now;
    r.network = kNetwork;
    ASSERT_TRUE(state_.Save(r).ok());
    mounts_ = "//fs1.example/share /mnt cifs rw,addr=x 0 0\n";
  }

  HostRecord Record() {
    auto r = state_.Load("fs1.example");
    EXPECT_TRUE(r.ok() && r.value());
    return r.ok() && r.value() ? *r.value() : HostRecord{};
  }

  long ElapsedMs() const { return clock_.Ms() - start_ms_; }

  mount_cifs::Config config_;
  HandlerLimits limits_;
  FakeKernelKey key_;
  FakeStateStore state_;
  FakeClock clock_;
  std::vector<std::string> answers_;
  std::map<Family, int> lookup_delays_;
  std::map<std::string, ConnectScript> scripts_;
  std::unique_ptr<FakeConnector> connector_ = std::make_unique<FakeConnector>(clock_);
  FakeHostProbe probe_;
  FakeLogger logger_;
  FakeWallClock wall_;
  std::string mounts_;
  std::string network_ = kNetwork;
  std::set<std::int64_t> running_;  // mount.cifs processes alive
  std::string name_ = "fs1.example";
  std::string callout_;
  mount_cifs::resolver::DatagramNet* datagrams_ = nullptr;
  long start_ms_ = 0;
};

// --- Whose request ---------------------------------------------------------

TEST_F(HandlerTest, NamesNoMountRecordedAreDelegated) {
  const HandlerResult r = Handle();
  EXPECT_EQ(r.verdict, Verdict::kDelegate);
  EXPECT_TRUE(key_.calls.empty());
  EXPECT_TRUE(connector_->starts.empty());  // no lookup, no probe: not ours
  EXPECT_TRUE(logger_.entries.empty());
}

TEST_F(HandlerTest, TypedRequestsAndCalloutsAreDelegated) {
  Mounted(kV6);
  callout_ = "list";
  EXPECT_EQ(Handle().verdict, Verdict::kDelegate);
  callout_ = "";
  name_ = "afsdb:fs1.example";
  EXPECT_EQ(Handle().verdict, Verdict::kDelegate);
  EXPECT_TRUE(key_.calls.empty());
}

TEST_F(HandlerTest, OtherKeyTypesAreDelegated) {
  Mounted(kV6);
  key_.description = "user;0;0;3f010000;fs1.example";
  FakeNameResolver resolver{clock_};
  HandlerDeps deps{key_,   state_, resolver, *connector_, clock_, probe_, logger_, wall_,
                   [this]() -> Result<std::string> { return mounts_; },
                   [this](std::int64_t pid) { return running_.count(pid) > 0; },
                   [this] { return network_; }};
  auto r = HandleRequest(config_, limits_, deps);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().verdict, Verdict::kDelegate);
}

TEST_F(HandlerTest, HostileDescriptionsAreNeverOurs) {
  Mounted(kV6);
  for (const std::string& hostile : std::vector<std::string>{
           "fs1.example;reboot", "../../etc/passwd", "fs1 example", "$(reboot)",
        "fs1.example\n", "a..b", ".fs1", std::string(300, 'a'),
        std::string(64, 'a') + ".example", "198.51.100.10", "2001:db8::1",
        "fs1.example%eth0", std::string("fs1\0x", 5), "*"}) {
    name_ = hostile;
    EXPECT_EQ(Handle().verdict, Verdict::kDelegate) << hostile;
    EXPECT_TRUE(key_.calls.empty()) << hostile;
  }
  EXPECT_TRUE(state_.files.size() == 1);  // nothing new written
}

TEST_F(HandlerTest, AStaleRecordIsNotOurs) {
  Mounted(kV6);
  mounts_ = "//other.example/share /mnt cifs rw 0 0\n";
  wall_.now += 121;  // older than 2 minutes and its mount is gone
  EXPECT_EQ(Handle().verdict, Verdict::kDelegate);
  mounts_ = "//FS1.EXAMPLE./share /mnt smb3 rw 0 0\n";  // case, trailing dot
  EXPECT_EQ(Handle().verdict, Verdict::kAnswered);
}

TEST_F(HandlerTest, ADamagedRecordIsNotTrustedAndSaysSo) {
  state_.files["fs1.example"] = "version=1\nhost=fs1.example\npolicy=bogus\n";
  mounts_ = "//fs1.example/share /mnt cifs rw 0 0\n";
  EXPECT_EQ(Handle().verdict, Verdict::kDelegate);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find("state record ignored"), std::string::npos);
}

TEST_F(HandlerTest, AFreshRecordCountsBeforeItsMountAppears) {
  // Kernels 6.6.0-6.6.2 and DFS upcall during mount(2).
  Mounted(kV6);
  mounts_.clear();
  wall_.now += 30;
  EXPECT_EQ(Handle().verdict, Verdict::kAnswered);
}

TEST_F(HandlerTest, ARecentRecordOfAFinishedHelperIsNotOurs) {
  // Our mount of the name was unmounted; a cifs-utils mount of the same
  // name, moments later, must get key.dns_resolver's answer.
  Mounted(kV6);
  HostRecord r = Record();
  r.writer_pid = 4242;
  ASSERT_TRUE(state_.Save(r).ok());
  mounts_.clear();
  wall_.now += 10;
  EXPECT_EQ(Handle().verdict, Verdict::kDelegate);
  running_.insert(4242);  // while its mount(2) runs, the record counts
  EXPECT_EQ(Handle().verdict, Verdict::kAnswered);
}

TEST_F(HandlerTest, AServerSectionMakesANameOursWithoutAMount) {
  auto c = mount_cifs::ParseConfig("[server \"fs1.example\"]\nfamily = v4-only\n", "t");
  ASSERT_TRUE(c.ok());
  config_ = std::move(c).value();
  const HandlerResult r = Handle();
  EXPECT_EQ(r.verdict, Verdict::kAnswered);
  EXPECT_EQ(key_.Answer(), kV4);
  EXPECT_EQ(Record().answered->ToKernelText(), kV4);  // remembered from now on
}

TEST_F(HandlerTest, AServerSectionKeepsItsFailureMemoryWithoutAMount) {
  auto c = mount_cifs::ParseConfig("[server \"fs1.example\"]\nfamily = v6-preferred\n", "t");
  ASSERT_TRUE(c.ok());
  config_ = std::move(c).value();
  scripts_[kV6] = kBlackhole;
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  ASSERT_TRUE(Record().failed_family);
  // Long after, IPv6 still down: IPv4 goes first, no attempt delay lost.
  wall_.now += 300;
  const long before = clock_.Ms();
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  EXPECT_LE(clock_.Ms() - before, 5);
}

// --- The answer --------------------------------------------------------------

TEST_F(HandlerTest, TheMountsFamilyIsAnsweredAgainWhileItWorks) {
  Mounted(kV6);
  for (int reconnect = 0; reconnect < 3; ++reconnect) {
    clock_.Advance(milliseconds(8000));
    wall_.now += 8;
    const HandlerResult r = Handle();
    ASSERT_EQ(r.verdict, Verdict::kAnswered);
    EXPECT_EQ(key_.Answer(), kV6);
    EXPECT_NE(r.line.find("reason=sticky"), std::string::npos) << r.line;
  }
  // The one syslog line per answer.
  EXPECT_EQ(logger_.entries.size(), 3u);
}

TEST_F(HandlerTest, StickyIsTheMountsFamilyNotGetaddrinfosFirst) {
  Mounted(kV4);  // mounted on IPv4 although AAAA sorts first
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);
}

TEST_F(HandlerTest, OnlyPoliciesNeverAnswerTheOtherFamily) {
  Mounted(kV4, FamilyPolicy::kV4Only);
  scripts_[kV4] = kBlackhole;  // even when IPv4 does not connect
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  EXPECT_NE(r.line.find("reason=no-probe-answer"), std::string::npos) << r.line;
  for (const auto& s : connector_->starts) EXPECT_EQ(s.address, kV4);
}

TEST_F(HandlerTest, AnOnlyPolicyWithoutItsFamilyRejectsSoTheKernelKeepsItsAddress) {
  Mounted(kV6, FamilyPolicy::kV6Only);
  answers_ = {kV4};
  const HandlerResult r = Handle();
  EXPECT_EQ(r.verdict, Verdict::kRejected);
  EXPECT_EQ(key_.rejected_with, ENODATA);
  EXPECT_EQ(key_.ttl, seconds(5));
}

TEST_F(HandlerTest, PolicySystemAnswersGetaddrinfosFirstLikeCifsUpcall) {
  Mounted(kV4, FamilyPolicy::kSystem);
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kV6);
  EXPECT_TRUE(connector_->starts.empty());
  EXPECT_NE(r.line.find("reason=system-order"), std::string::npos);
}

TEST_F(HandlerTest, PayloadIsOneAddressWithItsNulCounted) {
  Mounted(kV6);
  Handle();
  ASSERT_EQ(key_.payload.size(), std::string(kV6).size() + 1);
  EXPECT_EQ(key_.payload.back(), '\0');
  EXPECT_EQ(key_.payload.find(','), std::string::npos);
  EXPECT_EQ(KeyPayload(Addr("198.51.100.1")), std::string("198.51.100.1\0", 13));
}

TEST_F(HandlerTest, TtlIsFiveSecondsByDefaultAndConfigurable) {
  Mounted(kV6);
  Handle();
  EXPECT_EQ(key_.ttl, seconds(5));
  auto c = mount_cifs::ParseConfig("[global]\nreconnect-ttl = 30s\n", "t");
  ASSERT_TRUE(c.ok());
  config_ = std::move(c).value();
  Handle();
  EXPECT_EQ(key_.ttl, seconds(30));
  // Under 2 s a key can expire before the kernel reads it.
  EXPECT_FALSE(mount_cifs::ParseConfig("[global]\nreconnect-ttl = 1s\n", "t").ok());
  EXPECT_FALSE(mount_cifs::ParseConfig("[global]\nreconnect-ttl = 61s\n", "t").ok());
  EXPECT_FALSE(mount_cifs::ParseConfig("[global]\nreconnect-ttl = 2500ms\n", "t").ok());
  EXPECT_EQ(KeyTtl(seconds(1)), seconds(2));
  EXPECT_EQ(KeyTtl(seconds(600)), seconds(60));
}

// --- Failover ------------------------------------------------------------------

TEST_F(HandlerTest, ABrokenStickyFamilyFailsOverWithinOneAttemptDelay) {
  Mounted(kV6);
  scripts_[kV6] = kBlackhole;
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  EXPECT_NE(r.line.find("reason=failover"), std::string::npos) << r.line;
  // IPv6 first, IPv4 after the 250 ms attempt delay, connected 1 ms later.
  EXPECT_LE(ElapsedMs(), 260);
  const HostRecord rec = Record();
  ASSERT_TRUE(rec.failed_family);
  EXPECT_EQ(*rec.failed_family, Family::kV6);
  EXPECT_EQ(rec.failed_until, kNow + 600);
  EXPECT_EQ(rec.network, kNetwork);
  EXPECT_NE(r.line.find("failed-family=ipv6"), std::string::npos) << r.line;
}

TEST_F(HandlerTest, TheFamilyThatWentSecondIsNeverMarkedFailed) {
  // Sticky IPv6 connects after 60 ms (a loaded host); IPv4, started with it,
  // has not answered yet and is cancelled: no verdict on IPv4.
  Mounted(kV6);
  scripts_[kV6] = ConnectScript{60, 0, false};
  scripts_[kV4] = kBlackhole;
  Handle();
  EXPECT_EQ(key_.Answer(), kV6);
  EXPECT_FALSE(Record().failed_family);
}

TEST_F(HandlerTest, RefusedIsAFailureToo) {
  Mounted(kV6);
  scripts_[kV6] = kRefused;
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  EXPECT_EQ(*Record().failed_family, Family::kV6);
}

TEST_F(HandlerTest, AfterFailoverTheWorkingFamilyIsStickyAndFirst) {
  Mounted(kV6);
  scripts_[kV6] = kBlackhole;
  Handle();
  // IPv6 is back, but marked failed: IPv4 is probed first and kept.
  scripts_[kV6] = kConnects;
  connector_->starts.clear();
  wall_.now += 8;
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);
  ASSERT_FALSE(connector_->starts.empty());
  EXPECT_EQ(connector_->starts.front().address, kV4);
}

TEST_F(HandlerTest, TheFailureMarkExpires) {
  Mounted(kV6);
  HostRecord r = Record();
  r.failed_family = Family::kV6;
  r.failed_until = kNow + 600;
  ASSERT_TRUE(state_.Save(r).ok());
  Handle();
  EXPECT_EQ(key_.Answer(), kV4);  // IPv6 marked: IPv4 first, and it connects
  // Ten minutes later the mark is gone; the mount is on IPv4 now and stays.
  wall_.now += 601;
  connector_->starts.clear();
  Handle();
  EXPECT_FALSE(Record().failed_family);
  EXPECT_EQ(key_.Answer(), kV4);
}

TEST_F(HandlerTest, AnExpiredMarkLetsTheMountedFamilyLead) {
  Mounted(kV6);
  HostRecord r = Record();
  r.failed_family = Family::kV6;
  r.failed_until = kNow - 1;
  ASSERT_TRUE(state_.Save(r).ok());
  Handle();
  EXPECT_EQ(key_.Answer(), kV6);
}

TEST_F(HandlerTest, AFailureMarkFromAnotherNetworkDoesNotCount) {
  Mounted(kV6);
  HostRecord r = Record();
  r.failed_family = Family::kV6;
  r.failed_until = kNow + 600;
  ASSERT_TRUE(state_.Save(r).ok());
  network_ = "00000000000000bb";
  Handle();
  EXPECT_EQ(key_.Answer(), kV6);
  EXPECT_FALSE(Record().failed_family);
  EXPECT_EQ(Record().network, "00000000000000bb");
}

TEST_F(HandlerTest, ServerDownMarksNothingAndKeepsTheMountsAddress) {
  Mounted(kV6);
  scripts_[kV6] = kRefused;
  scripts_[kV4] = kRefused;
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kV6);
  EXPECT_FALSE(Record().failed_family);
  EXPECT_NE(r.line.find("reason=no-probe-answer"), std::string::npos) << r.line;
}

TEST_F(HandlerTest, FailureMemoryIsConfigurable) {
  auto c = mount_cifs::ParseConfig("[global]\nfailed-family-memory = 2m\n", "t");
  ASSERT_TRUE(c.ok());
  config_ = std::move(c).value();
  Mounted(kV6);
  scripts_[kV6] = kBlackhole;
  Handle();
  EXPECT_EQ(Record().failed_until, kNow + 120);
}

// --- srcaddr= --------------------------------------------------------------------

TEST_F(HandlerTest, SrcaddrPinsTheFamilyEvenWhenItDoesNotConnect) {
  Mounted(kV6);
  HostRecord r = Record();
  r.srcaddr = Addr("2001:db8:cf::2");
  r.srcaddr_family = Family::kV6;
  ASSERT_TRUE(state_.Save(r).ok());
  scripts_[kV6] = kBlackhole;
  const HandlerResult h = Handle();
  EXPECT_EQ(key_.Answer(), kV6);
  for (const auto& s : connector_->starts) {
    EXPECT_EQ(s.address, kV6);
    EXPECT_EQ(s.source, "2001:db8:cf::2");  // probes bind where the kernel will
  }
  EXPECT_NE(h.line.find("srcaddr-family=ipv6"), std::string::npos) << h.line;
}

TEST_F(HandlerTest, SrcaddrWithoutItsFamilyInDnsRejects) {
  Mounted(kV4);
  HostRecord r = Record();
  r.srcaddr = Addr("198.51.100.2");
  ASSERT_TRUE(state_.Save(r).ok());
  answers_ = {kV6};
  EXPECT_EQ(Handle().verdict, Verdict::kRejected);
  EXPECT_TRUE(key_.payload.empty());
}

// --- Bounded -----------------------------------------------------------------------

TEST_F(HandlerTest, AHangingLookupIsRejectedWithinTheSelectionLimit) {
  Mounted(kV6);
  lookup_delays_[Family::kV4] = -1;
  lookup_delays_[Family::kV6] = -1;
  const HandlerResult r = Handle();
  EXPECT_EQ(r.verdict, Verdict::kRejected);
  EXPECT_EQ(key_.rejected_with, ETIMEDOUT);
  EXPECT_NE(r.line.find("reason=dns-timeout"), std::string::npos) << r.line;
  EXPECT_LE(ElapsedMs(), 1500);
  EXPECT_EQ(key_.ttl, seconds(5));  // asked again at the kernel's next retry
}

TEST_F(HandlerTest, ABlackholedServerIsAnsweredWithinTheLimit) {
  Mounted(kV6);
  scripts_[kV6] = kBlackhole;
  scripts_[kV4] = kBlackhole;
  const HandlerResult r = Handle();
  EXPECT_EQ(r.verdict, Verdict::kAnswered);
  EXPECT_LE(ElapsedMs(), 1500);
}

// --- The AD site (issue 16) ---------------------------------------------------

// The mount put its AD site's DCs first; DNS gives another site's first.
constexpr const char* kFar4 = "198.51.100.21";
constexpr const char* kNear4 = "198.51.100.31";
constexpr const char* kFar6 = "2001:db8:ad::21";
constexpr const char* kNear6 = "2001:db8:ad::31";
constexpr const char* kSiteSrv = "_ldap._tcp.sitenear._sites.dc._msdcs.fs1.example";

class HandlerSiteTest : public HandlerTest {
 protected:
  HandlerSiteTest() : net_(clock_) {
    answers_ = {kFar6, kNear6, kFar4, kNear4};
    for (const char* a : {kFar4, kNear4, kFar6, kNear6}) scripts_[a] = kConnects;
    net_.nameservers = {Addr("198.51.100.53")};
    net_.respond = [this](const mount_cifs::resolver::Datagram& d) {
      std::vector<mount_cifs::testing::FakeReply> replies;
      if (d.port == 53 && dns_up_)
        replies.push_back({dns_delay_, mount_cifs::testing::FakeDnsAnswer(d.payload, srv_, hosts_)});
      return replies;
    };
    srv_[kSiteSrv] = {"dcn.fs1.example"};
    srv_["_ldap._tcp.dc._msdcs.fs1.example"] = {"dcf.fs1.example", "dcn.fs1.example"};
    hosts_["dcn.fs1.example"] = {kNear4, kNear6};
    hosts_["dcf.fs1.example"] = {kFar4, kFar6};
    datagrams_ = &net_;
  }

  // mount.cifs's record of a mount of `address` that learnt SiteNear an
  // hour ago on this network.
  void MountedInSite(const char* address) {
    Mounted(address);
    HostRecord r = Record();
    r.ad_site = "SiteNear";
    r.ad_site_at = wall_.now - 3600;
    ASSERT_TRUE(state_.Save(r).ok());
  }

  void Configure(const std::string& text) {
    auto c = mount_cifs::ParseConfig(text, "t");
    ASSERT_TRUE(c.ok()) << c.error().message;
    config_ = std::move(c).value();
  }

  std::size_t PingsSent() const {
    std::size_t n = 0;
    for (const auto& s : net_.sent) n += s.datagram.port == 389;
    return n;
  }

  mount_cifs::testing::FakeDatagramNet net_;
  std::map<std::string, std::vector<std::string>> srv_;
  std::map<std::string, std::vector<std::string>> hosts_;
  bool dns_up_ = true;
  milliseconds dns_delay_{2};
};

TEST_F(HandlerSiteTest, ARememberedSitesDcComesFirstInTheStickyFamily) {
  for (const char* mounted : {kNear4, kNear6}) {
    SCOPED_TRACE(mounted);
    net_.sent.clear();
    MountedInSite(mounted);
    const HandlerResult r = Handle();
    ASSERT_EQ(r.verdict, Verdict::kAnswered) << r.line;
    // DNS's first of the family is the far DC: the site moved the near one up.
    EXPECT_EQ(key_.Answer(), mounted) << r.line;
    EXPECT_NE(r.line.find(" ad-site=SiteNear ad-site-from=record"), std::string::npos) << r.line;
    EXPECT_NE(r.line.find(std::string(" ad-site-moved=") + mounted), std::string::npos)
        << r.line;
    EXPECT_NE(r.line.find(" ad-site-lookup=found/"), std::string::npos) << r.line;
    EXPECT_NE(r.line.find("reason=sticky"), std::string::npos) << r.line;
    // The site's SRV query and its target's A and AAAA: DNS only, no ping,
    // not the domain's SRV query.
    ASSERT_FALSE(net_.sent.empty());
    EXPECT_EQ(PingsSent(), 0u);
    for (const auto& sent : net_.sent) EXPECT_EQ(sent.datagram.port, 53);
    EXPECT_LE(net_.sent.size(), 3u);
    // The record keeps the site as mount.cifs wrote it.
    EXPECT_EQ(Record().ad_site, "SiteNear");
    EXPECT_EQ(Record().ad_site_at, wall_.now - 3600);
  }
}

TEST_F(HandlerSiteTest, WithoutSiteOrderDnsOrderStands) {
  // The same request without a site: the DNS-first DC of the other site
  // (what a reconnect answered before issue 16 reached the handler).
  Mounted(kNear4);
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kFar4) << r.line;
  EXPECT_EQ(r.line.find("ad-site"), std::string::npos) << r.line;
  EXPECT_TRUE(net_.sent.empty());
}

TEST_F(HandlerSiteTest, NoDatagramUnlessASiteIsRememberedOnThisNetwork) {
  struct Case {
    const char* name;
    std::function<void(HostRecord*)> change;
  };
  const Case cases[] = {
      {"no site learnt", [](HostRecord* r) { r->ad_site.clear(); r->ad_site_at = 0; }},
      {"in no site",
       [this](HostRecord* r) {
         r->ad_site.clear();
         r->ad_site_at = 0;
         r->ad_site_none_at = wall_.now - 60;
       }},
      {"quiet",
       [this](HostRecord* r) {
         r->ad_site.clear();
         r->ad_site_at = 0;
         r->ad_site_quiet_until = wall_.now + 300;
       }},
      {"stale (over 24 h)",
       [this](HostRecord* r) { r->ad_site_at = wall_.now - 25 * 3600; }},
      {"from the future",
       [this](HostRecord* r) { r->ad_site_at = wall_.now + 60; }},
      {"another network", [this](HostRecord*) { network_ = "00000000000000bb"; }},
      {"network unknown", [this](HostRecord*) { network_.clear(); }},
      {"ad-site-order = no",
       [this](HostRecord*) { Configure("[global]\nad-site-order = no\n"); }},
      {"ad-site-order = no for this server",
       [this](HostRecord*) {
         Configure("[server \"fs1.example\"]\nad-site-order = no\n");
       }},
      {"policy system",
       [](HostRecord* r) { r->policy = FamilyPolicy::kSystem; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    network_ = kNetwork;
    config_ = mount_cifs::Config();
    net_.sent.clear();
    MountedInSite(kNear4);
    HostRecord r = Record();
    c.change(&r);
    ASSERT_TRUE(state_.Save(r).ok());
    const HandlerResult result = Handle();
    EXPECT_EQ(result.verdict, Verdict::kAnswered) << result.line;
    EXPECT_TRUE(net_.sent.empty()) << net_.sent.size() << " datagrams";
    EXPECT_EQ(result.line.find("ad-site"), std::string::npos) << result.line;
    if (r.policy != FamilyPolicy::kSystem) {
      EXPECT_EQ(key_.Answer(), kFar4) << result.line;
    }
  }
}

TEST_F(HandlerSiteTest, ASiteWithoutDcsInDnsIsNeverFollowedByAPing) {
  // mount.cifs would ask the domain's DCs and ping; the handler may not.
  srv_.erase(kSiteSrv);
  MountedInSite(kNear4);
  const HandlerResult r = Handle();
  EXPECT_EQ(key_.Answer(), kFar4) << r.line;
  EXPECT_EQ(PingsSent(), 0u);
  ASSERT_EQ(net_.sent.size(), 1u);  // the site's SRV query, nothing after it
  EXPECT_NE(r.line.find(" ad-site-lookup=no-site-dcs/"), std::string::npos) << r.line;
}

TEST_F(HandlerSiteTest, ASilentNameServerCostsAtMostTheHandlersSiteLimit) {
  dns_up_ = false;
  Configure("[global]\nad-site-timeout = 5s\n");
  MountedInSite(kNear4);
  const HandlerResult r = Handle();
  ASSERT_EQ(r.verdict, Verdict::kAnswered) << r.line;
  EXPECT_EQ(key_.Answer(), kFar4) << r.line;  // no site information: DNS order
  EXPECT_NE(r.line.find(" ad-site-lookup=timed-out/300ms"), std::string::npos) << r.line;
  EXPECT_LE(ElapsedMs(), 300 + 10);
  EXPECT_EQ(PingsSent(), 0u);
}

TEST_F(HandlerSiteTest, ASilentNameServerCostsAtMostAdSiteTimeout) {
  dns_up_ = false;
  Configure("[global]\nad-site-timeout = 100ms\n");
  MountedInSite(kNear4);
  const HandlerResult r = Handle();
  ASSERT_EQ(r.verdict, Verdict::kAnswered) << r.line;
  EXPECT_NE(r.line.find(" ad-site-lookup=timed-out/100ms"), std::string::npos) << r.line;
  EXPECT_LE(ElapsedMs(), 100 + 10);
}

TEST_F(HandlerSiteTest, TheSiteLookupEndsWithTheSelectionLimit) {
  // Slow lookups leave the site query less than its share: it ends with
  // the selection limit, and the handler still answers within it.
  dns_up_ = false;
  lookup_delays_[Family::kV4] = 1400;
  lookup_delays_[Family::kV6] = 1400;
  MountedInSite(kNear4);
  const HandlerResult r = Handle();
  EXPECT_NE(r.line.find(" ad-site-lookup=timed-out/100ms"), std::string::npos) << r.line;
  EXPECT_LE(ElapsedMs(), 1500);
}

TEST_F(HandlerSiteTest, ARecordMovedToAnotherNetworkForgetsTheSite) {
  MountedInSite(kNear4);
  network_ = "00000000000000bb";
  Handle();
  const HostRecord r = Record();
  EXPECT_EQ(r.network, "00000000000000bb");
  EXPECT_TRUE(r.ad_site.empty());
  EXPECT_EQ(r.ad_site_at, 0);
  EXPECT_TRUE(net_.sent.empty());
}

// --- Command line, dry run ----------------------------------------------------------

TEST(HandlerOptions, KeyOrTestAndNothingHostile) {
  auto key = ParseOptions({"12345"});
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key.value().key, 12345);
  EXPECT_TRUE(ParseOptions({"--test", "fs1", "--config", "/tmp/c"}).ok());
  for (std::vector<std::string> bad :
       std::vector<std::vector<std::string>>{{},
                                             {"0"},
                                             {"-5"},
                                             {"12x"},
                                             {"99999999999"},
                                             {"1", "2"},
                                             {"1", "--test", "fs1"},
                                             {"--config"},
                                             {"--bogus", "1"}})
    EXPECT_FALSE(ParseOptions(bad).ok());
}

TEST(HandlerKeyRequest, DescriptionsSplitOnTheFirstFourSemicolons) {
  auto d = ParseKeyDescription("dns_resolver;0;0;3f010000;a;b");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().type, "dns_resolver");
  EXPECT_EQ(d.value().name, "a;b");
  EXPECT_FALSE(ParseKeyDescription("dns_resolver;0;0;x").ok());
  EXPECT_FALSE(ParseKeyDescription("dns_resolver;0;0;3f010000;").ok());
  EXPECT_EQ(*RequestHostKey("FS1.Example."), "fs1.example");
  EXPECT_EQ(*RequestHostKey("smbhost"), "smbhost");
}

TEST(HandlerDryRun, ReportsWithoutTheNul) {
  DryRunKey key("fs1", "");
  ASSERT_TRUE(key.Instantiate(std::string("2001:db8::1\0", 12), seconds(5)).ok());
  EXPECT_EQ(key.report(), "answer 2001:db8::1 ttl 5");
  ASSERT_TRUE(key.Reject(ENODATA, seconds(5)).ok());
  EXPECT_EQ(key.report(), "reject ENODATA ttl 5");
}

}  // namespace
}  // namespace cifs_family_resolve
