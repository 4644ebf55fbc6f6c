// SPDX-License-Identifier: GPL-3.0-or-later
// The option table: lookups, exact and prefix matching.
#include "mount.cifs/core/option_table.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "mount.cifs/core/mount_flags.h"

namespace mount_cifs {
namespace {

TEST(OptionTableTest, EveryRowIsFoundByItsName) {
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s) {
    const OptionSpec* found = FindOption(s->name);
    ASSERT_NE(found, nullptr) << s->name;
    EXPECT_EQ(found->name, s->name);
    EXPECT_EQ(found->rule, s->rule) << s->name;
    EXPECT_FALSE(s->help.empty()) << s->name;
  }
}

TEST(OptionTableTest, NamesAreUnique) {
  std::set<std::string> names;
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s)
    EXPECT_TRUE(names.insert(std::string(s->name)).second) << s->name;
}

TEST(OptionTableTest, EveryRuleHasARow) {
  std::set<OptionRule> rules;
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s)
    rules.insert(s->rule);
  for (OptionRule r :
       {OptionRule::kUser, OptionRule::kUsers, OptionRule::kPassword,
        OptionRule::kPassword2, OptionRule::kSec, OptionRule::kIp,
        OptionRule::kUnc, OptionRule::kDomain, OptionRule::kCredentials,
        OptionRule::kUid, OptionRule::kGid, OptionRule::kCruid,
        OptionRule::kBackupUid, OptionRule::kBackupGid, OptionRule::kFileMode,
        OptionRule::kDirMode, OptionRule::kFmask, OptionRule::kDmask,
        OptionRule::kSetFlag, OptionRule::kClearFlag, OptionRule::kNoLock,
        OptionRule::kGuest, OptionRule::kNoFail, OptionRule::kSnapshot,
        OptionRule::kFamily,
        OptionRule::kIgnore, OptionRule::kPassThrough}) {
    EXPECT_EQ(rules.count(r), 1u) << static_cast<int>(r);
  }
}

struct LookupCase {
  std::string key;
  bool found;
  OptionRule rule;
};

class FindOptionTest : public ::testing::TestWithParam<LookupCase> {};

TEST_P(FindOptionTest, Finds) {
  const OptionSpec* s = FindOption(GetParam().key);
  if (!GetParam().found) {
    EXPECT_EQ(s, nullptr) << GetParam().key;
    return;
  }
  ASSERT_NE(s, nullptr) << GetParam().key;
  EXPECT_EQ(s->rule, GetParam().rule) << GetParam().key;
}

INSTANTIATE_TEST_SUITE_P(
    OptionTable, FindOptionTest,
    ::testing::Values(
        LookupCase{"user", true, OptionRule::kUser},
        LookupCase{"username", true, OptionRule::kUser},
        LookupCase{"users", true, OptionRule::kUsers},
        LookupCase{"user_xattr", true, OptionRule::kPassThrough},
        LookupCase{"pass", true, OptionRule::kPassword},
        LookupCase{"password", true, OptionRule::kPassword},
        LookupCase{"pass2", true, OptionRule::kPassword2},
        LookupCase{"password2", true, OptionRule::kPassword2},
        LookupCase{"workgroup", true, OptionRule::kDomain},
        LookupCase{"cred", true, OptionRule::kCredentials},
        LookupCase{"dirm", true, OptionRule::kDirMode},
        LookupCase{"nolock", true, OptionRule::kNoLock},
        LookupCase{"family", true, OptionRule::kFamily},
        // Prefix rows.
        LookupCase{"x-", true, OptionRule::kIgnore},
        LookupCase{"x-systemd.automount", true, OptionRule::kIgnore},
        LookupCase{"snapshot", true, OptionRule::kSnapshot},
        LookupCase{"snapshots", true, OptionRule::kSnapshot},
        // Exact rows do not match by prefix; keys are case-sensitive.
        LookupCase{"use", false, OptionRule::kPassThrough},
        LookupCase{"userx", false, OptionRule::kPassThrough},
        LookupCase{"passwd", false, OptionRule::kPassThrough},
        LookupCase{"USER", false, OptionRule::kPassThrough},
        LookupCase{"X-mount.mkdir", false, OptionRule::kPassThrough},
        LookupCase{"x", false, OptionRule::kPassThrough},
        LookupCase{"snap", false, OptionRule::kPassThrough},
        LookupCase{"vers", false, OptionRule::kPassThrough},
        LookupCase{"", false, OptionRule::kPassThrough}));

