// SPDX-License-Identifier: GPL-3.0-or-later
// IsConnectFailure, NextMountStep, MountFailureMessage (reference 5.2, 5.5, 8).
#include "mount.cifs/core/mount_retry.h"
#include "resolver/connect_error.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace mount_cifs {
namespace {

class ConnectFailureTest : public ::testing::TestWithParam<int> {};
TEST_P(ConnectFailureTest, IsConnectFailure) {
  EXPECT_TRUE(resolver::IsConnectFailure(GetParam())) << GetParam();
}
INSTANTIATE_TEST_SUITE_P(MountRetry, ConnectFailureTest,
                         ::testing::Values(ECONNREFUSED, EHOSTUNREACH, EINPROGRESS,
                                           ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL,
                                           EAFNOSUPPORT));

class NotConnectFailureTest : public ::testing::TestWithParam<int> {};
TEST_P(NotConnectFailureTest, IsNotConnectFailure) {
  EXPECT_FALSE(resolver::IsConnectFailure(GetParam())) << GetParam();
}
INSTANTIATE_TEST_SUITE_P(MountRetry, NotConnectFailureTest,
                         ::testing::Values(0, EACCES, EPERM, EINVAL, ENOENT, ENXIO,
                                           ENOKEY, ENODEV, EHOSTDOWN, ECONNRESET,
                                           EIO, EOPNOTSUPP, ENOMEM, EBUSY,
                                           EKEYEXPIRED, ESTALE));

struct StepCase {
  std::string name;
  int err;
  RetryState state;
  MountStep expected;
};

RetryState State(bool uppercase_tried, bool ascii, bool krb5, bool sudo,
                 bool sudo_tried) {
  RetryState s;
  s.uppercase_tried = uppercase_tried;
  s.names_are_ascii = ascii;
  s.krb5 = krb5;
  s.sudo_uid_available = sudo;
  s.sudo_tried = sudo_tried;
  return s;
}

class NextMountStepTest : public ::testing::TestWithParam<StepCase> {};
TEST_P(NextMountStepTest, Decides) {
  EXPECT_EQ(NextMountStep(GetParam().err, GetParam().state), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    MountRetry, NextMountStepTest,
    ::testing::Values(
        StepCase{"Refused", ECONNREFUSED, RetryState{}, MountStep::kNextAddress},
        StepCase{"Unreachable", EHOSTUNREACH, RetryState{}, MountStep::kNextAddress},
        StepCase{"InProgress", EINPROGRESS, RetryState{}, MountStep::kNextAddress},
        StepCase{"NetUnreachable", ENETUNREACH, RetryState{},
                 MountStep::kNextAddress},
        StepCase{"TimedOut", ETIMEDOUT, RetryState{}, MountStep::kNextAddress},
        StepCase{"RefusedEvenAfterRetries", ECONNREFUSED,
                 State(true, true, true, true, true), MountStep::kNextAddress},
        StepCase{"Access", EACCES, RetryState{}, MountStep::kFail},
        StepCase{"Invalid", EINVAL, RetryState{}, MountStep::kFail},
        StepCase{"HostDown", EHOSTDOWN, RetryState{}, MountStep::kFail},
        StepCase{"NoDevice", ENODEV, RetryState{}, MountStep::kFail},
        StepCase{"NxioFirst", ENXIO, RetryState{}, MountStep::kUppercaseRetry},
        StepCase{"NxioSecond", ENXIO, State(true, true, false, false, false),
                 MountStep::kFail},
        StepCase{"NxioNonAscii", ENXIO, State(false, false, false, false, false),
                 MountStep::kFail},
        StepCase{"NokeyKrb5Sudo", ENOKEY, State(false, true, true, true, false),
                 MountStep::kSudoCruidRetry},
        StepCase{"NokeyKrb5SudoTwice", ENOKEY, State(false, true, true, true, true),
                 MountStep::kFail},
        StepCase{"NokeyNoKrb5", ENOKEY, State(false, true, false, true, false),
                 MountStep::kFail},
        StepCase{"NokeyNoSudo", ENOKEY, State(false, true, true, false, false),
                 MountStep::kFail},
        StepCase{"NokeyDefaultState", ENOKEY, RetryState{}, MountStep::kFail},
        // The krb5/sudo state does not turn other errors into retries.
        StepCase{"AccessWithKrb5Sudo", EACCES, State(false, true, true, true, false),
                 MountStep::kFail}),
    [](const ::testing::TestParamInfo<StepCase>& p) { return p.param.name; });

const char kCifsTail[] =
    "Refer to the mount.cifs(8) manual page (e.g. man mount.cifs) and kernel "
    "log messages (dmesg)";

TEST(MountFailureMessageTest, Eacces) {
  EXPECT_EQ(MountFailureMessage(EACCES, "mount.cifs", "cifs"),
            std::string("mount error(13): Permission denied\n") + kCifsTail);
}

TEST(MountFailureMessageTest, EaccesForMountSmb3) {
  EXPECT_EQ(MountFailureMessage(EACCES, "mount.smb3", "smb3"),
            "mount error(13): Permission denied\n"
            "Refer to the mount.smb3(8) manual page (e.g. man mount.smb3) and "
            "kernel log messages (dmesg)");
}

TEST(MountFailureMessageTest, Enodev) {
  EXPECT_EQ(MountFailureMessage(ENODEV, "mount.cifs", "cifs"),
            std::string("mount error: cifs filesystem not supported by the system\n"
                        "mount error(19): No such device\n") +
                kCifsTail);
  EXPECT_EQ(MountFailureMessage(ENODEV, "mount.smb3", "smb3")
                .substr(0, std::string("mount error: smb3 filesystem").size()),
            "mount error: smb3 filesystem");
}

TEST(MountFailureMessageTest, Ehostdown) {
  EXPECT_EQ(MountFailureMessage(EHOSTDOWN, "mount.cifs", "cifs"),
            std::string(
                "mount error: Server abruptly closed the connection.\n"
                "This can happen if the server does not support the SMB version "
                "you are trying to use.\n"
                "The default SMB version recently changed from SMB1 to SMB2.1 "
                "and above. Try mounting with vers=1.0.\n"
                "mount error(112): Host is down\n") +
                kCifsTail);
}

TEST(MountFailureMessageTest, OtherErrnosHaveTwoLines) {
  EXPECT_EQ(MountFailureMessage(ENOENT, "mount.cifs", "cifs"),
            std::string("mount error(2): No such file or directory\n") + kCifsTail);
  EXPECT_EQ(MountFailureMessage(ENXIO, "mount.cifs", "cifs"),
            std::string("mount error(6): No such device or address\n") + kCifsTail);
  EXPECT_EQ(MountFailureMessage(EINVAL, "mount.cifs", "cifs"),
            std::string("mount error(22): Invalid argument\n") + kCifsTail);
}

TEST(MountFailureMessageTest, NoTrailingNewline) {
  const std::string m = MountFailureMessage(EIO, "mount.cifs", "cifs");
  ASSERT_FALSE(m.empty());
  EXPECT_NE(m.back(), '\n');
}

}  // namespace
}  // namespace mount_cifs
