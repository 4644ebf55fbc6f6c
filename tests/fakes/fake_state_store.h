// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_STATE_STORE_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_STATE_STORE_H_

#include <map>
#include <string>
#include <string_view>

#include "resolver/state_store.h"

namespace mount_cifs::testing {

/// StateStore fake: records kept as the text a real store would write, so
/// every Save/Load goes through the record format.
class FakeStateStore : public resolver::StateStore {
 public:
  Result<std::optional<resolver::HostRecord>> Load(std::string_view key) override {
    auto it = files.find(std::string(key));
    if (it == files.end()) return std::optional<resolver::HostRecord>();
    auto parsed = resolver::ParseHostRecord(it->second);
    if (!parsed.ok()) return parsed.TakeError();
    return std::optional<resolver::HostRecord>(std::move(parsed).value());
  }
  Status Save(const resolver::HostRecord& record) override {
    files[record.host] = resolver::FormatHostRecord(record);
    return {};
  }

  std::map<std::string, std::string> files;  // key -> record text
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_STATE_STORE_H_
