// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef MOUNT_CIFS_CORE_MOUNT_FLAGS_H_
#define MOUNT_CIFS_CORE_MOUNT_FLAGS_H_

namespace mount_cifs {

/// mount(2) flag bits, spelled here so core/ needs no <sys/mount.h>;
/// sys/linux_mounter.cc checks at compile time that they equal the MS_* values.
inline constexpr unsigned long kMsRdonly = 1UL << 0;
inline constexpr unsigned long kMsNosuid = 1UL << 1;
inline constexpr unsigned long kMsNodev = 1UL << 2;
inline constexpr unsigned long kMsNoexec = 1UL << 3;
inline constexpr unsigned long kMsSynchronous = 1UL << 4;
inline constexpr unsigned long kMsRemount = 1UL << 5;
inline constexpr unsigned long kMsMandlock = 1UL << 6;

}  // namespace mount_cifs

#endif  // MOUNT_CIFS_CORE_MOUNT_FLAGS_H_
