// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNTER_H_
#define MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNTER_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mount.cifs/core/seams.h"
#include "resolver/base/result.h"

namespace mount_cifs::testing {

/// A copy of one MountRequest, taken while the request was alive.
struct RecordedMount {
  std::string source;
  std::string target;
  std::string fstype;
  unsigned long flags = 0;
  std::string data;  // request.data->Reveal()
  std::string redacted_data;
};

/// Mounter fake: records every request and plays back one scripted errno per
/// call (0 = success; calls beyond the script succeed).
class FakeMounter : public Mounter {
 public:
  void Script(std::vector<int> errnos) { script_ = std::move(errnos); }

  Status Mount(const MountRequest& request) override {
    RecordedMount m;
    m.source = request.source;
    m.target = request.target;
    m.fstype = request.fstype;
    m.flags = request.flags;
    if (request.data != nullptr) m.data = std::string(request.data->Reveal());
    m.redacted_data = request.redacted_data;
    calls.push_back(m);
    if (on_call) on_call();
    const size_t i = calls.size() - 1;
    const int err = i < script_.size() ? script_[i] : 0;
    if (err == 0) return {};
    return ErrnoError(err, "mount");
  }

  std::vector<RecordedMount> calls;
  /// Runs inside each call (e.g. a fake clock advanced by a kernel stall).
  std::function<void()> on_call;

 private:
  std::vector<int> script_;
};

}  // namespace mount_cifs::testing

#endif  // MOUNT_CIFS_TESTS_FAKES_FAKE_MOUNTER_H_
