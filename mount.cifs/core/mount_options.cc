// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/mount_options.h"

#include <string_view>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/option_table.h"
#include "mount.cifs/core/text.h"

namespace mount_cifs {
namespace {

constexpr std::uint32_t kMaxId = 0xfffffffeU;  // (uid_t)-1 means "no change"

std::optional<std::uint32_t> ParseId(std::string_view text) {
  auto value = ParseDecimal(text, kMaxId);
  if (!value) return std::nullopt;
  return static_cast<std::uint32_t>(*value);
}

Error BadOption(std::string message) {
  return MakeError(Errc::kBadOption, std::move(message));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), so timegm() is not needed in core.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool IsLeap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(unsigned y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

void AppendPassthrough(std::string_view token, MountOptions* options) {
  // cifs-utils appends ',' whenever the output is non-empty, then the token;
  // an empty token therefore leaves a bare ',' (kept for compatibility).
  if (!options->passthrough.empty()) options->passthrough += ',';
  options->passthrough.append(token.data(), token.size());
}

// uid=/gid=/cruid=: a name first, then a number (cifs-utils order).
Result<std::uint32_t> IdByNameThenNumber(std::string_view value, bool group,
                                         const OptionContext& context,
                                         const std::string& error_text) {
  const std::string name(value);
  if (context.users != nullptr) {
    auto id = group ? context.users->GidForName(name)
                    : context.users->UidForName(name);
    if (id) return *id;
  }
  if (auto id = ParseId(value)) return *id;
  return BadOption(error_text);
}

// backupuid=/backupgid=: a number first, then a name.
Result<std::uint32_t> IdByNumberThenName(std::string_view value, bool group,
                                         const OptionContext& context) {
  if (auto id = ParseId(value)) return *id;
  const std::string name(value);
  if (context.users != nullptr) {
    auto id = group ? context.users->GidForName(name)
                    : context.users->UidForName(name);
    if (id) return *id;
  }
  return BadOption(std::string(group ? "bad group name" : "bad user name") +
                   " \"" + name + "\"");
}

Status CheckMode(std::string_view key, std::string_view value,
                 MountOptions* options) {
  if (value.empty())
    return BadOption("Option '" + std::string(key) +
                     "' requires a numerical argument");
  if (value[0] != '0')
    options->warnings.push_back("WARNING: '" + std::string(key) +
                                "' not expressed in octal.");
  return {};
}

Status SetUsername(std::string_view value, MountOptions* options) {
  if (Status s = CheckUsername(value); !s.ok()) return s;
  options->username = std::string(value);
  return {};
}

Status SetDomain(std::string_view value, MountOptions* options) {
  if (value.size() > kMaxDomainLength) return BadOption("domain name too long");
  if (value.find(',') != std::string_view::npos)
    return BadOption("domain must not contain a comma");
  options->domain = std::string(value);
  return {};
}

}  // namespace

std::optional<std::string> PassthroughValue(const MountOptions& options,
                                            std::string_view key) {
  std::optional<std::string> found;
  for (std::string_view token : SplitOptions(options.passthrough)) {
    if (OptionKey(token) != key) continue;
    const size_t eq = token.find('=');
    found = eq == std::string_view::npos ? std::string()
                                         : std::string(token.substr(eq + 1));
  }
  return found;
}

Status CheckUsername(std::string_view name) {
  // cifs-utils truncates silently at 256; a cut user name fails later with a
  // confusing authentication error, so refuse it here.
  if (name.size() > kMaxUsernameLength) return BadOption("username too long");
  // The kernel splits its options on ','; a comma here would add options of
  // the caller's choosing (uid=0, ip=...) to a user mount.
  if (name.find(',') != std::string_view::npos)
    return BadOption("username must not contain a comma");
  return {};
}

Status CheckPasswordLength(const Secret& password) {
  // cifs-utils 7.0 (the oracle) keeps up to MOUNT_PASSWD_SIZE (512) bytes
  // after comma doubling.
  std::size_t doubled = 0;
  for (char c : password.Reveal()) doubled += c == ',' ? 2 : 1;
  if (doubled > kMaxPasswordSize)
    return MakeError(Errc::kBadCredentials, "Converted password too long!");
  return {};
}

Status ApplyCredentials(Credentials creds, MountOptions* options) {
  if (creds.username) {
    if (Status s = SetUsername(*creds.username, options); !s.ok()) return s;
  }
  if (creds.password) {
    if (Status s = CheckPasswordLength(*creds.password); !s.ok()) return s;
    options->password = std::move(creds.password);
  }
  if (creds.password2) {
    if (Status s = CheckPasswordLength(*creds.password2); !s.ok()) return s;
    options->password2 = std::move(creds.password2);
  }
  if (creds.domain) {
    if (Status s = SetDomain(*creds.domain, options); !s.ok()) return s;
  }
  if (creds.unparseable_lines > 0)
    options->verbose_notes.push_back("Credential formatted incorrectly");
  return {};
}

std::optional<std::uint64_t> ParseGmtToken(std::string_view token) {
  // "@GMT-%Y.%m.%d-%H.%M.%S", 24 characters (cifs-utils GMT_NAME_LEN).
  constexpr std::string_view kShape = "@GMT-dddd.dd.dd-dd.dd.dd";
  if (token.size() != kShape.size()) return std::nullopt;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = token[i] >= '0' && token[i] <= '9';
    if (kShape[i] == 'd' ? !digit : token[i] != kShape[i]) return std::nullopt;
  }
  auto field = [&](size_t pos, size_t len) {
    unsigned v = 0;
    for (size_t i = pos; i < pos + len; ++i)
      v = v * 10 + static_cast<unsigned>(token[i] - '0');
    return v;
  };
  const unsigned year = field(5, 4), month = field(10, 2), day = field(13, 2);
  const unsigned hour = field(16, 2), minute = field(19, 2),
                 second = field(22, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  const std::int64_t seconds = DaysFromCivil(year, month, day) * 86400 +
                               hour * 3600 + minute * 60 + second;
  // 1601-01-01 to 1970-01-01: 369 years with 89 leap days (cifs-utils
  // NTFS_TIME_OFFSET), in 100 ns units.
  constexpr std::uint64_t kNtEpochOffset =
      static_cast<std::uint64_t>(369 * 365 + 89) * 24 * 3600 * 10000000ULL;
  return static_cast<std::uint64_t>(seconds) * 10000000ULL + kNtEpochOffset;
}

Result<MountOptions> ParseMountOptions(const Secret& text,
                                       const OptionContext& context,
                                       MountOptions options) {
  if (text.size() > kMaxOptionsLength)
    return BadOption("Options string too long");
  // A caller other than root owns the files it mounts unless it says
  // otherwise (cifs-utils parse_options()).
  if (context.real_uid != 0) options.uid = context.real_uid;
  if (context.real_gid != 0) options.gid = context.real_gid;

  for (const std::string_view token : SplitOptions(text.Reveal())) {
    const size_t eq = token.find('=');
    const std::string_view key = token.substr(0, eq);
    const bool has_value = eq != std::string_view::npos;
    const std::string_view value =
        has_value ? token.substr(eq + 1) : std::string_view();

    const OptionSpec* spec = FindOption(key);
    if (spec == nullptr) {
      AppendPassthrough(token, &options);
      continue;
    }
    switch (spec->rule) {
      case OptionRule::kPassThrough:
        AppendPassthrough(token, &options);
        break;
      case OptionRule::kUser:
        if (!value.empty()) {
          if (Status s = SetUsername(value, &options); !s.ok()) return s.TakeError();
        } else if (key == "user") {
          options.user_mount = true;  // fstab's "user": not an SMB user name
        } else {
          return BadOption("username specified with no parameter");
        }
        break;
      case OptionRule::kUsers:
        if (value.empty()) {
          options.user_mount = true;
        } else {
          AppendPassthrough(token, &options);
        }
        break;
      case OptionRule::kPassword:
      case OptionRule::kPassword2: {
        const bool second = spec->rule == OptionRule::kPassword2;
        std::optional<Secret>& slot = second ? options.password2 : options.password;
        if (slot) {
          options.warnings.push_back(second
              ? "password2 specified twice, ignoring second"
              : "password specified twice, ignoring second");
          break;
        }
        Secret password(value);
        if (Status s = CheckPasswordLength(password); !s.ok()) return s.TakeError();
        slot = std::move(password);
        break;
      }
      case OptionRule::kSec:
        // krb5* and none* need no password (cifs-utils >= 7.2 also stops
        // sending pass= for them).
        if (value.substr(0, 4) == "krb5") options.krb5 = true;
        if (value.substr(0, 4) == "none") options.no_auth = true;
        AppendPassthrough(token, &options);
        break;
      case OptionRule::kIp: {
        if (value.empty())
          return BadOption("target ip address argument missing");
        // A named IPv6 scope ("%eth0") may make a valid text longer than
        // INET6_ADDRSTRLEN; it is converted to a number before the kernel
        // sees it. CVE-2022-27239 was an overflow right here.
        const size_t percent = value.find('%');
        const bool named_scope =
            percent != std::string_view::npos &&
            value.find_first_not_of("0123456789", percent + 1) != std::string_view::npos;
        const size_t limit = named_scope ? kMaxIpLength + 16 : kMaxIpLength;
        if (value.size() > limit) return BadOption("ip address too long");
        options.ip = std::string(value);
        options.verbose_notes.push_back("ip address " + std::string(value) +
                                        " override specified");
        break;
      }
      case OptionRule::kUnc:
        if (value.empty()) return BadOption("invalid path to network resource");
        options.verbose_notes.push_back(
            "ignoring " + std::string(key) +
            "=: the device argument names the share");
        break;
      case OptionRule::kDomain:
        if (!has_value) {
          options.domain.clear();
          options.bare_domain = true;
        } else if (Status s = SetDomain(value, &options); !s.ok()) {
          return s.TakeError();
        }
        break;
      case OptionRule::kCredentials: {
        if (value.empty())
          return BadOption("invalid credential file name specified");
        if (context.files == nullptr)
          return MakeError(Errc::kInternal, "no file source");
        const std::string path(value);
        auto contents = context.files->ReadFile(path, kMaxCredentialsFileSize);
        if (!contents.ok()) {
          const int err = contents.error().code.value();
          return ErrnoError(err, "error " + std::to_string(err) + " (" +
                                     contents.error().code.message() +
                                     ") opening credential file " + path);
        }
        if (Status s = ApplyCredentials(ParseCredentials(contents.value()), &options);
            !s.ok())
          return s.TakeError();
        break;
      }
      case OptionRule::kUid:
      case OptionRule::kGid:
      case OptionRule::kCruid: {
        if (value.empty()) break;
        const bool group = spec->rule == OptionRule::kGid;
        const std::string text_value(value);
        const std::string error_text =
            spec->rule == OptionRule::kUid   ? "bad option uid=\"" + text_value + "\""
            : spec->rule == OptionRule::kGid ? "bad option: gid=\"" + text_value + "\""
                                             : "bad option: cruid=\"" + text_value + "\"";
        auto id = IdByNameThenNumber(value, group, context, error_text);
        if (!id.ok()) return id.TakeError();
        (spec->rule == OptionRule::kUid   ? options.uid
         : spec->rule == OptionRule::kGid ? options.gid
                                          : options.cruid) = id.value();
        break;
      }
      case OptionRule::kBackupUid:
      case OptionRule::kBackupGid: {
        if (value.empty()) break;
        const bool group = spec->rule == OptionRule::kBackupGid;
        auto id = IdByNumberThenName(value, group, context);
        if (!id.ok()) return id.TakeError();
        (group ? options.backupgid : options.backupuid) = id.value();
        break;
      }
      case OptionRule::kFmask:
      case OptionRule::kDmask: {
        // cifs-utils warns and then loses the value (it sends a bare
        // file_mode); we keep it.
        const std::string_view replacement =
            spec->rule == OptionRule::kFmask ? "file_mode" : "dir_mode";
        options.warnings.push_back("WARNING: CIFS mount option '" +
                                   std::string(key) + "' is deprecated. Use '" +
                                   std::string(replacement) + "' instead.");
        if (Status s = CheckMode(replacement, value, &options); !s.ok())
          return s.TakeError();
        AppendPassthrough(std::string(replacement) + "=" + std::string(value),
                          &options);
        break;
      }
      case OptionRule::kFileMode:
      case OptionRule::kDirMode:
        if (Status s = CheckMode(key, value, &options); !s.ok())
          return s.TakeError();
        AppendPassthrough(token, &options);
        break;
      case OptionRule::kSetFlag:
        options.flags |= spec->flag;
        break;
      case OptionRule::kClearFlag:
        options.flags &= ~spec->flag;
        break;
      case OptionRule::kNoLock:
        options.flags &= ~static_cast<unsigned long>(kMsMandlock);
        AppendPassthrough(token, &options);
        break;
      case OptionRule::kGuest:
        options.guest = true;
        break;
      case OptionRule::kNoFail:
        options.nofail = true;
        break;
      case OptionRule::kSnapshot:
        if (value.empty()) break;
        if (value.substr(0, 5) != "@GMT-") {
          AppendPassthrough(token, &options);
          break;
        }
        options.snapshot = ParseGmtToken(value);
        if (!options.snapshot) return BadOption("bad snapshot token");
        break;
      case OptionRule::kFamily:
        options.family = resolver::ParseFamilyPolicy(value);
        if (!options.family)
          return BadOption("unknown family policy \"" + std::string(value) +
                           "\" (" + resolver::FamilyPolicyNames() + ")");
        break;
      case OptionRule::kIgnore:
        break;
    }
  }
  if (options.passthrough.size() > kMaxOptionsLength)
    return BadOption("Options string too long");
  return options;
}

}  // namespace mount_cifs
