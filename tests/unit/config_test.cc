// SPDX-License-Identifier: GPL-3.0-or-later
#include "resolver/config.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/exit_code.h"

namespace mount_cifs {
namespace {

using resolver::FamilyPolicy;
using std::chrono::milliseconds;

TEST(Config, EmptyMeansDefaults) {
  auto config = ParseConfig("", "/etc/cifs-family.conf");
  ASSERT_TRUE(config.ok());
  const Settings s = config.value().For("fs1", {});
  EXPECT_EQ(s.family, FamilyPolicy::kHappyEyeballs);
  EXPECT_FALSE(s.connection_attempt_delay);  // auto: RTT history, else 250 ms
  EXPECT_EQ(s.resolution_delay, milliseconds(50));
  EXPECT_EQ(s.probe_port, 445);
  EXPECT_EQ(s.first_address_family_count, 1u);
  EXPECT_FALSE(s.kernel_ipv6);
  EXPECT_FALSE(s.kernel_ip_max_length);
  EXPECT_EQ(s.syslog_facility, SyslogFacility::kDaemon);
}

constexpr const char* kExample = R"(# cifs-family configuration
[global]
family = v6-preferred
connection-attempt-delay = 300ms
resolution-delay = 25
deadline = 30s
probe-port = 4445
kernel-ipv6 = no        # this host's kernel is patched
kernel-ip-max-length = 34
syslog-facility = local3
first-address-family-count = 2

; per server
[server "FS1.example.com"]
family = v4-only
kernel-ipv6 = auto

[ server "nas" ]
connection-attempt-delay = 1s
)";

TEST(Config, GlobalServerAndOptionLayers) {
  auto parsed = ParseConfig(kExample, "test.conf");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Config& config = parsed.value();

  const Settings other = config.For("other", {});
  EXPECT_EQ(other.family, FamilyPolicy::kV6Preferred);
  EXPECT_EQ(other.connection_attempt_delay, milliseconds(300));
  EXPECT_EQ(other.resolution_delay, milliseconds(25));
  EXPECT_EQ(other.deadline, milliseconds(30000));
  EXPECT_EQ(other.probe_port, 4445);
  EXPECT_EQ(other.kernel_ipv6, false);
  EXPECT_EQ(other.kernel_ip_max_length, 34u);
  EXPECT_EQ(other.syslog_facility, SyslogFacility::kLocal3);
  EXPECT_EQ(other.first_address_family_count, 2u);

  // Server names match case-insensitively; the section overrides global,
  // including back to "auto".
  const Settings fs1 = config.For("fs1.EXAMPLE.com", {});
  EXPECT_EQ(fs1.family, FamilyPolicy::kV4Only);
  EXPECT_FALSE(fs1.kernel_ipv6);
  EXPECT_EQ(fs1.connection_attempt_delay, milliseconds(300));

  EXPECT_EQ(config.For("nas", {}).connection_attempt_delay, milliseconds(1000));

  SettingsLayer option;
  option.family = FamilyPolicy::kSystem;
  EXPECT_EQ(config.For("fs1.example.com", option).family, FamilyPolicy::kSystem);
}

struct BadLine {
  std::string text;
  std::string message;
};

TEST(Config, AttemptDelayAutoUndoesAnOuterValue) {
  auto config = ParseConfig(
      "[global]\nconnection-attempt-delay = 300ms\n"
      "[server \"lan\"]\nconnection-attempt-delay = auto\n",
      "f.conf");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config.value().For("wan", {}).connection_attempt_delay, milliseconds(300));
  EXPECT_FALSE(config.value().For("lan", {}).connection_attempt_delay);
}

TEST(Config, BadLinesNameFileAndLine) {
  const BadLine cases[] = {
      {"[global]\nfamily = ipv4\n", "f.conf:2: unknown family policy \"ipv4\""},
      {"[global]\n\nbogus = 1\n", "f.conf:3: unknown key \"bogus\""},
      {"family = v4-only\n", "f.conf:1: key outside a section"},
      {"[global]\nfamily\n", "f.conf:2: expected key = value"},
      {"[globals]\n", "f.conf:1: unknown section [globals]"},
      {"[server fs1]\n", "f.conf:1: expected [server \"NAME\"]"},
      {"[global\n", "f.conf:1: section header must end with ']'"},
      {"[global]\nconnection-attempt-delay = 5ms\n",
       "f.conf:2: connection-attempt-delay must be auto or 10ms to 2s"},
      {"[global]\nconnection-attempt-delay = 3s\n",
       "f.conf:2: connection-attempt-delay must be auto or 10ms to 2s"},
      {"[global]\nprobe-port = 0\n", "f.conf:2: probe-port must be 1 to 65535"},
      {"[global]\nprobe-port = 70000\n", "f.conf:2: probe-port must be 1 to 65535"},
      {"[global]\nkernel-ipv6 = maybe\n", "f.conf:2: kernel-ipv6 must be auto, yes or no"},
      {"[global]\nkernel-ip-max-length = 3\n",
       "f.conf:2: kernel-ip-max-length must be auto or 7 to 64"},
      {"[global]\nsyslog-facility = kern\n", "f.conf:2: syslog-facility must be"},
      {"[global]\ndeadline = 99999999999999s\n", "f.conf:2: deadline must be"},
      {"[global]\nfamily = v4-only\x01\n", "f.conf:2: control character"},
  };
  for (const BadLine& c : cases) {
    auto parsed = ParseConfig(c.text, "f.conf");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().message.rfind(c.message, 0), 0u)
        << "got: " << parsed.error().message;
    EXPECT_EQ(ExitCodeFor(parsed.error()), ExitCode::kUsage);
  }
}

