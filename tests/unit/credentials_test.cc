// SPDX-License-Identifier: GPL-3.0-or-later
// ParseCredentials and FirstLine (reference section 4).
#include "mount.cifs/core/credentials.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace mount_cifs {
namespace {

std::string Show(const std::optional<Secret>& s) {
  return s ? "[" + std::string(s->Reveal()) + "]" : "<unset>";
}
std::string Show(const std::optional<std::string>& s) {
  return s ? "[" + *s + "]" : "<unset>";
}

struct CredCase {
  std::string name;
  std::string text;
  std::string username;  // Show() form
  std::string password;
  std::string password2;
  std::string domain;
  int unparseable;
};

class ParseCredentialsTest : public ::testing::TestWithParam<CredCase> {};

TEST_P(ParseCredentialsTest, Fields) {
  const CredCase& c = GetParam();
  Credentials creds = ParseCredentials(Secret(c.text));
  EXPECT_EQ(Show(creds.username), c.username);
  EXPECT_EQ(Show(creds.password), c.password);
  EXPECT_EQ(Show(creds.password2), c.password2);
  EXPECT_EQ(Show(creds.domain), c.domain);
  EXPECT_EQ(creds.unparseable_lines, c.unparseable);
}

const char* const kUnset = "<unset>";

INSTANTIATE_TEST_SUITE_P(
    Credentials, ParseCredentialsTest,
    ::testing::Values(
        CredCase{"Empty", "", kUnset, kUnset, kUnset, kUnset, 0},
        CredCase{"OnlyNewlines", "\n\n\r\n", kUnset, kUnset, kUnset, kUnset, 0},
        CredCase{"User", "user=bob\n", "[bob]", kUnset, kUnset, kUnset, 0},
        CredCase{"Username", "username=bob\n", "[bob]", kUnset, kUnset, kUnset, 0},
        CredCase{"UpperUser", "USER=bob\n", "[bob]", kUnset, kUnset, kUnset, 0},
        CredCase{"MixedCaseUsername", "UserName=bob\n", "[bob]", kUnset, kUnset,
                 kUnset, 0},
        CredCase{"Pass", "pass=pw\n", kUnset, "[pw]", kUnset, kUnset, 0},
        CredCase{"Password", "password=pw\n", kUnset, "[pw]", kUnset, kUnset, 0},
        CredCase{"UpperPassword", "PASSWORD=pw\n", kUnset, "[pw]", kUnset,
                 kUnset, 0},
        CredCase{"Pass2", "pass2=alt\n", kUnset, kUnset, "[alt]", kUnset, 0},
        CredCase{"Password2IsNotPassword", "password2=alt\n", kUnset, kUnset,
                 "[alt]", kUnset, 0},
        CredCase{"UpperPassword2", "PASSWORD2=alt\nPass2=alt2\n", kUnset, kUnset,
                 "[alt2]", kUnset, 0},
        CredCase{"Password2BeforePassword", "password2=alt\npassword=main\n",
                 kUnset, "[main]", "[alt]", kUnset, 0},
        CredCase{"PasswordBeforePassword2", "password=main\npassword2=alt\n",
                 kUnset, "[main]", "[alt]", kUnset, 0},
        CredCase{"Dom", "dom=CORP\n", kUnset, kUnset, kUnset, "[CORP]", 0},
        CredCase{"Domain", "domain=CORP\n", kUnset, kUnset, kUnset, "[CORP]", 0},
        CredCase{"UpperDomain", "DOMAIN=CORP\n", kUnset, kUnset, kUnset,
                 "[CORP]", 0},
        CredCase{"WorkgroupIsNotRecognised", "workgroup=CORP\n", kUnset, kUnset,
                 kUnset, kUnset, 1},
        CredCase{"AllFields",
                 "username=bob\npassword=pw\npassword2=alt\ndomain=CORP\n",
                 "[bob]", "[pw]", "[alt]", "[CORP]", 0},
        CredCase{"LeadingSpacesAndTabs", "  \t user=bob\n\t\tpassword=pw\n",
                 "[bob]", "[pw]", kUnset, kUnset, 0},
        CredCase{"CrLfStripped", "username=bob\r\npassword=pw\r\n", "[bob]",
                 "[pw]", kUnset, kUnset, 0},
        CredCase{"ValueKeepsEqualsAfterFirst", "password=a=b==c\n", kUnset,
                 "[a=b==c]", kUnset, kUnset, 0},
        CredCase{"TrailingSpacesKept", "username=bob  \npassword=pw \t\n",
                 "[bob  ]", "[pw \t]", kUnset, kUnset, 0},
        CredCase{"SpacesAroundEqualsKept", "username = bob\n", "[ bob]", kUnset,
                 kUnset, kUnset, 0},
        CredCase{"EmptyValue", "password=\n", kUnset, "[]", kUnset, kUnset, 0},
        CredCase{"LineWithoutEquals", "username\nbob\n", kUnset, kUnset, kUnset,
                 kUnset, 2},
        CredCase{"UnknownKey", "vers=3.0\nuser=bob\n", "[bob]", kUnset, kUnset,
                 kUnset, 1},
        CredCase{"EmptyKey", "=value\n", kUnset, kUnset, kUnset, kUnset, 1},
        CredCase{"LastLineWithoutNewline", "user=bob\npassword=pw", "[bob]",
                 "[pw]", kUnset, kUnset, 0},
        CredCase{"LastOneWins", "user=a\nuser=b\npassword=1\npassword=2\n",
                 "[b]", "[2]", kUnset, kUnset, 0},
        CredCase{"PrefixMatch", "userid=bob\npasswd=pw\ndomainname=D\n",
                 "[bob]", "[pw]", kUnset, "[D]", 0},
        CredCase{"CommaInPasswordKeptRaw", "password=a,b\n", kUnset, "[a,b]",
                 kUnset, kUnset, 0},
        CredCase{"BlankLinesBetween", "user=bob\n\n   \npassword=pw\n", "[bob]",
                 "[pw]", kUnset, kUnset, 0}),
    [](const ::testing::TestParamInfo<CredCase>& p) { return p.param.name; });

struct FirstLineCase {
  std::string in;
  std::string out;
};

class FirstLineTest : public ::testing::TestWithParam<FirstLineCase> {};

TEST_P(FirstLineTest, TakesTheFirstLine) {
  EXPECT_EQ(FirstLine(Secret(GetParam().in)).Reveal(), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Credentials, FirstLineTest,
    ::testing::Values(FirstLineCase{"", ""}, FirstLineCase{"pw", "pw"},
                      FirstLineCase{"pw\n", "pw"}, FirstLineCase{"pw\r\n", "pw"},
                      FirstLineCase{"filepw,1\nsecondline", "filepw,1"},
                      FirstLineCase{"\nsecond", ""},
                      FirstLineCase{" spaced pw \n", " spaced pw "},
                      FirstLineCase{"a=b\n", "a=b"}));

}  // namespace
}  // namespace mount_cifs
