#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fetches what the e2e VM is built from into the cache (common.sh), never
# installing any of it: a Debian 6.12 cloud kernel, busybox-static,
# ksmbd-tools and its libraries, Debian's cifs-utils (the baseline), and
# keyutils with libkeyutils1 (request-key, keyctl, key.dns_resolver and
# /etc/request-key.conf: the kernel's dns_resolver upcall at reconnect),
# mount and util-linux (mount(8), umount(8), setpriv: user mounts).
# Each package is downloaded once (apt-get download) and unpacked once
# (dpkg-deb -x); a later run that finds them in the cache touches no network.
#
# Host tools the rig runs (qemu-system-x86, iproute2, whose `ip` goes into
# the guest for policy rules busybox lacks, and a C compiler for the guest's
# stopwatch) are installed with apt-get only if missing.
#
# Environment: E2E_KERNEL_PKG pins the kernel package (default: the newest
# linux-image-6.12.*-cloud-amd64-unsigned the apt lists know, or the one
# already cached); E2E_REFRESH=1 downloads again.
# Prints the unpacked trees as NAME=DIR lines on stdout.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DEBS=$CACHE/debs
TREES=$CACHE/unpacked
mkdir -p "$DEBS" "$TREES"

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    e2e_log "apt-get update"
    apt-get update -q >/dev/null
    apt_updated=1
  fi
}

ensure_host_tools() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  [[ -x /usr/sbin/ip || -x /sbin/ip || -x /bin/ip ]] || missing+=(iproute2)
  command -v cc >/dev/null || missing+=(gcc libc6-dev)
  [[ -e /usr/lib/x86_64-linux-gnu/libc.a ]] || missing+=(libc6-dev)
  command -v python3 >/dev/null || missing+=(python3)
  if ((${#missing[@]})); then
    [[ $EUID -eq 0 ]] || e2e_die "missing host tools: ${missing[*]} (install them as root)"
    apt_update_once
    e2e_log "installing host tools: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

# cached_deb NAME: the newest cached .deb of package NAME (by version), or "".
cached_deb() {
  local f best="" bestv="" v
  shopt -s nullglob
  for f in "$DEBS/$1"_*.deb; do
    v=$(dpkg-deb -f "$f" Version)
    if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$bestv"; then
      best=$f bestv=$v
    fi
  done
  shopt -u nullglob
  printf '%s' "$best"
}

download() {  # download NAME: apt-get download into the cache, once
  local name=$1 tmp
  if [[ -n $(cached_deb "$name") && ${E2E_REFRESH:-0} != 1 ]]; then return; fi
  apt_update_once
  tmp=$(mktemp -d "$DEBS/.dl.XXXXXX")
  # apt drops privileges to _apt for downloads; give it the directory.
  chown _apt "$tmp" 2>/dev/null || true
  e2e_log "apt-get download $name"
  (cd "$tmp" && apt-get download -q "$name" >/dev/null 2>&1) ||
    { rm -rf "$tmp"; e2e_die "apt-get download $name failed"; }
  mv "$tmp"/*.deb "$DEBS/"
  rm -rf "$tmp"
}

unpack() {  # unpack DEB: prints the tree it was unpacked into
  local deb=$1 dir
  dir=$TREES/$(basename "$deb" .deb)
  if [[ ! -e $dir/.done ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg-deb -x "$deb" "$dir"
    touch "$dir/.done"
  fi
  printf '%s' "$dir"
}

kernel_package() {
  if [[ -n ${E2E_KERNEL_PKG:-} ]]; then
    printf '%s' "$E2E_KERNEL_PKG"
    return
  fi
  local cached
  # A cached 6.12 kernel wins: a second run asks no mirror anything.
  cached=$(find "$DEBS" -maxdepth 1 -name 'linux-image-6.12.*-cloud-amd64-unsigned_*.deb' \
             -printf '%f\n' | cut -d_ -f1 | sort -V | tail -n 1)
  if [[ -n $cached && ${E2E_REFRESH:-0} != 1 ]]; then
    printf '%s' "$cached"
    return
  fi
  apt_update_once
  local newest
  newest=$(apt-cache search --names-only '^linux-image-6\.12\..*-cloud-amd64-unsigned$' |
    cut -d' ' -f1 | sort -V | tail -n 1)
  [[ -n $newest ]] || e2e_die "no linux-image-6.12.*-cloud-amd64-unsigned in the apt lists (bookworm-security)"
  printf '%s' "$newest"
}

ensure_host_tools
kpkg=$(kernel_package)
# ksmbd-tools' libraries come along so the guest does not depend on what
# the host happens to have; glib's own dependencies (libffi8, libpcre2,
# libmount1, libselinux1, zlib1g) are in every Debian base system.
# mount and util-linux: util-linux's mount(8)/umount(8) (set-user-ID, as
# Debian ships them) and setpriv, for the user mounts (guest/usermount.sh);
# their libraries (libmount, libblkid, libselinux, ...) come from the host,
# the same Debian release, by ldd.
packages=("$kpkg" busybox-static ksmbd-tools libnl-3-200 libnl-genl-3-200
          libglib2.0-0 cifs-utils keyutils libkeyutils1 mount util-linux)
for p in "${packages[@]}"; do download "$p"; done
for p in "${packages[@]}"; do
  deb=$(cached_deb "$p")
  [[ -n $deb ]] || e2e_die "no cached .deb for $p"
  key=$p
  [[ $p == "$kpkg" ]] && key=kernel
  printf '%s=%s\n' "$key" "$(unpack "$deb")"
done
