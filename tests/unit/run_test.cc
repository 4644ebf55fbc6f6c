// SPDX-License-Identifier: GPL-3.0-or-later
// Run() end to end with the seam fakes: exit codes and messages per error
// class, the retry loop over addresses, passwords and user names, flags and
// the exact data strings (reference sections 3.4, 4, 5 and 8).
#include "mount.cifs/core/run.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/exit_code.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/reconnect.h"
#include "resolver/config.h"
#include "tests/fakes/fakes.h"

namespace mount_cifs {
namespace {

using testing::FakeClock;
using testing::FakeConnector;
using testing::FakeFileSource;
using testing::FakeHostProbe;
using testing::FakeLogger;
using testing::FakeMounter;
using testing::FakeMountPoint;
using testing::FakeNameResolver;
using testing::FakeNetworkEvents;
using testing::FakePasswordPrompter;
using testing::FakeUserDb;
using testing::FakePrivileges;
using testing::FakeMtab;
using testing::FakeReconnectProbe;
using testing::FakeStateStore;
using testing::FakeWallClock;
using testing::RecordingConsole;
using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr char kConfigPath[] = "/etc/cifs-family.conf";

constexpr char kManPage[] =
    "Refer to the mount.cifs(8) manual page (e.g. man mount.cifs) and kernel "
    "log messages (dmesg)";

// The state seam as Run() uses it: every Save() with the privilege state it
// ran in, and a scripted failure; records go to a FakeStateStore.
class StateSpy : public resolver::StateStore {
 public:
  struct SaveCall {
    std::string text;
    int caller_access = 0;
    bool mount_raised = false;
  };
  StateSpy(FakeStateStore& inner, FakePrivileges& p) : inner_(inner), p_(p) {}
  Result<std::optional<resolver::HostRecord>> Load(std::string_view key) override {
    loads.emplace_back(key);
    if (load_errno != 0) return ErrnoError(load_errno, "/run/cifs-family/hosts");
    return inner_.Load(key);
  }
  Status Save(const resolver::HostRecord& record) override {
    saves.push_back({resolver::FormatHostRecord(record), p_.caller_access, p_.mount_raised});
    if (save_errno != 0) return ErrnoError(save_errno, "/run/cifs-family/hosts");
    return inner_.Save(record);
  }
  std::vector<std::string> loads;
  std::vector<SaveCall> saves;
  int load_errno = 0;
  int save_errno = 0;

 private:
  FakeStateStore& inner_;
  FakePrivileges& p_;
};

// Most tests pin the address policy to "system" (getaddrinfo order, no
// connection probes) through the configuration file, so that the mount(2)
// retry loop is what cifs-utils does; the policy engine has its own tests,
// and a few below run Run() with the default policy.
class RunTest : public ::testing::Test {
 protected:
  RunTest() {
    files_.AddFile(kConfigPath, "[global]\nfamily = system\n");
    resolver_.AddHost("srv", {"192.0.2.1", "192.0.2.2"});
    resolver_.AddHost("127.0.0.1", {"127.0.0.1"});
    resolver_.AddInterface("eth0", 2);
    users_.AddUser("root", 0);
    users_.AddUser("bob", 1000);
    users_.AddGroup("staff", 50);
  }

  Result<Outcome> RunArgs(const std::vector<std::string_view>& argv) {
    auto inv = ParseCommandLine(argv);
    EXPECT_TRUE(inv.ok()) << (inv.ok() ? "" : inv.error().message);
    if (!inv.ok()) return MakeError(Errc::kInternal, "test: bad argv");
    return mount_cifs::Run(inv.value(), env_, caller_, deps_);
  }

  // Runs and expects success with `outcome`.
  void ExpectOutcome(const std::vector<std::string_view>& argv, Outcome outcome) {
    auto r = RunArgs(argv);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), outcome);
  }

  // Runs and expects failure; returns the error.
  Error RunError(const std::vector<std::string_view>& argv) {
    auto r = RunArgs(argv);
    EXPECT_FALSE(r.ok()) << "unexpected success";
    if (r.ok()) return Error{};
    return r.TakeError();
  }

  // The data string of the only mount call.
  std::string OnlyData(const std::vector<std::string_view>& argv) {
    auto r = RunArgs(argv);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    EXPECT_EQ(mounter_.calls.size(), 1u);
    if (mounter_.calls.empty()) return "<no mount call>";
    return mounter_.calls[0].data;
  }

  static int Exit(const Error& e) { return static_cast<int>(ExitCodeFor(e)); }

  // Files read apart from the configuration file.
  std::vector<std::string> UserFileReads() const {
    std::vector<std::string> out;
    for (const std::string& f : files_.file_reads)
      if (f != kConfigPath) out.push_back(f);
    return out;
  }

  FakeClock clock_;
  FakeNameResolver resolver_{clock_};
  FakeMounter mounter_;
  FakeMountPoint mount_point_;
  FakeFileSource files_;
  FakeUserDb users_;
  FakePasswordPrompter prompter_;
  RecordingConsole console_;
  FakeConnector connector_{clock_};
  FakeHostProbe probe_;
  FakeLogger logger_;
  FakePrivileges privileges_;
  FakeMtab mtab_;
  FakeStateStore stored_;  // the records, as text, by key
  StateSpy state_{stored_, privileges_};
  FakeReconnectProbe reconnect_;
  FakeWallClock wall_clock_;
  FakeNetworkEvents events_{clock_};
  bool cancelled_ = false;
  Deps deps_{resolver_,  mounter_, mount_point_, files_,
             users_,     prompter_, console_,    connector_,
             clock_,     probe_,    logger_,     [this] { return cancelled_ || clock_.Signalled(); },
             privileges_, mtab_,   state_,       reconnect_,
             wall_clock_, events_};
  Environment env_;
  Caller caller_;  // root
};

// The one syslog line.
std::string OnlyLogLine(const testing::FakeLogger& logger) {
  EXPECT_EQ(logger.entries.size(), 1u);
  return logger.entries.empty() ? std::string() : logger.entries[0].line;
}

// ===========================================================================
// Exit codes and messages per error class.

TEST_F(RunTest, SuccessMountsOnce) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].source, "//srv/share");
  EXPECT_EQ(mounter_.calls[0].target, ".");
  EXPECT_EQ(mounter_.calls[0].fstype, "cifs");
  EXPECT_EQ(mounter_.calls[0].flags, 0u);
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=pw");
  EXPECT_EQ(mounter_.calls[0].redacted_data,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=********");
  EXPECT_EQ(mount_point_.chdir_calls, std::vector<std::string>{"/mnt"});
  EXPECT_EQ(resolver_.resolve_calls, std::vector<std::string>{"srv"});
  EXPECT_TRUE(connector_.starts.empty());  // the system policy never probes
  EXPECT_TRUE(prompter_.prompts.empty());
  EXPECT_TRUE(console_.lines.empty());
}

TEST_F(RunTest, BadUncExitsOne) {
  Error e = RunError({"mount.cifs", "srv/share", "/mnt", "-o", "user=bob,pass=pw"});
  EXPECT_EQ(e.code, make_error_code(Errc::kBadSource));
  EXPECT_EQ(e.message, "mount.cifs: bad UNC (srv/share)");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_TRUE(resolver_.resolve_calls.empty());
}

TEST_F(RunTest, UrlSourceExitsOne) {
  Error e = RunError({"mount.cifs", "smb://srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message,
            "mount.cifs: Mounting cifs URL not implemented yet. Attempt to "
            "mount smb://srv/share");
  EXPECT_EQ(Exit(e), 1);
}

TEST_F(RunTest, BadOptionExitsOne) {
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o",
                      "user=bob,pass=pw,uid=nosuchuser"});
  EXPECT_EQ(e.code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(e.message, "bad option uid=\"nosuchuser\"");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, ChdirFailureExitsOne) {
  mount_point_.FailChdir("/mnt/x", ENOENT);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt/x", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "Couldn't chdir to /mnt/x: No such file or directory");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, ChdirPermissionDeniedExitsOne) {
  mount_point_.FailChdir("/secret", EACCES);
  Error e = RunError({"mount.cifs", "//srv/share", "/secret", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "Couldn't chdir to /secret: Permission denied");
  EXPECT_EQ(Exit(e), 1);
}

TEST_F(RunTest, CanonicalPathFailureExitsTwo) {
  mount_point_.FailCanonical(ENAMETOOLONG);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message,
            "Unable to resolve /mnt to canonical path: File name too long");
  EXPECT_EQ(Exit(e), 2);
}

TEST_F(RunTest, NewlineInCanonicalPathExitsOne) {
  mount_point_.SetCanonical("/mnt/a\nb");
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "mount.cifs: illegal character 0x0a in mount entry");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, UnresolvableHostExitsOneWithGaiText) {
  resolver_.FailHost("nohost", EAI_NONAME);
  Error e = RunError({"mount.cifs", "//nohost/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, std::string("mount error: could not resolve address for "
                                   "nohost: ") +
                           gai_strerror(EAI_NONAME));
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, TemporaryResolverFailureExitsOne) {
  // Without the wait for the network (network_wait_test.cc), as cifs-utils.
  files_.AddFile(kConfigPath, "[global]\nfamily = system\nnetwork-wait = no\n");
  resolver_.FailHost("flaky", EAI_AGAIN);
  Error e = RunError({"mount.cifs", "//flaky/share", "/mnt", "-o", "pass=pw,nofail"});
  EXPECT_EQ(e.message, std::string("mount error: could not resolve address for "
                                   "flaky: ") +
                           gai_strerror(EAI_AGAIN));
  // nofail does not cover resolution failures.
  EXPECT_EQ(Exit(e), 1);
}

TEST_F(RunTest, CredentialsFileMissingExitsTwo) {
  Error e = RunError(
      {"mount.cifs", "//srv/share", "/mnt", "-o", "credentials=/etc/nope"});
  EXPECT_EQ(e.code, std::error_code(ENOENT, std::generic_category()));
  EXPECT_EQ(e.message,
            "error 2 (No such file or directory) opening credential file "
            "/etc/nope");
  EXPECT_EQ(Exit(e), 2);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, MountFailureEaccesExitsThirtyTwo) {
  mounter_.Script({EACCES});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=pw"});
  EXPECT_EQ(e.code, make_error_code(Errc::kMountFailed));
  EXPECT_EQ(e.message, std::string("mount error(13): Permission denied\n") + kManPage);
  EXPECT_EQ(Exit(e), 32);
  // EACCES stops at once, with an address left.
  EXPECT_EQ(mounter_.calls.size(), 1u);
}

TEST_F(RunTest, MountFailureEnodevExitsThirtyTwo) {
  mounter_.Script({ENODEV});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message,
            std::string("mount error: cifs filesystem not supported by the "
                        "system\nmount error(19): No such device\n") +
                kManPage);
  EXPECT_EQ(Exit(e), 32);
}

TEST_F(RunTest, MountFailureEhostdownStopsAtOnce) {
  mounter_.Script({EHOSTDOWN});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message.rfind("mount error: Server abruptly closed the connection.\n",
                            0),
            0u)
      << e.message;
  EXPECT_EQ(Exit(e), 32);
  EXPECT_EQ(mounter_.calls.size(), 1u);
}

TEST_F(RunTest, AllAddressesRefusedExitsThirtyTwo) {
  mounter_.Script({ECONNREFUSED, ECONNREFUSED});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.code, make_error_code(Errc::kNoAddress));
  EXPECT_EQ(e.message, "Unable to find suitable address.");
  EXPECT_EQ(Exit(e), 32);
  EXPECT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(console_.lines,
            (std::vector<std::string>{
                "mount error(111): could not connect to 192.0.2.1",
                "mount error(111): could not connect to 192.0.2.2"}));
}

TEST_F(RunTest, NofailGivesUpQuietly) {
  mounter_.Script({ECONNREFUSED, EHOSTUNREACH});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,nofail"},
                Outcome::kNoFailGaveUp);
  EXPECT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(console_.lines,
            (std::vector<std::string>{
                "mount error(111): could not connect to 192.0.2.1",
                "mount error(113): could not connect to 192.0.2.2",
                "Unable to find suitable address."}));
  // nofail never reaches the kernel.
  EXPECT_EQ(mounter_.calls[0].data.find("nofail"), std::string::npos);
}

TEST_F(RunTest, NofailDoesNotCoverOtherMountErrors) {
  mounter_.Script({EACCES});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,nofail"});
  EXPECT_EQ(Exit(e), 32);
}

