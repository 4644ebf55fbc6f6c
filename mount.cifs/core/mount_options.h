// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_MOUNT_OPTIONS_H_
#define MOUNT_CIFS_CORE_MOUNT_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mount.cifs/core/credentials.h"
#include "mount.cifs/core/file_source.h"
#include "mount.cifs/core/secret.h"
#include "mount.cifs/core/user_db.h"
#include "resolver/family_policy.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// cifs-utils' size limits (mount.cifs.c): the -o text and the kernel data
/// (MAX_OPTIONS_LEN, a page), user and domain names, passwords after comma
/// doubling (MOUNT_PASSWD_SIZE), the ip= text (INET6_ADDRSTRLEN).
inline constexpr std::size_t kMaxOptionsLength = 4096;
inline constexpr std::size_t kMaxUsernameLength = 256;
inline constexpr std::size_t kMaxDomainLength = 256;
inline constexpr std::size_t kMaxPasswordSize = 512;
inline constexpr std::size_t kMaxIpLength = 45;
/// A credentials or password file longer than this is refused.
inline constexpr std::size_t kMaxCredentialsFileSize = 64 * 1024;

/// Everything the options, the environment and credential files said, before
/// the address is known. Built up in cifs-utils' order: environment, then the
/// -o text left to right (a credentials= file applies where it stands).
struct MountOptions {
  unsigned long flags = 0;       // MountFlag bits
  bool user_mount = false;       // bare user/users seen (fstab user mounts)
  /// Options sent verbatim, already joined as cifs-utils joins them (an empty
  /// token after a non-empty text leaves a bare ',', as cifs-utils does).
  std::string passthrough;

  std::optional<std::string> username;
  std::optional<Secret> password;   // set (possibly empty) = do not prompt
  std::optional<Secret> password2;
  std::string domain;
  bool bare_domain = false;        // bare "dom": send "domain=" empty

  std::optional<std::string> ip;   // ip=/addr= text as given
  std::optional<std::uint32_t> uid, gid, cruid, backupuid, backupgid;
  std::optional<std::uint64_t> snapshot;  // NT time, from @GMT-...

  bool guest = false;
  bool krb5 = false;     // sec=krb5*
  bool no_auth = false;  // sec=none*
  bool nofail = false;
  std::optional<resolver::FamilyPolicy> family;  // -o family=

  /// Warnings to print (cifs-utils prints them as it parses).
  std::vector<std::string> warnings;
  /// Notes for -v.
  std::vector<std::string> verbose_notes;
};

/// Who is calling and how to look things up while parsing.
struct OptionContext {
  std::uint32_t real_uid = 0;
  std::uint32_t real_gid = 0;
  UserDb* users = nullptr;        // uid=/gid= names
  FileSource* files = nullptr;    // credentials= files
};

/// The value of the last `key=` among the options passed to the kernel
/// verbatim ("" for a bare `key`); nullopt when there is none.
std::optional<std::string> PassthroughValue(const MountOptions& options,
                                            std::string_view key);

/// The user name rules, wherever the name comes from (user=, a credentials
/// file, USER, the caller's login): at most kMaxUsernameLength bytes, no
/// comma. Errors: Errc::kBadOption.
Status CheckUsername(std::string_view name);

/// Checks cifs-utils' password limit, which applies after comma doubling.
/// Errors: Errc::kBadCredentials "Converted password too long!".
Status CheckPasswordLength(const Secret& password);

/// Parses the -o text on top of `initial` (what the environment set).
/// Errors: Errc::kBadOption with cifs-utils' text ("bad option uid=...",
/// "username specified with no parameter", ...), Errc::kBadCredentials,
/// errno for an unreadable credentials file.
Result<MountOptions> ParseMountOptions(const Secret& text,
                                       const OptionContext& context,
                                       MountOptions initial);

/// Applies a parsed credentials file at its place in the option order.
Status ApplyCredentials(Credentials creds, MountOptions* options);

/// "@GMT-YYYY.MM.DD-HH.MM.SS" (exactly 24 characters) to an NT time: 100 ns
/// units since 1601-01-01 UTC. nullopt when malformed.
std::optional<std::uint64_t> ParseGmtToken(std::string_view token);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_MOUNT_OPTIONS_H_
