// SPDX-License-Identifier: GPL-3.0-or-later
// ParseUnc and UppercaseAscii (reference section 2).
#include "mount.cifs/core/unc.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "mount.cifs/core/errors.h"

namespace mount_cifs {
namespace {

struct GoodUnc {
  std::string device;
  std::string host;
  std::string share;
  std::string prefix;
  std::optional<std::uint16_t> port;
  std::string expected_device;  // mount(2) source
  bool bracketed;
};

class GoodUncTest : public ::testing::TestWithParam<GoodUnc> {};

TEST_P(GoodUncTest, Parses) {
  const GoodUnc& c = GetParam();
  auto r = ParseUnc(c.device);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Unc& unc = r.value();
  EXPECT_EQ(unc.host, c.host);
  EXPECT_EQ(unc.share, c.share);
  EXPECT_EQ(unc.prefix, c.prefix);
  EXPECT_EQ(unc.port, c.port);
  EXPECT_EQ(unc.device, c.expected_device);
  EXPECT_EQ(unc.bracketed, c.bracketed);
}

INSTANTIATE_TEST_SUITE_P(
    Unc, GoodUncTest,
    ::testing::Values(
        GoodUnc{"//h/s", "h", "s", "", std::nullopt, "//h/s", false},
        GoodUnc{"\\\\h\\s", "h", "s", "", std::nullopt, "\\\\h\\s", false},
        GoodUnc{"//server.example.com/share", "server.example.com", "share", "",
                std::nullopt, "//server.example.com/share", false},
        // A trailing delimiter leaves an empty prefix.
        GoodUnc{"//h/s/", "h", "s", "", std::nullopt, "//h/s/", false},
        GoodUnc{"//h/s/a/b", "h", "s", "a/b", std::nullopt, "//h/s/a/b", false},
        // Delimiters can be mixed after the leading pair; the prefix keeps
        // whatever it was given.
        GoodUnc{"//h\\s\\a/b", "h", "s", "a/b", std::nullopt, "//h\\s\\a/b",
                false},
        GoodUnc{"\\\\h/s\\a\\b", "h", "s", "a\\b", std::nullopt,
                "\\\\h/s\\a\\b", false},
        GoodUnc{"//192.0.2.1/s", "192.0.2.1", "s", "", std::nullopt,
                "//192.0.2.1/s", false},
        // Unbracketed IPv6: more than one ':' is not host:port.
        GoodUnc{"//::1/s", "::1", "s", "", std::nullopt, "//::1/s", false},
        GoodUnc{"//fe80::1%lo/s", "fe80::1%lo", "s", "", std::nullopt,
                "//fe80::1%lo/s", false},
        GoodUnc{"//2001:db8::5/s/p", "2001:db8::5", "s", "p", std::nullopt,
                "//2001:db8::5/s/p", false},
        // Bracketed IPv6, with and without port: brackets and port leave
        // the device, the rest is kept.
        GoodUnc{"//[::1]/s", "::1", "s", "", std::nullopt, "//::1/s", true},
        GoodUnc{"//[2001:db8::1]/s/dir", "2001:db8::1", "s", "dir",
                std::nullopt, "//2001:db8::1/s/dir", true},
        GoodUnc{"//[2001:db8::1]:445/s/dir", "2001:db8::1", "s", "dir",
                std::uint16_t{445}, "//2001:db8::1/s/dir", true},
        GoodUnc{"\\\\[fe80::1%eth0]:139\\s\\x", "fe80::1%eth0", "s", "x",
                std::uint16_t{139}, "\\\\fe80::1%eth0\\s\\x", true},
        // host:port.
        GoodUnc{"//host:445/s", "host", "s", "", std::uint16_t{445},
                "//host/s", false},
        GoodUnc{"//host:1/s/p/q", "host", "s", "p/q", std::uint16_t{1},
                "//host/s/p/q", false},
        GoodUnc{"//host:65535/s", "host", "s", "", std::uint16_t{65535},
                "//host/s", false},
        GoodUnc{"\\\\host:8445\\s", "host", "s", "", std::uint16_t{8445},
                "\\\\host\\s", false}));

struct BadUncCase {
  std::string device;
  std::string message;  // exact, or a substring when `exact` is false
  bool exact;
};

class BadUncTest : public ::testing::TestWithParam<BadUncCase> {};

TEST_P(BadUncTest, IsRejected) {
  const BadUncCase& c = GetParam();
  auto r = ParseUnc(c.device);
  ASSERT_FALSE(r.ok()) << "accepted: " << c.device;
  EXPECT_EQ(r.error().code, make_error_code(Errc::kBadSource));
  if (c.exact) {
    EXPECT_EQ(r.error().message, c.message);
  } else {
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << r.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Unc, BadUncTest,
    ::testing::Values(
        // No share.
        BadUncCase{"//h", "bad UNC (//h)", false},
        BadUncCase{"//h/", "bad UNC (//h/)", false},
        BadUncCase{"\\\\h\\", "bad UNC (\\\\h\\)", false},
        BadUncCase{"//h//s", "bad UNC (//h//s)", false},
        BadUncCase{"//[::1]", "bad UNC (//[::1])", false},
        BadUncCase{"//h:445", "bad UNC (//h:445)", false},
        // Empty host.
        BadUncCase{"///s", "bad UNC (///s)", true},
        BadUncCase{"\\\\\\s", "bad UNC (\\\\\\s)", true},
        BadUncCase{"//:445/s", "bad UNC (//:445/s)", false},
        // Wrong or missing leading delimiters.
        BadUncCase{"h/s", "bad UNC (h/s)", true},
        BadUncCase{"/h/s", "bad UNC (/h/s)", true},
        BadUncCase{"host:/share", "bad UNC (host:/share)", true},
        BadUncCase{"/\\h/s", "bad UNC (/\\h/s)", true},
        BadUncCase{"\\/h/s", "bad UNC (\\/h/s)", true},
        // URLs.
        BadUncCase{"cifs://h/s",
                   "Mounting cifs URL not implemented yet. Attempt to mount "
                   "cifs://h/s",
                   true},
        BadUncCase{"smb://h/s",
                   "Mounting cifs URL not implemented yet. Attempt to mount "
                   "smb://h/s",
                   true},
        BadUncCase{"CIFS://h/s", "Mounting cifs URL not implemented yet", false},
        BadUncCase{"SmB://h/s", "Mounting cifs URL not implemented yet", false},
        // Too short.
        BadUncCase{"", "mount error: UNC name too short", true},
        BadUncCase{"//", "mount error: UNC name too short", true},
        BadUncCase{"/", "mount error: UNC name too short", true},
        // Ports.
        BadUncCase{"//h:0/s", "bad port", false},
        BadUncCase{"//h:65536/s", "bad port", false},
        BadUncCase{"//h:99999/s", "bad port", false},
        BadUncCase{"//h:123456/s", "bad port", false},
        BadUncCase{"//h:44a/s", "bad port", false},
        BadUncCase{"//h:abc/s", "bad port", false},
        BadUncCase{"//h:/s", "bad port", false},
        BadUncCase{"//h:-1/s", "bad port", false},
        BadUncCase{"//[::1]:0/s", "bad port", false},
        BadUncCase{"//[::1]:/s", "bad port", false},
        BadUncCase{"//[::1]:x/s", "bad port", false},
        // Brackets.
        BadUncCase{"//[::1/s", "bad UNC (//[::1/s)", false},
        BadUncCase{"//[host]/s", "bad UNC (//[host]/s)", false},
        BadUncCase{"//[::1]x/s", "bad UNC (//[::1]x/s)", false},
        // A delimiter or '[' inside the brackets (a fuzzing find).
        BadUncCase{"//[8:/[8::1]/s", "bad UNC (//[8:/[8::1]/s)", false},
        BadUncCase{"//[fe80::1\\x]/s", "bad UNC", false},
        // Control characters.
        BadUncCase{"//h/s\n", "illegal character 0x0a in mount entry", true},
        BadUncCase{"//h\n/s", "illegal character 0x0a in mount entry", true},
        BadUncCase{"//h/s\r", "illegal character 0x0d in mount entry", true},
        BadUncCase{"//h/s\t", "illegal character 0x09 in mount entry", true},
        BadUncCase{std::string("//h/s\0x", 7),
                   "illegal character 0x00 in mount entry", true},
        BadUncCase{"//h/s\x7f", "illegal character 0x7f in mount entry",
                   true},
        // A comma would split the kernel's option string (D32): in the
        // share, the prefix path, the host, bracketed or with a port.
        BadUncCase{"//srv/sh,ip=203.0.113.9/x",
                   "bad UNC (//srv/sh,ip=203.0.113.9/x): a comma", false},
        BadUncCase{"//srv/share/dir,uid=0", "bad UNC (//srv/share/dir,uid=0)",
                   false},
        BadUncCase{"\\\\srv\\share\\a,b", "bad UNC", false},
        BadUncCase{"//srv/share/a/b,sec=none/c", "a comma", false},
        BadUncCase{"//srv,ip=203.0.113.9/share", "a comma", false},
        BadUncCase{"//srv:445,uid=0/share", "bad port", false},
        BadUncCase{"//[2001:db8::1,x]/share", "a comma", false},
        BadUncCase{"//srv/,", "a comma", false},
        BadUncCase{"//srv/s/,", "a comma", false}));

TEST(UncTest, NewlineMessageNamesTheByte) {
  auto r = ParseUnc("//srv/sha\nre");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("illegal character 0x0a"), std::string::npos);
}

TEST(UncTest, CommaMessageIsAUsageError) {
  auto r = ParseUnc("//srv/sh,ip=203.0.113.9/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::kBadSource));
  EXPECT_EQ(r.error().message,
            "bad UNC (//srv/sh,ip=203.0.113.9/x): a comma in the server, "
            "share or path would add options to the kernel's option string");
}

TEST(UncTest, OtherPunctuationIsKept) {
  // Only the comma splits the kernel's options; '=', ';', '$' and spaces
  // are legal in share names and prefix paths.
  auto r = ParseUnc("//h/a=b;c$ d/x=1;y");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().share, "a=b;c$ d");
  EXPECT_EQ(r.value().prefix, "x=1;y");
}

TEST(UncTest, NonAsciiBytesAreNotControlCharacters) {
  auto r = ParseUnc("//h/caf\xc3\xa9");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().share, "caf\xc3\xa9");
}

std::string Repeat(char c, size_t n) { return std::string(n, c); }

TEST(UncTest, LengthLimitOfWholeUnc) {
  // "//h/s/" + prefix: 1023 characters is the longest accepted.
  const std::string base = "//h/s/";
  const std::string ok = base + Repeat('p', 1023 - base.size());
  ASSERT_EQ(ok.size(), 1023u);
  auto r = ParseUnc(ok);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().prefix.size(), 1023 - base.size());

