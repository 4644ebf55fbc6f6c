// SPDX-License-Identifier: GPL-3.0-or-later
// The -o option string through the parser and the kernel option assembly,
// with in-memory files and users. The password never reaches the redacted
// text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mount.cifs/core/kernel_options.h"
#include "mount.cifs/core/mount_options.h"
#include "mount.cifs/core/unc.h"

namespace {

class Users : public mount_cifs::UserDb {
 public:
  std::optional<std::uint32_t> UidForName(const std::string& n) override {
    if (n == "root") return 0;
    if (n == "bob") return 1000;
    return std::nullopt;
  }
  std::optional<std::uint32_t> GidForName(const std::string& n) override {
    if (n == "users") return 100;
    return std::nullopt;
  }
  std::optional<std::string> NameForUid(std::uint32_t) override { return "root"; }
};

class Files : public mount_cifs::FileSource {
 public:
  mount_cifs::Result<mount_cifs::Secret> ReadFile(const std::string& path,
                                                  std::size_t) override {
    if (path == "creds")
      return mount_cifs::Secret("username=bob\npassword=FUZZSECRET\ndomain=D\n");
    return mount_cifs::ErrnoError(2, path);
  }
  mount_cifs::Result<mount_cifs::Secret> ReadDescriptor(int, std::size_t) override {
    return mount_cifs::ErrnoError(9, "fd");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Users users;
  Files files;
  mount_cifs::OptionContext context;
  context.users = &users;
  context.files = &files;
  context.real_uid = size % 2 == 0 ? 0 : 1000;
  const mount_cifs::Secret text(
      std::string_view(reinterpret_cast<const char*>(data), size));
  auto options = mount_cifs::ParseMountOptions(text, context, {});
  if (!options.ok()) return 0;
  auto unc = mount_cifs::ParseUnc("//server/share/p");
  mount_cifs::KernelOptionsInput input;
  input.ip = "198.51.100.1";
  input.unc = &unc.value();
  input.options = &options.value();
  input.username = options.value().username.value_or("");
  auto kernel = mount_cifs::AssembleKernelOptions(input);
  if (!kernel.ok()) return 0;
  // The redacted text is the data string with the password values (always
  // at its end) replaced by stars, and nothing else changed. (A plain search
  // for the credentials file's password would also hit an unknown option the
  // fuzzer spelled the same way, which is not a leak.)
  const std::string& redacted = kernel.value().redacted;
  const std::string_view secret_data = kernel.value().data.Reveal();
  std::size_t head = std::string::npos;
  for (const char* tail : {",pass=********,password2=********", ",pass=********",
                           ",password2=********", ""}) {
    const std::string t(tail);
    if (redacted.size() >= t.size() &&
        redacted.compare(redacted.size() - t.size(), t.size(), t) == 0) {
      head = redacted.size() - t.size();
      break;
    }
  }
  if (secret_data.substr(0, head) != std::string_view(redacted).substr(0, head))
    __builtin_trap();  // redacted differs from the data outside the passwords
  const auto& o = options.value();
  const bool sent = !(o.krb5 || o.no_auth || o.guest);
  if (sent && o.password && redacted.find(",pass=********") == std::string::npos)
    __builtin_trap();  // a password was sent but not masked
  return 0;
}
