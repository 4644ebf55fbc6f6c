// SPDX-License-Identifier: GPL-3.0-or-later
// What outlives mount(2) (issue 12): the per-server record the dns_resolver
// handler (cifs-family-resolve) reads when the kernel resolves the UNC host
// again on reconnect, the failed-family memory that record carries into the
// next mount, and what -v and a failed mount(2) say about the kernel's
// dns_resolver upcall.
#ifndef MOUNT_CIFS_CORE_RECONNECT_H_
#define MOUNT_CIFS_CORE_RECONNECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/deps.h"
#include "mount.cifs/core/seams.h"
#include "resolver/address.h"
#include "resolver/family_policy.h"
#include "resolver/site_memory.h"
#include "resolver/state_store.h"

namespace mount_cifs {

/// Whether the kernel takes the UNC host as an address and so never asks
/// the dns_resolver handler about it: what cifs_convert_address() parses
/// (in4_pton: four decimal octets; anything with ':' is tried as IPv6,
/// in6_pton, and is never a host name either).
bool KernelTakesAsAddress(std::string_view host);

/// The StateKey() of a UNC host the kernel may resolve again: nullopt when
/// the host is an address (`host_is_address`: the kernel never upcalls for
/// a literal) or a name StateKey() refuses.
std::optional<std::string> ReconnectKey(std::string_view host, bool host_is_address);

/// What the record of a mount says besides the address it goes to.
struct RecordBasis {
  std::string key;                           // ReconnectKey()
  resolver::FamilyPolicy policy = resolver::FamilyPolicy::kHappyEyeballs;
  std::uint16_t port = 445;                  // the port the mount connects to
  std::optional<resolver::Address> srcaddr;  // srcaddr=
  std::optional<std::string> network;        // NetworkFingerprint(); nullopt: unknown
  std::int64_t writer_pid = 0;               // this mount.cifs (Caller::pid)
  std::string mount_point;                   // canonical
  /// The AD site this mount learnt by a CLDAP ping (issue 16); nullopt:
  /// none learnt (the record's own, from the same network, is kept).
  std::optional<std::string> ad_site = {};
  /// This mount's site lookup pinged and no DC answered: no ping on this
  /// network for kAdSiteQuietSeconds.
  bool ad_site_no_reply = false;
  /// This mount's ping was answered: the client's address is in no AD
  /// subnet. Remembered like a learnt site (RemembersNoAdSite()).
  bool ad_site_none = false;
};

// The site memory's rules (kAdSiteQuietSeconds, RememberedAdSite(), ...)
// are the engine's: cifs-family-resolve applies the same ones.
using resolver::AdSiteQuietUntil;
using resolver::kAdSiteMemorySeconds;
using resolver::kAdSiteQuietSeconds;
using resolver::RememberedAdSite;
using resolver::RemembersNoAdSite;

/// The record written before mount(2) of `address` at `now` (seconds since
/// the epoch): `basis`, with the failure mark and the handler's last answer
/// of `existing` kept when `existing` was written on the same (known)
/// network, dropped otherwise (Happy Eyeballs v3 keeps history per
/// network and forgets it when the network changes).
resolver::HostRecord RecordForMount(const RecordBasis& basis,
                                    const resolver::Address& address,
                                    std::int64_t now,
                                    const std::optional<resolver::HostRecord>& existing);

/// A family remembered as not connecting to a server.
struct RememberedFailure {
  resolver::Family family = resolver::Family::kV6;
  std::int64_t until = 0;  // seconds since the epoch
};

/// The failure mark of `record` when it counts at `now`: set, not expired,
/// and made on `network` (a mark from another network, or with no network
/// known, never counts).
std::optional<RememberedFailure> CountingFailure(
    const std::optional<resolver::HostRecord>& record,
    const std::optional<std::string>& network, std::int64_t now);

/// The family to try first so that the remembered `failed` family is tried
/// second: the other one, when `policy` allows both (never kSystem, which
/// does not order) and no srcaddr= fixed the family.
std::optional<resolver::Family> FavouredAfterFailure(resolver::FamilyPolicy policy,
                                                     bool has_srcaddr,
                                                     resolver::Family failed);

/// Finds the re-resolution functions in /proc/kallsyms text, line by line
/// ("ADDRESS TYPE NAME[\t[MODULE]]"). A compiler clone
/// ("reconn_set_ipaddr_from_hostname.isra.0") counts: grep -w finds it too.
class KallsymsScan {
 public:
  void Line(std::string_view line);
  /// True once the answer is yes (the reader may stop).
  bool Found() const { return reresolve_; }
  /// kYes when a re-resolution function was seen; kNo when cifs was (a
  /// "[cifs]" symbol, or cifs_reconnect built in) but none; else kUnknown.
  Reresolve Verdict() const;

