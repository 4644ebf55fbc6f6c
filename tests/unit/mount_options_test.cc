// SPDX-License-Identifier: GPL-3.0-or-later
// ParseMountOptions, CheckPasswordLength, ParseGmtToken (reference sections
// 3.1, 3.2, 3.3 and 4).
#include "mount.cifs/core/mount_options.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <ctime>
#include <string>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/mount_flags.h"
#include "tests/fakes/fake_file_source.h"
#include "tests/fakes/fake_user_db.h"

namespace mount_cifs {
namespace {

using testing::FakeFileSource;
using testing::FakeUserDb;

std::string Reveal(const std::optional<Secret>& s) {
  return s ? std::string(s->Reveal()) : "<unset>";
}

class MountOptionsTest : public ::testing::Test {
 protected:
  MountOptionsTest() {
    users_.AddUser("root", 0);
    users_.AddUser("bob", 1000);
    users_.AddUser("alice", 1001);
    users_.AddUser("42", 7);  // a user whose name is a number
    users_.AddGroup("root", 0);
    users_.AddGroup("staff", 50);
    users_.AddGroup("42", 8);
  }

  Result<MountOptions> Parse(std::string_view text, MountOptions initial = {}) {
    OptionContext context;
    context.real_uid = uid_;
    context.real_gid = gid_;
    context.users = &users_;
    context.files = &files_;
    return ParseMountOptions(Secret(text), context, std::move(initial));
  }

  MountOptions ParseOk(std::string_view text, MountOptions initial = {}) {
    auto r = Parse(text, std::move(initial));
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return MountOptions{};
    return std::move(r).value();
  }

  Error ParseError(std::string_view text, MountOptions initial = {}) {
    auto r = Parse(text, std::move(initial));
    EXPECT_FALSE(r.ok()) << "accepted: " << text;
    if (r.ok()) return Error{};
    return r.TakeError();
  }

