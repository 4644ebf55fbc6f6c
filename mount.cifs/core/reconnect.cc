// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/reconnect.h"

#include <cerrno>
#include <utility>

namespace mount_cifs {
namespace {

using resolver::Family;
using resolver::HostRecord;

// The re-resolution functions of cifs.ko (reconnect-and-dns-resolver.md
// section 1.4): 5.12 and later, then 5.0 to 5.11.
constexpr std::string_view kReresolveSymbols[] = {"reconn_set_ipaddr_from_hostname",
                                                  "reconn_set_ipaddr"};

// `name` is `symbol`, or a compiler clone of it ("symbol.isra.0").
bool IsSymbol(std::string_view name, std::string_view symbol) {
  return name.substr(0, symbol.size()) == symbol &&
         (name.size() == symbol.size() || name[symbol.size()] == '.');
}

constexpr std::string_view kHandlerName = "cifs-family-resolve";

std::string_view Basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Why no handler answered, for the hint: what request-key would do.
std::string HandlerCause(const UpcallHandler& handler) {
  switch (handler.kind) {
    case UpcallHandler::Kind::kProgram:
      return " (request-key runs " + handler.program + ")";
    case UpcallHandler::Kind::kNone:
      return " (request-key has no dns_resolver line)";
    case UpcallHandler::Kind::kNoRequestKey:
      return " (/sbin/request-key is missing)";
    case UpcallHandler::Kind::kUnknown:
      break;
  }
  return "";
}

}  // namespace

bool KernelTakesAsAddress(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;
  int octets = 0;
  while (true) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (digits < host.size() && host[digits] >= '0' && host[digits] <= '9' &&
           digits < 3) {
      value = value * 10 + static_cast<unsigned>(host[digits] - '0');
      ++digits;
    }
    if (digits == 0 || value > 255) return false;
    host.remove_prefix(digits);
    if (++octets == 4) return host.empty();
    if (host.empty() || host.front() != '.') return false;
    host.remove_prefix(1);
  }
}

std::optional<std::string> ReconnectKey(std::string_view host, bool host_is_address) {
  if (host_is_address) return std::nullopt;
  return resolver::StateKey(host);
}

HostRecord RecordForMount(const RecordBasis& basis, const resolver::Address& address,
                          std::int64_t now, const std::optional<HostRecord>& existing) {
  HostRecord r;
  r.host = basis.key;
  r.policy = basis.policy;
  r.mounted = address;
  r.port = basis.port;
  r.srcaddr = basis.srcaddr;
  if (basis.srcaddr) r.srcaddr_family = basis.srcaddr->family();
  r.written_at = now;
  r.writer_pid = basis.writer_pid;
  r.mount_point = basis.mount_point;
  r.network = basis.network.value_or(std::string());
  // What the handler learnt counts on the network it learnt it on only.
  if (existing && basis.network && existing->network == *basis.network) {
    // The failure mark only: a new mount starts its own stickiness from
    // the address it mounts, whatever the handler answered for an earlier
    // mount of the server (found by the e2e rig's rc-sticky-v6 after
    // rc-v4-only of the same name).
    r.failed_family = existing->failed_family;
    r.failed_until = existing->failed_until;
    r.ad_site = existing->ad_site;
    r.ad_site_at = existing->ad_site_at;
    r.ad_site_quiet_until = existing->ad_site_quiet_until;
    r.ad_site_none_at = existing->ad_site_none_at;
  }
  // A DC answered: with a site or with none, the newer answer replaces the
  // older one (a record never holds both).
  if (basis.ad_site && basis.network) {
    r.ad_site = *basis.ad_site;
    r.ad_site_at = now;
    r.ad_site_none_at = 0;
    r.ad_site_quiet_until = 0;
  } else if (basis.ad_site_none && basis.network) {
    r.ad_site.clear();
    r.ad_site_at = 0;
    r.ad_site_none_at = now;
    r.ad_site_quiet_until = 0;
  }
  if (basis.ad_site_no_reply && basis.network) r.ad_site_quiet_until = now + kAdSiteQuietSeconds;
  return r;
}

std::optional<RememberedFailure> CountingFailure(const std::optional<HostRecord>& record,
                                                 const std::optional<std::string>& network,
                                                 std::int64_t now) {
  if (!record || !record->failed_family || record->failed_until <= now) return std::nullopt;
  if (!network || record->network.empty() || record->network != *network)
    return std::nullopt;
  return RememberedFailure{*record->failed_family, record->failed_until};
}

std::optional<Family> FavouredAfterFailure(resolver::FamilyPolicy policy, bool has_srcaddr,
                                           Family failed) {
  if (policy == resolver::FamilyPolicy::kSystem || has_srcaddr) return std::nullopt;
  const Family other = failed == Family::kV4 ? Family::kV6 : Family::kV4;
  if (!resolver::PolicyAllows(policy, failed) || !resolver::PolicyAllows(policy, other))
    return std::nullopt;
  return other;
}

void KallsymsScan::Line(std::string_view line) {
  // ADDRESS TYPE NAME, then "\t[module]" for a module's symbol.
  std::size_t i = line.find(' ');
  if (i == std::string_view::npos) return;
  i = line.find(' ', i + 1);
  if (i == std::string_view::npos) return;
  std::string_view rest = line.substr(i + 1);
  const std::size_t tab = rest.find_first_of("\t ");
  const std::string_view name = rest.substr(0, tab);
  const std::string_view module =
      tab == std::string_view::npos ? std::string_view() : rest.substr(tab + 1);
  const bool in_cifs = module == "[cifs]";
  if (in_cifs || (module.empty() && name == "cifs_reconnect")) cifs_ = true;
  for (std::string_view symbol : kReresolveSymbols) {
    if (IsSymbol(name, symbol) && (in_cifs || module.empty())) {
      reresolve_ = true;
      cifs_ = true;
    }
  }
}