TEST_F(RunTest, BadIpOverrideExitsOne) {
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=srv"});
  EXPECT_EQ(e.code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, PortInUncAndOptionsExitsOne) {
  Error e = RunError(
      {"mount.cifs", "//srv:4455/share", "/mnt", "-o", "pass=pw,port=445"});
  EXPECT_EQ(e.code, make_error_code(Errc::kBadOption));
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, PasswordPromptFailureExitsTwo) {
  prompter_.Fail(EIO);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.message, "Error reading password, exiting");
  EXPECT_EQ(Exit(e), 2);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, PromptedPasswordTooLongExitsOne) {
  prompter_.Answer(std::string(600, 'p'));
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.message, "Converted password too long!");
  EXPECT_EQ(Exit(e), 1);
}

TEST_F(RunTest, PasswdFileMissingExitsTwo) {
  env_.passwd_file = "/run/pw";
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.message,
            "mount.cifs failed. No such file or directory attempting to open "
            "password file /run/pw");
  EXPECT_EQ(Exit(e), 2);
}

TEST_F(RunTest, PasswdFdUnreadableExitsTwo) {
  env_.passwd_fd = "7";
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.message,
            "mount.cifs failed. Error Bad file descriptor reading password file");
  EXPECT_EQ(Exit(e), 2);
}

TEST_F(RunTest, PasswdFdNotANumberExitsOne) {
  env_.passwd_fd = "three";
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.code, make_error_code(Errc::kBadCredentials));
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(files_.fd_reads.empty());
}

TEST_F(RunTest, PasswdTooLongExitsOne) {
  env_.passwd = Secret(std::string(513, 'p'));
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"});
  EXPECT_EQ(e.message, "Converted password too long!");
  EXPECT_EQ(Exit(e), 1);
}

// ===========================================================================
// The retry loop over addresses.

TEST_F(RunTest, RefusedThenSecondAddressSucceeds) {
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=pw");
  EXPECT_EQ(mounter_.calls[1].data,
            "ip=192.0.2.2,unc=\\\\srv\\share,user=bob,pass=pw");
  EXPECT_EQ(mounter_.calls[1].source, "//srv/share");
  EXPECT_EQ(console_.lines, std::vector<std::string>{
                                "mount error(111): could not connect to 192.0.2.1"});
  // One resolution, one password, whatever the number of attempts.
  EXPECT_EQ(resolver_.resolve_calls.size(), 1u);
}

class ConnectErrnoRunTest : public RunTest,
                            public ::testing::WithParamInterface<int> {};

TEST_P(ConnectErrnoRunTest, AdvancesToTheNextAddress) {
  const int err = GetParam();
  mounter_.Script({err, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.2,", 0), 0u);
  EXPECT_EQ(console_.lines,
            std::vector<std::string>{"mount error(" + std::to_string(err) +
                                     "): could not connect to 192.0.2.1"});
}

INSTANTIATE_TEST_SUITE_P(Run, ConnectErrnoRunTest,
                         ::testing::Values(ECONNREFUSED, EHOSTUNREACH, EINPROGRESS,
                                           ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL,
                                           EAFNOSUPPORT));

class FinalErrnoRunTest : public RunTest, public ::testing::WithParamInterface<int> {};

TEST_P(FinalErrnoRunTest, StopsAtOnce) {
  const int err = GetParam();
  mounter_.Script({err, 0});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(Exit(e), 32);
  EXPECT_NE(e.message.find("mount error(" + std::to_string(err) + "): "),
            std::string::npos)
      << e.message;
}

INSTANTIATE_TEST_SUITE_P(Run, FinalErrnoRunTest,
                         ::testing::Values(EACCES, EINVAL, ENOENT, EHOSTDOWN,
                                           ECONNRESET, EIO, EOPNOTSUPP, ENOKEY));

TEST_F(RunTest, ThreeAddressesIpv6First) {
  resolver_.AddHost("dual", {"2001:db8::5", "192.0.2.10", "fe80::1%3"});
  mounter_.Script({ENETUNREACH, EINPROGRESS, 0});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 3u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::5,unc=\\\\dual\\share,", 0), 0u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.10,", 0), 0u);
  EXPECT_EQ(mounter_.calls[2].data.rfind("ip=fe80::1%3,", 0), 0u);
  EXPECT_EQ(console_.lines,
            (std::vector<std::string>{
                "mount error(101): could not connect to 2001:db8::5",
                "mount error(115): could not connect to 192.0.2.10"}));
}

TEST_F(RunTest, EnxioRetriesOnceWithUpperCaseNames) {
  mounter_.Script({ENXIO, 0});
  ExpectOutcome({"mount.cifs", "//srv/share/sub/dir", "/mnt", "-o", "user=bob,pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].source, "//srv/share/sub/dir");
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,prefixpath=sub/dir,pass=pw");
  // Same address; host, share, prefix and source upper-cased; user and
  // password untouched.
  EXPECT_EQ(mounter_.calls[1].source, "//SRV/SHARE/SUB/DIR");
  EXPECT_EQ(mounter_.calls[1].data,
            "ip=192.0.2.1,unc=\\\\SRV\\SHARE,user=bob,prefixpath=SUB/DIR,pass=pw");
  EXPECT_TRUE(console_.HasLine("Retrying with upper case share name"));
}

TEST_F(RunTest, SecondEnxioFails) {
  mounter_.Script({ENXIO, ENXIO, 0});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.1,", 0), 0u);
  EXPECT_EQ(e.message,
            std::string("mount error(6): No such device or address\n") + kManPage);
  EXPECT_EQ(Exit(e), 32);
}

TEST_F(RunTest, EnxioWithNonAsciiShareIsNotRetried) {
  mounter_.Script({ENXIO, 0});
  Error e = RunError({"mount.cifs", "//srv/caf\xc3\xa9", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(Exit(e), 32);
  EXPECT_FALSE(console_.HasLine("Retrying with upper case share name"));
}

TEST_F(RunTest, EnxioRetryKeepsUpperCaseOnTheNextAddress) {
  mounter_.Script({ENXIO, ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 3u);
  EXPECT_EQ(mounter_.calls[2].data.rfind("ip=192.0.2.2,unc=\\\\SRV\\SHARE,", 0), 0u);
  EXPECT_EQ(mounter_.calls[2].source, "//SRV/SHARE");
}

TEST_F(RunTest, EnokeyWithKrb5AndSudoUidRetriesWithCruid) {
  env_.sudo_uid = "1000";
  mounter_.Script({ENOKEY, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "sec=krb5,user=bob"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data, "ip=192.0.2.1,unc=\\\\srv\\share,sec=krb5,user=bob");
  EXPECT_EQ(mounter_.calls[1].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,sec=krb5,cruid=1000,user=bob");
  EXPECT_TRUE(prompter_.prompts.empty());
}

TEST_F(RunTest, EnokeySudoRetryHappensOnce) {
  env_.sudo_uid = "1000";
  mounter_.Script({ENOKEY, ENOKEY, 0});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "sec=krb5i"});
  EXPECT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(Exit(e), 32);
  EXPECT_NE(e.message.find("mount error(126): "), std::string::npos);
}

TEST_F(RunTest, EnokeySudoRetryWithTenDigitUid) {
  // Directory-service uids (sssd, winbind) often have ten digits; cifs-utils
  // reads SUDO_UID with strtoul.
  env_.sudo_uid = "1668600001";
  mounter_.Script({ENOKEY, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "sec=krb5"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_NE(mounter_.calls[1].data.find(",cruid=1668600001,"), std::string::npos)
      << mounter_.calls[1].data;
}

struct NoSudoRetryCase {
  std::string name;
  std::optional<std::string> sudo_uid;
  std::string options;
};

class NoSudoRetryTest : public RunTest,
                        public ::testing::WithParamInterface<NoSudoRetryCase> {};

TEST_P(NoSudoRetryTest, EnokeyFailsAtOnce) {
  env_.sudo_uid = GetParam().sudo_uid;
  mounter_.Script({ENOKEY, 0});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", GetParam().options});
  EXPECT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(Exit(e), 32);
}

INSTANTIATE_TEST_SUITE_P(
    Run, NoSudoRetryTest,
    ::testing::Values(NoSudoRetryCase{"NoSudoUid", std::nullopt, "sec=krb5"},
                      NoSudoRetryCase{"SudoUidZero", "0", "sec=krb5"},
                      NoSudoRetryCase{"SudoUidNotNumeric", "bob", "sec=krb5"},
                      NoSudoRetryCase{"SudoUidEmpty", "", "sec=krb5"},
                      NoSudoRetryCase{"NotKrb5", "1000", "sec=ntlmssp,pass=pw"},
                      NoSudoRetryCase{"NoSec", "1000", "pass=pw"}),
    [](const ::testing::TestParamInfo<NoSudoRetryCase>& p) {
      return p.param.name;
    });

TEST_F(RunTest, FakeMakesNoMountCall) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-f", "-o", "pass=pw"},
                Outcome::kFaked);
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_EQ(resolver_.resolve_calls.size(), 1u);
}

TEST_F(RunTest, VerbosePrintsRedactedOptionsAndNeverThePassword) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-v", "-o",
                 "user=bob,pass=S3cr3tPw,password2=0th3rPw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine(
      "Host \"srv\" resolved to the following IP addresses: 192.0.2.1,192.0.2.2"))
      << console_.Text();
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs kernel mount options: ip=192.0.2.1,unc=\\\\srv\\share,"
      "user=bob,pass=********,password2=********"))
      << console_.Text();
  EXPECT_FALSE(console_.Mentions("S3cr3tPw"));
  EXPECT_FALSE(console_.Mentions("0th3rPw"));
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].redacted_data.find("S3cr3tPw"), std::string::npos);
}

TEST_F(RunTest, VerboseWithFakePrintsOptions) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-fv", "-o", "pass=S3cr3tPw"},
                Outcome::kFaked);
  EXPECT_TRUE(console_.Mentions("mount.cifs kernel mount options: ip=192.0.2.1,"));
  EXPECT_FALSE(console_.Mentions("S3cr3tPw"));
}

TEST_F(RunTest, VerbosePrintsOneOptionsLinePerAttempt) {
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=S3cr3tPw"},
                Outcome::kMounted);
  int n = 0;
  for (const std::string& l : console_.lines)
    n += l.rfind("mount.cifs kernel mount options: ", 0) == 0;
  EXPECT_EQ(n, 2);
  EXPECT_FALSE(console_.Mentions("S3cr3tPw"));
}

TEST_F(RunTest, QuietWithoutVerbose) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=192.0.2.9"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.lines.empty()) << console_.Text();
}

TEST_F(RunTest, FailureMessagesNeverHoldThePassword) {
  mounter_.Script({EACCES});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=S3cr3tPw"});
  EXPECT_EQ(e.message.find("S3cr3tPw"), std::string::npos);
  EXPECT_FALSE(console_.Mentions("S3cr3tPw"));
}

TEST_F(RunTest, IpOverrideSkipsResolution) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=192.0.2.9"},
                Outcome::kMounted);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_EQ(resolver_.numeric_calls, std::vector<std::string>{"192.0.2.9"});
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data, "ip=192.0.2.9,unc=\\\\srv\\share,user=root,pass=pw");
  EXPECT_EQ(mounter_.calls[0].data.find("ip=192.0.2.9", 1), std::string::npos);
}

TEST_F(RunTest, IpOverrideWorksForUnresolvableHosts) {
  resolver_.FailHost("nohost", EAI_NONAME);
  ExpectOutcome({"mount.cifs", "//nohost/share", "/mnt", "-o", "pass=pw,addr=2001:db8::7"},
                Outcome::kMounted);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::7,unc=\\\\nohost\\share,", 0), 0u);
}

TEST_F(RunTest, IpOverrideIsAListOfOne) {
  mounter_.Script({ECONNREFUSED, 0});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=192.0.2.9"});
  EXPECT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(e.message, "Unable to find suitable address.");
  EXPECT_EQ(Exit(e), 32);
}

TEST_F(RunTest, IpOverrideWithNamedScope) {
  ExpectOutcome(
      {"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=fe80::1%eth0"},
      Outcome::kMounted);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=fe80::1%2,", 0), 0u)
      << mounter_.calls[0].data;
}

TEST_F(RunTest, VerboseNotesIpOverride) {
  ExpectOutcome(
      {"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=pw,ip=192.0.2.9"},
      Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine("ip address 192.0.2.9 override specified"))
      << console_.Text();
}

TEST_F(RunTest, BracketedIpv6WithPort) {
  ExpectOutcome({"mount.cifs", "//[2001:db8::1]:4455/share/p", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_EQ(resolver_.numeric_calls, std::vector<std::string>{"2001:db8::1"});
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].source, "//2001:db8::1/share/p");
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=2001:db8::1,unc=\\\\2001:db8::1\\share,port=4455,user=root,"
            "prefixpath=p,pass=pw");
}