  FakeUserDb users_;
  FakeFileSource files_;
  std::uint32_t uid_ = 0;
  std::uint32_t gid_ = 0;
};

// ---------------------------------------------------------------------------
// What reaches the kernel verbatim, and which flags are set: one table.

struct PassCase {
  std::string input;
  std::string passthrough;
  unsigned long flags;
};

class PassthroughTest : public MountOptionsTest,
                        public ::testing::WithParamInterface<PassCase> {};

TEST_P(PassthroughTest, PassthroughAndFlags) {
  MountOptions o = ParseOk(GetParam().input);
  EXPECT_EQ(o.passthrough, GetParam().passthrough) << GetParam().input;
  EXPECT_EQ(o.flags, GetParam().flags) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    MountOptions, PassthroughTest,
    ::testing::Values(
        PassCase{"", "", 0},
        // Unknown options pass verbatim and in order.
        PassCase{"vers=3.0", "vers=3.0", 0},
        PassCase{"vers=3.0,cache=none,serverino,rsize=65536",
                 "vers=3.0,cache=none,serverino,rsize=65536", 0},
        PassCase{"zeta,alpha=1,mid", "zeta,alpha=1,mid", 0},
        PassCase{"noauto,defaults,sync,multiuser,port=4455",
                 "noauto,defaults,sync,multiuser,port=4455", 0},
        PassCase{"user_xattr", "user_xattr", 0},
        // A value keeps every '=' after the first.
        PassCase{"iocharset=a=b", "iocharset=a=b", 0},
        // Keys are case-sensitive: these are not the consumed options.
        PassCase{"USER=x,Pass=y,RO,Guest", "USER=x,Pass=y,RO,Guest", 0},
        PassCase{"X-mount.mkdir", "X-mount.mkdir", 0},
        // Empty tokens: cifs-utils' join keeps "a,,b"; a trailing comma adds
        // nothing; a leading empty token adds nothing either.
        PassCase{"a,,b", "a,,b", 0},
        PassCase{"a,", "a", 0},
        PassCase{",a", "a", 0},
        PassCase{",,", "", 0},
        PassCase{"a,,,b", "a,,,b", 0},
        PassCase{"pass=a,,b", "b", 0},
        // Flags, set and clear, order matters.
        PassCase{"ro", "", kMsRdonly},
        PassCase{"rw", "", 0},
        PassCase{"ro,rw", "", 0},
        PassCase{"rw,ro", "", kMsRdonly},
        PassCase{"nosuid", "", kMsNosuid},
        PassCase{"nosuid,suid", "", 0},
        PassCase{"suid,nosuid", "", kMsNosuid},
        PassCase{"nodev", "", kMsNodev},
        PassCase{"nodev,dev", "", 0},
        PassCase{"dev,nodev", "", kMsNodev},
        PassCase{"noexec", "", kMsNoexec},
        PassCase{"noexec,exec", "", 0},
        PassCase{"exec,noexec", "", kMsNoexec},
        PassCase{"mand", "", kMsMandlock},
        PassCase{"mand,nomand", "", 0},
        PassCase{"nomand,mand", "", kMsMandlock},
        PassCase{"remount", "", kMsRemount},
        PassCase{"ro,nosuid,nodev,noexec,mand,remount", "",
                 kMsRdonly | kMsNosuid | kMsNodev | kMsNoexec | kMsMandlock |
                     kMsRemount},
        // nobrl/nolock clear MS_MANDLOCK and still reach the kernel.
        PassCase{"mand,nobrl", "nobrl", 0},
        PassCase{"mand,nolock", "nolock", 0},
        PassCase{"nobrl,mand", "nobrl", kMsMandlock},
        // Dropped silently.
        PassCase{"_netdev", "", 0},
        PassCase{"comment=systemd.automount", "", 0},
        PassCase{"comment", "", 0},
        PassCase{"x-systemd.automount", "", 0},
        PassCase{"x-systemd.requires=network-online.target,x-foo", "", 0},
        PassCase{"a,_netdev,b,x-gvfs-show,c", "a,b,c", 0},
        // Consumed options vanish from the data string.
        PassCase{"user=bob,pass=x,dom=D,guest,nofail,uid=1,gid=2", "", 0},
        PassCase{"ip=192.0.2.1,addr=192.0.2.2", "", 0},
        PassCase{"unc=//h/s,target=//h/s,path=//h/s", "", 0},
        PassCase{"cruid=0,backupuid=0,backupgid=0", "", 0},
        PassCase{"user,users", "", 0},
        // users=X and sec= pass through.
        PassCase{"users=bob", "users=bob", 0},
        PassCase{"sec=ntlmssp", "sec=ntlmssp", 0},
        PassCase{"sec=krb5i", "sec=krb5i", 0},
        // file_mode/dir_mode/dirm pass through; fmask/dmask are rewritten.
        PassCase{"file_mode=0644,dir_mode=0755,dirm=0700",
                 "file_mode=0644,dir_mode=0755,dirm=0700", 0},
        PassCase{"fmask=0600", "file_mode=0600", 0},
        PassCase{"dmask=0700", "dir_mode=0700", 0},
        // snapshot: numeric passes, @GMT is converted (not passed), bare or
        // empty is dropped.
        PassCase{"snapshot=133486382450000000", "snapshot=133486382450000000",
                 0},
        PassCase{"snapshot", "", 0},
        PassCase{"snapshot=", "", 0},
        PassCase{"snapshot=@GMT-2024.01.02-03.04.05", "", 0},
        // prefixpath= is not special.
        PassCase{"prefixpath=/a/b", "prefixpath=/a/b", 0},
        // family= is ours and never reaches the kernel.
        PassCase{"family=system,vers=3.0", "vers=3.0", 0},
        // Order of unknowns around consumed options is preserved.
        PassCase{"a,user=bob,b,ro,c", "a,b,c", kMsRdonly}));

// ---------------------------------------------------------------------------
// Errors with cifs-utils' texts.

struct ErrorCase {
  std::string input;
  Errc errc;
  std::string message;
};

class OptionErrorTest : public MountOptionsTest,
                        public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(OptionErrorTest, IsRejected) {
  Error e = ParseError(GetParam().input);
  EXPECT_EQ(e.code, make_error_code(GetParam().errc)) << GetParam().input;
  EXPECT_EQ(e.message, GetParam().message) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    MountOptions, OptionErrorTest,
    ::testing::Values(
        ErrorCase{"username=", Errc::kBadOption,
                  "username specified with no parameter"},
        ErrorCase{"username", Errc::kBadOption,
                  "username specified with no parameter"},
        ErrorCase{"ip=", Errc::kBadOption, "target ip address argument missing"},
        ErrorCase{"addr=", Errc::kBadOption,
                  "target ip address argument missing"},
        ErrorCase{"ip", Errc::kBadOption, "target ip address argument missing"},
        ErrorCase{"unc=", Errc::kBadOption, "invalid path to network resource"},
        ErrorCase{"target=", Errc::kBadOption,
                  "invalid path to network resource"},
        ErrorCase{"path", Errc::kBadOption, "invalid path to network resource"},
        ErrorCase{"cred=", Errc::kBadOption,
                  "invalid credential file name specified"},
        ErrorCase{"credentials", Errc::kBadOption,
                  "invalid credential file name specified"},
        ErrorCase{"uid=nosuchuser", Errc::kBadOption,
                  "bad option uid=\"nosuchuser\""},
        ErrorCase{"gid=nosuchgroup", Errc::kBadOption,
                  "bad option: gid=\"nosuchgroup\""},
        ErrorCase{"cruid=nosuchuser", Errc::kBadOption,
                  "bad option: cruid=\"nosuchuser\""},
        ErrorCase{"backupuid=nosuchuser", Errc::kBadOption,
                  "bad user name \"nosuchuser\""},
        ErrorCase{"backupgid=nosuchgroup", Errc::kBadOption,
                  "bad group name \"nosuchgroup\""},
        // Ids: (uid_t)-1 and beyond, negative, trailing junk.
        ErrorCase{"uid=4294967295", Errc::kBadOption,
                  "bad option uid=\"4294967295\""},
        ErrorCase{"uid=99999999999999999999", Errc::kBadOption,
                  "bad option uid=\"99999999999999999999\""},
        ErrorCase{"uid=-1", Errc::kBadOption, "bad option uid=\"-1\""},
        ErrorCase{"uid=12x", Errc::kBadOption, "bad option uid=\"12x\""},
        ErrorCase{"gid=4294967295", Errc::kBadOption,
                  "bad option: gid=\"4294967295\""},
        ErrorCase{"gid=-5", Errc::kBadOption, "bad option: gid=\"-5\""},
        ErrorCase{"cruid=4294967296", Errc::kBadOption,
                  "bad option: cruid=\"4294967296\""},
        ErrorCase{"backupuid=4294967295", Errc::kBadOption,
                  "bad user name \"4294967295\""},
        ErrorCase{"backupuid=-1", Errc::kBadOption, "bad user name \"-1\""},
        ErrorCase{"backupgid=4294967295", Errc::kBadOption,
                  "bad group name \"4294967295\""},
        // Modes.
        ErrorCase{"file_mode=", Errc::kBadOption,
                  "Option 'file_mode' requires a numerical argument"},
        ErrorCase{"file_mode", Errc::kBadOption,
                  "Option 'file_mode' requires a numerical argument"},
        ErrorCase{"dir_mode=", Errc::kBadOption,
                  "Option 'dir_mode' requires a numerical argument"},
        ErrorCase{"dirm=", Errc::kBadOption,
                  "Option 'dirm' requires a numerical argument"},
        ErrorCase{"fmask=", Errc::kBadOption,
                  "Option 'file_mode' requires a numerical argument"},
        ErrorCase{"dmask", Errc::kBadOption,
                  "Option 'dir_mode' requires a numerical argument"},
        // Snapshots.
        ErrorCase{"snapshot=@GMT-2024.01.02-03.04", Errc::kBadOption,
                  "bad snapshot token"},
        ErrorCase{"snapshot=@GMT-2024.13.02-03.04.05", Errc::kBadOption,
                  "bad snapshot token"},
        ErrorCase{"snapshot=@GMT-2023.02.29-00.00.00", Errc::kBadOption,
                  "bad snapshot token"},
        ErrorCase{"snapshot=@GMT-2024.01.02-03.04.05x", Errc::kBadOption,
                  "bad snapshot token"},
        ErrorCase{"snapshot=@GMT-", Errc::kBadOption, "bad snapshot token"},
        ErrorCase{"family=ipv6", Errc::kBadOption,
                  "unknown family policy \"ipv6\" (v4-only, v6-only, "
                  "v4-preferred, v6-preferred, happy-eyeballs, system)"},
        // Lengths.
        ErrorCase{"ip=" + std::string(46, '1'), Errc::kBadOption,
                  "ip address too long"},
        ErrorCase{"dom=" + std::string(257, 'd'), Errc::kBadOption,
                  "domain name too long"},
        ErrorCase{"domain=" + std::string(257, 'd'), Errc::kBadOption,
                  "domain name too long"},
        ErrorCase{"workgroup=" + std::string(300, 'd'), Errc::kBadOption,
                  "domain name too long"},
        ErrorCase{"pass=" + std::string(513, 'p'), Errc::kBadCredentials,
                  "Converted password too long!"},
        ErrorCase{"password2=" + std::string(600, 'p'), Errc::kBadCredentials,
                  "Converted password too long!"},
        ErrorCase{std::string(4097, 'o'), Errc::kBadOption,
                  "Options string too long"}));

TEST_F(MountOptionsTest, ErrorStopsAtTheBadOption) {
  // A later valid option does not rescue an earlier error.
  Error e = ParseError("vers=3.0,uid=nosuchuser,ro");
  EXPECT_EQ(e.message, "bad option uid=\"nosuchuser\"");
}

// ---------------------------------------------------------------------------
// User names.

TEST_F(MountOptionsTest, UserAndUsernameLastWins) {
  EXPECT_EQ(ParseOk("user=a").username, "a");
  EXPECT_EQ(ParseOk("username=a").username, "a");
  EXPECT_EQ(ParseOk("user=a,username=b").username, "b");
  EXPECT_EQ(ParseOk("username=b,user=a").username, "a");
  EXPECT_EQ(ParseOk("user=a,user=c").username, "c");
}

TEST_F(MountOptionsTest, UserValueKeepsEquals) {
  EXPECT_EQ(ParseOk("user=DOM\\bob=x").username, "DOM\\bob=x");
}

TEST_F(MountOptionsTest, BareUserIsUserMount) {
  MountOptions o = ParseOk("user");
  EXPECT_TRUE(o.user_mount);
  EXPECT_FALSE(o.username.has_value());
  EXPECT_EQ(o.passthrough, "");
}

TEST_F(MountOptionsTest, EmptyUserIsUserMount) {
  MountOptions o = ParseOk("user=");
  EXPECT_TRUE(o.user_mount);
  EXPECT_FALSE(o.username.has_value());
}

TEST_F(MountOptionsTest, BareUserDoesNotClearAnEarlierName) {
  MountOptions o = ParseOk("user=bob,user");
  EXPECT_TRUE(o.user_mount);
  EXPECT_EQ(o.username, "bob");
}

TEST_F(MountOptionsTest, UsersBareOrEmptyIsUserMount) {
  EXPECT_TRUE(ParseOk("users").user_mount);
  EXPECT_TRUE(ParseOk("users=").user_mount);
  MountOptions o = ParseOk("users=x");
  EXPECT_FALSE(o.user_mount);
  EXPECT_EQ(o.passthrough, "users=x");
}

TEST_F(MountOptionsTest, NoUserMountByDefault) {
  MountOptions o = ParseOk("vers=3.0");
  EXPECT_FALSE(o.user_mount);
  EXPECT_FALSE(o.username.has_value());
}

TEST_F(MountOptionsTest, UsernameLengthLimit) {
  EXPECT_EQ(ParseOk("user=" + std::string(256, 'u')).username,
            std::string(256, 'u'));
  Error e = ParseError("user=" + std::string(257, 'u'));
  EXPECT_EQ(e.code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(e.message, "username too long");
}

// ---------------------------------------------------------------------------
// Passwords.

TEST_F(MountOptionsTest, PassAndPasswordSetThePassword) {
  EXPECT_EQ(Reveal(ParseOk("pass=secret").password), "secret");
  EXPECT_EQ(Reveal(ParseOk("password=secret").password), "secret");
  EXPECT_EQ(Reveal(ParseOk("pass=a=b").password), "a=b");
}

TEST_F(MountOptionsTest, NoPasswordUnlessGiven) {
  MountOptions o = ParseOk("user=bob");
  EXPECT_FALSE(o.password.has_value());
  EXPECT_FALSE(o.password2.has_value());
}

TEST_F(MountOptionsTest, FirstPasswordWinsWithWarning) {
  MountOptions o = ParseOk("pass=first,password=second");
  EXPECT_EQ(Reveal(o.password), "first");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{"password specified twice, ignoring second"});
}

TEST_F(MountOptionsTest, SecondPassAfterEmptyPassIsIgnored) {
  MountOptions o = ParseOk("pass=,pass=later");
  ASSERT_TRUE(o.password.has_value());
  EXPECT_TRUE(o.password->empty());
  EXPECT_EQ(o.warnings.size(), 1u);
}

TEST_F(MountOptionsTest, EmptyPassSetsAnEmptyPassword) {
  MountOptions o = ParseOk("pass=");
  ASSERT_TRUE(o.password.has_value());
  EXPECT_TRUE(o.password->empty());
  EXPECT_TRUE(o.warnings.empty());
}

TEST_F(MountOptionsTest, BarePassSetsAnEmptyPassword) {
  MountOptions o = ParseOk("pass");
  ASSERT_TRUE(o.password.has_value());
  EXPECT_TRUE(o.password->empty());
}

TEST_F(MountOptionsTest, PasswordFromEnvironmentWinsOverOption) {
  MountOptions initial;
  initial.password = Secret("fromenv");
  MountOptions o = ParseOk("pass=fromoption", std::move(initial));
  EXPECT_EQ(Reveal(o.password), "fromenv");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{"password specified twice, ignoring second"});
}

TEST_F(MountOptionsTest, Password2) {
  MountOptions o = ParseOk("pass2=alt");
  EXPECT_EQ(Reveal(o.password2), "alt");
  EXPECT_FALSE(o.password.has_value());
  EXPECT_EQ(Reveal(ParseOk("password2=alt").password2), "alt");
}

TEST_F(MountOptionsTest, Password2FirstWinsWithWarning) {
  MountOptions o = ParseOk("password2=a,pass2=b");
  EXPECT_EQ(Reveal(o.password2), "a");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{"password2 specified twice, ignoring second"});
}

