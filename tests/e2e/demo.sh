#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo a person can watch (the README's first command), as root on a
# fresh Debian 12 machine:
#
#   bash tests/e2e/demo.sh [--kvm]
#
# Installs what is missing (build tools, QEMU), builds the helper, fetches a
# Debian 6.12 kernel and the guest's packages into the cache (once; later
# runs need no network), boots the VM and, on its console: mounts a share by
# a dual-stack name whose IPv6 path is blackholed, shows the decision line
# from syslog, the mount table entry, and a file written and read through the
# mount; a mount that starts while the host has no address (they come back
# 2 s later) waiting and then mounting, where cifs-utils fails at once with
# error(101); two reconnects forced with ss -K, the mount staying on IPv6 with
# cifs-family-resolve answering the kernel (keyutils alone would move it to
# IPv4); then Debian's cifs-utils on the same name for contrast. About 60 s
# with TCG once the cache is warm.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need=()
for tool in cmake ninja g++ pkg-config; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if ((${#need[@]})) || ! pkg-config --exists talloc libcap-ng libkeyutils 2>/dev/null; then
  [[ $EUID -eq 0 ]] || e2e_die "build tools missing (${need[*]}); run as root or install them"
  e2e_log "installing build tools"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    cmake ninja-build g++ pkg-config libcap-ng-dev libtalloc-dev libkeyutils-dev >/dev/null
fi
e2e_log "building the helper (build-e2e/)"
cmake -S "$REPO_DIR" -B "$REPO_DIR/build-e2e" -G Ninja -DCIFS_BUILD_TESTS=OFF >/dev/null
ninja -C "$REPO_DIR/build-e2e" >/dev/null
exec "$E2E_DIR/run.sh" --mode demo --helper "$REPO_DIR/build-e2e/bin/mount.cifs" \
  --resolver "$REPO_DIR/build-e2e/bin/cifs-family-resolve" "$@"
