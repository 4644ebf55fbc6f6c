// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CIFS_FAMILY_RESOLVE_CORE_HANDLER_H_
#define CIFS_FAMILY_RESOLVE_CORE_HANDLER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "resolver/ad_site.h"
#include "resolver/base/logger.h"
#include "resolver/base/result.h"
#include "resolver/base/time.h"
#include "resolver/config.h"
#include "resolver/connector.h"
#include "resolver/host_probe.h"
#include "resolver/name_resolver.h"
#include "resolver/state_store.h"

namespace cifs_family_resolve {

using mount_cifs::Result;
using mount_cifs::Status;

/// The key being constructed (real: libkeyutils under the authority
/// request-key assumed; --test: a printout). Every call is one syscall.
class KernelKey {
 public:
  virtual ~KernelKey() = default;
  /// keyctl_describe(): "TYPE;UID;GID;PERM;DESCRIPTION".
  virtual Result<std::string> Description() = 0;
  /// The callout information (empty for CIFS, NFS and Ceph).
  virtual Result<std::string> CalloutInfo() = 0;
  /// Sets the key's lifetime, then instantiates it with `payload`.
  virtual Status Instantiate(std::string_view payload, std::chrono::seconds ttl) = 0;
  /// Rejects the key: lookups get `error` for `ttl`.
  virtual Status Reject(int error, std::chrono::seconds ttl) = 0;
};

/// Everything the handler acts through.
struct HandlerDeps {
  KernelKey& key;
  mount_cifs::resolver::StateStore& state;
  mount_cifs::resolver::NameResolver& resolver;
  mount_cifs::resolver::Connector& connector;
  mount_cifs::Clock& clock;
  mount_cifs::resolver::HostProbe& probe;
  mount_cifs::Logger& logger;
  mount_cifs::WallClock& wall;
  /// /proc/mounts text (which servers are still mounted).
  std::function<Result<std::string>()> read_mounts;
  /// Whether `pid` is a mount.cifs (or mount.smb3) process now.
  std::function<bool(std::int64_t pid)> mount_helper_running;
  /// NetworkFingerprint() of the network the host is on now; "" when it
  /// cannot be known (then no failure mark counts).
  std::function<std::string()> network;
  /// The UDP seam of the AD site's SRV query (issue 16); nullptr: the
  /// site's DCs are not put first.
  mount_cifs::resolver::DatagramNet* datagrams = nullptr;
};

/// The run's time limits. The kernel waits for the handler with the server
/// lock held, so the whole run is bounded well under the kernel's own
/// patience (none) and the 2 s the mount's users can tolerate.
struct HandlerLimits {
  /// Lookups and probes end here, counted from the start of the run.
  std::chrono::milliseconds selection{1500};
  /// The probes' share, counted from the first address known.
  std::chrono::milliseconds race{1000};
  /// A record younger than this counts even before its mount shows in
  /// /proc/mounts (kernels 6.6.0-6.6.2 and DFS upcall during mount(2)),
  /// while the mount.cifs that wrote it still runs.
  std::chrono::seconds fresh_record{120};
  /// The AD site's SRV query (a site remembered on this network) ends
  /// here at the latest, counted from its start, whatever ad-site-timeout
  /// says: the probes keep their share of `selection`.
  std::chrono::milliseconds ad_site{300};
};

/// What the handler did.
enum class Verdict {
  kAnswered,  // the key holds one address
  kRejected,  // the key carries an error for a few seconds: the kernel keeps
              // the address it has
  kDelegate,  // not ours: exec the stock handler (key.dns_resolver)
};

struct HandlerResult {
  Verdict verdict = Verdict::kDelegate;
  /// kDelegate: why the request is not ours ("typed description", ...).
  std::string why;
  /// kAnswered/kRejected: the syslog line (also printed by --test -v).
  std::string line;
};

/// Handles one dns_resolver request: delegates what is not ours (another
/// key type, a non-empty callout, a name that is not a plain host name, a
/// name no current cifs-family mount recorded and no [server] section
/// names); otherwise resolves the name, applies the mount's recorded policy
/// (sticky family, srcaddr= family, a family remembered as failed on this
/// network; the DCs of an AD site the record remembers on this network
/// first within each family, from one bounded SRV query, never a CLDAP
/// ping) with a bounded connection race, answers exactly one address
/// or rejects briefly, updates the server's record and logs one line.
/// Errors: the key could not be read, or neither answered nor rejected.
Result<HandlerResult> HandleRequest(const mount_cifs::Config& config,
                                    const HandlerLimits& limits, HandlerDeps& deps);

}  // namespace cifs_family_resolve

#endif  // CIFS_FAMILY_RESOLVE_CORE_HANDLER_H_