TEST_F(MountOptionsTest, PasswordAndPassword2AreIndependent) {
  MountOptions o = ParseOk("pass=one,password2=two");
  EXPECT_EQ(Reveal(o.password), "one");
  EXPECT_EQ(Reveal(o.password2), "two");
  EXPECT_TRUE(o.warnings.empty());
}

TEST_F(MountOptionsTest, PasswordsNeverReachThePassthrough) {
  MountOptions o = ParseOk("a,pass=s3cret,b,password2=t0p,c");
  EXPECT_EQ(o.passthrough, "a,b,c");
}

TEST_F(MountOptionsTest, PasswordLengthLimitInOptions) {
  EXPECT_EQ(Reveal(ParseOk("pass=" + std::string(511, 'p')).password),
            std::string(511, 'p'));
}

// ---------------------------------------------------------------------------
// sec=

struct SecCase {
  std::string value;
  bool krb5;
  bool no_auth;
};

class SecTest : public MountOptionsTest,
                public ::testing::WithParamInterface<SecCase> {};

TEST_P(SecTest, FlagsAndPassthrough) {
  MountOptions o = ParseOk("sec=" + GetParam().value);
  EXPECT_EQ(o.krb5, GetParam().krb5);
  EXPECT_EQ(o.no_auth, GetParam().no_auth);
  EXPECT_EQ(o.passthrough, "sec=" + GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(MountOptions, SecTest,
                         ::testing::Values(SecCase{"krb5", true, false},
                                           SecCase{"krb5i", true, false},
                                           SecCase{"krb5p", true, false},
                                           SecCase{"none", false, true},
                                           SecCase{"ntlmssp", false, false},
                                           SecCase{"ntlmsspi", false, false},
                                           SecCase{"ntlmv2", false, false},
                                           SecCase{"KRB5", false, false},
                                           SecCase{"", false, false}));

// ---------------------------------------------------------------------------
// ip= / addr=

TEST_F(MountOptionsTest, IpOverride) {
  MountOptions o = ParseOk("ip=192.0.2.7");
  EXPECT_EQ(o.ip, "192.0.2.7");
  EXPECT_EQ(o.passthrough, "");
  EXPECT_EQ(ParseOk("addr=2001:db8::1").ip, "2001:db8::1");
  EXPECT_EQ(ParseOk("ip=192.0.2.1,addr=192.0.2.2").ip, "192.0.2.2");
}

TEST_F(MountOptionsTest, IpOverrideIsAVerboseNote) {
  MountOptions o = ParseOk("ip=192.0.2.7");
  ASSERT_EQ(o.verbose_notes.size(), 1u);
  EXPECT_EQ(o.verbose_notes[0], "ip address 192.0.2.7 override specified");
  EXPECT_TRUE(o.warnings.empty());
}

TEST_F(MountOptionsTest, IpLengthLimit) {
  const std::string v45 = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
  ASSERT_EQ(v45.size(), 45u);
  EXPECT_EQ(ParseOk("ip=" + v45).ip, v45);
  Error e = ParseError("ip=" + v45 + "5");
  EXPECT_EQ(e.code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(e.message, "ip address too long");
}

TEST_F(MountOptionsTest, IpNamedScopeMayExceedTheNumericLimit) {
  // 39 + '%' + 15-character interface name = 55 characters.
  const std::string scoped =
      "fe80:0000:0000:0000:0000:0000:0000:0001%enp0s31f6abcde";
  ASSERT_GT(scoped.size(), 45u);
  EXPECT_EQ(ParseOk("ip=" + scoped).ip, scoped);
  // ...but not without bound.
  Error e = ParseError("ip=" + scoped + std::string(40, 'x'));
  EXPECT_EQ(e.message, "ip address too long");
}

// ---------------------------------------------------------------------------
// unc= / target= / path=

TEST_F(MountOptionsTest, UncOptionsAreCheckedNotSent) {
  for (const char* text : {"unc=//h/s", "target=//h/s", "path=//h/s"}) {
    MountOptions o = ParseOk(text);
    EXPECT_EQ(o.passthrough, "") << text;
  }
}

// ---------------------------------------------------------------------------
// Domains.

TEST_F(MountOptionsTest, DomainSpellings) {
  EXPECT_EQ(ParseOk("dom=CORP").domain, "CORP");
  EXPECT_EQ(ParseOk("domain=CORP").domain, "CORP");
  EXPECT_EQ(ParseOk("workgroup=CORP").domain, "CORP");
  EXPECT_EQ(ParseOk("dom=A,domain=B").domain, "B");
  EXPECT_FALSE(ParseOk("dom=CORP").bare_domain);
}

TEST_F(MountOptionsTest, BareDomIsBareDomain) {
  MountOptions o = ParseOk("dom");
  EXPECT_TRUE(o.bare_domain);
  EXPECT_EQ(o.domain, "");
  MountOptions cleared = ParseOk("domain=CORP,dom");
  EXPECT_TRUE(cleared.bare_domain);
  EXPECT_EQ(cleared.domain, "");
}

TEST_F(MountOptionsTest, EmptyDomIsDropped) {
  MountOptions o = ParseOk("dom=");
  EXPECT_EQ(o.domain, "");
  EXPECT_FALSE(o.bare_domain);
  EXPECT_EQ(o.passthrough, "");
}

TEST_F(MountOptionsTest, DomainLengthLimit) {
  EXPECT_EQ(ParseOk("dom=" + std::string(256, 'd')).domain, std::string(256, 'd'));
}

// ---------------------------------------------------------------------------
// Credentials files, applied where they stand.

TEST_F(MountOptionsTest, CredentialsFileSetsUserPasswordDomain) {
  files_.AddFile("/etc/creds", "username=fileuser\npassword=filepw\ndomain=FILEDOM\n");
  MountOptions o = ParseOk("credentials=/etc/creds");
  EXPECT_EQ(o.username, "fileuser");
  EXPECT_EQ(Reveal(o.password), "filepw");
  EXPECT_EQ(o.domain, "FILEDOM");
  EXPECT_EQ(o.passthrough, "");
  EXPECT_EQ(files_.file_reads, std::vector<std::string>{"/etc/creds"});
}

TEST_F(MountOptionsTest, CredShortSpelling) {
  files_.AddFile("/c", "user=u\n");
  EXPECT_EQ(ParseOk("cred=/c").username, "u");
}

TEST_F(MountOptionsTest, CredentialsFileAfterUserOverridesIt) {
  files_.AddFile("f", "username=fileuser\n");
  EXPECT_EQ(ParseOk("user=a,credentials=f").username, "fileuser");
}

TEST_F(MountOptionsTest, UserAfterCredentialsFileOverridesIt) {
  files_.AddFile("f", "username=fileuser\n");
  EXPECT_EQ(ParseOk("credentials=f,user=a").username, "a");
}

TEST_F(MountOptionsTest, CredentialsFileOverridesAnEarlierPassword) {
  files_.AddFile("f", "password=filepw\n");
  MountOptions o = ParseOk("pass=optpw,credentials=f");
  EXPECT_EQ(Reveal(o.password), "filepw");
}

TEST_F(MountOptionsTest, PassAfterCredentialsFileIsIgnored) {
  files_.AddFile("f", "password=filepw\n");
  MountOptions o = ParseOk("credentials=f,pass=optpw");
  EXPECT_EQ(Reveal(o.password), "filepw");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{"password specified twice, ignoring second"});
}

TEST_F(MountOptionsTest, CredentialsFileOverridesEnvironmentPassword) {
  files_.AddFile("f", "password=filepw\n");
  MountOptions initial;
  initial.password = Secret("envpw");
  MountOptions o = ParseOk("credentials=f", std::move(initial));
  EXPECT_EQ(Reveal(o.password), "filepw");
}

TEST_F(MountOptionsTest, CredentialsFileWithoutPasswordKeepsEarlierOne) {
  files_.AddFile("f", "username=u\n");
  MountOptions o = ParseOk("pass=optpw,credentials=f");
  EXPECT_EQ(Reveal(o.password), "optpw");
  EXPECT_EQ(o.username, "u");
}

TEST_F(MountOptionsTest, CredentialsFilePassword2) {
  files_.AddFile("f", "password2=alt\npassword=main\n");
  MountOptions o = ParseOk("credentials=f");
  EXPECT_EQ(Reveal(o.password), "main");
  EXPECT_EQ(Reveal(o.password2), "alt");
}

TEST_F(MountOptionsTest, CredentialsFileMissing) {
  Error e = ParseError("credentials=f");
  EXPECT_EQ(e.code, std::error_code(ENOENT, std::generic_category()));
  EXPECT_EQ(e.message, "error 2 (No such file or directory) opening credential file f");
}

TEST_F(MountOptionsTest, CredentialsFileUnreadable) {
  files_.FailFile("/root/creds", EACCES);
  Error e = ParseError("credentials=/root/creds");
  EXPECT_EQ(e.code, std::error_code(EACCES, std::generic_category()));
  EXPECT_EQ(e.message,
            "error 13 (Permission denied) opening credential file /root/creds");
}

TEST_F(MountOptionsTest, CredentialsFilePasswordTooLong) {
  files_.AddFile("f", "password=" + std::string(600, 'p') + "\n");
  Error e = ParseError("credentials=f");
  EXPECT_EQ(e.code, make_error_code(Errc::kBadCredentials));
  EXPECT_EQ(e.message, "Converted password too long!");
}

TEST_F(MountOptionsTest, CredentialsFileDomainTooLong) {
  files_.AddFile("f", "domain=" + std::string(257, 'd') + "\n");
  Error e = ParseError("credentials=f");
  EXPECT_EQ(e.message, "domain name too long");
}

TEST_F(MountOptionsTest, CredentialsFileUnparseableLinesAreAVerboseNote) {
  files_.AddFile("f", "username=u\nworkgroup=W\ngarbage\n");
  MountOptions o = ParseOk("credentials=f");
  EXPECT_EQ(o.username, "u");
  EXPECT_EQ(o.domain, "");
  EXPECT_EQ(o.verbose_notes,
            std::vector<std::string>{"Credential formatted incorrectly"});
}

TEST_F(MountOptionsTest, CredentialsFileNeverReachesThePassthrough) {
  files_.AddFile("f", "password=filepw\n");
  MountOptions o = ParseOk("vers=3.0,credentials=f,seal");
  EXPECT_EQ(o.passthrough, "vers=3.0,seal");
}

// ---------------------------------------------------------------------------
// uid/gid/cruid: name, then number. backupuid/backupgid: number, then name.

TEST_F(MountOptionsTest, UidByNameOrNumber) {
  EXPECT_EQ(ParseOk("uid=bob").uid, 1000u);
  EXPECT_EQ(ParseOk("uid=2000").uid, 2000u);
  EXPECT_EQ(ParseOk("uid=0").uid, 0u);
  EXPECT_EQ(ParseOk("uid=4294967294").uid, 4294967294u);
}

TEST_F(MountOptionsTest, GidByNameOrNumber) {
  EXPECT_EQ(ParseOk("gid=staff").gid, 50u);
  EXPECT_EQ(ParseOk("gid=100").gid, 100u);
  EXPECT_EQ(ParseOk("gid=4294967294").gid, 4294967294u);
}

TEST_F(MountOptionsTest, CruidByNameOrNumber) {
  EXPECT_EQ(ParseOk("cruid=alice").cruid, 1001u);
  EXPECT_EQ(ParseOk("cruid=5").cruid, 5u);
}

TEST_F(MountOptionsTest, UidGidCruidTryTheNameFirst) {
  // "42" is a user (uid 7) and a group (gid 8) in the fake database.
  MountOptions o = ParseOk("uid=42,gid=42,cruid=42");
  EXPECT_EQ(o.uid, 7u);
  EXPECT_EQ(o.gid, 8u);
  EXPECT_EQ(o.cruid, 7u);
}

TEST_F(MountOptionsTest, BackupIdsTryTheNumberFirst) {
  MountOptions o = ParseOk("backupuid=42,backupgid=42");
  EXPECT_EQ(o.backupuid, 42u);
  EXPECT_EQ(o.backupgid, 42u);
}

TEST_F(MountOptionsTest, BackupIdsByName) {
  MountOptions o = ParseOk("backupuid=bob,backupgid=staff");
  EXPECT_EQ(o.backupuid, 1000u);
  EXPECT_EQ(o.backupgid, 50u);
  EXPECT_EQ(ParseOk("backupuid=4294967294").backupuid, 4294967294u);
}

TEST_F(MountOptionsTest, IdsLastWins) {
  MountOptions o = ParseOk("uid=1,uid=2,gid=3,gid=staff,cruid=bob,cruid=9");
  EXPECT_EQ(o.uid, 2u);
  EXPECT_EQ(o.gid, 50u);
  EXPECT_EQ(o.cruid, 9u);
}

TEST_F(MountOptionsTest, EmptyIdsAreDropped) {
  MountOptions o = ParseOk("uid=,gid=,cruid=,backupuid=,backupgid=");
  EXPECT_FALSE(o.uid.has_value());
  EXPECT_FALSE(o.gid.has_value());
  EXPECT_FALSE(o.cruid.has_value());
  EXPECT_FALSE(o.backupuid.has_value());
  EXPECT_FALSE(o.backupgid.has_value());
  EXPECT_EQ(o.passthrough, "");
}

TEST_F(MountOptionsTest, NoIdsForRootByDefault) {
  MountOptions o = ParseOk("vers=3.0");
  EXPECT_FALSE(o.uid.has_value());
  EXPECT_FALSE(o.gid.has_value());
}

TEST_F(MountOptionsTest, NonRootCallerGetsDefaultUidAndGid) {
  uid_ = 1000;
  gid_ = 100;
  MountOptions o = ParseOk("vers=3.0");
  EXPECT_EQ(o.uid, 1000u);
  EXPECT_EQ(o.gid, 100u);
}

TEST_F(MountOptionsTest, NonRootCallerMayOverrideDefaults) {
  uid_ = 1000;
  gid_ = 100;
  MountOptions o = ParseOk("uid=alice,gid=staff");
  EXPECT_EQ(o.uid, 1001u);
  EXPECT_EQ(o.gid, 50u);
}

TEST_F(MountOptionsTest, DefaultGidOnlyForNonZeroGid) {
  // cifs-utils parse_options(): got_gid = getgid() != 0, independently of uid.
  uid_ = 1000;
  gid_ = 0;
  MountOptions o = ParseOk("");
  EXPECT_EQ(o.uid, 1000u);
  EXPECT_FALSE(o.gid.has_value());
  uid_ = 0;
  gid_ = 100;
  MountOptions p = ParseOk("");
  EXPECT_FALSE(p.uid.has_value());
  EXPECT_EQ(p.gid, 100u);
}

// ---------------------------------------------------------------------------
// Modes.

TEST_F(MountOptionsTest, OctalModesGiveNoWarning) {
  MountOptions o = ParseOk("file_mode=0644,dir_mode=0755");
  EXPECT_TRUE(o.warnings.empty());
}

TEST_F(MountOptionsTest, NonOctalModesWarn) {
  MountOptions o = ParseOk("file_mode=644,dir_mode=755,dirm=700");
  EXPECT_EQ(o.warnings, (std::vector<std::string>{
                            "WARNING: 'file_mode' not expressed in octal.",
                            "WARNING: 'dir_mode' not expressed in octal.",
                            "WARNING: 'dirm' not expressed in octal."}));
  EXPECT_EQ(o.passthrough, "file_mode=644,dir_mode=755,dirm=700");
}

TEST_F(MountOptionsTest, FmaskBecomesFileModeWithDeprecationWarning) {
  MountOptions o = ParseOk("fmask=0640");
  EXPECT_EQ(o.passthrough, "file_mode=0640");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{
                "WARNING: CIFS mount option 'fmask' is deprecated. Use "
                "'file_mode' instead."});
}

TEST_F(MountOptionsTest, DmaskBecomesDirModeWithDeprecationWarning) {
  MountOptions o = ParseOk("a,dmask=0750,b");
  EXPECT_EQ(o.passthrough, "a,dir_mode=0750,b");
  EXPECT_EQ(o.warnings,
            std::vector<std::string>{
                "WARNING: CIFS mount option 'dmask' is deprecated. Use "
                "'dir_mode' instead."});
}

TEST_F(MountOptionsTest, NonOctalFmaskWarnsTwice) {
  MountOptions o = ParseOk("fmask=640");
  EXPECT_EQ(o.passthrough, "file_mode=640");
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1], "WARNING: 'file_mode' not expressed in octal.");
}

