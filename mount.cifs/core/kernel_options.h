// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_KERNEL_OPTIONS_H_
#define MOUNT_CIFS_CORE_KERNEL_OPTIONS_H_

#include <string>

#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/secret.h"
#include "mount.cifs/core/unc.h"
#include "resolver/base/result.h"

namespace mount_cifs {

/// The data string for one mount(2) attempt, and the same text with every
/// password shown as ********, for -v and logs.
struct KernelOptions {
  Secret data;
  std::string redacted;
};

/// What goes into one attempt's data string besides the parsed options.
struct KernelOptionsInput {
  std::string ip;        // the address chosen for this attempt (kernel text)
  const Unc* unc = nullptr;
  const MountOptions* options = nullptr;
  std::string username;  // the final user name ("" for guest)
  bool sloppy = false;
};

/// Assembles the data string in cifs-utils' order (reference section 3.4):
/// ip=, unc=\\host\share, [sloppy], [port= from the UNC], the pass-through
/// options in their order, uid, cruid, gid, backupuid, backupgid, snapshot,
/// user=, domain=, prefixpath=, pass=, password2= (passwords comma-doubled;
/// none for sec=krb5*/none* and guest). sloppy comes first, not after the
/// options as in cifs-utils, because kernels since 5.11 only forgive unknown
/// options that follow it. Errors: Errc::kBadOption when the result exceeds
/// a page (kMaxOptionsLength).
Result<KernelOptions> AssembleKernelOptions(const KernelOptionsInput& input);

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_KERNEL_OPTIONS_H_
