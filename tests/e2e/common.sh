# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Shared by the e2e scripts (sourced, bash). Sets E2E_DIR, REPO_DIR, CACHE.
#
# CACHE holds the downloaded .deb files and their unpacked trees, and never
# lives in the source tree: $CIFS_E2E_CACHE, else $XDG_CACHE_HOME/cifs-family-e2e,
# else /var/cache/cifs-family-e2e for root, else ~/.cache/cifs-family-e2e.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$E2E_DIR/../.." && pwd)

if [[ -n ${CIFS_E2E_CACHE:-} ]]; then
  CACHE=$CIFS_E2E_CACHE
elif [[ -n ${XDG_CACHE_HOME:-} ]]; then
  CACHE=$XDG_CACHE_HOME/cifs-family-e2e
elif [[ $EUID -eq 0 ]]; then
  CACHE=/var/cache/cifs-family-e2e
else
  CACHE=$HOME/.cache/cifs-family-e2e
fi
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
case "$CACHE/" in
  "$REPO_DIR"/*) echo "e2e: cache $CACHE is inside the source tree; set CIFS_E2E_CACHE" >&2
                 exit 2 ;;
esac

e2e_log() { printf 'e2e: %s\n' "$*" >&2; }
e2e_die() { printf 'e2e: error: %s\n' "$*" >&2; exit 2; }