// ---------------------------------------------------------------------------
// guest, nofail, snapshot.

TEST_F(MountOptionsTest, FamilyPolicy) {
  EXPECT_FALSE(ParseOk("vers=3.0").family.has_value());
  EXPECT_EQ(ParseOk("family=v4-only").family, resolver::FamilyPolicy::kV4Only);
  EXPECT_EQ(ParseOk("family=v6-preferred,family=system").family,
            resolver::FamilyPolicy::kSystem);
}

TEST_F(MountOptionsTest, Guest) {
  MountOptions o = ParseOk("guest");
  EXPECT_TRUE(o.guest);
  EXPECT_EQ(o.passthrough, "");
  EXPECT_FALSE(ParseOk("vers=3.0").guest);
}

TEST_F(MountOptionsTest, Nofail) {
  MountOptions o = ParseOk("nofail");
  EXPECT_TRUE(o.nofail);
  EXPECT_EQ(o.passthrough, "");
  EXPECT_FALSE(ParseOk("").nofail);
}

TEST_F(MountOptionsTest, SnapshotGmtBecomesNtTime) {
  MountOptions o = ParseOk("snapshot=@GMT-2024.01.02-03.04.05");
  EXPECT_EQ(o.snapshot, 133486382450000000ULL);
  EXPECT_EQ(o.passthrough, "");
}

