// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 14 end to end in fake time: Run() with the seam fakes while the
// network comes up (FakeNetworkEvents plays the kernel's events and the
// changes behind them). Each row: the network at exec, what changes when,
// and when mount(2) follows with which address, or how the run ends.
#include "mount.cifs/core/network_wait.h"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <functional>
#include <string>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/exit_code.h"
#include "mount.cifs/core/run.h"
#include "resolver/config.h"
#include "tests/fakes/fakes.h"

namespace mount_cifs {
namespace {

using testing::ConnectScript;
using testing::FakeClock;
using testing::FakeConnector;
using testing::FakeFileSource;
using testing::FakeHostProbe;
using testing::FakeLogger;
using testing::FakeMounter;
using testing::FakeMountPoint;
using testing::FakeMtab;
using testing::FakeNameResolver;
using testing::FakeNetworkEvents;
using testing::FakePasswordPrompter;
using testing::FakePrivileges;
using testing::FakeReconnectProbe;
using testing::FakeStateStore;
using testing::FakeUserDb;
using testing::FakeWallClock;
using testing::RecordingConsole;

constexpr char kConfigPath[] = "/etc/cifs-family.conf";
constexpr char kV4[] = "198.51.100.2";
constexpr char kV6[] = "2001:db8:cf::2";
constexpr ConnectScript kConnects{1, 0, false};
constexpr ConnectScript kRefused{1, ECONNREFUSED, false};
constexpr resolver::HostIpv6 kIpv6Up{true, true, true};
constexpr resolver::HostIpv6 kNoIpv6{true, false, false};

// The seams, wired as main.cc wires the real ones.
struct World {
  World() {
    resolver.AddHost("srv", {kV6, kV4});
    connector.Script(kV4, kConnects);
    connector.Script(kV6, kConnects);
    probe.ipv6 = kIpv6Up;
    users.AddUser("root", 0);
    mounter.on_call = [this] { mount_ms.push_back(clock.Ms()); };
  }

  // The link down: no route for either family, no global IPv6 address.
  void LinkDown() {
    probe.route_errors[kV4] = ENETUNREACH;
    probe.route_errors[kV6] = ENETUNREACH;
    probe.ipv6 = kNoIpv6;
  }
  void LinkUp() {
    probe.route_errors.clear();
    probe.ipv6 = kIpv6Up;
  }
  void Ipv4Only() {
    probe.ipv6 = kNoIpv6;
    probe.route_errors[kV6] = ENETUNREACH;
  }

  Result<Outcome> Run(const std::string& config, std::vector<std::string_view> argv) {
    files.AddFile(kConfigPath, "[global]\n" + config);
    auto inv = ParseCommandLine(argv);
    EXPECT_TRUE(inv.ok());
    if (!inv.ok()) return MakeError(Errc::kInternal, "test: bad argv");
    return mount_cifs::Run(inv.value(), env, caller, deps);
  }

  std::vector<std::string> Ips() const {
    std::vector<std::string> out;
    for (const auto& m : mounter.calls) {
      const std::string& d = m.data;
      const auto start = d.find("ip=") + 3;
      out.push_back(d.substr(start, d.find(',', start) - start));
    }
    return out;
  }
  std::string LogLine() const {
    EXPECT_EQ(logger.entries.size(), 1u);
    return logger.entries.empty() ? std::string() : logger.entries[0].line;
  }
  // The value of `key=` in the log line ("" when absent).
  std::string Word(const std::string& key) const {
    const std::string line = " " + LogLine() + " ";
    const auto at = line.find(" " + key + "=");
    if (at == std::string::npos) return std::string();
    const auto start = at + key.size() + 2;
    return line.substr(start, line.find(' ', start) - start);
  }
  std::vector<std::string> WaitingLines() const {
    std::vector<std::string> out;
    for (const std::string& l : console.lines)
      if (l.find("waiting up to") != std::string::npos) out.push_back(l);
    return out;
  }