TEST(Config, CrlfAndTrailingBlanksAreTolerated) {
  auto parsed = ParseConfig("[global]\r\nfamily = v4-only  \r\n", "f");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().For("x", {}).family, FamilyPolicy::kV4Only);
}

TEST(Config, RaceBudgetDefaultsToThreeSeconds) {
  auto config = ParseConfig("[global]\nfamily = v4-only\n", "f.conf");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config.value().For("fs1", {}).race_budget, milliseconds(3000));
  EXPECT_EQ(Settings().race_budget, milliseconds(3000));
}

TEST(Config, RaceBudgetGlobalAndPerServer) {
  auto parsed = ParseConfig(
      "[global]\nrace-budget = 1500ms\n"
      "[server \"slow.example.com\"]\nrace-budget = 20s\n"
      "[server \"lan\"]\nfamily = v4-only\n",
      "f.conf");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Config& config = parsed.value();
  EXPECT_EQ(config.global.race_budget, milliseconds(1500));
  EXPECT_EQ(config.For("other", {}).race_budget, milliseconds(1500));
  EXPECT_EQ(config.For("SLOW.example.com", {}).race_budget, milliseconds(20000));
  // A section without the key inherits [global].
  EXPECT_EQ(config.For("lan", {}).race_budget, milliseconds(1500));
  SettingsLayer option;
  option.race_budget = milliseconds(700);
  EXPECT_EQ(config.For("slow.example.com", option).race_budget, milliseconds(700));
}

TEST(Config, RaceBudgetBounds) {
  struct Case {
    const char* value;
    std::optional<milliseconds> want;  // nullopt: rejected
  };
  const Case cases[] = {
      {"100ms", milliseconds(100)}, {"100", milliseconds(100)},
      {"3s", milliseconds(3000)},   {"60s", milliseconds(60000)},
      {"60000ms", milliseconds(60000)},
      {"99ms", std::nullopt},       {"0", std::nullopt},
      {"60001ms", std::nullopt},    {"61s", std::nullopt},
      {"1h", std::nullopt},         {"auto", std::nullopt},
      {"-1s", std::nullopt},        {"", std::nullopt},
  };
  for (const Case& c : cases) {
    SettingsLayer layer;
    Status s = SetSetting("race-budget", c.value, &layer);
    if (c.want) {
      ASSERT_TRUE(s.ok()) << c.value << ": " << s.error().message;
      EXPECT_EQ(layer.race_budget, *c.want) << c.value;
    } else {
      ASSERT_FALSE(s.ok()) << c.value;
      EXPECT_EQ(s.error().message,
                std::string("race-budget must be 100ms to 60s, not \"") + c.value + "\"");
      EXPECT_FALSE(layer.race_budget) << c.value;
    }
  }
  auto parsed = ParseConfig("[global]\nrace-budget = 50ms\n", "f.conf");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "f.conf:2: race-budget must be 100ms to 60s, not \"50ms\"");
  EXPECT_EQ(ExitCodeFor(parsed.error()), ExitCode::kUsage);
}

// Section names are compared with the UNC's host part as ParseUnc stores it
// (no brackets, no port, "%scope" kept), ASCII case-insensitively.
TEST(Config, ServerNamesThatCanMatchAreAccepted) {
  struct Case {
    std::string section;
    std::string unc_host;
  };
  const std::string label63(63, 'a');
  const std::string name255 = label63 + "." + label63 + "." + label63 + "." +
                              std::string(63, 'b');  // 4 * 63 + 3 dots
  const Case cases[] = {
      {"fs1", "FS1"},
      {"FS1.Example.COM", "fs1.example.com"},
      {"my_host-2.corp.example", "MY_HOST-2.corp.example"},
      {"fs1.example.com.", "fs1.example.com."},
      {"198.51.100.1", "198.51.100.1"},
      {"0.0.0.0", "0.0.0.0"},
      {"2001:db8::1", "2001:DB8::1"},
      {"[2001:db8::1]", "2001:db8::1"},  // written as in //[2001:db8::1]/share
      {"::ffff:198.51.100.7", "::ffff:198.51.100.7"},
      {"fe80::1%eth0", "FE80::1%ETH0"},
      {"[fe80::1%2]", "fe80::1%2"},
      {label63 + ".example", label63 + ".example"},
      {name255, name255},
  };
  for (const Case& c : cases) {
    const std::string text = "[server \"" + c.section + "\"]\nfamily = v4-only\n";
    auto parsed = ParseConfig(text, "f.conf");
    ASSERT_TRUE(parsed.ok()) << c.section << ": " << parsed.error().message;
    EXPECT_EQ(parsed.value().servers.size(), 1u) << c.section;
    EXPECT_EQ(parsed.value().For(c.unc_host, {}).family, FamilyPolicy::kV4Only)
        << c.section << " does not match " << c.unc_host;
  }
}