TEST_F(MountOptionsTest, SnapshotNumericIsNotConverted) {
  MountOptions o = ParseOk("snapshot=12345");
  EXPECT_FALSE(o.snapshot.has_value());
  EXPECT_EQ(o.passthrough, "snapshot=12345");
}

TEST_F(MountOptionsTest, SnapshotLeapDay) {
  EXPECT_TRUE(ParseOk("snapshot=@GMT-2024.02.29-00.00.00").snapshot.has_value());
  EXPECT_FALSE(Parse("snapshot=@GMT-2023.02.29-00.00.00").ok());
  EXPECT_FALSE(Parse("snapshot=@GMT-2100.02.29-00.00.00").ok());
  EXPECT_TRUE(ParseOk("snapshot=@GMT-2000.02.29-00.00.00").snapshot.has_value());
}

// ---------------------------------------------------------------------------
// Size limit of the -o text.

TEST_F(MountOptionsTest, OptionsOf4096BytesAreAccepted) {
  const std::string text(4096, 'o');
  EXPECT_EQ(ParseOk(text).passthrough, text);
}

TEST_F(MountOptionsTest, OptionsOver4096BytesAreRejectedEvenIfConsumed) {
  // The cap is on the -o text, not only on what passes through.
  const std::string text = "pass=" + std::string(200, 'p') + "," +
                           std::string(4096 - 206 + 1, 'x');
  ASSERT_EQ(text.size(), 4097u);
  Error e = ParseError(text);
  EXPECT_EQ(e.message, "Options string too long");
}

