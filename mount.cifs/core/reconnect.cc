// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/reconnect.h"

#include <utility>

namespace mount_cifs {
namespace {

using resolver::HostRecord;

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
  r.network = basis.network.value_or(std::string());
  // What the handler learnt counts on the network it learnt it on only.
  if (existing && basis.network && existing->network == *basis.network) {
    r.failed_family = existing->failed_family;
    r.failed_until = existing->failed_until;
    r.answered = existing->answered;
    r.answered_at = existing->answered_at;
  }
  return r;
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

}  // namespace mount_cifs
