// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/run.h"

#include <cerrno>
#include <vector>

#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/kernel_options.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/mount_retry.h"
#include "mount.cifs/core/unc.h"

namespace mount_cifs {
namespace {

using resolver::Address;

// cifs-utils reads one buffer of MOUNT_PASSWD_SIZE from PASSWD_FD.
constexpr std::size_t kMaxPasswordRead = kMaxPasswordSize;

std::optional<int> ParseDescriptor(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int fd = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    fd = fd * 10 + (c - '0');
  }
  return fd;
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

std::string JoinAddresses(const std::vector<Address>& addresses) {
  std::string text;
  for (const Address& a : addresses) {
    if (!text.empty()) text += ',';
    text += a.ToKernelText();
  }
  return text;
}

bool PassthroughHasKey(const std::string& passthrough, std::string_view key) {
  std::string_view rest = passthrough;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view token = rest.substr(0, comma);
    if (token.substr(0, token.find('=')) == key) return true;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return false;
}

class Runner {
 public:
  Runner(const Invocation& inv, const Environment& env, const Caller& caller,
         Deps& deps)
      : inv_(inv), env_(env), caller_(caller), deps_(deps) {}

  Result<Outcome> Go();

 private:
  void Verbose(const std::string& line) {
    if (inv_.verbosity > 0) deps_.console.Line(line);
  }
  Status EnterMountPoint();
  Status ParseEverything();
  Result<std::vector<Address>> Addresses();
  Status CompleteCredentials();
  Result<Outcome> MountLoop(const std::vector<Address>& addresses);

  const Invocation& inv_;
  const Environment& env_;
  const Caller& caller_;
  Deps& deps_;