TEST_F(MountOptionsTest, InitialStateIsKept) {
  MountOptions initial;
  initial.flags = kMsRdonly;
  initial.password2 = Secret("env2");
  MountOptions o = ParseOk("nosuid", std::move(initial));
  EXPECT_EQ(o.flags, kMsRdonly | kMsNosuid);
  EXPECT_EQ(Reveal(o.password2), "env2");
}

// ---------------------------------------------------------------------------
// CheckPasswordLength: 512-byte limit after comma doubling.

// The limit is Debian's cifs-utils 7.0's (the compatibility oracle): up to
// 512 bytes after comma doubling are kept, 513 are refused.
TEST(CheckPasswordLengthTest, PlainBoundary) {
  EXPECT_TRUE(CheckPasswordLength(Secret("")).ok());
  EXPECT_TRUE(CheckPasswordLength(Secret(std::string(512, 'p'))).ok());
  Status s = CheckPasswordLength(Secret(std::string(513, 'p')));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, make_error_code(Errc::kBadCredentials));
  EXPECT_EQ(s.error().message, "Converted password too long!");
}

TEST(CheckPasswordLengthTest, CommasCountDouble) {
  // 256 commas = 512 after doubling: fits.
  EXPECT_TRUE(CheckPasswordLength(Secret(std::string(256, ','))).ok());
  // 255 commas + 3 = 513: too long, like 513 plain characters.
  EXPECT_FALSE(CheckPasswordLength(Secret(std::string(255, ',') + "abc")).ok());
  EXPECT_FALSE(CheckPasswordLength(Secret(std::string(256, ',') + "a")).ok());
  // 300 commas = 600 after doubling.
  EXPECT_FALSE(CheckPasswordLength(Secret(std::string(300, ','))).ok());
}

