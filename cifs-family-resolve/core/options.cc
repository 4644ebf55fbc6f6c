// SPDX-License-Identifier: GPL-3.0-or-later
#include "cifs-family-resolve/core/options.h"

#include <system_error>

#include "resolver/base/text.h"

namespace cifs_family_resolve {
namespace {

mount_cifs::Error Usage(std::string what) {
  return mount_cifs::Error{std::make_error_code(std::errc::invalid_argument),
                           "cifs-family-resolve: " + std::move(what) +
                               " (--help lists the options)"};
}

}  // namespace

std::string UsageText() {
  return "Usage: cifs-family-resolve [OPTIONS] KEY\n"
         "       cifs-family-resolve [OPTIONS] --test NAME\n"
         "\n"
         "The dns_resolver request-key handler of cifs-family: answers the kernel's\n"
         "re-resolution of a CIFS server name with one address of the mount's\n"
         "address-family policy; hands every other request to key.dns_resolver.\n"
         "\n"
         "  KEY                the key serial request-key passes (%k)\n"
         "  --test NAME        decide for NAME and print the answer; change nothing\n"
         "                     (exit 0 answered, 1 rejected, 3 not ours)\n"
         "  --callout TEXT     with --test: the callout information to pretend\n"
         "  --config FILE      configuration file [/etc/cifs-family.conf]\n"
         "  --state-dir DIR    per-server records [/run/cifs-family/hosts]\n"
         "  --delegate PROG    handler for requests that are not ours\n"
         "                     [/sbin/key.dns_resolver]\n"
         "  -v, --verbose      with --test: print the decision line too\n"
         "  -h, --help         this text\n"
         "  -V, --version      the version\n";
}

mount_cifs::Result<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* into) -> mount_cifs::Status {
      if (i + 1 >= args.size()) return Usage(a + " needs a value");
      *into = args[++i];
      if (into->empty()) return Usage(a + " needs a non-empty value");
      return {};
    };
    mount_cifs::Status s;
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "-V" || a == "--version") {
      o.version = true;
    } else if (a == "-v" || a == "--verbose") {
      o.verbose = true;
    } else if (a == "--config") {
      s = value(&o.config_path);
    } else if (a == "--state-dir") {
      s = value(&o.state_dir);
    } else if (a == "--delegate") {
      s = value(&o.delegate);
    } else if (a == "--test") {
      std::string name;
      s = value(&name);
      o.test_name = name;
    } else if (a == "--callout") {
      if (i + 1 >= args.size()) return Usage("--callout needs a value");
      o.callout = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown option " + a);
    } else {
      positional.push_back(a);
    }
    if (!s.ok()) return s.TakeError();
  }
  if (o.help || o.version) return o;
  if (positional.size() > 1) return Usage("more than one key");
  if (!positional.empty()) {
    auto serial = mount_cifs::ParseDecimal(positional[0], 0x7fffffff);
    if (!serial || *serial == 0) return Usage("KEY must be a key serial number");
    o.key = static_cast<std::int32_t>(*serial);
  }
  if (o.key.has_value() == o.test_name.has_value())
    return Usage(o.key ? "KEY and --test exclude each other" : "no KEY and no --test");
  return o;
}

}  // namespace cifs_family_resolve