TEST(OptionTableTest, FlagRowsCarryTheirFlag) {
  struct {
    const char* name;
    OptionRule rule;
    unsigned long flag;
  } const rows[] = {
      {"ro", OptionRule::kSetFlag, kMsRdonly},
      {"rw", OptionRule::kClearFlag, kMsRdonly},
      {"nosuid", OptionRule::kSetFlag, kMsNosuid},
      {"suid", OptionRule::kClearFlag, kMsNosuid},
      {"nodev", OptionRule::kSetFlag, kMsNodev},
      {"dev", OptionRule::kClearFlag, kMsNodev},
      {"noexec", OptionRule::kSetFlag, kMsNoexec},
      {"exec", OptionRule::kClearFlag, kMsNoexec},
      {"mand", OptionRule::kSetFlag, kMsMandlock},
      {"nomand", OptionRule::kClearFlag, kMsMandlock},
      {"remount", OptionRule::kSetFlag, kMsRemount},
  };
  for (const auto& row : rows) {
    const OptionSpec* s = FindOption(row.name);
    ASSERT_NE(s, nullptr) << row.name;
    EXPECT_EQ(s->rule, row.rule) << row.name;
    EXPECT_EQ(s->flag, row.flag) << row.name;
  }
}

// The non-root allow-list as run.cc hard-coded it before the table had a
// column for it: a user mount takes family= from its caller's -o only, and
// only when the fstab entry contains x-family-user. Nothing else.
TEST(OptionTableTest, UserGrantColumnIsTheOldAllowList) {
  const std::map<std::string, std::string> old_allow_list = {
      {"family", "x-family-user"}};
  std::map<std::string, std::string> column;
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s)
    if (!s->user_grant.empty())
      column[std::string(s->name)] = std::string(s->user_grant);
  EXPECT_EQ(column, old_allow_list);
}

TEST(OptionTableTest, UserGrantsAreConsumedNeverSent) {
  // A grant is written in the fstab entry, whose options the mount parses:
  // it must be an option the table consumes, not one sent to the kernel.
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s) {
    if (s->user_grant.empty()) continue;
    const OptionSpec* grant = FindOption(s->user_grant);
    ASSERT_NE(grant, nullptr) << s->user_grant;
    EXPECT_EQ(grant->rule, OptionRule::kIgnore) << s->user_grant;
  }
}

TEST(OptionTableTest, Synopsis) {
  EXPECT_EQ(OptionSynopsis(*FindOption("user")), "user=<name>");
  EXPECT_EQ(OptionSynopsis(*FindOption("users")), "users");
  EXPECT_EQ(OptionSynopsis(*FindOption("ro")), "ro");
  EXPECT_EQ(OptionSynopsis(*FindOption("family")), "family=<policy>");
  EXPECT_EQ(OptionSynopsis(*FindOption("x-")), "x-<anything>");
  EXPECT_EQ(OptionSynopsis(*FindOption("snapshot")), "snapshot=<time>");
}

// Whitespace runs (line breaks and the wrap indent included) as one space.
std::string CollapseBlanks(const std::string& text) {
  std::string out = " ";
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

TEST(OptionHelpTextTest, ListsEveryRowThatHasHelpWithItsHelp) {
  const std::string text = CollapseBlanks(OptionHelpText());
  for (const OptionSpec* s = OptionTableBegin(); s != OptionTableEnd(); ++s) {
    if (s->help.empty()) continue;
    const std::string line =
        " " + OptionSynopsis(*s) + " " + std::string(s->help) + " ";
    EXPECT_NE(text.find(line), std::string::npos) << s->name;
  }
}

TEST(OptionHelpTextTest, OneGroupHeadingEachInTheManualPagesOrder) {
  const std::string text = OptionHelpText();
  std::size_t at = 0;
  for (const char* heading :
       {"\nCredentials (-o):\n", "\nServer address (-o):\n",
        "\nOwnership and permissions (-o):\n", "\nMount flags (-o):\n",
        "\nOther options (-o):\n"}) {
    const std::size_t found = text.find(heading, at);
    ASSERT_NE(found, std::string::npos) << heading;
    EXPECT_EQ(text.find(heading, found + 1), std::string::npos) << heading;
    at = found;
  }
}

TEST(OptionHelpTextTest, LinesAreTabIndentedAndFitIn79Columns) {
  std::istringstream lines(OptionHelpText());
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.back() == ':') continue;  // blank, heading
    ++rows;
    ASSERT_EQ(line[0], '\t') << line;
    EXPECT_LE(8 + line.size() - 1, 79u) << line;
    EXPECT_EQ(line.find('\t', 1), std::string::npos) << line;
  }
  EXPECT_GE(rows, OptionTableEnd() - OptionTableBegin());
}

}  // namespace
}  // namespace mount_cifs