// ---------------------------------------------------------------------------
// ParseGmtToken.

// An independent oracle: libc's timegm.
std::uint64_t NtTime(int y, int mo, int d, int h, int mi, int s) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const std::int64_t unix_seconds = timegm(&tm);
  return static_cast<std::uint64_t>(unix_seconds + 11644473600LL) * 10000000ULL;
}

TEST(ParseGmtTokenTest, KnownValues) {
  EXPECT_EQ(ParseGmtToken("@GMT-2024.01.02-03.04.05"), 133486382450000000ULL);
  EXPECT_EQ(ParseGmtToken("@GMT-1970.01.01-00.00.00"), 116444736000000000ULL);
  EXPECT_EQ(ParseGmtToken("@GMT-2000.02.29-12.00.00"), 125962992000000000ULL);
}

struct GmtCase {
  int y, mo, d, h, mi, s;
};

class GmtOracleTest : public ::testing::TestWithParam<GmtCase> {};

TEST_P(GmtOracleTest, MatchesTimegm) {
  const GmtCase& c = GetParam();
  char token[64];
  std::snprintf(token, sizeof(token), "@GMT-%04d.%02d.%02d-%02d.%02d.%02d", c.y,
                c.mo, c.d, c.h, c.mi, c.s);
  EXPECT_EQ(ParseGmtToken(token), NtTime(c.y, c.mo, c.d, c.h, c.mi, c.s))
      << token;
}