TEST_F(RunTest, BracketedIpv6WithNamedScope) {
  ExpectOutcome({"mount.cifs", "//[fe80::1%eth0]/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_EQ(mounter_.calls[0].source, "//fe80::1%eth0/share");
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=fe80::1%2,unc=\\\\fe80::1%eth0\\share,", 0),
            0u)
      << mounter_.calls[0].data;
}

TEST_F(RunTest, UnbracketedIpv6LiteralNeedsNoLookup) {
  ExpectOutcome({"mount.cifs", "//fe80::1%eth0/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_TRUE(resolver_.lookup_calls.empty());
  EXPECT_EQ(mounter_.calls[0].source, "//fe80::1%eth0/share");
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=fe80::1%2,unc=\\\\fe80::1%eth0\\share,", 0),
            0u)
      << mounter_.calls[0].data;
}

TEST_F(RunTest, Ipv4LiteralNeedsNoLookup) {
  ExpectOutcome({"mount.cifs", "//198.51.100.4/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=198.51.100.4,unc=\\\\198.51.100.4\\share,user=root,pass=pw");
}

TEST_F(RunTest, HostWithPort) {
  ExpectOutcome({"mount.cifs", "//srv:4455/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_EQ(resolver_.resolve_calls, std::vector<std::string>{"srv"});
  EXPECT_EQ(mounter_.calls[0].source, "//srv/share");
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,port=4455,user=root,pass=pw");
}

// ===========================================================================
// Passwords from the environment, options, files and the prompt.

TEST_F(RunTest, PasswdWinsOverPasswdFdAndFile) {
  env_.passwd = Secret("envpw");
  env_.passwd_fd = "3";
  env_.passwd_file = "/pw";
  files_.AddDescriptor(3, "fdpw");
  files_.AddFile("/pw", "filepw");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=envpw");
  EXPECT_TRUE(files_.fd_reads.empty());
  EXPECT_TRUE(UserFileReads().empty());
  EXPECT_TRUE(prompter_.prompts.empty());
}

TEST_F(RunTest, PasswdFdWinsOverPasswdFile) {
  env_.passwd_fd = "3";
  env_.passwd_file = "/pw";
  files_.AddDescriptor(3, "fdpw\n");
  files_.AddFile("/pw", "filepw");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=fdpw");
  EXPECT_EQ(files_.fd_reads, std::vector<int>{3});
  EXPECT_TRUE(UserFileReads().empty());
}

TEST_F(RunTest, PasswdFileUsesItsFirstLine) {
  env_.passwd_file = "/pw";
  files_.AddFile("/pw", "filepw,1\nsecondline");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=filepw,,1");
  EXPECT_EQ(UserFileReads(), std::vector<std::string>{"/pw"});
}

TEST_F(RunTest, PasswdCommasAreDoubled) {
  env_.passwd = Secret("p,w");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=p,,w");
}

TEST_F(RunTest, PasswdThenPassOptionWarnsAndPasswdWins) {
  env_.passwd = Secret("envpw");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=optpw"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=envpw");
  EXPECT_TRUE(console_.HasLine("password specified twice, ignoring second"))
      << console_.Text();
}

TEST_F(RunTest, CredentialsFileOverridesPasswd) {
  env_.passwd = Secret("envpw");
  files_.AddFile("/etc/cifs.cred", "username=fileuser\npassword=filepw\ndomain=FD\n");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o",
                      "credentials=/etc/cifs.cred"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=fileuser,domain=FD,pass=filepw");
  EXPECT_FALSE(console_.Mentions("specified twice"));
}

TEST_F(RunTest, Passwd2FromEnvironment) {
  env_.passwd = Secret("one");
  env_.passwd2 = Secret("tw,o");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=one,password2=tw,,o");
}

TEST_F(RunTest, Passwd2FdAndFile) {
  env_.passwd = Secret("one");
  env_.passwd2_fd = "4";
  env_.passwd2_file = "/pw2";
  files_.AddDescriptor(4, "fd2\n");
  files_.AddFile("/pw2", "file2");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=one,password2=fd2");
  EXPECT_TRUE(UserFileReads().empty());
}

TEST_F(RunTest, PromptsWhenNoPasswordIsKnown) {
  prompter_.Answer("typed");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=typed");
  EXPECT_EQ(prompter_.prompts,
            std::vector<std::string>{"Password for bob@//srv/share: "});
}

TEST_F(RunTest, PromptNamesTheDefaultUserAndTheDeviceAsGiven) {
  env_.user = "alice";
  prompter_.Answer("typed");
  EXPECT_EQ(OnlyData({"mount.cifs", "\\\\srv\\share", "/mnt"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=alice,pass=typed");
  EXPECT_EQ(prompter_.prompts,
            std::vector<std::string>{"Password for alice@\\\\srv\\share: "});
}

TEST_F(RunTest, PromptsOnceAcrossRetries) {
  prompter_.Answer("typed");
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"},
                Outcome::kMounted);
  EXPECT_EQ(prompter_.prompts.size(), 1u);
  EXPECT_EQ(mounter_.calls[1].data,
            "ip=192.0.2.2,unc=\\\\srv\\share,user=bob,pass=typed");
}

struct NoPromptCase {
  std::string name;
  std::string options;
  std::string expected_data;
};

class NoPromptTest : public RunTest,
                     public ::testing::WithParamInterface<NoPromptCase> {};

TEST_P(NoPromptTest, DoesNotPrompt) {
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", GetParam().options}),
            GetParam().expected_data);
  EXPECT_TRUE(prompter_.prompts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Run, NoPromptTest,
    ::testing::Values(
        NoPromptCase{"Guest", "guest",
                     "ip=192.0.2.1,unc=\\\\srv\\share,user="},
        NoPromptCase{"GuestWithPassword", "guest,pass=pw",
                     "ip=192.0.2.1,unc=\\\\srv\\share,user="},
        NoPromptCase{"Krb5", "sec=krb5,user=bob",
                     "ip=192.0.2.1,unc=\\\\srv\\share,sec=krb5,user=bob"},
        NoPromptCase{"Krb5p", "sec=krb5p,user=bob,pass=pw",
                     "ip=192.0.2.1,unc=\\\\srv\\share,sec=krb5p,user=bob"},
        NoPromptCase{"SecNone", "sec=none",
                     "ip=192.0.2.1,unc=\\\\srv\\share,sec=none,user=root"},
        NoPromptCase{"Remount", "remount,user=bob",
                     "ip=192.0.2.1,unc=\\\\srv\\share,user=bob"},
        NoPromptCase{"EmptyPass", "user=bob,pass=",
                     "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass="},
        NoPromptCase{"GivenPass", "user=bob,password=pw",
                     "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=pw"}),
    [](const ::testing::TestParamInfo<NoPromptCase>& p) { return p.param.name; });

TEST_F(RunTest, NoPromptWithPasswdInEnvironment) {
  env_.passwd = Secret("");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=");
  EXPECT_TRUE(prompter_.prompts.empty());
}

TEST_F(RunTest, NoPromptWithPasswordFromCredentialsFile) {
  files_.AddFile("/c", "password=filepw\n");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "cred=/c"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=root,pass=filepw");
  EXPECT_TRUE(prompter_.prompts.empty());
}

TEST_F(RunTest, RemountSetsTheFlag) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "remount,ro,user=bob"},
                Outcome::kMounted);
  EXPECT_EQ(mounter_.calls[0].flags, kMsRemount | kMsRdonly);
}

// ===========================================================================
// User names.

TEST_F(RunTest, UserEnvironmentIsTheDefaultUser) {
  env_.user = "alice";
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=alice,pass=pw");
}

TEST_F(RunTest, UserEnvironmentIsTakenLiterally) {
  env_.user = "alice%notapassword";
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=alice%notapassword,pass=pw");
}

TEST_F(RunTest, UserOptionWinsOverUserEnvironment) {
  env_.user = "alice";
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=pw"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=bob,pass=pw");
}

TEST_F(RunTest, PasswdNameIsTheFallback) {
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=root,pass=pw");
}

TEST_F(RunTest, NoPasswdEntryGivesAnEmptyUser) {
  FakeUserDb empty_db;
  Deps deps{resolver_, mounter_, mount_point_, files_,   empty_db, prompter_,
            console_,  connector_, clock_,     probe_,   logger_,  nullptr,
            privileges_, mtab_, state_, reconnect_, wall_clock_, events_};
  auto inv = ParseCommandLine({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  ASSERT_TRUE(inv.ok());
  auto r = mount_cifs::Run(inv.value(), env_, caller_, deps);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(mounter_.calls[0].data, "ip=192.0.2.1,unc=\\\\srv\\share,user=,pass=pw");
}

TEST_F(RunTest, GuestWinsOverUserEnvironment) {
  env_.user = "alice";
  env_.passwd = Secret("envpw");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "guest"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=");
}

TEST_F(RunTest, CredentialsFileUserWinsOverUserEnvironment) {
  env_.user = "alice";
  files_.AddFile("/c", "user=carol\npass=pw\n");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o", "credentials=/c"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=carol,pass=pw");
}

// ===========================================================================
// Program name, flags, exact data strings.

TEST_F(RunTest, MountSmb3UsesSmb3Fstype) {
  ExpectOutcome({"/sbin/mount.smb3", "//srv/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_EQ(mounter_.calls[0].fstype, "smb3");
}

TEST_F(RunTest, MountSmb3FailureNamesItsManualPage) {
  mounter_.Script({EACCES});
  Error e = RunError({"mount.smb3", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message,
            "mount error(13): Permission denied\n"
            "Refer to the mount.smb3(8) manual page (e.g. man mount.smb3) and "
            "kernel log messages (dmesg)");
}

TEST_F(RunTest, MountSmb3BadUncNamesTheProgram) {
  Error e = RunError({"mount.smb3", "srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "mount.smb3: bad UNC (srv/share)");
}

struct FlagCase {
  std::string name;
  std::vector<std::string_view> extra;
  unsigned long flags;
};

class RunFlagsTest : public RunTest, public ::testing::WithParamInterface<FlagCase> {};

TEST_P(RunFlagsTest, Flags) {
  std::vector<std::string_view> argv = {"mount.cifs", "//srv/share", "/mnt"};
  for (std::string_view a : GetParam().extra) argv.push_back(a);
  ExpectOutcome(argv, Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].flags, GetParam().flags);
  // Flags never appear in the data string.
  for (const char* word : {",ro,", ",rw,", "nosuid", "nodev", "noexec", "remount"})
    EXPECT_EQ(mounter_.calls[0].data.find(word), std::string::npos) << word;
}

INSTANTIATE_TEST_SUITE_P(
    Run, RunFlagsTest,
    ::testing::Values(
        FlagCase{"None", {"-o", "pass=pw"}, 0},
        FlagCase{"DashR", {"-r", "-o", "pass=pw"}, kMsRdonly},
        FlagCase{"DashW", {"-w", "-o", "pass=pw"}, 0},
        FlagCase{"OptionRo", {"-o", "ro,pass=pw"}, kMsRdonly},
        FlagCase{"DashROptionRw", {"-r", "-o", "rw,pass=pw"}, 0},
        FlagCase{"DashWOptionRo", {"-w", "-o", "ro,pass=pw"}, kMsRdonly},
        FlagCase{"DashRPlusOthers", {"-r", "-o", "nosuid,nodev,noexec,pass=pw"},
                 kMsRdonly | kMsNosuid | kMsNodev | kMsNoexec},
        FlagCase{"LongReadOnly", {"--read-only", "-o", "mand,pass=pw"},
                 kMsRdonly | kMsMandlock},
        FlagCase{"NolockClearsMand", {"-o", "mand,nolock,pass=pw"}, 0}),
    [](const ::testing::TestParamInfo<FlagCase>& p) { return p.param.name; });

TEST_F(RunTest, DataStringOfCifsUtilsExample) {
  // Reference section 3.4, observed with cifs-utils 7.5.
  EXPECT_EQ(
      OnlyData({"mount.cifs", "//127.0.0.1/share", "/mnt", "-o",
                "sec=ntlmssp,snapshot=@GMT-2024.01.02-03.04.05,backupuid=root,"
                "cruid=0,prefixpath=/a/b,user=bob,pass=x,password2=y"}),
      "ip=127.0.0.1,unc=\\\\127.0.0.1\\share,sec=ntlmssp,prefixpath=/a/b,"
      "cruid=0,backupuid=0,snapshot=133486382450000000,user=bob,pass=x,"
      "password2=y");
}

TEST_F(RunTest, DataStringWithPrefixSloppyIdsAndDomain) {
  env_.passwd = Secret("p,w");
  ExpectOutcome({"mount.cifs", "//srv/share/sub/dir", "/mnt", "-s", "-o",
                 "vers=3.1.1,uid=bob,gid=staff,dom=CORP,user=alice,_netdev,"
                 "x-systemd.automount,file_mode=0644"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,sloppy,vers=3.1.1,file_mode=0644,"
            "uid=1000,gid=50,user=alice,domain=CORP,prefixpath=sub/dir,"
            "pass=p,,w");
  EXPECT_EQ(mounter_.calls[0].redacted_data,
            "ip=192.0.2.1,unc=\\\\srv\\share,sloppy,vers=3.1.1,file_mode=0644,"
            "uid=1000,gid=50,user=alice,domain=CORP,prefixpath=sub/dir,"
            "pass=********");
  EXPECT_EQ(mounter_.calls[0].source, "//srv/share/sub/dir");
}

TEST_F(RunTest, DataStringForGuestWithDroppedOptions) {
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt", "-o",
                      "guest,vers=3.0,_netdev,x-systemd.automount,nofail,"
                      "comment=x,dom"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,vers=3.0,user=,domain=");
}

TEST_F(RunTest, WarningsReachTheConsoleWithoutVerbose) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,file_mode=644,fmask=0600"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine("WARNING: 'file_mode' not expressed in octal."))
      << console_.Text();
  EXPECT_TRUE(console_.HasLine(
      "WARNING: CIFS mount option 'fmask' is deprecated. Use 'file_mode' "
      "instead."))
      << console_.Text();
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,file_mode=644,file_mode=0600,"
            "user=root,pass=pw");
}

TEST_F(RunTest, ExtraArgumentsAreMentionedWhenVerbose) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "stray", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine("ignoring extra argument: stray")) << console_.Text();
}

TEST_F(RunTest, NoOptionsAtAll) {
  prompter_.Answer("");
  EXPECT_EQ(OnlyData({"mount.cifs", "//srv/share", "/mnt"}),
            "ip=192.0.2.1,unc=\\\\srv\\share,user=root,pass=");
  EXPECT_EQ(prompter_.prompts,
            std::vector<std::string>{"Password for root@//srv/share: "});
}

// ===========================================================================
// Configuration, the default address policy, syslog and signals.

TEST_F(RunTest, MissingConfigFileMeansDefaults) {
  FakeFileSource no_config;
  Deps deps{resolver_, mounter_, mount_point_, no_config, users_,  prompter_,
            console_,  connector_, clock_,     probe_,    logger_, nullptr,
            privileges_, mtab_, state_, reconnect_, wall_clock_, events_};
  resolver_.AddHost("solo", {"192.0.2.40"});
  connector_.Script("192.0.2.40", {5, 0, false});
  auto inv = ParseCommandLine({"mount.cifs", "//solo/share", "/mnt", "-o", "pass=pw"});
  ASSERT_TRUE(inv.ok());
  auto r = mount_cifs::Run(inv.value(), env_, caller_, deps);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(no_config.file_reads, std::vector<std::string>{kConfigPath});
  // The default policy looks up each family and probes before mounting.
  ASSERT_EQ(resolver_.lookup_calls.size(), 1u);
  EXPECT_TRUE(resolver_.resolve_calls.empty());
  ASSERT_EQ(connector_.starts.size(), 1u);
  EXPECT_EQ(connector_.starts[0].address, "192.0.2.40");
  EXPECT_EQ(connector_.starts[0].port, 445);
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.40,unc=\\\\solo\\share,user=root,pass=pw");
}

TEST_F(RunTest, UnreadableConfigFileExitsOne) {
  files_.FailFile(kConfigPath, EACCES);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "cannot read /etc/cifs-family.conf: Permission denied");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, BadConfigFileExitsOne) {
  files_.AddFile(kConfigPath, "[global]\nfamily = sideways\n");
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.code, ConfigError());
  EXPECT_EQ(e.message.rfind("/etc/cifs-family.conf:2: ", 0), 0u) << e.message;
  EXPECT_EQ(Exit(e), 1);
}

TEST_F(RunTest, HappyEyeballsMountsTheFirstToConnectFirst) {
  files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", {-1, 0, false});  // never answers
  connector_.Script("192.0.2.10", {20, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=192.0.2.10,unc=\\\\dual\\share,", 0), 0u)
      << mounter_.calls[0].data;
  // IPv6 was tried first (RFC 6724), IPv4 250 ms later.
  ASSERT_EQ(connector_.starts.size(), 2u);
  EXPECT_EQ(connector_.starts[0].address, "2001:db8::10");
  EXPECT_EQ(connector_.starts[0].at_ms, 0);
  EXPECT_EQ(connector_.starts[1].address, "192.0.2.10");
  EXPECT_EQ(connector_.starts[1].at_ms, 250);
  // No RTT history: the RFC 8305 default, said so in the log line.
  EXPECT_EQ(probe_.rtt_lookups, (std::vector<std::string>{"2001:db8::10", "192.0.2.10"}));
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find(" attempt-delay=250ms/default "), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, RttHistorySetsTheAttemptDelay) {
  // The kernel saw 24 us round trips to the IPv4 address: the next attempt
  // starts after rtt + 4 * rttvar, raised to the 100 ms floor, not 250 ms.
  files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  probe_.rtts["192.0.2.10"] = {microseconds(24), microseconds(22)};
  connector_.Script("2001:db8::10", {-1, 0, false});  // never answers
  connector_.Script("192.0.2.10", {20, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(connector_.starts.size(), 2u);
  EXPECT_EQ(connector_.starts[0].address, "2001:db8::10");
  EXPECT_EQ(connector_.starts[1].address, "192.0.2.10");
  EXPECT_EQ(connector_.starts[1].at_ms, 100);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find(" attempt-delay=100ms/rtt "), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, SlowestRttHistorySetsThePace) {
  // A 400 ms path (rttvar 50 ms) must not be abandoned after 100 ms because
  // the other family is fast.
  files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  probe_.rtts["192.0.2.10"] = {microseconds(900), microseconds(100)};
  probe_.rtts["2001:db8::10"] = {milliseconds(400), milliseconds(50)};
  connector_.Script("2001:db8::10", {-1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(connector_.starts.size(), 2u);
  EXPECT_EQ(connector_.starts[1].at_ms, 600);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find(" attempt-delay=600ms/rtt "), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, LateAnswerWithRttHistoryMovesThePendingAttempt) {
  // AAAA answers at once and its attempt starts; A comes 30 ms later with a
  // fast history: the IPv4 attempt moves from 250 ms to 100 ms.
  files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, 30);
  probe_.rtts["192.0.2.10"] = {microseconds(50), microseconds(20)};
  connector_.Script("2001:db8::10", {-1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(connector_.starts.size(), 2u);
  EXPECT_EQ(connector_.starts[0].address, "2001:db8::10");
  EXPECT_EQ(connector_.starts[0].at_ms, 0);
  EXPECT_EQ(connector_.starts[1].at_ms, 100);
}

TEST_F(RunTest, OutstandingLookupDoesNotDelayTheWinnersMount) {
  // IPv6 connects 1 ms in; A answers 40 ms later. mount(2) must not wait
  // for it: it is collected only if a fallback is needed.
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, 40);
  connector_.Script("2001:db8::10", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find(" decided-in=1ms "), std::string::npos)
      << logger_.entries[0].line;
  // The line says the A lookup had not answered, rather than waiting for it.
  EXPECT_NE(logger_.entries[0].line.find(" lookup-pending=A "), std::string::npos)
      << logger_.entries[0].line;
  EXPECT_EQ(logger_.entries[0].line.find("candidate=192.0.2.10"), std::string::npos);
}

TEST_F(RunTest, VerboseTableWaitsOneResolutionDelayForALateFamily) {
  // -v is read by a person: the A answer 40 ms late still makes the table.
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, 40);
  connector_.Script("2001:db8::10", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  bool row = false;
  for (const std::string& l : console_.lines)
    row = row || l.find("  192.0.2.10 ") != std::string::npos;
  EXPECT_TRUE(row);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_EQ(logger_.entries[0].line.find("lookup-pending"), std::string::npos);
  EXPECT_NE(logger_.entries[0].line.find("candidate=192.0.2.10/not-tried"), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, ConfiguredAttemptDelayIgnoresRttHistory) {
  files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\nconnection-attempt-delay = 250ms\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  probe_.rtts["192.0.2.10"] = {microseconds(24), microseconds(22)};
  connector_.Script("2001:db8::10", {-1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(connector_.starts.size(), 2u);
  EXPECT_EQ(connector_.starts[1].at_ms, 250);
  EXPECT_TRUE(probe_.rtt_lookups.empty());
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find(" attempt-delay=250ms/config "), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, HappyEyeballsFallsBackInMountOrder) {
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  // A at once, AAAA 20 ms later: within the 50 ms resolution delay, so
  // both families join the race, IPv6 first.
  resolver_.SetLookupDelay("dual", resolver::Family::kV6, 20);
  connector_.Script("2001:db8::10", {1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  mounter_.Script({EHOSTUNREACH, 0});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::10,", 0), 0u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.10,", 0), 0u);
  EXPECT_EQ(console_.lines, std::vector<std::string>{
                                "mount error(113): could not connect to 2001:db8::10"});
}

TEST_F(RunTest, HappyEyeballsKeepsAnswersThatArrivedBeforeTheWinner) {
  // Both families answer at once; IPv6 connects 1 ms later. The A answer
  // was there before the race ended, so its address must stay a mount(2)
  // fallback (race.h: the rest stay as fallbacks; every candidate reported).
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", {1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  mounter_.Script({EHOSTUNREACH, 0});
  auto r = RunArgs({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"});
  EXPECT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::10,", 0), 0u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.10,", 0), 0u);
}

TEST_F(RunTest, LateAnswersPassTheSameHostChecksAsEarlyOnes) {
  // A answers at once and wins the race; AAAA comes 20 ms later, after the
  // race. On a host without IPv6 connectivity the late AAAA must be skipped
  // like an early one, not kept as a mount(2) fallback.
  files_.AddFile(kConfigPath, "[global]\nresolution-delay = 0\n");
  probe_.ipv6 = resolver::HostIpv6{true, false, false};
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV6, 20);
  connector_.Script("192.0.2.10", {1, 0, false});
  mounter_.Script({EHOSTUNREACH});
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "Unable to find suitable address.");
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=192.0.2.10,", 0), 0u);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find("candidate=2001:db8::10/skipped:no-ipv6-connectivity"),
            std::string::npos)
      << logger_.entries[0].line;
}

// The probes and the mount(2) retry loop together (issue 11): the race
// picks the order, cifs-utils' retry rules walk it.

TEST_F(RunTest, PreferredWinnerGetsTheUppercaseRetryOnTheSameAddress) {
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", {1, 0, false});
  connector_.Script("192.0.2.10", {1, 0, false});
  mounter_.Script({ENXIO, 0});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o",
                 "pass=pw,family=v6-preferred"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::10,unc=\\\\dual\\share,", 0), 0u)
      << mounter_.calls[0].data;
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=2001:db8::10,unc=\\\\DUAL\\SHARE,", 0), 0u)
      << mounter_.calls[1].data;
  EXPECT_EQ(mounter_.calls[1].source, "//DUAL/SHARE");
}

TEST_F(RunTest, EinvalOnAGuessedKernelMovesFromTheIpv6WinnerToIpv4) {
  // An unparseable release: the kernel's IPv6 ip= support is a guess, so
  // EINVAL for the IPv6 winner means "try the next address".
  files_.AddFile(kConfigPath, "");
  probe_.release = "weird-kernel";
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", {1, 0, false});
  mounter_.Script({EINVAL, 0});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::10,", 0), 0u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.10,", 0), 0u);
}

TEST_F(RunTest, RefusedWinnerWaitsForTheLateFamilyAndMountsIt) {
  // IPv6 wins the race, its mount(2) is refused; A answers 2 s later and is
  // the fallback, within the deadline.
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, 2000);
  connector_.Script("2001:db8::10", {1, 0, false});
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(mounter_.calls[1].data.rfind("ip=192.0.2.10,", 0), 0u);
  EXPECT_EQ(clock_.Ms(), 2000);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" mount=2001:db8::10/ECONNREFUSED mount=192.0.2.10/ok "),
            std::string::npos) << line;
  EXPECT_NE(line.find(" candidate=192.0.2.10/not-tried "), std::string::npos) << line;
}

// srcaddr= decides the family (issue 13; kernel bugzilla 218523: an IPv4
// source cannot be bound to an IPv6 socket, and the mount wedges on
// reconnect).

TEST_F(RunTest, SrcaddrOfEachFamilyPicksThatFamilyAndBindsTheProbes) {
  for (const auto& [src, family_word, want, other] :
       {std::tuple<const char*, const char*, const char*, const char*>{
            "192.0.2.99", "ipv4", "192.0.2.10", "2001:db8::10"},
        {"2001:db8::99", "ipv6", "2001:db8::10", "192.0.2.10"}}) {
    SCOPED_TRACE(src);
    mounter_.calls.clear();
    connector_.starts.clear();
    logger_.entries.clear();
    files_.AddFile(kConfigPath, "");
    resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
    connector_.Script("2001:db8::10", {1, 0, false});
    connector_.Script("192.0.2.10", {1, 0, false});
    const std::string opts = std::string("pass=pw,srcaddr=") + src;
    ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", opts},
                  Outcome::kMounted);
    ASSERT_EQ(mounter_.calls.size(), 1u);
    EXPECT_EQ(mounter_.calls[0].data.rfind(std::string("ip=") + want + ",", 0), 0u)
        << mounter_.calls[0].data;
    EXPECT_NE(mounter_.calls[0].data.find(std::string("srcaddr=") + src),
              std::string::npos);
    ASSERT_EQ(connector_.starts.size(), 1u);
    EXPECT_EQ(connector_.starts[0].address, want);
    EXPECT_EQ(connector_.starts[0].source, src);
    const std::string line = OnlyLogLine(logger_);
    EXPECT_NE(line.find(std::string(" srcaddr-family=") + family_word + " "),
              std::string::npos) << line;
    EXPECT_NE(line.find(std::string(" candidate=") + other + "/skipped:srcaddr-family"),
              std::string::npos) << line;
  }
}

TEST_F(RunTest, SrcaddrWithPolicySystemKeepsOnlyItsFamily) {
  resolver_.AddHost("dual", {"2001:db8::10", "192.0.2.10"});
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o",
                 "pass=pw,srcaddr=192.0.2.99"},
                Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=192.0.2.10,", 0), 0u);
}

TEST_F(RunTest, SrcaddrThePolicyExcludesIsAUsageError) {
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o",
                      "pass=pw,srcaddr=192.0.2.99,family=v6-only"});
  EXPECT_EQ(e.message, "family=v6-only excludes the IPv4 srcaddr=192.0.2.99");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_TRUE(connector_.starts.empty());
}