Reresolve KallsymsScan::Verdict() const {
  if (reresolve_) return Reresolve::kYes;
  return cifs_ ? Reresolve::kNo : Reresolve::kUnknown;
}

std::vector<std::string> RequestKeyDryRunArguments(std::string_view host) {
  return {"-d", "-D", "dns_resolver;0;0;3b010000;" + std::string(host),
          "-n", "-v", "create", "1", "0", "0", "0", "0", "0", ""};
}

UpcallHandler ParseRequestKeyDryRun(std::string_view output) {
  UpcallHandler handler;
  while (!output.empty()) {
    const std::size_t nl = output.find('\n');
    const std::string_view line = output.substr(0, nl);
    output = nl == std::string_view::npos ? std::string_view() : output.substr(nl + 1);
    // keyutils 1.6: "Run /sbin/key.dns_resolver" after the chosen line.
    if (line.substr(0, 4) == "Run " && line.size() > 4) {
      handler.kind = UpcallHandler::Kind::kProgram;
      handler.program = std::string(line.substr(4));
      return handler;
    }
    if (line.find("No matching action") != std::string_view::npos)
      handler.kind = UpcallHandler::Kind::kNone;
  }
  return handler;
}

std::string UpcallHandlerText(const UpcallHandler& handler) {
  switch (handler.kind) {
    case UpcallHandler::Kind::kProgram:
      if (Basename(handler.program) == kHandlerName)
        return std::string(kHandlerName) + " (" + handler.program + ")";
      return handler.program +
             " (not cifs-family-resolve: a reconnect may change the family)";
    case UpcallHandler::Kind::kNone:
      return "none (request-key has no dns_resolver line)";
    case UpcallHandler::Kind::kNoRequestKey:
      return "none (/sbin/request-key is missing)";
    case UpcallHandler::Kind::kUnknown:
      break;
  }
  return "unknown (request-key -d did not say)";
}

bool MayBeUpcallFailure(int err, bool krb5) {
  return (err == ENOKEY && !krb5) || err == ENOENT;
}

std::optional<std::string> UpcallFailureHint(int err, std::string_view host,
                                             const UpcallHandler& handler) {
  if (err == ENOENT && handler.kind != UpcallHandler::Kind::kNoRequestKey)
    return std::nullopt;
  if (err != ENOENT && err != ENOKEY) return std::nullopt;
  return "The kernel may have tried to resolve " + std::string(host) +
         " itself (a dns_resolver key upcall: kernels 6.6.0-6.6.2 and DFS do at "
         "mount time) and no handler answered" +
         HandlerCause(handler) +
         ": install keyutils and cifs-family's /etc/request-key.d/dns_resolver.conf; "
         "a failed lookup stays cached for 60 s (as root: keyctl clear %:.dns_resolver)";
}

Reconnect::Reconnect(std::string host, bool host_is_address,
                     std::optional<RecordBasis> basis, Deps& deps)
    : host_(std::move(host)), host_is_address_(host_is_address),
      basis_(std::move(basis)), deps_(deps) {}

void Reconnect::BeforeMount(const resolver::Address& address) {
  if (!basis_ || (written_ && *written_ == address)) return;
  // Merged with the record as it is now: the handler may have marked a
  // family failed since this run started.
  auto existing = deps_.state.Load(basis_->key);
  std::optional<HostRecord> current;
  if (existing.ok()) current = std::move(existing).value();
  const HostRecord record =
      RecordForMount(*basis_, address, deps_.wall_clock.NowSeconds(), current);
  Status saved = deps_.state.Save(record);
  if (saved.ok()) {
    written_ = address;
    return;
  }
  if (!warned_) {
    warned_ = true;
    deps_.logger.Log(LogLevel::kWarning,
                     "server=" + basis_->key + " state record not written: " +
                         saved.error().message + ": " + saved.error().code.message() +
                         " (mounting anyway; reconnects will not keep the policy)");
  }
}

const UpcallHandler& Reconnect::Handler() {
  if (!handler_) handler_ = deps_.reconnect.DnsResolverHandler(host_);
  return *handler_;
}

std::optional<std::string> Reconnect::FailureHint(int err, bool krb5) {
  if (host_is_address_ || !MayBeUpcallFailure(err, krb5)) return std::nullopt;
  // A name no key can hold is not handed to request-key's dry run either.
  return UpcallFailureHint(err, host_, basis_ ? Handler() : UpcallHandler{});
}

std::vector<std::string> Reconnect::VerboseLines() {
  if (host_is_address_)
    return {"reconnect: the UNC names an address: the kernel reconnects to it "
            "as is (no dns_resolver upcall)"};
  if (!basis_)
    return {"reconnect: " + host_ +
            " is not a plain host name: no state is recorded for cifs-family-resolve"};
  std::string kernel = "reconnect: kernel re-resolves " + host_ + " on reconnect: ";
  switch (deps_.reconnect.KernelReresolves()) {
    case Reresolve::kYes: kernel += "yes"; break;
    case Reresolve::kNo: kernel += "no (the family chosen now stays)"; break;
    case Reresolve::kUnknown: kernel += "unknown (cifs not loaded)"; break;
  }
  return {kernel, "reconnect: handler: " + UpcallHandlerText(Handler())};
}

}  // namespace mount_cifs