INSTANTIATE_TEST_SUITE_P(ParseGmtToken, GmtOracleTest,
                         ::testing::Values(GmtCase{1970, 1, 1, 0, 0, 1},
                                           GmtCase{1999, 12, 31, 23, 59, 59},
                                           GmtCase{2000, 3, 1, 0, 0, 0},
                                           GmtCase{2016, 2, 29, 6, 30, 0},
                                           GmtCase{2023, 7, 15, 12, 0, 30},
                                           GmtCase{2038, 1, 19, 3, 14, 8},
                                           GmtCase{2100, 3, 1, 0, 0, 0},
                                           GmtCase{2400, 2, 29, 1, 2, 3}));

class BadGmtTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadGmtTest, IsRejected) {
  EXPECT_FALSE(ParseGmtToken(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    ParseGmtToken, BadGmtTest,
    ::testing::Values("", "@GMT-", "@GMT-2024.01.02-03.04",
                      "@GMT-2024.01.02-03.04.055", "@GMT-2024.1.2-3.4.5",
                      "@GMT-2024-01-02-03.04.05", "@gmt-2024.01.02-03.04.05",
                      "#GMT-2024.01.02-03.04.05", "@GMT-2024.01.02_03.04.05",
                      "@GMT-2024.00.02-03.04.05", "@GMT-2024.13.02-03.04.05",
                      "@GMT-2024.01.00-03.04.05", "@GMT-2024.01.32-03.04.05",
                      "@GMT-2024.04.31-03.04.05", "@GMT-2023.02.29-03.04.05",
                      "@GMT-1900.02.29-00.00.00", "@GMT-2024.01.02-24.00.00",
                      "@GMT-2024.01.02-03.60.00", "@GMT-2024.01.02-03.04.61",
                      "@GMT-2a24.01.02-03.04.05", "@GMT-2024.01.02-03.04.0x"));

}  // namespace
}  // namespace mount_cifs

namespace mount_cifs {
namespace {

TEST(CommaInjection, UserAndDomainCannotCarryOptions) {
  // A comma would let a user of a setuid install add kernel options.
  MountOptions options;
  Credentials creds;
  creds.username = "bob,uid=0";
  Status s = ApplyCredentials(std::move(creds), &options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "username must not contain a comma");
  Credentials dom;
  dom.domain = "CORP,ip=198.51.100.66";
  s = ApplyCredentials(std::move(dom), &options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "domain must not contain a comma");
}

}  // namespace
}  // namespace mount_cifs
