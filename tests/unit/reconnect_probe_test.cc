// SPDX-License-Identifier: GPL-3.0-or-later
// The real ReconnectProbe: request-key's dry run against request-key files
// in a temporary directory (keyutils' -l: nothing under /etc is read or
// touched), its time bound, the caller's ids for the child, and kallsyms
// text read from a file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include "mount.cifs/sys/adapters.h"

namespace mount_cifs::sys {
namespace {

constexpr char kRequestKey[] = "/sbin/request-key";

class ReconnectProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/rkp-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ASSERT_EQ(mkdir((dir_ + "/request-key.d").c_str(), 0755), 0);
  }
  void TearDown() override {
    ASSERT_EQ(system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  void Write(const std::string& name, const std::string& text, mode_t mode = 0644) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
  }
  static bool HaveRequestKey() { return access(kRequestKey, X_OK) == 0; }

  std::string dir_;
};

TEST_F(ReconnectProbeTest, DryRunNamesTheChosenProgram) {
  if (!HaveRequestKey()) GTEST_SKIP() << "keyutils is not installed";
  Write("request-key.conf", "create user * * /bin/true\n");
  Write("request-key.d/dns_resolver.conf",
        "create dns_resolver * * /usr/sbin/cifs-family-resolve %k\n");
  ProcReconnectProbe probe(0, 0, kRequestKey, dir_);
  UpcallHandler h = probe.DnsResolverHandler("fs1.example.com");
  EXPECT_EQ(h.kind, UpcallHandler::Kind::kProgram);
  EXPECT_EQ(h.program, "/usr/sbin/cifs-family-resolve");

  // keyutils' own line too (the same score, read later: ours still wins).
  Write("request-key.conf", "create dns_resolver * * /sbin/key.dns_resolver %k\n");
  EXPECT_EQ(probe.DnsResolverHandler("fs1.example.com").program,
            "/usr/sbin/cifs-family-resolve");
  // A more specific description wins over "*" from any file.
  Write("request-key.conf",
        "create dns_resolver *.example.com * /sbin/key.dns_resolver %k\n");
  EXPECT_EQ(probe.DnsResolverHandler("fs1.example.com").program, "/sbin/key.dns_resolver");
}

TEST_F(ReconnectProbeTest, NoMatchingLineIsNone) {
  if (!HaveRequestKey()) GTEST_SKIP() << "keyutils is not installed";
  Write("request-key.conf", "create user * * /bin/true\n");
  ProcReconnectProbe probe(0, 0, kRequestKey, dir_);
  EXPECT_EQ(probe.DnsResolverHandler("fs1.example.com").kind, UpcallHandler::Kind::kNone);
}

TEST_F(ReconnectProbeTest, MissingRequestKeyIsSaidSo) {
  ProcReconnectProbe probe(0, 0, dir_ + "/no-such-request-key", dir_);
  EXPECT_EQ(probe.DnsResolverHandler("fs1").kind, UpcallHandler::Kind::kNoRequestKey);
}

TEST_F(ReconnectProbeTest, HostileHostIsNeverPassed) {
  // A description with ';' would be another request; a script that
  // records its arguments shows it never ran.
  Write("rk", "#!/bin/sh\ntouch \"$0.ran\"\necho Run /bin/evil\n", 0755);
  ProcReconnectProbe probe(0, 0, dir_ + "/rk", dir_);
  EXPECT_EQ(probe.DnsResolverHandler("a;0;0;0;b").kind, UpcallHandler::Kind::kUnknown);
  EXPECT_EQ(probe.DnsResolverHandler("a b").kind, UpcallHandler::Kind::kUnknown);
  EXPECT_NE(access((dir_ + "/rk.ran").c_str(), F_OK), 0);
}

TEST_F(ReconnectProbeTest, HangingDryRunIsCutShort) {
  Write("rk", "#!/bin/sh\necho Run /x\nexec sleep 30\n", 0755);
  ProcReconnectProbe probe(0, 0, dir_ + "/rk", dir_, std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(probe.DnsResolverHandler("fs1").kind, UpcallHandler::Kind::kUnknown);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(ReconnectProbeTest, SignalEndsTheDryRun) {
  // The helper's termination handlers have no SA_RESTART: a signal makes
  // poll() fail with EINTR, and the dry run ends there.
  Write("rk", "#!/bin/sh\nexec sleep 30\n", 0755);
  struct sigaction sa = {};
  sa.sa_handler = [](int) {};
  struct sigaction old;
  ASSERT_EQ(sigaction(SIGALRM, &sa, &old), 0);
  struct itimerval t = {};
  t.it_value.tv_usec = 100000;  // 100 ms
  ASSERT_EQ(setitimer(ITIMER_REAL, &t, nullptr), 0);
  ProcReconnectProbe probe(0, 0, dir_ + "/rk", dir_, std::chrono::milliseconds(10000));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(probe.DnsResolverHandler("fs1").kind, UpcallHandler::Kind::kUnknown);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ASSERT_EQ(sigaction(SIGALRM, &old, nullptr), 0);
}

TEST_F(ReconnectProbeTest, ChildRunsWithTheCallersIdsAndNoEnvironment) {
  if (geteuid() != 0) GTEST_SKIP() << "changing ids needs root";
  ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
  setenv("CIFS_PROBE_LEAK", "x", 1);
  Write("rk", "#!/bin/sh\necho \"Run $(id -u):$(id -g):${CIFS_PROBE_LEAK-none}:$PWD\"\n",
        0755);
  ProcReconnectProbe as_user(65534, 65534, dir_ + "/rk", dir_);
  EXPECT_EQ(as_user.DnsResolverHandler("fs1").program, "65534:65534:none:" + dir_);
  ProcReconnectProbe as_root(0, 0, dir_ + "/rk", dir_);
  EXPECT_EQ(as_root.DnsResolverHandler("fs1").program, "0:0:none:" + dir_);
  unsetenv("CIFS_PROBE_LEAK");
}

TEST_F(ReconnectProbeTest, KallsymsVerdicts) {
  const std::string path = dir_ + "/kallsyms";
  // dir_ stands in for /sys/module/cifs: cifs is loaded.
  auto verdict = [&](const std::string& text) {
    Write("kallsyms", text);
    return ProcReconnectProbe(0, 0, kRequestKey, "", std::chrono::milliseconds(2000), path,
                              dir_)
        .KernelReresolves();
  };
  std::string big;
  for (int i = 0; i < 40000; ++i)
    big += "ffffffff81000000 T some_symbol_" + std::to_string(i) + "\n";
  EXPECT_EQ(verdict(big), Reresolve::kUnknown);
  EXPECT_EQ(verdict(big + "ffffffffc0a00000 T cifs_reconnect\t[cifs]\n"), Reresolve::kNo);
  EXPECT_EQ(verdict(big + "ffffffffc0a00000 T cifs_reconnect\t[cifs]\n"
                          "ffffffffc0a01000 t reconn_set_ipaddr_from_hostname\t[cifs]"),
            Reresolve::kYes);  // the last line without its newline
  EXPECT_EQ(ProcReconnectProbe(0, 0, kRequestKey, "", std::chrono::milliseconds(2000),
                               dir_ + "/none", dir_)
                .KernelReresolves(),
            Reresolve::kUnknown);
  // cifs not loaded: unknown, without reading the table at all.
  Write("kallsyms", "ffffffffc0a01000 t reconn_set_ipaddr_from_hostname\t[cifs]\n");
  EXPECT_EQ(ProcReconnectProbe(0, 0, kRequestKey, "", std::chrono::milliseconds(2000), path,
                               dir_ + "/no-cifs-module")
                .KernelReresolves(),
            Reresolve::kUnknown);
  // This machine's own table reads without error (cifs may not be loaded).
  (void)ProcReconnectProbe(0, 0).KernelReresolves();
}

}  // namespace
}  // namespace mount_cifs::sys
