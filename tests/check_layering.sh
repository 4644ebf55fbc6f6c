#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a layer includes what shared/design.md forbids it:
#  - core/ includes no system-call headers;
#  - resolver/ calls getaddrinfo/sockets only in its named adapter files.
set -u
root=${1:?project root}
status=0
bad=$(grep -nE '#include <(sys/mount\.h|syslog\.h|cap-ng\.h|unistd\.h|pwd\.h|grp\.h|netdb\.h|fcntl\.h|sys/socket\.h|poll\.h|termios\.h)>' \
      "$root"/mount.cifs/core/*.h "$root"/mount.cifs/core/*.cc 2>/dev/null)
if [ -n "$bad" ]; then
  echo "core/ must not include system-call headers:"; echo "$bad"; status=1
fi
bad=""
for f in "$root"/resolver/*.h "$root"/resolver/*.cc; do
  case $(basename "$f") in
    getaddrinfo_resolver.*|posix_connector.*|clock.*|proc_probe.*|tcp_metrics.*) continue ;;
  esac
  # Code lines only: comments may mention connect() and friends.
  if sed 's://.*$::' "$f" |
     grep -qE '#include <(netdb\.h|poll\.h|unistd\.h|fcntl\.h|sys/utsname\.h)>|getaddrinfo\(|[^_[:alnum:]]connect\(|[^_[:alnum:]]socket\(|steady_clock::now'; then
    bad="$bad $f"
  fi
done
if [ -n "$bad" ]; then
  echo "resolver/: only the adapter files may call the system:"; echo "$bad"; status=1
fi
bad=$(grep -lE 'namespace mount_cifs' "$root"/mount.cifs/sys/*.cc | xargs grep -lE 'switch \(err|IsConnectFailure' 2>/dev/null)
if [ -n "$bad" ]; then
  echo "sys/ holds no policy:"; echo "$bad"; status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
