// SPDX-License-Identifier: GPL-3.0-or-later
// AssembleKernelOptions (reference section 3.4 and kernel_options.h).
#include "mount.cifs/core/kernel_options.h"

#include <gtest/gtest.h>

#include <string>

#include "mount.cifs/core/errors.h"

namespace mount_cifs {
namespace {

class KernelOptionsTest : public ::testing::Test {
 protected:
  KernelOptionsTest() {
    unc_.host = "srv";
    unc_.share = "share";
    unc_.device = "//srv/share";
  }

  Result<KernelOptions> Assemble() {
    KernelOptionsInput input;
    input.ip = ip_;
    input.unc = &unc_;
    input.options = &options_;
    input.username = username_;
    input.sloppy = sloppy_;
    return AssembleKernelOptions(input);
  }

  // data and redacted, checked for consistency on the way.
  std::pair<std::string, std::string> AssembleOk() {
    auto r = Assemble();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return {};
    return {std::string(r.value().data.Reveal()), r.value().redacted};
  }

  std::string ip_ = "192.0.2.1";
  Unc unc_;
  MountOptions options_;
  std::string username_ = "bob";
  bool sloppy_ = false;
};

TEST_F(KernelOptionsTest, Minimal) {
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob");
  EXPECT_EQ(redacted, data);
}

TEST_F(KernelOptionsTest, FullOrder) {
  sloppy_ = true;
  unc_.port = 445;
  unc_.prefix = "p/q";
  options_.passthrough = "vers=3.0,sec=ntlmssp";
  options_.uid = 1;
  options_.cruid = 2;
  options_.gid = 3;
  options_.backupuid = 4;
  options_.backupgid = 5;
  options_.snapshot = 6;
  options_.domain = "CORP";
  options_.password = Secret("x");
  options_.password2 = Secret("y");
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data,
            "ip=192.0.2.1,unc=\\\\srv\\share,sloppy,port=445,vers=3.0,"
            "sec=ntlmssp,uid=1,cruid=2,gid=3,backupuid=4,backupgid=5,"
            "snapshot=6,user=bob,domain=CORP,prefixpath=p/q,pass=x,password2=y");
  EXPECT_EQ(redacted,
            "ip=192.0.2.1,unc=\\\\srv\\share,sloppy,port=445,vers=3.0,"
            "sec=ntlmssp,uid=1,cruid=2,gid=3,backupuid=4,backupgid=5,"
            "snapshot=6,user=bob,domain=CORP,prefixpath=p/q,pass=********,"
            "password2=********");
}

TEST_F(KernelOptionsTest, IdsWithoutPassthrough) {
  options_.uid = 1000;
  options_.gid = 100;
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,uid=1000,gid=100,user=bob");
}

TEST_F(KernelOptionsTest, SloppyWithoutPort) {
  sloppy_ = true;
  options_.passthrough = "unknownopt";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,sloppy,unknownopt,user=bob");
}

TEST_F(KernelOptionsTest, PortWithoutSloppy) {
  unc_.port = 4455;
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,port=4455,user=bob");
}

TEST_F(KernelOptionsTest, Ipv6Address) {
  ip_ = "fe80::1%2";
  unc_.host = "fe80::1%eth0";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=fe80::1%2,unc=\\\\fe80::1%eth0\\share,user=bob");
}

TEST_F(KernelOptionsTest, PrefixKeepsBackslashes) {
  unc_.prefix = "a\\b/c";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,prefixpath=a\\b/c");
}

TEST_F(KernelOptionsTest, CommasInPasswordsAreDoubled) {
  options_.password = Secret("p,w");
  options_.password2 = Secret(",,x,");
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=p,,w,"
            "password2=,,,,x,,");
  EXPECT_EQ(redacted,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=********,"
            "password2=********");
}

TEST_F(KernelOptionsTest, EmptyPasswordIsSent) {
  options_.password = Secret("");
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=");
  EXPECT_EQ(redacted, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=********");
}

TEST_F(KernelOptionsTest, RedactedNeverHoldsThePassword) {
  options_.password = Secret("Sup3rS3cret");
  options_.password2 = Secret("0th3rS3cret");
  auto [data, redacted] = AssembleOk();
  EXPECT_NE(data.find("Sup3rS3cret"), std::string::npos);
  EXPECT_NE(data.find("0th3rS3cret"), std::string::npos);
  EXPECT_EQ(redacted.find("Sup3rS3cret"), std::string::npos);
  EXPECT_EQ(redacted.find("0th3rS3cret"), std::string::npos);
  EXPECT_NE(redacted.find("pass=********"), std::string::npos);
}

TEST_F(KernelOptionsTest, NoPasswordsForKrb5) {
  options_.krb5 = true;
  options_.passthrough = "sec=krb5";
  options_.password = Secret("pw");
  options_.password2 = Secret("pw2");
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,sec=krb5,user=bob");
  EXPECT_EQ(redacted, data);
}

TEST_F(KernelOptionsTest, NoPasswordsForSecNone) {
  options_.no_auth = true;
  options_.passthrough = "sec=none";
  options_.password = Secret("pw");
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,sec=none,user=bob");
}

TEST_F(KernelOptionsTest, GuestHasEmptyUserAndNoPassword) {
  options_.guest = true;
  options_.password = Secret("pw");
  options_.password2 = Secret("pw2");
  username_ = "";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=");
}

TEST_F(KernelOptionsTest, BareDomain) {
  options_.bare_domain = true;
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,domain=");
}

TEST_F(KernelOptionsTest, NamedDomainWinsOverBareFlag) {
  options_.bare_domain = true;
  options_.domain = "CORP";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,domain=CORP");
}

TEST_F(KernelOptionsTest, NoDomainWhenNoneGiven) {
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data.find("domain"), std::string::npos);
}

TEST_F(KernelOptionsTest, PassthroughWithTrailingEmptyToken) {
  // "a,," parses to "a,"; cifs-utils then appends ",user=" after it.
  options_.passthrough = "a,";
  auto [data, redacted] = AssembleOk();
  EXPECT_EQ(data, "ip=192.0.2.1,unc=\\\\srv\\share,a,,user=bob");
}

TEST_F(KernelOptionsTest, LengthLimit) {
  // Find the fixed part's length, then fill the passthrough up to 4095 and
  // 4096 bytes in total.
  options_.passthrough = "x";
  auto probe = Assemble();
  ASSERT_TRUE(probe.ok());
  const size_t fixed = probe.value().data.size() - 1;

  options_.passthrough = std::string(4095 - fixed, 'x');
  auto ok = Assemble();
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok.value().data.size(), 4095u);

  options_.passthrough = std::string(4096 - fixed, 'x');
  auto bad = Assemble();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(bad.error().message, "Options string too long");
}

TEST_F(KernelOptionsTest, LengthLimitCountsTheDoubledPassword) {
  options_.passthrough = "x";
  auto probe = Assemble();
  ASSERT_TRUE(probe.ok());
  const size_t fixed = probe.value().data.size() - 1;
  // ",pass=" + 100 commas doubled = 206 bytes.
  options_.password = Secret(std::string(100, ','));
  options_.passthrough = std::string(4095 - fixed - 206, 'x');
  auto ok = Assemble();
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().data.size(), 4095u);
  options_.passthrough += "x";
  EXPECT_FALSE(Assemble().ok());
}

}  // namespace
}  // namespace mount_cifs
