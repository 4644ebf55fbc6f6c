// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_USER_DB_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_USER_DB_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mount.cifs/core/user_db.h"

namespace mount_cifs::testing {

/// UserDb fake: passwd and group maps. AddUser also registers the reverse
/// uid -> name mapping (the first name added for a uid wins).
class FakeUserDb : public UserDb {
 public:
  void AddUser(const std::string& name, std::uint32_t uid) {
    users_[name] = uid;
    names_.emplace(uid, name);
  }
  void AddGroup(const std::string& name, std::uint32_t gid) { groups_[name] = gid; }

  std::optional<std::uint32_t> UidForName(const std::string& name) override {
    user_lookups.push_back(name);
    auto it = users_.find(name);
    if (it == users_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::uint32_t> GidForName(const std::string& name) override {
    group_lookups.push_back(name);
    auto it = groups_.find(name);
    if (it == groups_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> NameForUid(std::uint32_t uid) override {
    auto it = names_.find(uid);
    if (it == names_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<std::string> user_lookups;
  std::vector<std::string> group_lookups;

 private:
  std::map<std::string, std::uint32_t> users_;
  std::map<std::string, std::uint32_t> groups_;
  std::map<std::uint32_t, std::string> names_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_USER_DB_H_