  const std::string too_long = ok + "p";
  ASSERT_EQ(too_long.size(), 1024u);
  auto bad = ParseUnc(too_long);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, make_error_code(Errc::kBadSource));
  EXPECT_EQ(bad.error().message, "mount error: UNC name too long");
}

TEST(UncTest, ShortestUnc) {
  // Three characters pass the length check, then fail as a bad UNC.
  auto r = ParseUnc("//h");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("bad UNC"), std::string::npos);
}

TEST(UncTest, ShareLengthLimit) {
  const std::string share256 = Repeat('s', 256);
  auto ok = ParseUnc("//h/" + share256);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok.value().share, share256);

  auto bad = ParseUnc("//h/" + share256 + "s");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, make_error_code(Errc::kBadSource));
  EXPECT_EQ(bad.error().message, "share portion of UNC too long");

  auto bad_with_prefix = ParseUnc("//h/" + share256 + "s/p");
  ASSERT_FALSE(bad_with_prefix.ok());
  EXPECT_EQ(bad_with_prefix.error().message, "share portion of UNC too long");
}

TEST(UncTest, LongHostWithinTheUncLimitIsAccepted) {
  // The host limit (NI_MAXHOST) lies beyond the whole-UNC limit, so any host
  // that fits in 1023 characters is accepted.
  const std::string host = Repeat('h', 1023 - 4);
  auto r = ParseUnc("//" + host + "/s");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().host, host);
}

