// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount.cifs/core/kernel_options.h"

#include "mount.cifs/core/errors.h"

namespace mount_cifs {
namespace {

// cifs-utils' join rule: a ',' only when something is already there.
void Join(std::string* out, const std::string& token) {
  if (!out->empty()) *out += ',';
  *out += token;
}

void AppendDoubledCommas(std::string_view password, Secret* out) {
  // The kernel reads ",," inside a value as one literal ','
  // (smb3_fs_context_parse_monolithic).
  for (char c : password) {
    if (c == ',') out->Append(',');
    out->Append(c);
  }
}

}  // namespace

Result<KernelOptions> AssembleKernelOptions(const KernelOptionsInput& input) {
  const MountOptions& o = *input.options;
  const Unc& unc = *input.unc;

  std::string head = "ip=" + input.ip + ",unc=\\\\" + unc.host + "\\" + unc.share;
  if (input.sloppy) head += ",sloppy";
  if (unc.port) head += ",port=" + std::to_string(*unc.port);

  std::string tail = o.passthrough;
  if (o.uid) Join(&tail, "uid=" + std::to_string(*o.uid));
  if (o.cruid) Join(&tail, "cruid=" + std::to_string(*o.cruid));
  if (o.gid) Join(&tail, "gid=" + std::to_string(*o.gid));
  if (o.backupuid) Join(&tail, "backupuid=" + std::to_string(*o.backupuid));
  if (o.backupgid) Join(&tail, "backupgid=" + std::to_string(*o.backupgid));
  if (o.snapshot) Join(&tail, "snapshot=" + std::to_string(*o.snapshot));
  Join(&tail, "user=" + input.username);
  if (!o.domain.empty()) {
    Join(&tail, "domain=" + o.domain);
  } else if (o.bare_domain) {
    tail += ",domain=";
  }

  std::string text = head;
  if (!tail.empty()) text += "," + tail;
  if (!unc.prefix.empty()) text += ",prefixpath=" + unc.prefix;

  KernelOptions result;
  result.data.Append(text);
  result.redacted = text;
  // cifs-utils >= 7.3: no password for Kerberos, sec=none or guest.
  const bool send_passwords = !(o.krb5 || o.no_auth || o.guest);
  if (send_passwords && o.password) {
    result.data.Append(",pass=");
    AppendDoubledCommas(o.password->Reveal(), &result.data);
    result.redacted += ",pass=********";
  }
  if (send_passwords && o.password2) {
    result.data.Append(",password2=");
    AppendDoubledCommas(o.password2->Reveal(), &result.data);
    result.redacted += ",password2=********";
  }
  if (result.data.size() >= kMaxOptionsLength)
    return MakeError(Errc::kBadOption, "Options string too long");
  return result;
}

}  // namespace mount_cifs