TEST_F(RunTest, SrcaddrMustBeAnAddressAndMatchIp) {
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  Error bad = RunError({"mount.cifs", "//dual/share", "/mnt", "-o",
                        "pass=pw,srcaddr=eth0"});
  EXPECT_EQ(bad.message, "bad srcaddr= address \"eth0\": not a numeric IPv4 or IPv6 address");
  EXPECT_EQ(Exit(bad), 1);
  Error mixed = RunError({"mount.cifs", "//dual/share", "/mnt", "-o",
                          "pass=pw,srcaddr=2001:db8::99,ip=192.0.2.10"});
  EXPECT_EQ(mixed.message,
            "ip=192.0.2.10 and srcaddr=2001:db8::99 are of different families");
  EXPECT_EQ(Exit(mixed), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(RunTest, FamilyOptionRestrictsTheAddresses) {
  resolver_.AddHost("dual", {"2001:db8::10", "192.0.2.10"});
  mounter_.Script({ECONNREFUSED, 0});
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o",
                      "pass=pw,family=v6-only"});
  EXPECT_EQ(e.message, "Unable to find suitable address.");
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=2001:db8::10,", 0), 0u);
  EXPECT_EQ(mounter_.calls[0].data.find("family"), std::string::npos);
}

TEST_F(RunTest, OneSyslogLinePerMountWithoutSecrets) {
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "user=bob,pass=S3cr3tPw"},
                Outcome::kMounted);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_EQ(logger_.ident, "mount.cifs");
  EXPECT_EQ(logger_.entries[0].line.find("S3cr3tPw"), std::string::npos);
  EXPECT_NE(logger_.entries[0].line.find("server=srv"), std::string::npos)
      << logger_.entries[0].line;
  EXPECT_NE(logger_.entries[0].line.find("result=mounted"), std::string::npos)
      << logger_.entries[0].line;
}