TEST(UncTest, DeviceUnchangedWithoutPortOrBrackets) {
  auto r = ParseUnc("\\\\Srv\\Share\\Sub Dir");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().device, "\\\\Srv\\Share\\Sub Dir");
  EXPECT_EQ(r.value().prefix, "Sub Dir");
  EXPECT_EQ(r.value().host, "Srv");  // no case folding
}

TEST(UncTest, PortIsNotTakenFromShareOrPrefix) {
  auto r = ParseUnc("//h/s:445/p:1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().host, "h");
  EXPECT_EQ(r.value().share, "s:445");
  EXPECT_EQ(r.value().prefix, "p:1");
  EXPECT_FALSE(r.value().port.has_value());
  EXPECT_EQ(r.value().device, "//h/s:445/p:1");
}

struct UpperCase {
  std::string in;
  bool ok;
  std::string out;
};

class UppercaseAsciiTest : public ::testing::TestWithParam<UpperCase> {};

TEST_P(UppercaseAsciiTest, Converts) {
  std::string text = GetParam().in;
  EXPECT_EQ(UppercaseAscii(&text), GetParam().ok);
  EXPECT_EQ(text, GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Unc, UppercaseAsciiTest,
    ::testing::Values(UpperCase{"", true, ""},
                      UpperCase{"share", true, "SHARE"},
                      UpperCase{"MiXeD_09-x.y", true, "MIXED_09-X.Y"},
                      UpperCase{"//srv/sh\\dir", true, "//SRV/SH\\DIR"},
                      UpperCase{"fe80::a%eth0", true, "FE80::A%ETH0"},
                      // Non-ASCII: false and untouched.
                      UpperCase{"caf\xc3\xa9", false, "caf\xc3\xa9"},
                      UpperCase{"abc\x80", false, "abc\x80"},
                      UpperCase{"\xff" "abc", false, "\xff" "abc"}));

}  // namespace
}  // namespace mount_cifs