  std::string mount_point_;
  MountOptions options_;
  Unc unc_;
  std::string username_;
};

Status Runner::EnterMountPoint() {
  // chdir first, as the caller, then mount "." (cifs-utils
  // acquire_mountpoint(), CVE-2012-1586): a path swapped later cannot
  // redirect the mount, and a caller cannot probe directories it cannot enter.
  if (Status s = deps_.mount_point.ChangeInto(inv_.target); !s.ok())
    return MakeError(Errc::kBadCommandLine,
                     "Couldn't chdir to " + inv_.target + ": " +
                         s.error().code.message());
  auto canonical = deps_.mount_point.CanonicalWorkingDirectory();
  if (!canonical.ok())
    return ErrnoError(canonical.error().code.value(),
                      "Unable to resolve " + inv_.target +
                          " to canonical path: " +
                          canonical.error().code.message());
  mount_point_ = std::move(canonical).value();
  for (char c : mount_point_) {
    if (c == '\n')
      return MakeError(Errc::kBadCommandLine,
                       inv_.program + ": illegal character 0x0a in mount entry");
  }
  return {};
}

Status Runner::ParseEverything() {
  MountOptions initial;
  if (inv_.read_only.value_or(false)) initial.flags |= kMsRdonly;
  auto pass = PasswordFromEnvironment(env_.passwd, env_.passwd_fd,
                                      env_.passwd_file, "PASSWD", inv_.program,
                                      deps_.files);
  if (!pass.ok()) return pass.TakeError();
  initial.password = std::move(pass).value();
  auto pass2 = PasswordFromEnvironment(env_.passwd2, env_.passwd2_fd,
                                       env_.passwd2_file, "PASSWD2",
                                       inv_.program, deps_.files);
  if (!pass2.ok()) return pass2.TakeError();
  initial.password2 = std::move(pass2).value();

  OptionContext context;
  context.real_uid = caller_.uid;
  context.real_gid = caller_.gid;
  context.users = &deps_.users;
  context.files = &deps_.files;
  const Secret empty;
  auto parsed = ParseMountOptions(inv_.options ? *inv_.options : empty,
                                  context, std::move(initial));
  if (!parsed.ok()) return parsed.TakeError();
  options_ = std::move(parsed).value();
  for (const std::string& w : options_.warnings) deps_.console.Line(w);
  for (const std::string& n : options_.verbose_notes) Verbose(n);

  auto unc = ParseUnc(inv_.source);
  if (!unc.ok()) {
    Error e = unc.TakeError();
    e.message = inv_.program + ": " + e.message;
    return e;
  }
  unc_ = std::move(unc).value();
  if (unc_.port && PassthroughHasKey(options_.passthrough, "port"))
    return MakeError(Errc::kBadOption,
                     "port given both in the UNC (" + inv_.source +
                         ") and as port=");
  for (const std::string& ignored : inv_.ignored_arguments)
    Verbose("ignoring extra argument: " + ignored);
  return {};
}

Result<std::vector<Address>> Runner::Addresses() {
  if (options_.ip) {
    auto address = deps_.resolver.ParseNumericHost(*options_.ip);
    if (!address.ok())
      return MakeError(Errc::kBadOption,
                       "bad ip= address \"" + *options_.ip +
                           "\": not a numeric IPv4 or IPv6 address");
    return std::vector<Address>{address.value()};
  }
  if (unc_.bracketed) {
    auto address = deps_.resolver.ParseNumericHost(unc_.host);
    if (!address.ok())
      return MakeError(Errc::kBadSource,
                       inv_.program + ": bad UNC (" + inv_.source +
                           "): brackets must hold an IPv6 address");
    return std::vector<Address>{address.value()};
  }
  auto resolved = deps_.resolver.Resolve(unc_.host);
  if (!resolved.ok()) {
    // cifs-utils printed "Unknown error" for every failure (it passed
    // EX_USAGE to gai_strerror); print the real reason.
    Error e = resolved.TakeError();
    e.message = "mount error: could not resolve address for " + unc_.host +
                ": " + e.code.message();
    return e;
  }
  Verbose("Host \"" + unc_.host + "\" resolved to the following IP addresses: " +
          JoinAddresses(resolved.value()));
  return resolved;
}

Status Runner::CompleteCredentials() {
  if (options_.username) {
    username_ = *options_.username;
  } else if (options_.guest) {
    username_.clear();  // null session
  } else if (env_.user) {
    // USER is taken literally; its old user%password form is gone since
    // cifs-utils 5.9.
    username_ = *env_.user;
  } else {
    username_ = deps_.users.NameForUid(caller_.uid).value_or("");
  }
  if (username_.size() > kMaxUsernameLength)
    return MakeError(Errc::kBadOption, "username too long");

  const bool needs_password = !options_.password && !options_.guest &&
                              !options_.krb5 && !options_.no_auth &&
                              (options_.flags & kMsRemount) == 0;
  if (!needs_password) return {};
  auto typed = deps_.prompter.AskPassword("Password for " + username_ + "@" +
                                          inv_.source + ": ");
  if (!typed.ok())
    return ErrnoError(typed.error().code.value(),
                      "Error reading password, exiting");
  if (Status s = CheckPasswordLength(typed.value()); !s.ok()) return s;
  options_.password = std::move(typed).value();
  return {};
}

Result<Outcome> Runner::MountLoop(const std::vector<Address>& addresses) {
  RetryState retry;
  retry.krb5 = options_.krb5;
  if (env_.sudo_uid) {
    auto id = ParseDescriptor(*env_.sudo_uid);
    retry.sudo_uid_available = id.has_value() && *id != 0;
  }
  std::string device = unc_.device;
  size_t index = 0;
  while (index < addresses.size()) {
    const std::string ip = addresses[index].ToKernelText();
    KernelOptionsInput input;
    input.ip = ip;
    input.unc = &unc_;
    input.options = &options_;
    input.username = username_;
    input.sloppy = inv_.sloppy;
    auto kernel = AssembleKernelOptions(input);
    if (!kernel.ok()) return kernel.TakeError();
    Verbose(inv_.program + " kernel mount options: " + kernel.value().redacted);
    if (inv_.fake) return Outcome::kFaked;

    MountRequest request;
    request.source = device;
    request.fstype = inv_.fstype;
    request.flags = options_.flags;
    request.data = &kernel.value().data;
    request.redacted_data = kernel.value().redacted;
    const Status mounted = deps_.mounter.Mount(request);
    if (mounted.ok()) return Outcome::kMounted;

    const int err = mounted.error().code.value();
    retry.names_are_ascii = true;
    switch (NextMountStep(err, retry)) {
      case MountStep::kNextAddress:
        deps_.console.Line("mount error(" + std::to_string(err) +
                           "): could not connect to " + ip);
        ++index;
        break;
      case MountStep::kUppercaseRetry: {
        retry.uppercase_tried = true;
        Unc upper = unc_;
        std::string upper_device = device;
        if (!UppercaseAscii(&upper.host) || !UppercaseAscii(&upper.share) ||
            !UppercaseAscii(&upper.prefix) || !UppercaseAscii(&upper_device)) {
          return MakeError(Errc::kMountFailed,
                           MountFailureMessage(err, inv_.program, inv_.fstype));
        }
        deps_.console.Line("Retrying with upper case share name");
        unc_ = std::move(upper);
        device = std::move(upper_device);
        break;
      }
      case MountStep::kSudoCruidRetry:
        retry.sudo_tried = true;
        options_.cruid = static_cast<std::uint32_t>(
            ParseDescriptor(*env_.sudo_uid).value_or(0));
        break;
      case MountStep::kFail:
        return MakeError(Errc::kMountFailed,
                         MountFailureMessage(err, inv_.program, inv_.fstype));
    }
  }
  if (options_.nofail) {
    deps_.console.Line("Unable to find suitable address.");
    return Outcome::kNoFailGaveUp;
  }
  return MakeError(Errc::kNoAddress, "Unable to find suitable address.");
}

Result<Outcome> Runner::Go() {
  if (caller_.uid != 0)
    return MakeError(Errc::kPermissionDenied,
                     inv_.program +
                         ": permission denied: mounts by users other than root "
                         "(fstab \"user\" entries) are not supported yet");
  if (Status s = EnterMountPoint(); !s.ok()) return s.TakeError();
  if (Status s = ParseEverything(); !s.ok()) return s.TakeError();
  auto addresses = Addresses();
  if (!addresses.ok()) return addresses.TakeError();
  if (Status s = CompleteCredentials(); !s.ok()) return s.TakeError();
  return MountLoop(addresses.value());
}

}  // namespace

Result<Outcome> Run(const Invocation& invocation, const Environment& env,
                    const Caller& caller, Deps& deps) {
  Runner runner(invocation, env, caller, deps);
  return runner.Go();
}

}  // namespace mount_cifs