TEST(Config, ServerNamesThatCanNeverMatchAreRejected) {
  const std::string label64(64, 'a');
  // Labels of 63, 63, 63, 62 and 1 characters and four dots: 256.
  const std::string name256 = std::string(63, 'a') + "." + std::string(63, 'b') +
                              "." + std::string(63, 'c') + "." +
                              std::string(62, 'd') + ".e";
  const BadLine cases[] = {
      {"[server \"\"]\n", "f.conf:1: empty server name"},
      {"[server \" fs1\"]\n",
       "f.conf:1: server name \" fs1\" has leading or trailing blanks"},
      {"[server \"fs1\t\"]\n",
       "f.conf:1: server name \"fs1\t\" has leading or trailing blanks"},
      {"[server \"fs1:445\"]\n",
       "f.conf:1: server name \"fs1:445\" has a port"},
      {"[server \"[2001:db8::1]:445\"]\n",
       "f.conf:1: server name \"[2001:db8::1]:445\" has a port"},
      {"[server \"198.51.100.1:445\"]\n",
       "f.conf:1: server name \"198.51.100.1:445\" has a port"},
      {"[server \"*.example.com\"]\n",
       "f.conf:1: server name \"*.example.com\" has a wildcard"},
      {"[server \"fs?\"]\n", "f.conf:1: server name \"fs?\" has a wildcard"},
      {"[server \"fs[12]\"]\n", "f.conf:1: server name \"fs[12]\" has a wildcard"},
      {"[server \"fs 1\"]\n",
       "f.conf:1: server name \"fs 1\" is not a host name or IP address: ' '"},
      {"[server \"fs1/share\"]\n",
       "f.conf:1: server name \"fs1/share\" is not a host name or IP address: '/'"},
      {"[server \"\\\\fs1\"]\n",
       "f.conf:1: server name \"\\\\fs1\" is not a host name or IP address: '\\'"},
      {"[server \"fs\"1\"]\n",
       "f.conf:1: server name \"fs\"1\" is not a host name or IP address: '\"'"},
      {"[server \"f\xc3\xa9\"]\n",
       "f.conf:1: server name \"f\xc3\xa9\" is not a host name or IP address: byte 0xc3"},
      {"[server \"a..b\"]\n", "f.conf:1: server name \"a..b\" has an empty label"},
      {"[server \".fs1\"]\n", "f.conf:1: server name \".fs1\" has an empty label"},
      {"[server \"fs1..\"]\n", "f.conf:1: server name \"fs1..\" has an empty label"},
      {"[server \".\"]\n", "f.conf:1: server name \".\" has an empty label"},
      {"[server \"" + label64 + ".example\"]\n",
       "f.conf:1: server name \"" + label64 +
           ".example\" has a label longer than 63 characters"},
      {"[server \"" + name256 + "\"]\n",
       "f.conf:1: server name is longer than 255 characters"},
      {"[server \"300.1.1.1\"]\n",
       "f.conf:1: server name \"300.1.1.1\" is not a valid IPv4 address"},
      {"[server \"198.51.100\"]\n",
       "f.conf:1: server name \"198.51.100\" is not a valid IPv4 address"},
      {"[server \"2001:db8::g\"]\n",
       "f.conf:1: server name \"2001:db8::g\" is not a valid IPv6 address"},
      {"[server \"fs1:share\"]\n",
       "f.conf:1: server name \"fs1:share\" is not a valid IPv6 address"},
      {"[server \"[fs1]\"]\n",
       "f.conf:1: server name \"[fs1]\" is not a valid IPv6 address"},
      {"[server \"fe80::1%\"]\n",
       "f.conf:1: server name \"fe80::1%\" has a bad IPv6 scope"},
      {"[server \"fe80::1%eth/0\"]\n",
       "f.conf:1: server name \"fe80::1%eth/0\" has a bad IPv6 scope"},
      {"[server \"fs1%eth0\"]\n",
       "f.conf:1: server name \"fs1%eth0\" is not a host name or IP address: '%'"},
      {"[global]\nfamily = v4-only\n[server \"ok\"]\n[server \"fs1:445\"]\n",
       "f.conf:4: server name \"fs1:445\" has a port"},
  };
  for (const BadLine& c : cases) {
    auto parsed = ParseConfig(c.text, "f.conf");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().message.rfind(c.message, 0), 0u)
        << "for " << c.text << "got: " << parsed.error().message;
    EXPECT_EQ(parsed.error().code, ConfigError());
    EXPECT_EQ(ExitCodeFor(parsed.error()), ExitCode::kUsage);
  }
}

}  // namespace
}  // namespace mount_cifs