  FakeClock clock;
  FakeNameResolver resolver{clock};
  FakeMounter mounter;
  FakeMountPoint mount_point;
  FakeFileSource files;
  FakeUserDb users;
  FakePasswordPrompter prompter;
  RecordingConsole console;
  FakeConnector connector{clock};
  FakeHostProbe probe;
  FakeLogger logger;
  FakePrivileges privileges;
  FakeMtab mtab;
  FakeStateStore state;
  FakeReconnectProbe reconnect;
  FakeWallClock wall_clock;
  FakeNetworkEvents events{clock};
  Deps deps{resolver,   mounter, mount_point, files,
            users,      prompter, console,    connector,
            clock,      probe,   logger,      [this] { return clock.Signalled(); },
            privileges, mtab,    state,       reconnect,
            wall_clock, events};
  Environment env;
  Caller caller;
  std::vector<long> mount_ms;  // fake time of each mount(2)
};

constexpr const char* kMountSrv[] = {"mount.cifs", "//srv/share", "/mnt", "-o",
                                     "user=u,pass=pw"};
std::vector<std::string_view> Argv(std::vector<std::string_view> extra_opts = {}) {
  std::vector<std::string_view> argv(std::begin(kMountSrv), std::end(kMountSrv));
  if (!extra_opts.empty()) argv.back() = extra_opts[0];
  return argv;
}

// ===========================================================================
// The table: the network at exec and its changes in fake time; mount(2)'s
// address and time, the waited= word, the exit.

struct Row {
  const char* name;
  std::string config;  // [global] lines
  std::string options;  // -o
  std::function<void(World&)> script;
  std::vector<std::string> ips;  // mount(2) ip= in order
  long first_mount_ms;           // -1: no mount(2)
  std::string waited;            // the waited= word ("" none)
  int exit_code;                 // ExitCodeFor(), 0 for success
  std::string result;            // result=
};

class NetworkWaitTable : public ::testing::TestWithParam<Row> {};

TEST_P(NetworkWaitTable, Run) {
  const Row& row = GetParam();
  World w;
  row.script(w);
  auto r = w.Run(row.config, Argv({row.options.empty() ? "user=u,pass=pw"
                                                       : row.options}));
  const int exit_code = r.ok() ? 0 : static_cast<int>(ExitCodeFor(r.error()));
  EXPECT_EQ(exit_code, row.exit_code) << (r.ok() ? "" : r.error().message);
  EXPECT_EQ(w.Ips(), row.ips);
  EXPECT_EQ(w.mount_ms.empty() ? -1 : w.mount_ms[0], row.first_mount_ms);
  EXPECT_EQ(w.Word("waited"), row.waited);
  EXPECT_EQ(w.Word("result"), row.result);
  // One line when a wait starts, none otherwise.
  EXPECT_EQ(w.WaitingLines().size(), row.waited.empty() ? 0u : 1u) << w.console.Text();
}

const Row kRows[] = {
    {"link down at exec, up 2 s later: mount(2) follows the event",
     "", "",
     [](World& w) {
       w.LinkDown();
       w.events.At(2000, [&w] { w.LinkUp(); }, FakeNetworkEvents::Link());
     },
     {kV6}, 2001, "route-ipv4,address-ipv6/2000ms", 0, "mounted"},
    {"only IPv4 up: happy-eyeballs goes with IPv4 at once",
     "", "",
     [](World& w) {
       w.Ipv4Only();
       w.events.At(2000, [&w] { w.LinkUp(); });
     },
     {kV4}, 1, "", 0, "mounted"},
    {"only IPv4 up: v6-only waits for IPv6",
     "family = v6-only\n", "",
     [](World& w) {
       w.Ipv4Only();
       w.events.At(2000, [&w] { w.LinkUp(); });
     },
     {kV6}, 2001, "address-ipv6/2000ms", 0, "mounted"},
    {"only IPv4 up: v4-preferred goes with IPv4 at once",
     "family = v4-preferred\n", "",
     [](World& w) { w.Ipv4Only(); },
     {kV4}, 1, "", 0, "mounted"},
    {"only IPv6 up: v4-preferred goes with IPv6 at once (per family)",
     "family = v4-preferred\n", "",
     [](World& w) { w.probe.route_errors[kV4] = ENETUNREACH; },
     {kV6}, 1, "", 0, "mounted"},
    {"DNS fails for now (EAI_AGAIN) and answers from 1 s: the back-off's "
     "next retry (200, 600, 1400 ms)",
     "", "",
     [](World& w) {
       w.resolver.FailHost("srv", EAI_AGAIN);
       w.events.Quietly(1000, [&w] { w.resolver.AddHost("srv", {kV6, kV4}); });
     },
     {kV6}, 1401, "dns/1400ms", 0, "mounted"},
    {"policy system waits for DNS too (one getaddrinfo, no probe)",
     "family = system\n", "",
     [](World& w) {
       w.resolver.FailHost("srv", EAI_AGAIN);
       w.events.Quietly(500, [&w] { w.resolver.AddHost("srv", {kV6, kV4}); });
     },
     {kV6}, 600, "dns/600ms", 0, "mounted"},
    {"policy system waits for a route too (its order, no probe)",
     "family = system\n", "",
     [](World& w) {
       w.LinkDown();
       w.events.At(1000, [&w] { w.LinkUp(); });
     },
     {kV6}, 1000, "route-ipv4,address-ipv6/1000ms", 0, "mounted"},
    {"v4-only waits for IPv4 only; IPv6 is not its business",
     "family = v4-only\n", "",
     [](World& w) {
       w.probe.route_errors[kV4] = ENETUNREACH;
       w.events.At(700, [&w] { w.probe.route_errors.erase(kV4); });
     },
     {kV4}, 701, "route-ipv4/700ms", 0, "mounted"},
    {"a name that does not exist fails at once",
     "", "",
     [](World& w) { w.resolver.FailHost("srv", EAI_NONAME); },
     {}, -1, "", 1, "unresolved"},
    {"a link that never comes up: exit 32 at the deadline",
     "deadline = 5s\n", "",
     [](World& w) { w.LinkDown(); },
     {}, -1, "route-ipv4,address-ipv6/5000ms", 32, "deadline"},
    {"nofail: a network that never came is given up, exit 0",
     "deadline = 5s\n", "user=u,pass=pw,nofail",
     [](World& w) { w.LinkDown(); },
     {}, -1, "route-ipv4,address-ipv6/5000ms", 0, "deadline"},
    {"SIGTERM during the wait: exit 8 at the signal",
     "", "",
     [](World& w) {
       w.LinkDown();
       w.clock.SignalAt(700);
     },
     {}, -1, "route-ipv4,address-ipv6/700ms", 8, "interrupted"},
    {"network-wait = no: mounts the unroutable addresses at once, as before",
     "network-wait = no\n", "",
     [](World& w) {
       w.LinkDown();
       w.mounter.Script({ENETUNREACH, ENETUNREACH});
     },
     {kV6, kV4}, 0, "", 32, "exhausted"},
    {"srcaddr= not configured yet: the probe's bind fails until it is",
     "", "user=u,pass=pw,srcaddr=198.51.100.1",
     [](World& w) {
       w.connector.Script(kV4, {0, EADDRNOTAVAIL, true});
       w.events.At(1500, [&w] { w.connector.Script(kV4, kConnects); });
     },
     {kV4}, 1501, "address-ipv4/1500ms", 0, "mounted"},
    {"the next hop does not answer (EHOSTUNREACH, no event): the timer",
     "", "",
     [](World& w) {
       w.connector.Script(kV4, {3, EHOSTUNREACH, false});
       w.connector.Script(kV6, {3, EHOSTUNREACH, false});
       w.events.Quietly(900, [&w] {
         w.connector.Script(kV4, kConnects);
         w.connector.Script(kV6, kConnects);
       });
     },
     {kV6}, 1410, "unreachable-ipv4,unreachable-ipv6/1406ms", 0, "mounted"},
    {"refused on IPv4, no IPv6 route: the host is up, no wait",
     "", "",
     [](World& w) {
       w.connector.Script(kV4, kRefused);
       w.probe.route_errors[kV6] = ENETUNREACH;
       w.probe.ipv6 = kNoIpv6;
     },
     {kV4}, 1, "", 0, "mounted"},
    {"no rtnetlink: the wait still ends, on its timer",
     "", "",
     [](World& w) {
       w.LinkDown();
       w.events.listen_error = EPERM;
       w.events.At(2000, [&w] { w.LinkUp(); }, FakeNetworkEvents::Link());
     },
     {kV6}, 3001, "route-ipv4,address-ipv6/3000ms", 0, "mounted"},
    {"a burst of events is one round: the spacing merges them",
     "", "",
     [](World& w) {
       w.LinkDown();
       w.events.At(2000, nullptr, FakeNetworkEvents::Link());
       w.events.At(2003, [&w] { w.LinkUp(); });
     },
     {kV6}, 2011, "route-ipv4,address-ipv6/2010ms", 0, "mounted"},
};

std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  std::string out;
  for (const char* p = info.param.name; *p != '\0' && out.size() < 50; ++p) {
    const bool word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9');
    if (word) out += *p;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return std::to_string(info.index) + "_" + out;
}

INSTANTIATE_TEST_SUITE_P(FakeTime, NetworkWaitTable, ::testing::ValuesIn(kRows), RowName);

// ===========================================================================
// What people and the log read.

TEST(NetworkWait, OneLineWhenTheWaitStartsAndTheDeadlineMessage) {
  World w;
  w.LinkDown();
  auto r = w.Run("deadline = 5s\n", Argv());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(w.WaitingLines(),
            std::vector<std::string>{
                "mount.cifs: waiting up to 5 s for the network: no IPv4 route to "
                "srv, no usable IPv6 address on this host"});
  EXPECT_EQ(r.error().code, make_error_code(Errc::kNoAddress));
  EXPECT_EQ(r.error().message,
            "mount error: deadline of 5 s reached while waiting for the network: "
            "no IPv4 route to srv, no usable IPv6 address on this host; Unable to "
            "find suitable address.");
  EXPECT_EQ(w.clock.Ms(), 5000);
  EXPECT_EQ(w.logger.entries[0].level, LogLevel::kError);
}

TEST(NetworkWait, DnsLineNamesTheResolversReason) {
  World w;
  w.resolver.FailHost("srv", EAI_AGAIN);
  w.events.Quietly(100, [&w] { w.resolver.AddHost("srv", {kV4}); });
  ASSERT_TRUE(w.Run("", Argv()).ok());
  EXPECT_EQ(w.WaitingLines(),
            std::vector<std::string>{
                std::string("mount.cifs: waiting up to 60 s for the network: srv "
                            "does not resolve yet (") +
                gai_strerror(EAI_AGAIN) + ")"});
}

TEST(NetworkWait, ListensBeforeTheFirstLook) {
  // A change between the first round and the wait must still wake it:
  // Listen() comes before any lookup or probe.
  World w;
  int probes_at_listen = -1;
  struct ListenSpy : FakeNetworkEvents {
    using FakeNetworkEvents::FakeNetworkEvents;
    std::function<void()> on_listen;
    Status Listen() override {
      if (on_listen) on_listen();
      return FakeNetworkEvents::Listen();
    }
  };
  ListenSpy spy(w.clock);
  spy.on_listen = [&] {
    probes_at_listen = static_cast<int>(w.connector.starts.size());
  };
  Deps deps{w.resolver,   w.mounter, w.mount_point, w.files,
            w.users,      w.prompter, w.console,    w.connector,
            w.clock,      w.probe,   w.logger,      nullptr,
            w.privileges, w.mtab,    w.state,       w.reconnect,
            w.wall_clock, spy};
  w.files.AddFile(kConfigPath, "[global]\n");
  auto inv = ParseCommandLine(Argv());
  ASSERT_TRUE(inv.ok());
  ASSERT_TRUE(mount_cifs::Run(inv.value(), w.env, w.caller, deps).ok());
  EXPECT_EQ(probes_at_listen, 0);
  EXPECT_EQ(spy.listens, 1);
}

TEST(NetworkWait, NoListeningWhenTheWaitIsOff) {
  World w;
  ASSERT_TRUE(w.Run("network-wait = no\n", Argv()).ok());
  EXPECT_EQ(w.events.listens, 0);
  EXPECT_TRUE(w.events.waits.empty());
}

TEST(NetworkWait, HealthyNetworkNeverWaits) {
  World w;
  ASSERT_TRUE(w.Run("", Argv()).ok());
  EXPECT_EQ(w.Ips(), std::vector<std::string>{kV6});
  EXPECT_TRUE(w.events.waits.empty());
  EXPECT_EQ(w.Word("waited"), "");
  EXPECT_TRUE(w.console.lines.empty());
}

TEST(NetworkWait, RetriesBackOffWithoutEvents) {
  // DNS never comes: rounds at 0, 200, 600, 1400, 3000, 5000, ... (the
  // timer doubles to 2 s) until the deadline.
  World w;
  w.resolver.FailHost("srv", EAI_AGAIN);
  ASSERT_FALSE(w.Run("deadline = 9s\n", Argv()).ok());
  std::vector<long> woke;
  for (const auto& call : w.events.waits) woke.push_back(call.returned_ms);
  EXPECT_EQ(woke, (std::vector<long>{200, 600, 1400, 3000, 5000, 7000, 9000}));
  EXPECT_EQ(w.Word("result"), "deadline");
}

TEST(NetworkWait, LiteralAddressWaitsForItsRoute) {
  // //198.51.100.2/share: never probed, so the wait asks the routing table.
  World w;
  w.probe.route_errors[kV4] = ENETUNREACH;
  w.events.At(800, [&w] { w.probe.route_errors.clear(); });
  ASSERT_TRUE(w.Run("", {"mount.cifs", "//198.51.100.2/share", "/mnt", "-o",
                         "user=u,pass=pw"})
                  .ok());
  EXPECT_EQ(w.Ips(), std::vector<std::string>{kV4});
  EXPECT_EQ(w.mount_ms, std::vector<long>{800});
  EXPECT_EQ(w.Word("waited"), "route-ipv4/800ms");
  EXPECT_EQ(w.Word("addresses"), "literal");
}

TEST(NetworkWait, IpOptionWaitsForItsRoute) {
  World w;
  w.probe.route_errors[kV6] = ENETUNREACH;
  w.events.At(300, [&w] { w.probe.route_errors.clear(); });
  ASSERT_TRUE(w.Run("", Argv({"user=u,pass=pw,ip=2001:db8:cf::2"})).ok());
  EXPECT_EQ(w.Ips(), std::vector<std::string>{kV6});
  EXPECT_EQ(w.mount_ms, std::vector<long>{300});
  EXPECT_EQ(w.Word("waited"), "route-ipv6/300ms");
}

TEST(NetworkWait, LateAnswersAreAdmittedByTheHostAfterTheWait) {
  // The link comes up with both families; AAAA answers 100 ms after A, so
  // IPv4 wins and AAAA joins as a fallback while mount(2) runs. IPv6 was
  // down at exec: the fallback must be judged by the host as it is now.
  World w;
  w.LinkDown();
  w.resolver.SetLookupDelay("srv", resolver::Family::kV6, 100);
  w.events.At(2000, [&w] { w.LinkUp(); }, FakeNetworkEvents::Link());
  w.mounter.Script({ECONNREFUSED, 0});
  ASSERT_TRUE(w.Run("", Argv()).ok());
  EXPECT_EQ(w.Ips(), (std::vector<std::string>{kV4, kV6}));
  EXPECT_EQ(w.Word("waited").substr(0, 24), "route-ipv4,address-ipv6/");
}

TEST(NetworkWait, PerServerSectionTurnsItOff) {
  World w;
  w.LinkDown();
  w.mounter.Script({ENETUNREACH, ENETUNREACH});
  ASSERT_FALSE(w.Run("[server \"srv\"]\nnetwork-wait = no\n", Argv()).ok());
  EXPECT_EQ(w.mount_ms, (std::vector<long>{0, 0}));
  EXPECT_TRUE(w.WaitingLines().empty());
}

TEST(NetworkWait, ConfigKey) {
  auto c = ParseConfig("[global]\nnetwork-wait = no\n[server \"a\"]\nnetwork-wait = yes\n",
                       "f");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.value().For("b", SettingsLayer()).network_wait);
  EXPECT_TRUE(c.value().For("a", SettingsLayer()).network_wait);
  EXPECT_TRUE(Config().For("b", SettingsLayer()).network_wait);  // default
  auto bad = ParseConfig("[global]\nnetwork-wait = maybe\n", "f");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "f:2: network-wait must be yes or no, not \"maybe\"");
}

}  // namespace
}  // namespace mount_cifs
