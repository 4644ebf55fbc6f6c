// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/config.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(s.syslog_facility, "daemon");
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
  EXPECT_EQ(other.syslog_facility, "local3");
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
  const char* text;
  const char* message;
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

}  // namespace
}  // namespace mount_cifs
