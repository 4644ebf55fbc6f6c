// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/run.h"

#include <cerrno>
#include <vector>

#include "mount.cifs/core/config.h"
#include "mount.cifs/core/decision.h"
#include "mount.cifs/core/errors.h"
#include "mount.cifs/core/kernel_options.h"
#include "mount.cifs/core/mount_flags.h"
#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/mount_retry.h"
#include "mount.cifs/core/text.h"
#include "mount.cifs/core/unc.h"
#include "mount.cifs/core/user_policy.h"
#include "resolver/race.h"

namespace mount_cifs {
namespace {

using resolver::Address;

// cifs-utils reads one buffer of MOUNT_PASSWD_SIZE from PASSWD_FD.
constexpr std::size_t kMaxPasswordRead = kMaxPasswordSize;

// A uid such as SUDO_UID: (uid_t)-1 means "no change", so at most 2^32-2.
std::optional<std::uint32_t> ParseUid(std::string_view text) {
  auto v = ParseDecimal(text, 0xfffffffeULL);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

// "60 s", "1500 ms": a configured duration in a message.
std::string FormatDurationText(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

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

// The value of the last `key=` among the pass-through options.
std::optional<std::string> PassthroughValue(const std::string& passthrough,
                                            std::string_view key) {
  std::optional<std::string> found;
  for (std::string_view token : SplitOptions(passthrough)) {
    if (OptionKey(token) != key) continue;
    const size_t eq = token.find('=');
    found = eq == std::string_view::npos ? std::string()
                                         : std::string(token.substr(eq + 1));
  }
  return found;
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
  Status ApplyUserMountRules();
  Status ParseEverything();
  Status UpdateMtab();
  Status LoadSettings();
  Result<std::vector<Address>> Addresses();
  Status CompleteCredentials();
  Result<Outcome> MountLoop();
  bool MoreAddresses();
  // Folds lookup answers that came by `until` (at most the deadline) into
  // the selection; returns how many usable addresses were added.
  std::size_t CollectLateAnswers(resolver::SteadyTime until);
  // Before the decision line: answers that came during mount(2) join the
  // report; a lookup still out is listed in lookups_pending.
  void NotePendingLookups();
  // The families whose lookup has not answered yet ("AAAA", "A").
  std::vector<std::string> PendingFamilies() const;
  // Why the run must end before another mount(2): a signal, or the
  // deadline (only `after_deadline_check` asks about the deadline). Sets
  // the decision's result; nullopt to go on.
  std::optional<Error> Stopped(bool check_deadline);
  Result<Outcome> Finish(Result<Outcome> outcome);

  const Invocation& inv_;
  const Environment& env_;
  const Caller& caller_;
  Deps& deps_;

  std::string mount_point_;
  MountOptions options_;
  Unc unc_;
  std::string username_;
  Settings settings_;
  resolver::SteadyTime start_;
  resolver::SteadyTime deadline_;
  Decision decision_;
  bool decision_started_ = false;
  resolver::SelectionConfig selection_config_;
  /// The option text in force: -o, or the fstab entry's for a user mount.
  const Secret* options_text_ = nullptr;
  Secret fstab_options_;
  std::optional<resolver::FamilyPolicy> user_family_;  // allowed -o family=
  bool raced_ = false;  // addresses came from SelectAddresses()
  /// The UNC host when it is a numeric address (a "%ifname" scope made the
  /// interface index the kernel needs); nullopt for a name.
  std::optional<Address> literal_host_;
};

Status Runner::EnterMountPoint() {
  // chdir first, as the caller, then mount "." (cifs-utils
  // acquire_mountpoint(), CVE-2012-1586): a path swapped later cannot
  // redirect the mount, and a caller cannot probe directories it cannot enter.
  ScopedCallerAccess as_caller(deps_.privileges);
  if (!as_caller.status().ok())
    return ErrnoError(as_caller.status().error().code.value(),
                      "Unable to change to the caller's file access: " +
                          as_caller.status().error().code.message());
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

Status Runner::ApplyUserMountRules() {
  static const Secret kNoOptions;
  options_text_ = inv_.options ? &*inv_.options : &kNoOptions;
  if (caller_.uid == 0) return {};
  // A user other than root mounts only what /etc/fstab grants it with
  // user/users, with the entry's options instead of its own (cifs-utils
  // check_fstab(); mount(8) does the same).
  auto deny = [&](Error e) {
    deps_.logger.Open(inv_.program, "authpriv");
    deps_.logger.Log(2, "user mount denied: uid=" + std::to_string(caller_.uid) +
                            " device=" + EscapeLogField(inv_.source) +
                            " mountpoint=" + EscapeLogField(mount_point_) +
                            " reason=" +
                            (e.code == make_error_code(Errc::kMtab)
                                 ? "fstab-unreadable"
                                 : "not-allowed-by-fstab"));
    return e;
  };
  auto fstab = deps_.files.ReadFile(kFstabPath, 1024 * 1024);
  if (!fstab.ok())
    return deny(MakeError(Errc::kMtab, "Couldn't open /etc/fstab for reading!"));
  auto grant = FindUserMount(ParseFstab(fstab.value().Reveal()), inv_.source,
                             mount_point_, inv_.program);
  if (!grant.ok()) return deny(grant.TakeError());
  fstab_options_ = Secret(grant.value().options);
  options_text_ = &fstab_options_;
  // The caller's own -o is ignored, except family= when the admin allows
  // it with the x-family-user option in the entry.
  if (inv_.options) {
    Verbose("user mount: using the options of the /etc/fstab entry");
    bool allowed = false;
    for (std::string_view token : SplitOptions(grant.value().options))
      allowed = allowed || token == "x-family-user";
    for (std::string_view token : SplitOptions(inv_.options->Reveal())) {
      if (!allowed || token.substr(0, 7) != "family=") continue;
      user_family_ = resolver::ParseFamilyPolicy(token.substr(7));
      if (!user_family_)
        return MakeError(Errc::kBadOption, "unknown family policy \"" +
                                               std::string(token.substr(7)) + "\"");
    }
  }
  return {};
}

Status Runner::UpdateMtab() {
  // Only a regular /etc/mtab (RHEL 5/6) is written; -n skips it; utab is
  // libmount's business (reference section 7).
  if (inv_.no_mtab || !deps_.mtab.IsRegularFile()) return {};
  const unsigned long f = options_.flags;
  std::string opts = (f & kMsRdonly) ? "ro" : "rw";
  if (f & kMsMandlock) opts += ",mand";
  if (f & kMsNoexec) opts += ",noexec";
  if (f & kMsNosuid) opts += ",nosuid";
  if (f & kMsNodev) opts += ",nodev";
  if (f & kMsSynchronous) opts += ",sync";
  if (caller_.uid != 0) {
    const std::string login =
        deps_.users.NameForUid(caller_.uid).value_or(std::to_string(caller_.uid));
    opts += ",user=" + login;
  }
  const std::string dir = EscapeMountField(mount_point_);
  const std::string line = EscapeMountField(unc_.device) + " " + dir + " " +
                           EscapeMountField(inv_.fstype) + " " +
                           EscapeMountField(opts) + " 0 0\n";
  if (options_.flags & kMsRemount) {
    if (Status s = deps_.mtab.RemoveEntriesFor(dir); !s.ok())
      return MakeError(Errc::kMtab, "could not update mount table: " +
                                        s.error().code.message());
  }
  if (Status s = deps_.mtab.Append(line); !s.ok())
    return MakeError(Errc::kMtab, "unable to add mount entry to mtab: " +
                                      s.error().code.message());
  return {};
}

Status Runner::ParseEverything() {
  // Files named by the caller (credentials=, PASSWD_FILE) are read with the
  // caller's file access, never root's.
  ScopedCallerAccess as_caller(deps_.privileges);
  if (!as_caller.status().ok())
    return ErrnoError(as_caller.status().error().code.value(),
                      "Unable to change to the caller's file access");
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
  auto parsed = ParseMountOptions(*options_text_, context, std::move(initial));
  if (!parsed.ok()) return parsed.TakeError();
  options_ = std::move(parsed).value();
  if (caller_.uid != 0) {
    // A user mount never honours set-user-id bits or device files, whatever
    // the fstab entry says (cifs-utils CIFS_SETUID_FLAGS, applied last here
    // so "suid"/"dev" in the entry cannot clear them).
    options_.flags |= kMsNosuid | kMsNodev;
    // The entry's own family= stands unless the caller chose one it allows.
    if (user_family_) options_.family = user_family_;
  }
  for (const std::string& w : options_.warnings) deps_.console.Line(w);
  for (const std::string& n : options_.verbose_notes) Verbose(n);

  auto unc = ParseUnc(inv_.source);
  if (!unc.ok()) {
    Error e = unc.TakeError();
    e.message = inv_.program + ": " + e.message;
    return e;
  }
  unc_ = std::move(unc).value();
  if (unc_.port && PassthroughValue(options_.passthrough, "port"))
    return MakeError(Errc::kBadOption,
                     "port given both in the UNC (" + inv_.source +
                         ") and as port=");
  for (const std::string& ignored : inv_.ignored_arguments)
    Verbose("ignoring extra argument: " + ignored);
  return {};
}

Status Runner::LoadSettings() {
  Config config;
  auto text = deps_.files.ReadFile(env_.config_path, kMaxCredentialsFileSize);
  if (text.ok()) {
    auto parsed = ParseConfig(text.value().Reveal(), env_.config_path);
    if (!parsed.ok()) return parsed.TakeError();
    config = std::move(parsed).value();
  } else if (text.error().code != std::errc::no_such_file_or_directory) {
    // A missing file means defaults; one we cannot read is an error, not a
    // silent fallback that would hide the admin's settings.
    return MakeError(Errc::kBadOption, "cannot read " + env_.config_path +
                                           ": " + text.error().code.message());
  }
  SettingsLayer overrides;
  overrides.family = options_.family;
  settings_ = config.For(unc_.host, overrides);
  if (options_.family) {
    decision_.policy_source = "option";
  } else if (auto it = config.servers.find(LowerAscii(unc_.host));
             it != config.servers.end() && it->second.family) {
    decision_.policy_source = "server";
  } else if (config.global.family) {
    decision_.policy_source = "global";
  }
  // ip= replaces the host outright. Otherwise a name is looked up (RFC 8305:
  // both families at once) while the kernel and the host are probed.
  if (!options_.ip) {
    if (auto literal = deps_.resolver.ParseNumericHost(unc_.host); literal.ok())
      literal_host_ = literal.value();
    if (!literal_host_ && !unc_.bracketed &&
        settings_.family != resolver::FamilyPolicy::kSystem)
      resolver::StartAddressLookups(unc_.host, settings_.family, deps_.resolver);
  }
  // The kernel's ip= limits (reference A.3/A.4), unless the admin says.
  const std::string release = deps_.probe.KernelRelease();
  const auto cifs_version = deps_.probe.CifsModuleVersion();
  decision_.kernel = resolver::ApplyKernelOverrides(
      resolver::KernelCapsFor(release, cifs_version
                                           ? std::optional<std::string_view>(*cifs_version)
                                           : std::nullopt),
      settings_.kernel_ipv6, settings_.kernel_ip_max_length);
  decision_.host = deps_.probe.Ipv6State();
  decision_.cifs_available = deps_.probe.CifsAvailable();
  if (decision_.cifs_available == false)
    Verbose("this kernel has no cifs filesystem (not in /proc/filesystems, no "
            "module): mount(2) will fail with ENODEV");
  decision_.policy = settings_.family;
  decision_.server = unc_.host;
  deadline_ = start_ + settings_.deadline;
  deps_.logger.Open(inv_.program, settings_.syslog_facility);
  return {};
}

Result<std::vector<Address>> Runner::Addresses() {
  decision_started_ = true;
  if (options_.ip) {
    auto address = deps_.resolver.ParseNumericHost(*options_.ip);
    if (!address.ok())
      return MakeError(Errc::kBadOption,
                       "bad ip= address \"" + *options_.ip +
                           "\": not a numeric IPv4 or IPv6 address");
    decision_.source = "ip-option";
    resolver::CandidateReport report;
    report.address = address.value();
    report.usable = true;
    report.outcome = "given";
    if (auto why = resolver::KernelRejects(decision_.kernel, address.value())) {
      // The admin asked for this address; say what the kernel will think.
      deps_.console.Line("warning: ip=" + address.value().ToKernelText() +
                         " may be refused by this kernel (" + *why + ")");
      report.outcome = "given(" + *why + ")";
    }
    decision_.selection.candidates.push_back(report);
    decision_.selection.mount_order = {address.value()};
    decision_.selection.reason = "ip-option";
    return decision_.selection.mount_order;
  }
  // A literal (bracketed or not) needs no lookup.
  if (literal_host_) {
    decision_.source = "literal";
    resolver::CandidateReport report;
    report.address = *literal_host_;
    const auto why = resolver::HardSkipReason(*literal_host_, settings_.family,
                                              decision_.kernel, decision_.host);
    if (why && *why != "policy") {
      report.outcome = "skipped:" + *why;
      decision_.selection.candidates.push_back(report);
      decision_.selection.reason = "no-usable-address";
      return std::vector<Address>{};
    }
    report.usable = true;
    report.outcome = "literal";
    decision_.selection.candidates.push_back(report);
    decision_.selection.mount_order = {*literal_host_};
    decision_.selection.reason = "literal";
    return decision_.selection.mount_order;
  } else if (unc_.bracketed) {
    return MakeError(Errc::kBadSource,
                     inv_.program + ": bad UNC (" + inv_.source +
                         "): brackets must hold an IPv6 address");
  }

  resolver::SelectionConfig& config = selection_config_;
  config.policy = settings_.family;
  config.attempt_delay = settings_.connection_attempt_delay;
  config.resolution_delay = settings_.resolution_delay;
  config.first_family_count = settings_.first_address_family_count;
  config.race_budget = settings_.race_budget;
  config.port = unc_.port ? *unc_.port : settings_.probe_port;
  if (auto port = PassthroughValue(options_.passthrough, "port")) {
    if (auto n = ParseDescriptor(*port); n && *n > 0 && *n <= 65535)
      config.port = static_cast<std::uint16_t>(*n);
  }
  resolver::SelectionDeps sdeps{deps_.resolver, deps_.connector, deps_.clock,
                                deps_.probe, deps_.cancelled};
  raced_ = true;
  auto selected = resolver::SelectAddresses(
      unc_.host, config, decision_.kernel, decision_.host, sdeps, deadline_);
  Error resolve_error;
  if (!selected.ok()) {
    resolve_error = selected.TakeError();
  } else {
    decision_.selection = std::move(selected).value();
    if (decision_.selection.resolve_error)
      resolve_error = *decision_.selection.resolve_error;
  }
  // A signal that ended the lookups or the probes ends the run: the
  // selection it cut short is reported, never mounted.
  if (auto stop = Stopped(/*check_deadline=*/false)) return *stop;
  if (resolve_error.code) {
    // cifs-utils printed "Unknown error" for every failure (it passed
    // EX_USAGE to gai_strerror); print the real reason.
    decision_.result = "unresolved";
    if (decision_.selection.lookup_errors.empty())
      decision_.selection.lookup_errors.push_back(resolve_error.code.message());
    resolve_error.message = "mount error: could not resolve address for " +
                            unc_.host + ": " + resolve_error.code.message();
    return resolve_error;
  }
  std::string list;
  for (const auto& c : decision_.selection.candidates) {
    if (!list.empty()) list += ',';
    list += c.address.ToKernelText();
  }
  Verbose("Host \"" + unc_.host + "\" resolved to the following IP addresses: " + list);
  return decision_.selection.mount_order;
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
  if (username_.find(',') != std::string::npos)
    return MakeError(Errc::kBadOption, "username must not contain a comma");

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

bool Runner::MoreAddresses() {
  // A family that answered after the race was decided is the fallback now;
  // wait for it, within the deadline.
  return CollectLateAnswers(deadline_) > 0;
}

std::size_t Runner::CollectLateAnswers(resolver::SteadyTime until) {
  if (!raced_ || deps_.resolver.LookupsOutstanding() == 0) return 0;
  resolver::SelectionDeps sdeps{deps_.resolver, deps_.connector, deps_.clock,
                                deps_.probe, deps_.cancelled};
  return resolver::CollectLateAnswers(&decision_.selection, selection_config_,
                                      decision_.kernel, decision_.host, sdeps,
                                      std::min(until, deadline_));
}

void Runner::NotePendingLookups() {
  // What answered while mount(2) ran joins the report; a family still out
  // is named, not waited for (the mount is done).
  CollectLateAnswers(deps_.clock.Now());
  decision_.lookups_pending = PendingFamilies();
}

std::vector<std::string> Runner::PendingFamilies() const {
  std::vector<std::string> pending;
  if (!raced_ || deps_.resolver.LookupsOutstanding() == 0) return pending;
  for (const resolver::Family family : {resolver::Family::kV6, resolver::Family::kV4}) {
    if (!resolver::PolicyAllows(settings_.family, family)) continue;
    const std::string name = resolver::RecordType(family);
    bool answered = false;
    for (const auto& c : decision_.selection.candidates)
      answered = answered || c.address.family() == family;
    for (const std::string& e : decision_.selection.lookup_errors)
      answered = answered || e.rfind(name + ":", 0) == 0;
    if (!answered) pending.push_back(name);
  }
  return pending;
}

std::optional<Error> Runner::Stopped(bool check_deadline) {
  if (deps_.cancelled && deps_.cancelled()) {
    decision_.result = "interrupted";
    return MakeError(Errc::kMountFailed, "mount error: interrupted by a signal");
  }
  if (!check_deadline || deps_.clock.Now() < deadline_) return std::nullopt;
  decision_.result = "deadline";
  std::string text = "mount error: deadline of " +
                     FormatDurationText(settings_.deadline) + " reached";
  const std::vector<std::string> pending = PendingFamilies();
  if (!pending.empty()) {
    text += " while waiting for the ";
    for (std::size_t i = 0; i < pending.size(); ++i)
      text += (i == 0 ? "" : " and ") + pending[i];
    text += std::string(" answer") + (pending.size() > 1 ? "s" : "") +
            " for " + unc_.host;
  }
  return MakeError(Errc::kNoAddress, text + "; Unable to find suitable address.");
}

Result<Outcome> Runner::MountLoop() {
  const std::vector<Address>& addresses = decision_.selection.mount_order;
  if (addresses.empty() && !MoreAddresses()) {
    // A deadline that ran out before any lookup answered says so; so does a
    // signal that ended the wait for a late answer.
    std::optional<Error> stop =
        Stopped(/*check_deadline=*/decision_.selection.candidates.empty());
    if (stop && decision_.result == "interrupted") return *stop;
    std::string text;
    if (stop) {
      text = stop->message;
    } else {
      decision_.result = "no-usable-address";
      std::string why;
      for (const auto& c : decision_.selection.candidates)
        why += " " + c.address.ToKernelText() + " (" + c.outcome + ")";
      text = "mount error: no usable address for " + unc_.host + ":" + why;
    }
    if (options_.nofail) {
      deps_.console.Line(text);
      return Outcome::kNoFailGaveUp;
    }
    if (stop) return *stop;
    return MakeError(Errc::kNoAddress, text);
  }
  RetryState retry;
  retry.krb5 = options_.krb5;
  // SUDO_UID is only believed when root ran us (sudo runs us as root).
  std::uint32_t sudo_uid = 0;
  if (env_.sudo_uid && caller_.uid == 0)
    sudo_uid = ParseUid(*env_.sudo_uid).value_or(0);
  retry.sudo_uid_available = sudo_uid != 0;
  std::string device = unc_.device;
  size_t index = 0;
  while (index < addresses.size() || MoreAddresses()) {
    const Address address = addresses[index];
    const std::string ip = address.ToKernelText();
    KernelOptionsInput input;
    input.ip = ip;
    input.unc = &unc_;
    input.options = &options_;
    input.username = username_;
    input.sloppy = inv_.sloppy;
    auto kernel = AssembleKernelOptions(input);
    if (!kernel.ok()) return kernel.TakeError();
    // A signal or the deadline ends the run before this address reaches
    // mount(2) (and before -f would record it as mounted).
    if (auto stop = Stopped(/*check_deadline=*/index > 0)) return *stop;
    Verbose(inv_.program + " kernel mount options: " + kernel.value().redacted);
    decision_.ip = ip;
    if (!decision_.decided_in)
      decision_.decided_in = std::chrono::duration_cast<std::chrono::milliseconds>(
          deps_.clock.Now() - start_);
    if (inv_.fake) {
      decision_.result = "faked";
      // cifs-utils writes the mtab entry for -f too (mount -f's purpose).
      if (Status st = UpdateMtab(); !st.ok()) return st.TakeError();
      return Outcome::kFaked;
    }

    MountRequest request;
    request.source = device;
    request.fstype = inv_.fstype;
    request.flags = options_.flags;
    request.data = &kernel.value().data;
    request.redacted_data = kernel.value().redacted;
    Status mounted;
    {
      ScopedMountPrivilege privileged(deps_.privileges);
      if (!privileged.status().ok())
        return ErrnoError(privileged.status().error().code.value(),
                          "Unable to raise CAP_SYS_ADMIN: " +
                              privileged.status().error().code.message());
      mounted = deps_.mounter.Mount(request);
    }
    if (mounted.ok()) {
      decision_.mounts.push_back({ip, 0});
      decision_.result = "mounted";
      if (Status s = UpdateMtab(); !s.ok()) return s.TakeError();
      return Outcome::kMounted;
    }
    const int err = mounted.error().code.value();
    decision_.mounts.push_back({ip, err});
    if (auto stop = Stopped(/*check_deadline=*/false)) return *stop;
    MountStep step = NextMountStep(err, retry);
    // An IPv6 ip= this kernel may not parse: EINVAL then means "not this
    // address", when the kernel's capability was only guessed.
    if (step == MountStep::kFail && err == EINVAL &&
        address.family() == resolver::Family::kV6 && !decision_.kernel.known)
      step = MountStep::kNextAddress;
    switch (step) {
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
          decision_.result = "failed";
          decision_.final_error = err;
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
        options_.cruid = sudo_uid;
        break;
      case MountStep::kFail:
        decision_.result = "failed";
        decision_.final_error = err;
        return MakeError(Errc::kMountFailed,
                         MountFailureMessage(err, inv_.program, inv_.fstype));
    }
  }
  // The wait for a late answer (MoreAddresses) ended by a signal or the
  // deadline rather than by running out of lookups.
  if (auto stop = Stopped(/*check_deadline=*/!PendingFamilies().empty()))
    return *stop;
  decision_.result = "exhausted";
  if (options_.nofail) {
    deps_.console.Line("Unable to find suitable address.");
    return Outcome::kNoFailGaveUp;
  }
  return MakeError(Errc::kNoAddress, "Unable to find suitable address.");
}

Result<Outcome> Runner::Finish(Result<Outcome> outcome) {
  // Exactly one syslog line per mount that got as far as choosing an
  // address (kernel-and-happy-eyeballs.md section E).
  if (decision_started_) {
    if (decision_.result.empty()) decision_.result = outcome.ok() ? "mounted" : "failed";
    NotePendingLookups();
    const LogLevel level = LevelFor(decision_);
    deps_.logger.Log(level == LogLevel::kInfo      ? 0
                     : level == LogLevel::kWarning ? 1
                                                   : 2,
                     FormatDecisionLine(decision_));
  }
  return outcome;
}

Result<Outcome> Runner::Go() {
  start_ = deps_.clock.Now();
  deadline_ = start_ + settings_.deadline;
  if (Status s = EnterMountPoint(); !s.ok()) return s.TakeError();
  if (Status s = ApplyUserMountRules(); !s.ok()) return s.TakeError();
  if (Status s = ParseEverything(); !s.ok()) return s.TakeError();
  if (Status s = LoadSettings(); !s.ok()) return s.TakeError();
  auto addresses = Addresses();
  if (!addresses.ok()) return Finish(addresses.TakeError());
  if (inv_.verbosity > 0) {
    // A person reading the table wants every address: give a lookup still
    // out one Resolution Delay more.
    CollectLateAnswers(deps_.clock.Now() + settings_.resolution_delay);
    for (const std::string& line : FormatDecisionTable(decision_))
      deps_.console.Line(inv_.program + ": " + line);
  }
  if (Status s = CompleteCredentials(); !s.ok()) return Finish(s.TakeError());
  return Finish(MountLoop());
}

}  // namespace

Result<Outcome> Run(const Invocation& invocation, const Environment& env,
                    const Caller& caller, Deps& deps) {
  Runner runner(invocation, env, caller, deps);
  return runner.Go();
}

}  // namespace mount_cifs