TEST_F(RunTest, NoSyslogLineForEarlyErrors) {
  Error e = RunError({"mount.cifs", "srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(logger_.entries.empty());
}

TEST_F(RunTest, SignalEndsTheRunAsAUserInterrupt) {
  // SIGTERM (systemd's mount timeout), SIGINT or SIGHUP ends the run
  // cleanly with mount(8)'s "user interrupt" status 8 (issue 11: it was 32,
  // which made a cancelled mount look like a refused one) and the decision
  // line saying so; no mount(2) after it.
  cancelled_ = true;
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_EQ(e.code, make_error_code(Errc::kInterrupted)) << e.message;
  EXPECT_EQ(Exit(e), 8);
  ASSERT_EQ(logger_.entries.size(), 1u);
  EXPECT_NE(logger_.entries[0].line.find("result=interrupted"), std::string::npos)
      << logger_.entries[0].line;
  EXPECT_EQ(logger_.entries[0].level, LogLevel::kError);
}

// Issue 10: a signal ends any wait within the run, the deadline ends a wait
// for DNS with a message that says so, and -f never records an undecided
// mount. Time is fake; FakeClock::SignalAt() is the SIGTERM.

TEST_F(RunTest, SignalDuringLookupsEndsTheRunAtOnce) {
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV6, -1);
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, -1);
  clock_.SignalAt(500);
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(clock_.Ms(), 500);
  EXPECT_EQ(e.message, "mount error: interrupted by a signal");
  EXPECT_EQ(Exit(e), 8);
  EXPECT_TRUE(mounter_.calls.empty());
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=interrupted"), std::string::npos) << line;
  // No address reached mount(2): the line names none.
  EXPECT_EQ(line.find(" ip="), std::string::npos) << line;
}

TEST_F(RunTest, SignalEndsTheWaitForALateAnswerAfterAFailedMount) {
  // IPv6 wins and its mount(2) is refused; the A lookup is still out and
  // the helper waits for it as a fallback, until SIGTERM.
  files_.AddFile(kConfigPath, "");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, -1);
  connector_.Script("2001:db8::10", {1, 0, false});
  mounter_.Script({ECONNREFUSED});
  clock_.SignalAt(1000);
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(clock_.Ms(), 1000);
  EXPECT_EQ(e.message, "mount error: interrupted by a signal");
  EXPECT_EQ(Exit(e), 8);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=interrupted"), std::string::npos) << line;
  EXPECT_NE(line.find(" ip=2001:db8::10 "), std::string::npos) << line;
}

TEST_F(RunTest, FakeMountInterruptedIsNotRecorded) {
  // -f with SIGTERM during DNS: nothing was decided, so no success, no
  // "faked" and no /etc/mtab entry.
  files_.AddFile(kConfigPath, "");
  mtab_.regular = true;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV6, -1);
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, -1);
  clock_.SignalAt(200);
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-f", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 8);
  EXPECT_EQ(mtab_.text, "");
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=interrupted"), std::string::npos) << line;
}

TEST_F(RunTest, FakeMountAfterASignalInTheRaceIsNotRecorded) {
  // The signal lands while probes run: -f must not turn it into success.
  files_.AddFile(kConfigPath, "");
  mtab_.regular = true;
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  connector_.Script("2001:db8::10", {-1, 0, false});
  connector_.Script("192.0.2.10", {-1, 0, false});
  clock_.SignalAt(300);
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-f", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 8);
  EXPECT_EQ(mtab_.text, "");
  EXPECT_NE(OnlyLogLine(logger_).find(" result=interrupted"), std::string::npos);
}

TEST_F(RunTest, DeadlineDuringLookupsSaysWhatWasMissing) {
  files_.AddFile(kConfigPath, "[global]\ndeadline = 1s\n");
  resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
  resolver_.SetLookupDelay("dual", resolver::Family::kV6, -1);
  resolver_.SetLookupDelay("dual", resolver::Family::kV4, -1);
  Error e = RunError({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(clock_.Ms(), 1000);
  EXPECT_EQ(e.message,
            "mount error: deadline of 1 s reached while waiting for the AAAA and "
            "A answers for dual; Unable to find suitable address.");
  EXPECT_EQ(Exit(e), 32);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=deadline"), std::string::npos) << line;
  EXPECT_NE(line.find(" reason=no-dns-answer"), std::string::npos) << line;
  EXPECT_EQ(line.find(" ip="), std::string::npos) << line;
}

TEST_F(RunTest, SystemPolicyLookupIsBoundedByTheDeadline) {
  // Policy "system" makes one getaddrinfo() call: the deadline bounds it.
  files_.AddFile(kConfigPath, "[global]\nfamily = system\ndeadline = 1s\n");
  resolver_.SetResolveDelay("srv", -1);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(clock_.Ms(), 1000);
  EXPECT_EQ(e.message,
            "mount error: deadline of 1 s reached while resolving srv; Unable to "
            "find suitable address.");
  EXPECT_EQ(Exit(e), 32);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=deadline"), std::string::npos) << line;
}

TEST_F(RunTest, SignalEndsTheSystemPolicysLookup) {
  resolver_.SetResolveDelay("srv", -1);
  clock_.SignalAt(300);
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(clock_.Ms(), 300);
  EXPECT_EQ(Exit(e), 8);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=interrupted"), std::string::npos) << line;
  EXPECT_EQ(line.find("lookup-error"), std::string::npos) << line;
}

TEST_F(RunTest, DeadlineBetweenMountCallsNamesNoUnusedAddress) {
  // The first mount(2) takes the whole deadline (a kernel stall): the next
  // address is not given to mount(2), and the line's ip= is the one that was.
  files_.AddFile(kConfigPath, "[global]\ndeadline = 2s\nfamily = system\n");
  mounter_.Script({ETIMEDOUT});
  mounter_.on_call = [this] { clock_.Advance(milliseconds(2500)); };
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 32);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(e.message, "mount error: deadline of 2 s reached; Unable to find suitable address.");
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" result=deadline"), std::string::npos) << line;
  EXPECT_NE(line.find(" ip=192.0.2.1 "), std::string::npos) << line;
}

// ===========================================================================
// User mounts (a non-root caller of a setuid install) and the legacy mtab.

// A Mounter that notes whether CAP_SYS_ADMIN was raised at each call, and a
// FileSource that notes the caller-access depth at each read.
class PrivilegeCheckingMounter : public Mounter {
 public:
  PrivilegeCheckingMounter(FakeMounter& inner, FakePrivileges& p) : inner_(inner), p_(p) {}
  Status Mount(const MountRequest& r) override {
    raised_at_call.push_back(p_.mount_raised);
    return inner_.Mount(r);
  }
  std::vector<bool> raised_at_call;

 private:
  FakeMounter& inner_;
  FakePrivileges& p_;
};

class UserMountTest : public RunTest {
 protected:
  UserMountTest() {
    caller_.uid = 1000;
    caller_.gid = 1000;
    mount_point_.SetCanonical("/home/bob/share");
    files_.AddFile("/etc/fstab",
                   "# fstab\n"
                   "/dev/sda1 / ext4 defaults 0 1\n"
                   "//srv/share /home/bob/share/ cifs user,credentials=/home/bob/.cred,suid,dev,vers=3.0 0 0\n"
                   "//srv/other /home/bob/other cifs noauto 0 0\n"
                   "//srv/fam /home/bob/fam cifs users,x-family-user,pass=x 0 0\n"
                   "//srv/space /home/bob/with\\040space cifs user,pass=x 0 0\n"
                   "//srv/f6 /home/bob/f6 cifs user,family=v6-only,pass=x 0 0\n");
    files_.AddFile("/home/bob/.cred", "username=bob\npassword=s3cret\n");
  }
  std::string DenialLine() {
    for (const auto& e : logger_.entries)
      if (e.line.rfind("user mount denied", 0) == 0) return e.line;
    return "";
  }
};

TEST_F(UserMountTest, MatchingEntryMountsWithTheFstabOptionsOnly) {
  PrivilegeCheckingMounter checking(mounter_, privileges_);
  Deps deps{resolver_, checking, mount_point_, files_, users_, prompter_, console_,
            connector_, clock_, probe_, logger_, nullptr, privileges_, mtab_,
            state_, reconnect_, wall_clock_, events_};
  auto inv = ParseCommandLine({"mount.cifs", "//srv/share", "/home/bob/share", "-o",
                               "uid=0,user=evil,sec=none,suid"});
  ASSERT_TRUE(inv.ok());
  auto r = mount_cifs::Run(inv.value(), env_, caller_, deps);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(mounter_.calls.size(), 1u);
  // The caller's uid=0,user=evil,sec=none never reach the kernel.
  EXPECT_EQ(mounter_.calls[0].data,
            "ip=192.0.2.1,unc=\\\\srv\\share,vers=3.0,uid=1000,gid=1000,user=bob,pass=s3cret");
  // nosuid,nodev forced although the entry says suid,dev.
  EXPECT_EQ(mounter_.calls[0].flags, kMsNosuid | kMsNodev);
  EXPECT_EQ(checking.raised_at_call, std::vector<bool>{true});
  EXPECT_FALSE(privileges_.mount_raised);  // lowered again
  EXPECT_EQ(privileges_.caller_access, 0);
  EXPECT_TRUE(DenialLine().empty());
}

