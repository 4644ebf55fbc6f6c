// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/request.h"

#include <utility>

#include "mount.cifs/core/credentials.h"
#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/text.h"
#include "mount.cifs/core/user_policy.h"

namespace mount_cifs {
namespace {

// cifs-utils reads one buffer of MOUNT_PASSWD_SIZE from PASSWD_FD.
constexpr std::size_t kMaxPasswordRead = kMaxPasswordSize;

// fstab is root's file, read whole; 1 MiB is far beyond any real one.
constexpr std::size_t kMaxFstabSize = 1024 * 1024;

std::optional<int> ParseDescriptor(std::string_view text) {
  auto v = ParseDecimal(text, 999999999);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

// One of the PASSWD / PASSWD_FD / PASSWD_FILE trios, in that precedence
// (cifs-utils get_pw_from_env()). nullopt when none is set.
Result<std::optional<Secret>> PasswordFromEnvironment(
    const std::optional<Secret>& value, const std::optional<std::string>& fd,
    const std::optional<std::string>& file, std::string_view name,
    const std::string& program, FileSource& files) {
  std::optional<Secret> password;
  if (value) {
    password = value->Clone();
  } else if (fd) {
    const auto number = ParseDescriptor(*fd);
    if (!number)
      return MakeError(Errc::kBadCredentials,
                       std::string(name) + "_FD is not a descriptor number");
    auto read = files.ReadDescriptor(*number, kMaxPasswordRead);
    if (!read.ok())
      return ErrnoError(read.error().code.value(),
                        program + " failed. Error " +
                            read.error().code.message() +
                            " reading password file");
    password = FirstLine(read.value());
  } else if (file) {
    auto read = files.ReadFile(*file, kMaxCredentialsFileSize);
    if (!read.ok())
      return ErrnoError(read.error().code.value(),
                        program + " failed. " + read.error().code.message() +
                            " attempting to open password file " + *file);
    password = FirstLine(read.value());
  }
  if (password) {
    if (Status s = CheckPasswordLength(*password); !s.ok()) return s.TakeError();
  }
  return password;
}

void Verbose(const Invocation& inv, Deps& deps, const std::string& line) {
  if (inv.verbosity > 0) deps.console.Line(line);
}

}  // namespace

Result<std::string> EnterMountPoint(const Invocation& inv, Deps& deps) {
  // chdir first, as the caller, then mount "." (cifs-utils
  // acquire_mountpoint(), CVE-2012-1586): a path swapped later cannot
  // redirect the mount, and a caller cannot probe directories it cannot enter.
  ScopedCallerAccess as_caller(deps.privileges);
  if (!as_caller.status().ok())
    return ErrnoError(as_caller.status().error().code.value(),
                      "Unable to change to the caller's file access: " +
                          as_caller.status().error().code.message());
  if (Status s = deps.mount_point.ChangeInto(inv.target); !s.ok())
    return MakeError(Errc::kBadCommandLine,
                     "Couldn't chdir to " + inv.target + ": " +
                         s.error().code.message());
  auto canonical = deps.mount_point.CanonicalWorkingDirectory();
  if (!canonical.ok())
    return ErrnoError(canonical.error().code.value(),
                      "Unable to resolve " + inv.target +
                          " to canonical path: " +
                          canonical.error().code.message());
  if (canonical.value().find('\n') != std::string::npos)
    return MakeError(Errc::kBadCommandLine,
                     inv.program + ": illegal character 0x0a in mount entry");
  return canonical;
}

Result<OptionGrant> GrantOptions(const Invocation& inv, const Caller& caller,
                                 const std::string& mount_point, Deps& deps) {
  OptionGrant grant;
  if (caller.uid == 0) {
    if (inv.options) grant.text = inv.options->Clone();
    return grant;
  }
  // A user other than root mounts only what /etc/fstab grants it with
  // user/users, with the entry's options instead of its own (cifs-utils
  // check_fstab(); mount(8) does the same).
  auto deny = [&](Error e) {
    deps.logger.Open(inv.program, SyslogFacility::kAuthpriv);
    deps.logger.Log(LogLevel::kError,
                    "user mount denied: uid=" + std::to_string(caller.uid) +
                        " device=" + EscapeLogField(inv.source) +
                        " mountpoint=" + EscapeLogField(mount_point) +
                        " reason=" +
                        (e.code == make_error_code(Errc::kMtab)
                             ? "fstab-unreadable"
                             : "not-allowed-by-fstab"));
    return e;
  };
  auto fstab = deps.files.ReadFile(kFstabPath, kMaxFstabSize);
  if (!fstab.ok())
    return deny(MakeError(Errc::kMtab, "Couldn't open /etc/fstab for reading!"));
  auto found = FindUserMount(ParseFstab(fstab.value().Reveal()), inv.source,
                             mount_point, inv.program);
  if (!found.ok()) return deny(found.TakeError());
  // The caller's own -o is ignored, except what the entry grants it
  // (family= under x-family-user: OptionSpec::user_grant).
  if (inv.options)
    Verbose(inv, deps, "user mount: using the options of the /etc/fstab entry");
  grant.text = UserMountOptions(
      found.value(), inv.options ? inv.options->Reveal() : std::string_view());
  return grant;
}

Result<CallerRequest> ParseRequest(const Invocation& inv, const Environment& env,
                                   const Caller& caller, std::string mount_point,
                                   const OptionGrant& grant, Deps& deps) {
  CallerRequest request;
  request.mount_point = std::move(mount_point);
  {
    // Files named by the caller (credentials=, PASSWD_FILE) are read with
    // the caller's file access, never root's.
    ScopedCallerAccess as_caller(deps.privileges);
    if (!as_caller.status().ok())
      return ErrnoError(as_caller.status().error().code.value(),
                        "Unable to change to the caller's file access");
    MountOptions initial;
    if (inv.read_only.value_or(false)) initial.flags |= kMsRdonly;
    auto pass = PasswordFromEnvironment(env.passwd, env.passwd_fd,
                                        env.passwd_file, "PASSWD", inv.program,
                                        deps.files);
    if (!pass.ok()) return pass.TakeError();
    initial.password = std::move(pass).value();
    auto pass2 = PasswordFromEnvironment(env.passwd2, env.passwd2_fd,
                                         env.passwd2_file, "PASSWD2",
                                         inv.program, deps.files);
    if (!pass2.ok()) return pass2.TakeError();
    initial.password2 = std::move(pass2).value();

    OptionContext context;
    context.real_uid = caller.uid;
    context.real_gid = caller.gid;
    context.users = &deps.users;
    context.files = &deps.files;
    auto parsed = ParseMountOptions(grant.text, context, std::move(initial));
    if (!parsed.ok()) return parsed.TakeError();
    request.options = std::move(parsed).value();
  }
  if (caller.uid != 0) {
    // A user mount never honours set-user-id bits or device files, whatever
    // the fstab entry says (cifs-utils CIFS_SETUID_FLAGS, applied last here
    // so "suid"/"dev" in the entry cannot clear them).
    request.options.flags |= kMsNosuid | kMsNodev;
  }
  for (const std::string& w : request.options.warnings) deps.console.Line(w);
  for (const std::string& n : request.options.verbose_notes) Verbose(inv, deps, n);

  auto unc = ParseUnc(inv.source);
  if (!unc.ok()) {
    Error e = unc.TakeError();
    e.message = inv.program + ": " + e.message;
    return e;
  }
  request.unc = std::move(unc).value();
  if (request.unc.port && PassthroughValue(request.options, "port"))
    return MakeError(Errc::kBadOption,
                     "port given both in the UNC (" + inv.source +
                         ") and as port=");
  for (const std::string& ignored : inv.ignored_arguments)
    Verbose(inv, deps, "ignoring extra argument: " + ignored);
  return request;
}

Result<CallerRequest> CompleteCredentials(CallerRequest request,
                                          const Invocation& inv,
                                          const Environment& env,
                                          const Caller& caller, Deps& deps) {
  const MountOptions& o = request.options;
  if (o.username) {
    request.username = *o.username;
  } else if (o.guest) {
    request.username.clear();  // null session
  } else if (env.user) {
    // USER is taken literally; its old user%password form is gone since
    // cifs-utils 5.9.
    request.username = *env.user;
  } else {
    request.username = deps.users.NameForUid(caller.uid).value_or("");
  }
  if (Status s = CheckUsername(request.username); !s.ok()) return s.TakeError();

  const bool needs_password = !o.password && !o.guest && !o.krb5 &&
                              !o.no_auth && (o.flags & kMsRemount) == 0;
  if (!needs_password) return request;
  auto typed = deps.prompter.AskPassword("Password for " + request.username +
                                         "@" + inv.source + ": ");
  if (!typed.ok())
    return ErrnoError(typed.error().code.value(),
                      "Error reading password, exiting");
  if (Status s = CheckPasswordLength(typed.value()); !s.ok()) return s.TakeError();
  request.options.password = std::move(typed).value();
  return request;
}

}  // namespace mount_cifs
