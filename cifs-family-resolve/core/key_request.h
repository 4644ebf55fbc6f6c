// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CIFS_FAMILY_RESOLVE_CORE_KEY_REQUEST_H_
#define CIFS_FAMILY_RESOLVE_CORE_KEY_REQUEST_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "resolver/address.h"
#include "resolver/base/result.h"

namespace cifs_family_resolve {

using mount_cifs::Result;

/// What the kernel asked for: the key's type and description, from the
/// text keyctl_describe() gives ("TYPE;UID;GID;PERM;DESCRIPTION").
struct KeyDescription {
  std::string type;
  std::string name;  // the description: a host name for CIFS, NFS and Ceph
};

/// Splits "dns_resolver;0;0;3f010000;fs1.example". The description is
/// everything after the fourth ';'. Errors (invalid_argument): fewer
/// fields, an empty type or description, more than 4096 bytes.
Result<KeyDescription> ParseKeyDescription(std::string_view text);

/// The name this handler acts on, lower-cased, one trailing dot dropped
/// (the kernel's dns_resolver compares names that way): ASCII letters,
/// digits, '-' and '_' in dot-separated labels of 1 to 63 bytes, at most
/// 253 bytes in all. nullopt for anything else: IP literals, typed AFS
/// requests ("afsdb:..."), and whatever a hostile DFS server may choose;
/// those are never ours and never become a path.
std::optional<std::string> RequestHostKey(std::string_view name);

/// Whether /proc/mounts text lists a cifs or smb3 mount whose source
/// (//HOST/share) names `host_key` (a RequestHostKey() value; compared
/// without case and a trailing dot) and, when `mount_point` is not empty,
/// is mounted there (the field's octal escapes, \040 and the like, undone).
bool MountTableNamesServer(std::string_view proc_mounts, std::string_view host_key,
                           std::string_view mount_point = {});

/// The key payload for one address: its text and the NUL the kernel's
/// dns_resolver key type wants counted in the length (without it the
/// instantiation fails with EINVAL and the name is cached as failing for
/// 60 s).
std::string KeyPayload(const mount_cifs::resolver::Address& address);

/// The lifetime a key is given: at least 2 s (the key type compares whole
/// seconds: a 1 s key can expire before the kernel reads it), at most 60 s.
std::chrono::seconds KeyTtl(std::chrono::seconds configured);

}  // namespace cifs_family_resolve

#endif  // CIFS_FAMILY_RESOLVE_CORE_KEY_REQUEST_H_
