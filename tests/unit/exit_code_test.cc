// SPDX-License-Identifier: GPL-3.0-or-later
// ExitCodeFor: mount(8)'s exit status contract (reference section 8).
#include "mount.cifs/core/exit_code.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>

#include "mount.cifs/core/errors.h"
#include "resolver/name_resolver.h"

namespace mount_cifs {
namespace {

struct ExitCase {
  Errc errc;
  ExitCode expected;
};

class ExitCodeForErrcTest : public ::testing::TestWithParam<ExitCase> {};

TEST_P(ExitCodeForErrcTest, Maps) {
  EXPECT_EQ(ExitCodeFor(MakeError(GetParam().errc, "x")), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    ExitCode, ExitCodeForErrcTest,
    ::testing::Values(ExitCase{Errc::kBadCommandLine, ExitCode::kUsage},
                      ExitCase{Errc::kBadSource, ExitCode::kUsage},
                      ExitCase{Errc::kBadOption, ExitCode::kUsage},
                      ExitCase{Errc::kBadCredentials, ExitCode::kUsage},
                      ExitCase{Errc::kPermissionDenied, ExitCode::kUsage},
                      ExitCase{Errc::kNoAddress, ExitCode::kFail},
                      ExitCase{Errc::kMountFailed, ExitCode::kFail},
                      ExitCase{Errc::kInterrupted, ExitCode::kUser},
                      ExitCase{Errc::kMtab, ExitCode::kFileIo},
                      ExitCase{Errc::kInternal, ExitCode::kSoftware}));

TEST(ExitCodeTest, NumericValuesAreMountsContract) {
  EXPECT_EQ(static_cast<int>(ExitCode::kSuccess), 0);
  EXPECT_EQ(static_cast<int>(ExitCode::kUsage), 1);
  EXPECT_EQ(static_cast<int>(ExitCode::kSysErr), 2);
  EXPECT_EQ(static_cast<int>(ExitCode::kSoftware), 4);
  EXPECT_EQ(static_cast<int>(ExitCode::kUser), 8);
  EXPECT_EQ(static_cast<int>(ExitCode::kFileIo), 16);
  EXPECT_EQ(static_cast<int>(ExitCode::kFail), 32);
  EXPECT_EQ(static_cast<int>(ExitCode::kSomeOk), 64);
}

TEST(ExitCodeTest, ErrnoErrorsAreSystemErrors) {
  EXPECT_EQ(ExitCodeFor(ErrnoError(ENOENT, "x")), ExitCode::kSysErr);
  EXPECT_EQ(ExitCodeFor(ErrnoError(EACCES, "x")), ExitCode::kSysErr);
  EXPECT_EQ(ExitCodeFor(ErrnoError(EIO, "x")), ExitCode::kSysErr);
}

TEST(ExitCodeTest, ResolverErrorsAreUsageErrors) {
  const Error e{std::error_code(EAI_NONAME, resolver::ResolverCategory()), "h"};
  EXPECT_EQ(ExitCodeFor(e), ExitCode::kUsage);
  const Error again{std::error_code(EAI_AGAIN, resolver::ResolverCategory()), "h"};
  EXPECT_EQ(ExitCodeFor(again), ExitCode::kUsage);
}

TEST(ExitCodeTest, CategoryMessages) {
  EXPECT_STREQ(CifsCategory().name(), "mount.cifs");
  EXPECT_EQ(make_error_code(Errc::kBadSource).message(), "bad UNC");
  EXPECT_EQ(make_error_code(Errc::kNoAddress).message(),
            "no address could be reached");
  EXPECT_EQ(std::error_code(EAI_NONAME, resolver::ResolverCategory()).message(),
            gai_strerror(EAI_NONAME));
}

TEST(ExitCodeTest, ErrcIsAnErrorCodeEnum) {
  const std::error_code code = Errc::kMountFailed;
  EXPECT_EQ(code.category(), CifsCategory());
  EXPECT_EQ(code.value(), static_cast<int>(Errc::kMountFailed));
  EXPECT_NE(code, std::error_code(static_cast<int>(Errc::kMountFailed),
                                  std::generic_category()));
}

}  // namespace
}  // namespace mount_cifs
