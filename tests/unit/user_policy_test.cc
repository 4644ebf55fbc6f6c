// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/user_policy.h"

#include <gtest/gtest.h>

#include "mount.cifs/core/errors.h"

namespace mount_cifs {
namespace {

TEST(ParseFstab, FieldsCommentsAndEscapes) {
  const auto entries = ParseFstab(
      "# comment\n"
      "\n"
      "   \t# indented comment\n"
      "//srv/a\\040b  /mnt/with\\040space\tcifs  user,uid=bob 0 0\n"
      "//srv/c /mnt/c cifs\n"
      "broken-line\n"
      "//srv/d /mnt/back\\134slash cifs ro\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].device, "//srv/a b");
  EXPECT_EQ(entries[0].dir, "/mnt/with space");
  EXPECT_EQ(entries[0].type, "cifs");
  EXPECT_EQ(entries[0].options, "user,uid=bob");
  EXPECT_EQ(entries[1].options, "defaults");
  EXPECT_EQ(entries[2].dir, "/mnt/back\\slash");
}

TEST(EscapeMountField, NoFieldOrLineInjection) {
  // CVE-2010-0547 / CVE-2011-2724: a name must not add a field or a line.
  EXPECT_EQ(EscapeMountField("a b\tc\nd\\e"), "a\\040b\\011c\\012d\\134e");
  const std::string escaped = EscapeMountField("/mnt/x\n//evil / cifs rw 0 0");
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
  EXPECT_EQ(escaped.find(' '), std::string::npos);
  // What is escaped parses back to itself.
  const auto back = ParseFstab(EscapeMountField("//s/x y") + " " +
                               EscapeMountField("/m n") + " cifs rw 0 0\n");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].device, "//s/x y");
  EXPECT_EQ(back[0].dir, "/m n");
}

TEST(FindUserMount, FirstEntryForTheDirectoryDecides) {
  const auto fstab = ParseFstab(
      "//srv/other /mnt/s cifs user 0 0\n"
      "//srv/share /mnt/s cifs user 0 0\n");
  auto grant = FindUserMount(fstab, "//srv/share", "/mnt/s", "mount.cifs");
  ASSERT_FALSE(grant.ok());  // like cifs-utils: the first match is the one
  EXPECT_EQ(grant.error().code, make_error_code(Errc::kPermissionDenied));
}

TEST(FindUserMount, UserUsersAndUserEqualsNameGrant) {
  for (const char* opts : {"user", "users", "ro,user=bob", "users,noauto"}) {
    const auto fstab = ParseFstab(std::string("//s/x /m cifs ") + opts + " 0 0\n");
    auto grant = FindUserMount(fstab, "//s/x", "/m", "mount.cifs");
    ASSERT_TRUE(grant.ok()) << opts;
    EXPECT_EQ(grant.value().options, opts);
  }
  for (const char* opts : {"defaults", "user_xattr", "nouser", "owner", "usersx"}) {
    const auto fstab = ParseFstab(std::string("//s/x /m cifs ") + opts + " 0 0\n");
    auto grant = FindUserMount(fstab, "//s/x", "/m", "mount.cifs");
    EXPECT_FALSE(grant.ok()) << opts;
  }
}

TEST(FindUserMount, TrailingSlashesOfTheEntryDoNotMatter) {
  const auto fstab = ParseFstab("//s/x /m/dir/// cifs user 0 0\n");
  EXPECT_TRUE(FindUserMount(fstab, "//s/x", "/m/dir", "p").ok());
  EXPECT_FALSE(FindUserMount(fstab, "//s/x", "/m/dir/", "p").ok());
  EXPECT_FALSE(FindUserMount(fstab, "//s/x", "/m", "p").ok());
}

TEST(FindUserMount, DenialTextNamesOnlyWhatTheCallerGave) {
  const auto fstab = ParseFstab("//secret/share /m cifs user 0 0\n");
  auto grant = FindUserMount(fstab, "//srv/x", "/m", "mount.cifs");
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mount_cifs

namespace mount_cifs {
namespace {

TEST(EscapeLogField, ControlBytesCannotDriveATerminalOrSplitWords) {
  EXPECT_EQ(EscapeLogField("//srv/a b\r\x1b[2J\\x\x7f"),
            "//srv/a\\040b\\015\\033[2J\\134x\\177");
  EXPECT_EQ(EscapeLogField("plain/path"), "plain/path");
}

struct GrantCase {
  std::string entry;
  std::string caller;
  std::string expected;
};

class UserMountOptionsTest : public ::testing::TestWithParam<GrantCase> {};

TEST_P(UserMountOptionsTest, EntryOptionsPlusWhatTheEntryGrants) {
  const GrantCase& c = GetParam();
  EXPECT_EQ(UserMountOptions(UserMountGrant{c.entry}, c.caller).Reveal(),
            c.expected)
      << c.entry << " / " << c.caller;
}

INSTANTIATE_TEST_SUITE_P(
    UserPolicy, UserMountOptionsTest,
    ::testing::Values(
        // Without x-family-user the caller's -o is dropped entirely.
        GrantCase{"user,pass=x", "", "user,pass=x"},
        GrantCase{"user,pass=x", "family=v6-only,uid=0,suid",
                  "user,pass=x"},
        GrantCase{"users,family=v4-only", "family=v6-only",
                  "users,family=v4-only"},
        // With it, family= and nothing else, in the caller's order, after
        // the entry's options (so the caller's wins over the entry's).
        GrantCase{"users,x-family-user,pass=x",
                  "uid=0,family=v6-only,user=evil,ip=198.51.100.66",
                  "users,x-family-user,pass=x,family=v6-only"},
        GrantCase{"user,family=v4-only,x-family-user",
                  "family=v6-only,sec=none,family=system",
                  "user,family=v4-only,x-family-user,family=v6-only,"
                  "family=system"},
        // The grant is one whole option of the entry, nothing like it.
        GrantCase{"user,x-family-users", "family=v6-only",
                  "user,x-family-users"},
        GrantCase{"user,x-family-user=no", "family=v6-only",
                  "user,x-family-user=no"},
        GrantCase{"user,comment=x-family-user", "family=v6-only",
                  "user,comment=x-family-user"},
        // Keys match as the option table matches them.
        GrantCase{"user,x-family-user", "FAMILY=v6-only,familyx=1",
                  "user,x-family-user"},
        // A caller cannot grant itself anything.
        GrantCase{"user", "x-family-user,family=v6-only", "user"},
        // An entry ending in ',' gains no empty option.
        GrantCase{"user,x-family-user,", "family=v6-only",
                  "user,x-family-user,family=v6-only"}));

}  // namespace
}  // namespace mount_cifs
