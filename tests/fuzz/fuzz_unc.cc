// SPDX-License-Identifier: GPL-3.0-or-later
// The device argument through ParseUnc and, when it parses, through the
// kernel option assembly with a fixed set of caller options. Whatever the
// device holds, the assembled option string must hold exactly the options
// the caller gave (and the ones the UNC itself stands for), in order: the
// kernel splits at every comma, so a comma in host, share or prefix path
// would add an option nobody gave (//srv/sh,ip=203.0.113.9/x, D32).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mount.cifs/core/kernel_options.h"
#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/unc.h"

namespace {

std::vector<std::string_view> SplitAtCommas(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    tokens.push_back(text.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return tokens;
}

std::string_view Key(std::string_view token) {
  return token.substr(0, token.find('='));
}

// The keys the kernel must see for this UNC and the options below, in the
// order AssembleKernelOptions writes them.
std::vector<std::string_view> ExpectedKeys(const mount_cifs::Unc& unc) {
  std::vector<std::string_view> keys = {"ip", "unc"};
  if (unc.port) keys.push_back("port");
  keys.insert(keys.end(), {"vers", "uid", "user", "domain"});
  if (!unc.prefix.empty()) keys.push_back("prefixpath");
  keys.push_back("pass");
  return keys;
}

void CheckOnlyGivenOptions(const mount_cifs::Unc& unc) {
  mount_cifs::MountOptions options;
  options.passthrough = "vers=3.0";
  options.uid = 1000;
  options.domain = "D";
  options.password = mount_cifs::Secret("pw");
  mount_cifs::KernelOptionsInput input;
  input.ip = "198.51.100.1";
  input.unc = &unc;
  input.options = &options;
  input.username = "bob";
  auto kernel = mount_cifs::AssembleKernelOptions(input);
  if (!kernel.ok()) return;  // too long: refused, nothing sent
  const std::vector<std::string_view> want = ExpectedKeys(unc);
  for (const std::string_view text :
       {std::string_view(kernel.value().redacted), kernel.value().data.Reveal()}) {
    const std::vector<std::string_view> tokens = SplitAtCommas(text);
    if (tokens.size() != want.size()) __builtin_trap();  // an option was added
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (Key(tokens[i]) != want[i]) __builtin_trap();
    }
    // unc= and prefixpath= carry the parsed parts whole.
    if (tokens[1] != "unc=\\\\" + unc.host + "\\" + unc.share) __builtin_trap();
    if (!unc.prefix.empty() &&
        tokens[tokens.size() - 2] != "prefixpath=" + unc.prefix)
      __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string device(reinterpret_cast<const char*>(data), size);
  auto unc = mount_cifs::ParseUnc(device);
  if (!unc.ok()) return 0;
  std::string host = unc.value().host;
  (void)mount_cifs::UppercaseAscii(&host);
  // Invariants: no brackets or port left in the host of a parsed UNC.
  if (unc.value().bracketed && unc.value().host.find('[') != std::string::npos)
    __builtin_trap();
  if (unc.value().share.empty()) __builtin_trap();
  // No control character in anything that reaches the kernel or mtab.
  for (const std::string* part : {&unc.value().host, &unc.value().share,
                                  &unc.value().prefix, &unc.value().device}) {
    for (unsigned char c : *part)
      if (c < 0x20 || c == 0x7f) __builtin_trap();
  }
  CheckOnlyGivenOptions(unc.value());
  // cifs-utils' ENXIO retry sends the upper-cased UNC: the same rule holds.
  CheckOnlyGivenOptions(mount_cifs::UppercaseUnc(unc.value()));
  return 0;
}
