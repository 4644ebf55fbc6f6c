// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CIFS_FAMILY_RESOLVE_CORE_DRY_RUN_H_
#define CIFS_FAMILY_RESOLVE_CORE_DRY_RUN_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cifs-family-resolve/core/handler.h"

namespace cifs_family_resolve {

/// --test NAME: a key that exists only on paper. The description is the
/// one the kernel would send for NAME; what the handler would do to a real
/// key is written down instead.
class DryRunKey : public KernelKey {
 public:
  DryRunKey(std::string name, std::string callout)
      : name_(std::move(name)), callout_(std::move(callout)) {}
  Result<std::string> Description() override {
    return "dns_resolver;0;0;3f010000;" + name_;
  }
  Result<std::string> CalloutInfo() override { return callout_; }
  Status Instantiate(std::string_view payload, std::chrono::seconds ttl) override {
    // The payload ends in its NUL; print the text before it.
    report_ = "answer " + std::string(payload.substr(0, payload.find('\0'))) +
              " ttl " + std::to_string(ttl.count());
    return {};
  }
  Status Reject(int error, std::chrono::seconds ttl) override;
  const std::string& report() const { return report_; }

 private:
  std::string name_;
  std::string callout_;
  std::string report_;
};

/// A StateStore that reads through to another and writes nothing (--test
/// changes nothing).
class ReadOnlyStateStore : public mount_cifs::resolver::StateStore {
 public:
  explicit ReadOnlyStateStore(mount_cifs::resolver::StateStore& real) : real_(real) {}
  Result<std::optional<mount_cifs::resolver::HostRecord>> Load(
      std::string_view key) override {
    return real_.Load(key);
  }
  Status Save(const mount_cifs::resolver::HostRecord&) override { return {}; }

 private:
  mount_cifs::resolver::StateStore& real_;
};

}  // namespace cifs_family_resolve

#endif  // CIFS_FAMILY_RESOLVE_CORE_DRY_RUN_H_
