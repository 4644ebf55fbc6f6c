#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a layer includes what shared/design.md forbids it:
#  - resolver/ (the shared engine) includes nothing of mount.cifs/ and no
#    talloc: a second program links it without mount code;
#  - resolver/ and resolver/base/ (the pure engine) call no system: only the
#    adapters in resolver/sys/ may;
#  - mount.cifs/core/ includes no system-call headers;
#  - mount.cifs/sys/ holds no policy.
set -u
root=${1:?project root}
status=0
bad=$(grep -nE '#include [<"](mount\.cifs/|talloc)' \
      "$root"/resolver/*.h "$root"/resolver/*.cc "$root"/resolver/base/* \
      "$root"/resolver/sys/* 2>/dev/null)
if [ -n "$bad" ]; then
  echo "resolver/ must not include mount code or talloc:"; echo "$bad"; status=1
fi
bad=$(grep -nE '#include <(sys/mount\.h|syslog\.h|cap-ng\.h|unistd\.h|pwd\.h|grp\.h|netdb\.h|fcntl\.h|sys/socket\.h|poll\.h|termios\.h)>' \
      "$root"/mount.cifs/core/*.h "$root"/mount.cifs/core/*.cc 2>/dev/null)
if [ -n "$bad" ]; then
  echo "core/ must not include system-call headers:"; echo "$bad"; status=1
fi
bad=""
for f in "$root"/resolver/*.h "$root"/resolver/*.cc "$root"/resolver/base/*; do
  # Code lines only: comments may mention connect() and friends.
  if sed 's://.*$::' "$f" |
     grep -qE '#include <(netdb\.h|poll\.h|unistd\.h|fcntl\.h|pthread\.h|signal\.h|sys/utsname\.h)>|getaddrinfo\(|[^_[:alnum:]]connect\(|[^_[:alnum:]]socket\(|steady_clock::now'; then
    bad="$bad $f"
  fi
done
if [ -n "$bad" ]; then
  echo "resolver/: only the adapters in resolver/sys/ may call the system:"; echo "$bad"; status=1
fi
bad=$(grep -lE 'namespace mount_cifs' "$root"/mount.cifs/sys/*.cc "$root"/resolver/sys/*.cc |
      xargs grep -lE 'switch \(err|IsConnectFailure|ClassifyConnectError' 2>/dev/null)
if [ -n "$bad" ]; then
  echo "sys/ holds no policy:"; echo "$bad"; status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