TEST_F(UserMountTest, CredentialsFileIsReadAsTheCaller) {
  class DepthFiles : public FileSource {
   public:
    DepthFiles(FakeFileSource& f, FakePrivileges& p) : f_(f), p_(p) {}
    Result<Secret> ReadFile(const std::string& path, std::size_t max) override {
      depth[path] = p_.caller_access;
      return f_.ReadFile(path, max);
    }
    Result<Secret> ReadDescriptor(int fd, std::size_t max) override {
      return f_.ReadDescriptor(fd, max);
    }
    std::map<std::string, int> depth;

   private:
    FakeFileSource& f_;
    FakePrivileges& p_;
  } files(files_, privileges_);
  Deps deps{resolver_, mounter_, mount_point_, files, users_, prompter_, console_,
            connector_, clock_, probe_, logger_, nullptr, privileges_, mtab_,
            state_, reconnect_, wall_clock_, events_};
  auto inv = ParseCommandLine({"mount.cifs", "//srv/share", "/home/bob/share"});
  ASSERT_TRUE(inv.ok());
  ASSERT_TRUE(mount_cifs::Run(inv.value(), env_, caller_, deps).ok());
  EXPECT_EQ(files.depth["/home/bob/.cred"], 1);    // as the caller
  EXPECT_EQ(files.depth["/etc/cifs-family.conf"], 0);  // admin's file, as root
}

TEST_F(UserMountTest, NoEntryIsDeniedAndLogged) {
  mount_point_.SetCanonical("/home/bob/elsewhere");
  Error e = RunError({"mount.cifs", "//srv/share", "/home/bob/elsewhere"});
  EXPECT_EQ(e.code, make_error_code(Errc::kPermissionDenied));
  EXPECT_EQ(e.message,
            "mount.cifs: permission denied: no match for /home/bob/elsewhere found in /etc/fstab");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_EQ(logger_.facility, "authpriv");
  EXPECT_EQ(DenialLine(),
            "user mount denied: uid=1000 device=//srv/share mountpoint=/home/bob/elsewhere "
            "reason=not-allowed-by-fstab");
}

TEST_F(UserMountTest, DeviceMustMatchExactly) {
  Error e = RunError({"mount.cifs", "//SRV/share", "/home/bob/share"});
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
  EXPECT_FALSE(DenialLine().empty());
}

TEST_F(UserMountTest, EntryWithoutUserIsDenied) {
  mount_point_.SetCanonical("/home/bob/other");
  Error e = RunError({"mount.cifs", "//srv/other", "/home/bob/other"});
  EXPECT_EQ(e.message, "mount.cifs: permission denied");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(UserMountTest, UnreadableFstabExitsSixteen) {
  files_.FailFile("/etc/fstab", EACCES);
  Error e = RunError({"mount.cifs", "//srv/share", "/home/bob/share"});
  EXPECT_EQ(e.message, "Couldn't open /etc/fstab for reading!");
  EXPECT_EQ(Exit(e), 16);
  EXPECT_NE(DenialLine().find("reason=fstab-unreadable"), std::string::npos);
}

TEST_F(UserMountTest, FamilyFromTheCallerOnlyWhenTheEntryAllowsIt) {
  resolver_.AddHost("srv", {"192.0.2.1", "2001:db8::1"});
  mount_point_.SetCanonical("/home/bob/fam");
  ExpectOutcome({"mount.cifs", "//srv/fam", "/home/bob/fam", "-o", "family=v6-only"},
                Outcome::kMounted);
  EXPECT_NE(mounter_.calls.back().data.find("ip=2001:db8::1,"), std::string::npos);
  // The same request against an entry without x-family-user is ignored.
  mounter_.calls.clear();
  mount_point_.SetCanonical("/home/bob/share");
  ExpectOutcome({"mount.cifs", "//srv/share", "/home/bob/share", "-o", "family=v6-only"},
                Outcome::kMounted);
  EXPECT_NE(mounter_.calls.back().data.find("ip=192.0.2.1,"), std::string::npos);
}

TEST_F(UserMountTest, UserEnvironmentCannotInjectOptions) {
  env_.user = std::string("bob,uid=0,ip=198.51.100.66");
  files_.AddFile("/home/bob/.cred", "password=s3cret\n");
  Error e = RunError({"mount.cifs", "//srv/share", "/home/bob/share"});
  EXPECT_EQ(e.message, "username must not contain a comma");
  EXPECT_EQ(Exit(e), 1);
  EXPECT_TRUE(mounter_.calls.empty());
}

TEST_F(UserMountTest, TheEntrysOwnFamilyStands) {
  resolver_.AddHost("srv", {"192.0.2.1", "2001:db8::1"});
  mount_point_.SetCanonical("/home/bob/f6");
  ExpectOutcome({"mount.cifs", "//srv/f6", "/home/bob/f6"}, Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_NE(mounter_.calls[0].data.find("ip=2001:db8::1,"), std::string::npos)
      << mounter_.calls[0].data;
}

TEST_F(UserMountTest, MtabEntryIsEscapedAndNamesTheUser) {
  mtab_.regular = true;
  mount_point_.SetCanonical("/home/bob/with space");
  ExpectOutcome({"mount.cifs", "//srv/space", "/home/bob/with space"}, Outcome::kMounted);
  EXPECT_EQ(mtab_.text,
            "//srv/space /home/bob/with\\040space cifs rw,nosuid,nodev,user=bob 0 0\n");
}

TEST_F(RunTest, MtabOnlyWhenRegularAndNotDashN) {
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ro"}, Outcome::kMounted);
  EXPECT_EQ(mtab_.text, "");  // a symlink to /proc/self/mounts: untouched
  mtab_.regular = true;
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-n", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_EQ(mtab_.text, "");
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ro,noexec"},
                Outcome::kMounted);
  EXPECT_EQ(mtab_.text, "//srv/share /mnt cifs ro,noexec 0 0\n");
  EXPECT_EQ(mtab_.text.find("pw"), std::string::npos);
}

TEST_F(RunTest, MtabRemountReplacesTheEntry) {
  mtab_.regular = true;
  mtab_.text = "/dev/sda1 / ext4 rw 0 0\n//srv/share /mnt cifs rw 0 0\n";
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "remount,ro"},
                Outcome::kMounted);
  EXPECT_EQ(mtab_.text, "/dev/sda1 / ext4 rw 0 0\n//srv/share /mnt cifs ro 0 0\n");
}

TEST_F(RunTest, MtabFailureExitsSixteen) {
  mtab_.regular = true;
  mtab_.fail_append_errno = ENOSPC;
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 16);
  EXPECT_EQ(mounter_.calls.size(), 1u);  // the mount itself happened
}

