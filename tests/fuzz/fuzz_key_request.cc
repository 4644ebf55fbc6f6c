// SPDX-License-Identifier: GPL-3.0-or-later
// What the kernel hands cifs-family-resolve (as root): the key description,
// whose host name a DFS server may choose, and /proc/mounts. A name the
// handler accepts must be a safe state key (never a path) and stable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cifs-family-resolve/core/key_request.h"
#include "resolver/state_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto d = cifs_family_resolve::ParseKeyDescription(text);
  const std::string_view name = d.ok() ? std::string_view(d.value().name) : text;
  if (auto key = cifs_family_resolve::RequestHostKey(name)) {
    if (!mount_cifs::resolver::StateKey(*key)) __builtin_trap();
    if (key->find('/') != std::string::npos || key->empty() || key->size() > 253)
      __builtin_trap();
    if (cifs_family_resolve::RequestHostKey(*key) != key) __builtin_trap();
    (void)cifs_family_resolve::MountTableNamesServer(text, *key);
  }
  return 0;
}
