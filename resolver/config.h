// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_CONFIG_H_
#define MOUNT_CIFS_CORE_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "resolver/base/logger.h"
#include "resolver/base/result.h"
#include "resolver/family_policy.h"
#include "resolver/race.h"

namespace mount_cifs {

/// The default configuration file.
inline constexpr const char* kDefaultConfigPath = "/etc/cifs-family.conf";

/// Settings a section may set; unset fields fall back to the next level
/// (-o family= > [server "NAME"] > [global] > built-in defaults).
struct SettingsLayer {
  std::optional<resolver::FamilyPolicy> family;
  /// connection-attempt-delay: nullopt = auto.
  std::optional<std::optional<std::chrono::milliseconds>> connection_attempt_delay;
  std::optional<std::chrono::milliseconds> resolution_delay;
  std::optional<std::chrono::milliseconds> deadline;
  std::optional<std::chrono::milliseconds> race_budget;
  std::optional<std::uint16_t> probe_port;
  std::optional<std::size_t> first_address_family_count;
  /// kernel-ipv6: nullopt = auto, else the admin's answer.
  std::optional<std::optional<bool>> kernel_ipv6;
  /// kernel-ip-max-length: nullopt = auto.
  std::optional<std::optional<std::size_t>> kernel_ip_max_length;
  std::optional<SyslogFacility> syslog_facility;
  std::optional<std::chrono::seconds> reconnect_ttl;
  std::optional<std::chrono::seconds> failed_family_memory;
  std::optional<resolver::ProbeMode> race_mode;
  std::optional<bool> network_wait;
  std::optional<bool> ad_site_order;
  std::optional<std::chrono::milliseconds> ad_site_timeout;
};

/// The effective settings for one mount.
struct Settings {
  resolver::FamilyPolicy family = resolver::FamilyPolicy::kHappyEyeballs;
  /// nullopt: auto (the kernel's RTT history for the server, else 250 ms).
  std::optional<std::chrono::milliseconds> connection_attempt_delay;
  std::chrono::milliseconds resolution_delay{50};
  std::chrono::milliseconds deadline{60000};
  /// How long the connection probes may run, counted from the moment the
  /// first candidate address is known (not from the start of name
  /// resolution). The probe phase ends then, winner or not; `deadline`
  /// stays the hard end of the run.
  std::chrono::milliseconds race_budget{3000};
  std::uint16_t probe_port = 445;
  std::size_t first_address_family_count = 1;
  std::optional<bool> kernel_ipv6;                 // nullopt: detect
  std::optional<std::size_t> kernel_ip_max_length;  // nullopt: detect
  SyslogFacility syslog_facility = SyslogFacility::kDaemon;
  /// cifs-family-resolve: the lifetime of the kernel key it answers with.
  std::chrono::seconds reconnect_ttl{5};
  /// How long a family found not to connect to a server is tried second
  /// (RFC 6555 section 4.2: about 10 minutes).
  std::chrono::seconds failed_family_memory{600};
  /// How the probes overlap: concurrent (the first address of each family
  /// at once, a preference window) or staggered (RFC 8305).
  resolver::ProbeMode race_mode = resolver::ProbeMode::kConcurrent;
  /// network-wait: a mount that starts before its network is ready (no
  /// route or address yet for any usable family, name resolution failing
  /// for now) waits for it, up to `deadline`, woken by the kernel's network
  /// events (issue 14). No: it goes on at once, as cifs-utils does.
  bool network_wait = true;
  /// ad-site-order: for a name that is an Active Directory domain (it has
  /// _ldap._tcp.dc._msdcs SRV records), learn the client's AD site (DNS SRV
  /// and a CLDAP ping, as cifs-utils 7.1+) and put that site's domain
  /// controllers first within each family (issue 16).
  bool ad_site_order = true;
  /// ad-site-timeout: the site lookup's own budget, inside `deadline`;
  /// when it runs out the mount goes on without site information.
  std::chrono::milliseconds ad_site_timeout{1000};
};

/// The error domain of the config file: one code, "the file is wrong"
/// (its message says where and how). mount.cifs exits 1 for it.
const std::error_category& ConfigCategory();
inline std::error_code ConfigError() { return std::error_code(1, ConfigCategory()); }

/// Where the family policy of a mount came from (the log's policy-from=).
enum class PolicySource { kDefault, kGlobal, kServer, kOption };
std::string_view PolicySourceName(PolicySource source);

/// A parsed /etc/cifs-family.conf (nfsmount.conf is the model):
///   [global]            settings for every mount
///   [server "NAME"]     settings for mounts of //NAME/... (case-insensitive)
/// Lines are `key = value`; `#` and `;` start comments.
struct Config {
  SettingsLayer global;
  std::map<std::string, SettingsLayer> servers;  // key: lower-cased name

  /// The settings for `server`, with `overrides` (from -o) on top.
  Settings For(std::string_view server, const SettingsLayer& overrides) const;
  /// Whether a [server "NAME"] section names `server`.
  bool NamesServer(std::string_view server) const;
  /// Which level set the family policy For() gives.
  PolicySource FamilySource(std::string_view server,
                            const SettingsLayer& overrides) const;

 private:
  const SettingsLayer* ServerSection(std::string_view server) const;
};

/// Parses config text. `name` is the file name used in error messages.
/// Errors (ConfigError()): "NAME:LINE: what is wrong" for an unknown
/// section or key, a bad value, or a line that is not `key = value`.
Result<Config> ParseConfig(std::string_view text, std::string_view name);

/// Sets one key on a layer (shared by the file parser and -o family=).
/// Errors: a message without file/line context.
Status SetSetting(std::string_view key, std::string_view value,
                  SettingsLayer* layer);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_CONFIG_H_
