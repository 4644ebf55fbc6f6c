// SPDX-License-Identifier: GPL-3.0-or-later
// Secret: the move-only password buffer.
#include "mount.cifs/core/secret.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

namespace mount_cifs {
namespace {

static_assert(!std::is_copy_constructible_v<Secret>);
static_assert(!std::is_copy_assignable_v<Secret>);
static_assert(std::is_nothrow_move_constructible_v<Secret>);
static_assert(!std::is_convertible_v<Secret, std::string>);

TEST(SecretTest, EmptyByDefault) {
  Secret s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.Reveal(), "");
  EXPECT_STREQ(s.CStr(), "");
}

TEST(SecretTest, AppendGrowsAndStaysTerminated) {
  Secret s("abc");
  s.Append(',');
  const std::string big(1000, 'x');
  s.Append(big);
  EXPECT_EQ(s.Reveal(), "abc," + big);
  EXPECT_EQ(std::strlen(s.CStr()), 1004u);
}

TEST(SecretTest, EmbeddedNulIsKept) {
  Secret s(std::string_view("a\0b", 3));
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.Reveal(), std::string_view("a\0b", 3));
}

TEST(SecretTest, ClearEmpties) {
  Secret s("password");
  s.Clear();
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.Reveal(), "");
  s.Append("new");
  EXPECT_EQ(s.Reveal(), "new");
}

TEST(SecretTest, MoveLeavesSourceEmpty) {
  Secret a("pw");
  Secret b(std::move(a));
  EXPECT_EQ(b.Reveal(), "pw");
  EXPECT_TRUE(a.empty());  // NOLINT: testing moved-from state
  Secret c("other");
  c = std::move(b);
  EXPECT_EQ(c.Reveal(), "pw");
  EXPECT_TRUE(b.empty());  // NOLINT
}

TEST(SecretTest, CloneIsIndependent) {
  Secret a("pw");
  Secret b = a.Clone();
  a.Append("x");
  EXPECT_EQ(a.Reveal(), "pwx");
  EXPECT_EQ(b.Reveal(), "pw");
}

TEST(SecretTest, WipeBytesZeroes) {
  char buf[8] = {'s', 'e', 'c', 'r', 'e', 't', '!', '!'};
  WipeBytes(buf, sizeof(buf));
  for (char c : buf) EXPECT_EQ(c, 0);
  WipeBytes(nullptr, 5);  // no crash
}

}  // namespace
}  // namespace mount_cifs