 private:
  bool reresolve_ = false;
  bool cifs_ = false;
};

/// request-key's arguments (after argv[0]) for the dry run of the request
/// the kernel makes for `host` (reconnect-and-dns-resolver.md section 2):
/// -d (debug: run nothing), -D the description, -n (no syslog), -v.
std::vector<std::string> RequestKeyDryRunArguments(std::string_view host);

/// What request-key's dry-run output (stdout and stderr together) says it
/// would run: "Run PROGRAM" (keyutils 1.6), or "No matching action".
UpcallHandler ParseRequestKeyDryRun(std::string_view output);

/// "cifs-family-resolve (/usr/sbin/cifs-family-resolve)",
/// "/sbin/key.dns_resolver", "none", ...: the -v words for `handler`.
std::string UpcallHandlerText(const UpcallHandler& handler);

/// Whether mount(2)'s `err` may be the kernel's own dns_resolver upcall
/// failing (kernels 6.6.0-6.6.2 upcall at mount time for any name UNC, DFS
/// always): ENOKEY (no handler answered, or a failure still cached) unless
/// Kerberos' cifs.spnego upcall is the likelier one (sec=krb5*), or
/// ENOENT (no /sbin/request-key at all).
bool MayBeUpcallFailure(int err, bool krb5);

/// The line after cifs-utils' "mount error(N): ..." when the upcall for
/// `host` is the likely cause; nullopt when it is not: ENOENT only counts
/// when `handler` says /sbin/request-key is missing (ENOENT is also what a
/// missing share gives).
std::optional<std::string> UpcallFailureHint(int err, std::string_view host,
                                             const UpcallHandler& handler);

/// The per-server record and the kernel's upcall for one mount: writes the
/// record before each mount(2), asks request-key (once) what it would run.
/// Without a key (an address UNC) it writes and asks nothing.
class Reconnect {
 public:
  /// `host`: the UNC host as given (the kernel's key description);
  /// `basis`: the record's fixed part, nullopt for an address UNC or a name
  /// ReconnectKey() refuses.
  Reconnect(std::string host, bool host_is_address, std::optional<RecordBasis> basis,
            Deps& deps);

  /// Before mount(2) of `address`: writes the record naming it (merged
  /// with the record on disk now) unless the last write already named it
  /// (a retry of the same address). A write that fails is logged once, as a
  /// warning, and is no mount failure.
  void BeforeMount(const resolver::Address& address);

  /// The hint line for a mount(2) that failed for good with `err`.
  std::optional<std::string> FailureHint(int err, bool krb5);

  /// The -v lines: whether this kernel re-resolves the host on reconnect
  /// and which handler request-key would run.
  std::vector<std::string> VerboseLines();

 private:
  const UpcallHandler& Handler();

  std::string host_;
  bool host_is_address_;
  std::optional<RecordBasis> basis_;
  Deps& deps_;
  std::optional<resolver::Address> written_;
  bool warned_ = false;
  std::optional<UpcallHandler> handler_;
};

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_RECONNECT_H_