TEST_F(RunTest, RootMountRunsInsideARaiseAndReadsFilesAsCaller) {
  PrivilegeCheckingMounter checking(mounter_, privileges_);
  Deps deps{resolver_, checking, mount_point_, files_, users_, prompter_, console_,
            connector_, clock_, probe_, logger_, nullptr, privileges_, mtab_,
            state_, reconnect_, wall_clock_, events_};
  mounter_.Script({ECONNREFUSED, 0});
  auto inv = ParseCommandLine({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  ASSERT_TRUE(inv.ok());
  ASSERT_TRUE(mount_cifs::Run(inv.value(), env_, caller_, deps).ok());
  EXPECT_EQ(checking.raised_at_call, (std::vector<bool>{true, true}));
  EXPECT_FALSE(privileges_.mount_raised);
  // chdir and option parsing as the caller; every raise lowered.
  int raises = 0, lowers = 0;
  for (const std::string& l : privileges_.log) {
    raises += l == "raise";
    lowers += l == "lower";
  }
  EXPECT_EQ(raises, 2);
  EXPECT_EQ(lowers, 2);
  EXPECT_EQ(privileges_.log.front(), "as-caller");
}

// ===========================================================================
// Issue 12: the per-server record the dns_resolver handler reads on
// reconnect, written before mount(2).

constexpr char kNet[] = "00000000000000a1";  // FakeReconnectProbe's network

TEST_F(RunTest, NameMountWritesTheRecordBeforeMount) {
  std::vector<std::string> at_mount;
  mounter_.on_call = [&] { at_mount.push_back(stored_.files["srv"]); };
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  const std::string want =
      "version=1\nhost=srv\npolicy=system\nmounted=192.0.2.1\nmount-point=/mnt\n"
      "written-at=1764400000\nnetwork=00000000000000a1\n";
  EXPECT_EQ(at_mount, std::vector<std::string>{want});
  EXPECT_EQ(stored_.files["srv"], want);
  EXPECT_EQ(stored_.files.size(), 1u);
  // One syslog line as before: a record written is no news.
  EXPECT_EQ(logger_.entries.size(), 1u);
}

TEST_F(RunTest, RecordNamesItsWriterSoTheHandlerKnowsTheMountIsInProgress) {
  caller_.pid = 4242;
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_NE(stored_.files["srv"].find("\nwriter-pid=4242\n"), std::string::npos)
      << stored_.files["srv"];
}

TEST_F(RunTest, RecordNamesEachAddressBeforeItsMount) {
  // One write per address, not per mount(2): a retry of the same address
  // (ENXIO's upper-case names) keeps the record that names it.
  std::vector<std::string> at_mount;
  mounter_.on_call = [&] {
    auto r = resolver::ParseHostRecord(stored_.files["srv"]);
    at_mount.push_back(r.ok() && r.value().mounted ? r.value().mounted->ToKernelText() : "-");
  };
  mounter_.Script({ENXIO, ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(at_mount,
            (std::vector<std::string>{"192.0.2.1", "192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ(state_.saves.size(), 2u);
  // The kernel got the upper-cased names; the key stays the lower-case one.
  EXPECT_EQ(mounter_.calls[1].source, "//SRV/SHARE");
  EXPECT_EQ(stored_.files.count("srv"), 1u);
}

TEST_F(RunTest, RecordHoldsTheEffectivePolicyPortAndSrcaddr) {
  files_.AddFile(kConfigPath,
                 "[global]\nfamily = system\n[server \"Srv\"]\nfamily = v4-preferred\n");
  resolver_.AddHost("Srv", {"192.0.2.1"});
  connector_.Script("192.0.2.1", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//Srv/share", "/mnt", "-o",
                 "pass=pw,port=4445,srcaddr=192.0.2.77"},
                Outcome::kMounted);
  EXPECT_EQ(stored_.files["srv"],
            "version=1\nhost=srv\npolicy=v4-preferred\nmounted=192.0.2.1\nmount-point=/mnt\nport=4445\n"
            "srcaddr=192.0.2.77\nsrcaddr-family=ipv4\nwritten-at=1764400000\n"
            "network=00000000000000a1\n");
  // -o family= wins over the [server] section, as for the mount itself.
  stored_.files.clear();
  resolver_.AddHost("srv2", {"192.0.2.1", "2001:db8::1"});
  connector_.Script("2001:db8::1", {1, 0, false});
  ExpectOutcome({"mount.cifs", "//srv2/share", "/mnt", "-o", "pass=pw,family=v6-only"},
                Outcome::kMounted);
  auto r = resolver::ParseHostRecord(stored_.files["srv2"]);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().policy, resolver::FamilyPolicy::kV6Only);
  EXPECT_EQ(r.value().mounted->ToKernelText(), "2001:db8::1");
}

TEST_F(RunTest, IpOptionWithANameStillRecordsTheName) {
  // ip= only says where to connect now; the kernel re-resolves the UNC's
  // name on reconnect.
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,ip=192.0.2.9"},
                Outcome::kMounted);
  auto r = resolver::ParseHostRecord(stored_.files["srv"]);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().mounted->ToKernelText(), "192.0.2.9");
}

TEST_F(RunTest, NoRecordForAddressesOrFakeMounts) {
  for (std::vector<std::string_view> argv :
       {std::vector<std::string_view>{"mount.cifs", "//127.0.0.1/share", "/mnt", "-o", "pass=pw"},
        {"mount.cifs", "//[2001:db8::1]/share", "/mnt", "-o", "pass=pw"},
        {"mount.cifs", "//2001:db8::1/share", "/mnt", "-o", "pass=pw"},
        {"mount.cifs", "//127.0.0.1/share", "/mnt", "-o", "pass=pw,ip=127.0.0.1"},
        {"mount.cifs", "//srv/share", "/mnt", "-f", "-o", "pass=pw"}}) {
    auto r = RunArgs(argv);
    ASSERT_TRUE(r.ok()) << argv[1] << ": " << r.error().message;
  }
  EXPECT_TRUE(state_.saves.empty());
  EXPECT_TRUE(stored_.files.empty());
}

TEST_F(RunTest, NothingIsRecordedWhenNoMountIsTried) {
  resolver_.FailHost("gone", EAI_NONAME);
  (void)RunError({"mount.cifs", "//gone/share", "/mnt", "-o", "pass=pw"});
  (void)RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw,uid=nosuchuser"});
  EXPECT_TRUE(state_.saves.empty());
}

TEST_F(RunTest, RecordKeepsTheHandlersMemoryOfTheSameNetworkOnly) {
  resolver::HostRecord old;
  old.host = "srv";
  old.policy = resolver::FamilyPolicy::kV6Preferred;
  old.mounted = resolver::Address::ParseNumeric("2001:db8::5");
  old.written_at = 1764300000;
  old.network = kNet;
  old.failed_family = resolver::Family::kV6;
  old.failed_until = 1764400600;
  old.answered = resolver::Address::ParseNumeric("192.0.2.1");
  old.answered_at = 1764399990;
  ASSERT_TRUE(stored_.Save(old).ok());
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(stored_.files["srv"],
            "version=1\nhost=srv\npolicy=system\nmounted=192.0.2.1\nmount-point=/mnt\n"
            "written-at=1764400000\nnetwork=00000000000000a1\n"
            "failed-family=ipv6\nfailed-until=1764400600\n");

  // Written on another network: what the handler learnt there is dropped.
  old.network = "00000000000000b2";
  ASSERT_TRUE(stored_.Save(old).ok());
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(stored_.files["srv"],
            "version=1\nhost=srv\npolicy=system\nmounted=192.0.2.1\nmount-point=/mnt\n"
            "written-at=1764400000\nnetwork=00000000000000a1\n");

  // No network known (no /proc/net/route): nothing counts, nothing kept.
  old.network = kNet;
  ASSERT_TRUE(stored_.Save(old).ok());
  reconnect_.network = std::nullopt;
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(stored_.files["srv"],
            "version=1\nhost=srv\npolicy=system\nmounted=192.0.2.1\nmount-point=/mnt\n"
            "written-at=1764400000\n");
}

TEST_F(RunTest, StateFailureIsLoggedOnceAndTheMountGoesOn) {
  state_.save_errno = EACCES;
  mounter_.Script({ECONNREFUSED, 0});
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(mounter_.calls.size(), 2u);
  EXPECT_EQ(state_.saves.size(), 2u);  // tried again for the next address
  ASSERT_EQ(logger_.entries.size(), 2u);  // one warning, then the decision
  EXPECT_EQ(logger_.entries[0].level, LogLevel::kWarning);
  EXPECT_EQ(logger_.entries[0].line,
            "server=srv state record not written: /run/cifs-family/hosts: Permission "
            "denied (mounting anyway; reconnects will not keep the policy)");
  EXPECT_NE(logger_.entries[1].line.find(" result=mounted"), std::string::npos);
  EXPECT_FALSE(console_.Mentions("state"));  // the admin's log, not the user's screen
}

TEST_F(RunTest, RecordIsWrittenAsRootOutsideTheMountRaise) {
  // Root's own rights (the state directory is root's), never the caller's
  // file access, and not inside the CAP_SYS_ADMIN window.
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  ASSERT_EQ(state_.saves.size(), 1u);
  EXPECT_EQ(state_.saves[0].caller_access, 0);
  EXPECT_FALSE(state_.saves[0].mount_raised);
}

TEST_F(UserMountTest, AllowedUserMountIsRecordedAsRootDeniedOneNot) {
  ASSERT_TRUE(RunArgs({"mount.cifs", "//srv/share", "/home/bob/share"}).ok());
  ASSERT_EQ(state_.saves.size(), 1u);
  EXPECT_EQ(state_.saves[0].caller_access, 0);
  EXPECT_FALSE(state_.saves[0].mount_raised);
  // A mount fstab does not allow writes nothing and reads nothing.
  state_.saves.clear();
  state_.loads.clear();
  mount_point_.SetCanonical("/home/bob/elsewhere");
  (void)RunError({"mount.cifs", "//srv/share", "/home/bob/elsewhere"});
  EXPECT_TRUE(state_.saves.empty());
  EXPECT_TRUE(state_.loads.empty());
}

// ===========================================================================
// Issue 12: the handler's failed-family memory informs the next mount.

class RememberedFailureTest : public RunTest {
 protected:
  RememberedFailureTest() {
    // happy-eyeballs, staggered: "tried second" shows as a start one attempt
    // delay later (concurrent mode starts both and prefers the favoured).
    files_.AddFile(kConfigPath, "[global]\nrace-mode = staggered\n");
    resolver_.AddHost("dual", {"192.0.2.10", "2001:db8::10"});
    connector_.Script("2001:db8::10", {20, 0, false});
    connector_.Script("192.0.2.10", {20, 0, false});
  }
  // The handler's mark: `family` did not connect, until `until`, on
  // `network`.
  void Remember(resolver::Family family, std::int64_t until,
                const std::string& network = kNet) {
    resolver::HostRecord r;
    r.host = "dual";
    r.policy = resolver::FamilyPolicy::kHappyEyeballs;
    r.mounted = resolver::Address::ParseNumeric("2001:db8::10");
    r.written_at = until - 600;
    r.network = network;
    r.failed_family = family;
    r.failed_until = until;
    ASSERT_TRUE(stored_.Save(r).ok());
  }
  std::vector<std::string> Starts() const {
    std::vector<std::string> out;
    for (const auto& s : connector_.starts)
      out.push_back(s.address + "@" + std::to_string(s.at_ms));
    return out;
  }
  std::string Line() { return OnlyLogLine(logger_); }
};

TEST_F(RememberedFailureTest, FailedIpv6IsTriedSecond) {
  Remember(resolver::Family::kV6, wall_clock_.now + 300);
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  // IPv4 first, at once; it connects in 20 ms, before IPv6's turn (250 ms):
  // the known-broken path costs no attempt delay.
  EXPECT_EQ(Starts(), std::vector<std::string>{"192.0.2.10@0"});
  EXPECT_EQ(mounter_.calls[0].data.rfind("ip=192.0.2.10,", 0), 0u);
  EXPECT_NE(Line().find(" remembered-failed=ipv6 "), std::string::npos) << Line();
  // IPv6 never raced, yet its path is broken: loud, as a lost race is.
  EXPECT_EQ(logger_.entries[0].level, LogLevel::kWarning);
}

TEST_F(RememberedFailureTest, FailedIpv4IsTriedSecondUnderV4Preferred) {
  Remember(resolver::Family::kV4, wall_clock_.now + 1);
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw,family=v4-preferred"},
                Outcome::kMounted);
  EXPECT_EQ(Starts(), std::vector<std::string>{"2001:db8::10@0"});
  EXPECT_NE(Line().find(" remembered-failed=ipv4 "), std::string::npos) << Line();
}

TEST_F(RememberedFailureTest, WithoutAMarkIpv6GoesFirst) {
  // The baseline the tests above differ from.
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(Starts(), std::vector<std::string>{"2001:db8::10@0"});
  EXPECT_EQ(Line().find("remembered-failed"), std::string::npos);
  EXPECT_EQ(logger_.entries[0].level, LogLevel::kInfo);
}

TEST_F(RememberedFailureTest, ExpiredMarkCountsNoMore) {
  Remember(resolver::Family::kV6, wall_clock_.now);  // expires now
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(Starts(), std::vector<std::string>{"2001:db8::10@0"});
  EXPECT_EQ(Line().find("remembered-failed"), std::string::npos);
}

TEST_F(RememberedFailureTest, MarkFromAnotherNetworkIsIgnoredAndDropped) {
  Remember(resolver::Family::kV6, wall_clock_.now + 300, "00000000000000b2");
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(Starts(), std::vector<std::string>{"2001:db8::10@0"});
  EXPECT_EQ(Line().find("remembered-failed"), std::string::npos);
  auto r = resolver::ParseHostRecord(stored_.files["dual"]);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().network, kNet);
  EXPECT_FALSE(r.value().failed_family);
}

TEST_F(RememberedFailureTest, MarkWithoutAKnownNetworkIsIgnored) {
  Remember(resolver::Family::kV6, wall_clock_.now + 300);
  reconnect_.network = std::nullopt;
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(Starts(), std::vector<std::string>{"2001:db8::10@0"});
}

TEST_F(RememberedFailureTest, NoOtherFamilyToGoFirst) {
  // v6-only: nothing else to try; srcaddr= fixed the family; system does
  // not order. The mark changes nothing and is not claimed in the log.
  for (const char* opts : {"pass=pw,family=v6-only", "pass=pw,srcaddr=2001:db8::77",
                           "pass=pw,family=system"}) {
    Remember(resolver::Family::kV6, wall_clock_.now + 300);
    logger_.entries.clear();
    connector_.starts.clear();
    ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", opts}, Outcome::kMounted);
    EXPECT_EQ(Line().find("remembered-failed"), std::string::npos) << opts;
    if (std::string(opts) != "pass=pw,family=system") {
      ASSERT_FALSE(connector_.starts.empty()) << opts;
      EXPECT_EQ(connector_.starts[0].address, "2001:db8::10") << opts;
    }
  }
}

TEST_F(RememberedFailureTest, VerboseSaysWhy) {
  Remember(resolver::Family::kV6, wall_clock_.now + 300);
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: remembered: ipv6 did not connect to dual on this network lately "
      "(for another 300 s): ipv4 goes first"))
      << console_.Text();
}

TEST_F(RememberedFailureTest, UnreadableRecordIsLoggedAndRewritten) {
  stored_.files["dual"] = "version=1\nhost=dual\n";  // no policy: does not parse
  ExpectOutcome({"mount.cifs", "//dual/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  ASSERT_EQ(logger_.entries.size(), 2u);
  EXPECT_EQ(logger_.entries[0].level, LogLevel::kWarning);
  EXPECT_EQ(logger_.entries[0].line.rfind("server=dual state record ignored: ", 0), 0u)
      << logger_.entries[0].line;
  EXPECT_TRUE(resolver::ParseHostRecord(stored_.files["dual"]).ok());
}

// ===========================================================================
// Issue 12: -v says whether the kernel re-resolves on reconnect and which
// dns_resolver handler would answer.

TEST_F(RunTest, VerboseNamesTheKernelsReresolutionAndTheHandler) {
  std::vector<int> kallsyms_at_mount;
  mounter_.on_call = [&] { kallsyms_at_mount.push_back(reconnect_.kallsyms_reads); };
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine("mount.cifs: reconnect: kernel re-resolves srv on reconnect: yes"))
      << console_.Text();
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: handler: cifs-family-resolve (/usr/sbin/cifs-family-resolve)"))
      << console_.Text();
  EXPECT_EQ(reconnect_.handler_queries, std::vector<std::string>{"srv"});
  // Asked after mount(2), when cifs (and its symbols) is surely loaded.
  EXPECT_EQ(kallsyms_at_mount, std::vector<int>{0});
  EXPECT_EQ(reconnect_.kallsyms_reads, 1);
}

TEST_F(RunTest, VerboseSaysWhatElseWouldAnswer) {
  reconnect_.reresolve = Reresolve::kUnknown;
  reconnect_.handler = {UpcallHandler::Kind::kProgram, "/sbin/key.dns_resolver"};
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: kernel re-resolves srv on reconnect: unknown (cifs not loaded)"))
      << console_.Text();
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: handler: /sbin/key.dns_resolver (not cifs-family-resolve: a "
      "reconnect may change the family)"))
      << console_.Text();
  console_.lines.clear();
  reconnect_.reresolve = Reresolve::kNo;
  reconnect_.handler = {UpcallHandler::Kind::kNone, ""};
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: kernel re-resolves srv on reconnect: no (the family chosen "
      "now stays)"))
      << console_.Text();
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: handler: none (request-key has no dns_resolver line)"))
      << console_.Text();
}

TEST_F(RunTest, ReconnectChecksOnlyWithVerbose) {
  // Never a cost for a normal mount: no kallsyms scan, no request-key run.
  ExpectOutcome({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(reconnect_.kallsyms_reads, 0);
  EXPECT_TRUE(reconnect_.handler_queries.empty());
  EXPECT_FALSE(console_.Mentions("reconnect"));
}

TEST_F(RunTest, VerboseAsksNothingAfterASignal) {
  mounter_.Script({ECONNREFUSED, 0});
  mounter_.on_call = [&] { cancelled_ = true; };  // SIGTERM during mount(2)
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-v", "-o", "pass=pw"});
  EXPECT_EQ(Exit(e), 8);
  EXPECT_EQ(reconnect_.kallsyms_reads, 0);
  EXPECT_TRUE(reconnect_.handler_queries.empty());
}

TEST_F(RunTest, VerboseForAnAddressAsksNothing) {
  ExpectOutcome({"mount.cifs", "//127.0.0.1/share", "/mnt", "-v", "-o", "pass=pw"},
                Outcome::kMounted);
  EXPECT_TRUE(console_.HasLine(
      "mount.cifs: reconnect: the UNC names an address: the kernel reconnects to it as is "
      "(no dns_resolver upcall)"))
      << console_.Text();
  EXPECT_EQ(reconnect_.kallsyms_reads, 0);
  EXPECT_TRUE(reconnect_.handler_queries.empty());
}

// ===========================================================================
// Issue 12: a mount(2) that fails with ENOKEY or ENOENT for a name may be
// the kernel's own dns_resolver upcall (6.6.0-6.6.2; DFS).

constexpr char kUpcallHint[] =
    "The kernel may have tried to resolve srv itself (a dns_resolver key upcall: "
    "kernels 6.6.0-6.6.2 and DFS do at mount time) and no handler answered%s: install "
    "keyutils and cifs-family's /etc/request-key.d/dns_resolver.conf; a failed lookup "
    "stays cached for 60 s (as root: keyctl clear %%:.dns_resolver)";

std::string UpcallHint(const char* cause) {
  char text[600];
  std::snprintf(text, sizeof text, kUpcallHint, cause);
  return text;
}

TEST_F(RunTest, EnokeyForANameSaysNoHandlerAnswered) {
  reconnect_.handler = {UpcallHandler::Kind::kNone, ""};
  mounter_.Script({ENOKEY});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "mount error(126): Required key not available\n" +
                           UpcallHint(" (request-key has no dns_resolver line)") + "\n" +
                           kManPage);
  EXPECT_EQ(Exit(e), 32);
  EXPECT_EQ(mounter_.calls.size(), 1u);  // not a reason to try another address
  EXPECT_EQ(reconnect_.handler_queries, std::vector<std::string>{"srv"});
}

TEST_F(RunTest, EnokeyNamesTheHandlerThatGaveNoAnswer) {
  reconnect_.handler = {UpcallHandler::Kind::kProgram, "/sbin/key.dns_resolver"};
  mounter_.Script({ENOKEY});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_NE(e.message.find(UpcallHint(" (request-key runs /sbin/key.dns_resolver)")),
            std::string::npos)
      << e.message;
}

TEST_F(RunTest, EnoentWithoutRequestKeyIsTheUpcall) {
  reconnect_.handler = {UpcallHandler::Kind::kNoRequestKey, ""};
  mounter_.Script({ENOENT});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, "mount error(2): No such file or directory\n" +
                           UpcallHint(" (/sbin/request-key is missing)") + "\n" + kManPage);
}

TEST_F(RunTest, EnoentWithAHandlerIsLeftAsItWas) {
  // ENOENT is also a share or path that does not exist: with request-key
  // there, cifs-utils' text alone.
  mounter_.Script({ENOENT});
  Error e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, std::string("mount error(2): No such file or directory\n") + kManPage);
}

TEST_F(RunTest, NoUpcallHintForAddressesKerberosOrOtherErrors) {
  reconnect_.handler = {UpcallHandler::Kind::kNone, ""};
  mounter_.Script({ENOKEY});
  Error e = RunError({"mount.cifs", "//127.0.0.1/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message, std::string("mount error(126): Required key not available\n") +
                           kManPage);
  // sec=krb5: ENOKEY is cifs.spnego's (no ticket), not the resolver's.
  mounter_.calls.clear();
  mounter_.Script({ENOKEY});
  e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "sec=krb5"});
  EXPECT_EQ(e.message, std::string("mount error(126): Required key not available\n") +
                           kManPage);
  mounter_.calls.clear();
  mounter_.Script({EACCES});
  e = RunError({"mount.cifs", "//srv/share", "/mnt", "-o", "pass=pw"});
  EXPECT_EQ(e.message.find("dns_resolver"), std::string::npos);
  EXPECT_TRUE(reconnect_.handler_queries.empty());
}

// ===========================================================================
// Issue 16: the AD site, learnt once per network, orders the race.

class AdSiteRunTest : public RunTest {
 protected:
  AdSiteRunTest() {
    files_.AddFile(kConfigPath, "[global]\nnetwork-wait = no\n");
    resolver_.AddHost("corp.test", {"203.0.113.10", "198.51.100.31", "2001:db8:f::10",
                                    "2001:db8:ad::31"});
    for (const char* a : {"203.0.113.10", "198.51.100.31", "2001:db8:f::10", "2001:db8:ad::31"})
      connector_.Script(a, testing::ConnectScript{1, 0, false});
    srv_["_ldap._tcp.dc._msdcs.corp.test"] = {"dc1.corp.test"};
    srv_["_ldap._tcp.sitenear._sites.dc._msdcs.corp.test"] = {"dcn1.corp.test"};
    hosts_["dc1.corp.test"] = {"203.0.113.10"};
    hosts_["dcn1.corp.test"] = {"198.51.100.31", "2001:db8:ad::31"};
    net_.nameservers = {testing::Addr("198.51.100.53")};
    net_.respond = [this](const resolver::Datagram& d) -> std::vector<testing::FakeReply> {
      if (d.port == 53)
        return {testing::FakeReply{std::chrono::milliseconds(2),
                                   testing::FakeDnsAnswer(d.payload, srv_, hosts_)}};
      ++pings_;
      return {testing::FakeReply{std::chrono::milliseconds(3), cldap_reply_}};
    };
    deps_.datagrams = &net_;
    std::ifstream in(std::string(CIFS_TEST_DATA_DIR) + "/cldap/samba417_v4_sitenear.bin",
                     std::ios::binary);
    cldap_reply_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  testing::FakeDatagramNet net_{clock_};
  std::map<std::string, std::vector<std::string>> srv_, hosts_;
  std::vector<std::uint8_t> cldap_reply_;
  int pings_ = 0;
};

TEST_F(AdSiteRunTest, TheSitesDcGoesFirstAndTheNextMountNeedsNoPing) {
  ASSERT_FALSE(cldap_reply_.empty());
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  ASSERT_EQ(mounter_.calls.size(), 1u);
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 19), "ip=2001:db8:ad::31,");
  EXPECT_EQ(pings_, 1);
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" ad-site-lookup=found/"), std::string::npos) << line;
  EXPECT_NE(line.find(" ad-site=SiteNear ad-site-from=ping:203.0.113.10 "), std::string::npos)
      << line;
  EXPECT_NE(line.find(" ad-site-moved=2001:db8:ad::31,198.51.100.31 "), std::string::npos)
      << line;
  EXPECT_NE(stored_.files["corp.test"].find("\nad-site=SiteNear\n"), std::string::npos)
      << stored_.files["corp.test"];

  // The next mount on the same network: the site from the record, no ping.
  mounter_.calls.clear();
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(pings_, 1);
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 19), "ip=2001:db8:ad::31,");
  EXPECT_NE(OnlyLogLine(logger_).find(" ad-site=SiteNear ad-site-from=record "),
            std::string::npos);

  // On another network the site is asked again.
  reconnect_.network = std::string("00000000000000b2");
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(pings_, 2);
}

TEST_F(AdSiteRunTest, OffInTheConfigMeansNoSiteTraffic) {
  files_.AddFile(kConfigPath,
                 "[global]\nnetwork-wait = no\n[server \"corp.test\"]\nad-site-order = no\n");
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_TRUE(net_.sent.empty());
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 18), "ip=2001:db8:f::10,");
  EXPECT_EQ(OnlyLogLine(logger_).find("ad-site"), std::string::npos);
}

TEST_F(AdSiteRunTest, BlockedCldapCostsTheBudgetAndTheMountGoesOn) {
  net_.respond = [this](const resolver::Datagram& d) -> std::vector<testing::FakeReply> {
    if (d.port == 53)
      return {testing::FakeReply{std::chrono::milliseconds(2),
                                 testing::FakeDnsAnswer(d.payload, srv_, hosts_)}};
    return {};  // nftables drops udp 389
  };
  const long start = clock_.Ms();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 18), "ip=2001:db8:f::10,");
  const std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" ad-site-lookup=no-reply/1000ms "), std::string::npos) << line;
  // The budget (1 s) and the race (1 ms): nothing waits longer.
  EXPECT_LE(clock_.Ms() - start, 1100);
  EXPECT_EQ(stored_.files["corp.test"].find("ad-site="), std::string::npos);
  EXPECT_NE(stored_.files["corp.test"].find("\nad-site-quiet-until=1764400600\n"),
            std::string::npos)
      << stored_.files["corp.test"];

  // The next mount on this network does not pay the budget again: no
  // datagram at all, at once.
  const std::size_t sent = net_.sent.size();
  logger_.entries.clear();
  mounter_.calls.clear();
  const long again = clock_.Ms();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(net_.sent.size(), sent);
  EXPECT_LE(clock_.Ms() - again, 50);
  EXPECT_NE(OnlyLogLine(logger_).find(" ad-site-lookup=quiet/0ms "), std::string::npos)
      << OnlyLogLine(logger_);
  // Ten minutes later it asks again.
  wall_clock_.now += kAdSiteQuietSeconds;
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_GT(net_.sent.size(), sent);
}

TEST_F(AdSiteRunTest, AClientInNoSiteIsRememberedAndNotPingedAgainOnThisNetwork) {
  // The client's address is in no AD subnet: the DC's reply names no site.
  std::ifstream in(std::string(CIFS_TEST_DATA_DIR) + "/cldap/samba417_v4_no_site.bin",
                   std::ios::binary);
  cldap_reply_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  ASSERT_FALSE(cldap_reply_.empty());
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(pings_, 1);
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 18), "ip=2001:db8:f::10,");
  std::string line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" ad-site-lookup=no-site/"), std::string::npos) << line;
  EXPECT_NE(line.find(" ad-site-from=ping:203.0.113.10 "), std::string::npos) << line;
  EXPECT_EQ(line.find(" ad-site="), std::string::npos) << line;

  // The next mount on the same network sends nothing at all: no ping, not
  // even the SRV query, and says where the answer came from.
  const std::size_t sent = net_.sent.size();
  mounter_.calls.clear();
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(net_.sent.size(), sent);
  EXPECT_EQ(pings_, 1);
  EXPECT_EQ(mounter_.calls[0].data.substr(0, 18), "ip=2001:db8:f::10,");
  line = OnlyLogLine(logger_);
  EXPECT_NE(line.find(" ad-site-lookup=no-site/0ms ad-site-from=record "), std::string::npos)
      << line;

  // A day later (the lifetime of a remembered site) it asks again.
  wall_clock_.now += kAdSiteMemorySeconds;
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(pings_, 2);

  // On another network it asks again, and a site found there replaces it.
  cldap_reply_.clear();
  std::ifstream near(std::string(CIFS_TEST_DATA_DIR) + "/cldap/samba417_v4_sitenear.bin",
                     std::ios::binary);
  cldap_reply_.assign(std::istreambuf_iterator<char>(near), std::istreambuf_iterator<char>());
  reconnect_.network = std::string("00000000000000b2");
  logger_.entries.clear();
  ExpectOutcome({"mount.cifs", "//corp.test/share", "/mnt", "-o", "pass=pw"}, Outcome::kMounted);
  EXPECT_EQ(pings_, 3);
  EXPECT_NE(OnlyLogLine(logger_).find(" ad-site=SiteNear ad-site-from=ping:"), std::string::npos);
  EXPECT_NE(stored_.files["corp.test"].find("\nad-site=SiteNear\n"), std::string::npos)
      << stored_.files["corp.test"];
}

TEST_F(AdSiteRunTest, AFamilyThatAnswersAfterTheRaceIsListedAsMovedToo) {
  // The A answer comes after the AAAA race was decided: it joins the
  // fallbacks in site order, and the log line lists its moved address.
  resolver_.SetLookupDelay("corp.test", resolver::Family::kV4, 40);
  ExpectOutcome({"mount.cifs", "-v", "//corp.test/share", "/mnt", "-o", "pass=pw"},
                Outcome::kMounted);
  const std::string line = OnlyLogLine(logger_);
  // Late, not raced: the v4 candidates were never probed.
  EXPECT_NE(line.find(" candidate=198.51.100.31/"), std::string::npos) << line;
  EXPECT_EQ(line.find("198.51.100.31@"), std::string::npos) << line;
  EXPECT_LT(line.find(" candidate=198.51.100.31/"), line.find(" candidate=203.0.113.10/"))
      << line;
  EXPECT_NE(line.find(" ad-site-moved=2001:db8:ad::31,198.51.100.31 "), std::string::npos)
      << line;
}

}  // namespace
}  // namespace mount_cifs
