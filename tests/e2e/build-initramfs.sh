#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the e2e VM: OUT/vmlinuz and OUT/initramfs.cpio.
#
#   build-initramfs.sh --helper PATH/mount.cifs --out DIR [--cases FILE]
#                      [--extra FILE:GUESTPATH]...
#
# The initramfs holds busybox, the kernel modules (cifs, ksmbd, dummy,
# nls_utf8 and the crypto ones the kernel would load on request), ksmbd-tools,
# iproute2's ip (busybox's cannot add `ipproto` policy rules), the helper
# under test as /sbin/mount.cifs (+ mount.smb3), Debian's cifs-utils helper as
# /usr/lib/cifs-utils-baseline/mount.cifs (+ mount.smb3; it must keep the
# name: it takes the fstype from argv[0]), the shared libraries of all of
# them with ld.so (found with ldd), the guest scripts and the case table.
set -euo pipefail
source "$(dirname "$0")/common.sh"

helper="" out="" cases="" extras=()
while (($#)); do
  case $1 in
    --helper) helper=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --extra) extras+=("$2"); shift 2 ;;
    *) e2e_die "build-initramfs.sh: unknown argument $1" ;;
  esac
done
[[ -n $helper && -n $out ]] || e2e_die "usage: build-initramfs.sh --helper PATH --out DIR"
[[ -x $helper ]] || e2e_die "helper $helper is not an executable"
helper=$(readlink -f "$helper")

declare -A tree
while IFS='=' read -r key dir; do tree[$key]=$dir; done < <("$E2E_DIR/fetch.sh")

kroot=${tree[kernel]}
kver=$(basename "$kroot"/lib/modules/*)
[[ -f $kroot/boot/vmlinuz-$kver ]] || e2e_die "no vmlinuz in $kroot"

mkdir -p "$out"
stage=$out/stage
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,usr/libexec/e2e,etc/e2e,etc/ksmbd,lib/x86_64-linux-gnu,lib64,lib/modules/e2e,proc,sys,dev,tmp,run,srv,mnt,var/log,root,e2e}

# --- busybox: /bin/sh now, every other applet by `busybox --install` at boot
install -m 0755 "${tree[busybox-static]}/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"

# --- kernel modules, decompressed, in load order
# md4/des: NTLM and SMB1 paths; cmac/ccm/gcm/ghash: SMB3 signing and
# encryption, which the kernel would request by alias (no modprobe here).
python3 "$E2E_DIR/modules.py" "$kroot" "$kver" "$stage/lib/modules/e2e" \
  cifs ksmbd nls_utf8 dummy md4 cmac ccm gcm ghash_generic des_generic \
  > "$stage/etc/e2e/modules.order"
cp "$kroot/boot/vmlinuz-$kver" "$out/vmlinuz"
echo "$kver" > "$stage/etc/e2e/kernel"

# --- programs
libpath=""
for k in ksmbd-tools libnl-3-200 libnl-genl-3-200 libglib2.0-0 cifs-utils; do
  for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
    [[ -d ${tree[$k]}/$d ]] && libpath+="${libpath:+:}${tree[$k]}/$d"
  done
done
elfs=()
ksmbd=${tree[ksmbd-tools]}
install -m 0755 "$ksmbd/usr/libexec/ksmbd.tools" "$stage/usr/libexec/ksmbd.tools"
for t in ksmbd.mountd ksmbd.adduser ksmbd.addshare ksmbd.control; do
  ln -s ../libexec/ksmbd.tools "$stage/usr/sbin/$t"
done
elfs+=("$stage/usr/libexec/ksmbd.tools")

install -m 0755 "$helper" "$stage/sbin/mount.cifs"
ln -s mount.cifs "$stage/sbin/mount.smb3"
elfs+=("$stage/sbin/mount.cifs")

base=$stage/usr/lib/cifs-utils-baseline
mkdir -p "$base"
install -m 0755 "${tree[cifs-utils]}/sbin/mount.cifs" "$base/mount.cifs"
ln -s mount.cifs "$base/mount.smb3"
elfs+=("$base/mount.cifs")

hostip=$(command -v ip || true)
[[ -z $hostip && -x /usr/sbin/ip ]] && hostip=/usr/sbin/ip
[[ -n $hostip ]] || e2e_die "iproute2's ip not found on the host"
install -m 0755 "$(readlink -f "$hostip")" "$stage/usr/libexec/e2e/ip"
elfs+=("$stage/usr/libexec/e2e/ip")

cc -static -O2 -Wall -Wextra -Werror -o "$stage/usr/libexec/e2e/timeit" "$E2E_DIR/guest/timeit.c"

for spec in "${extras[@]}"; do
  src=${spec%%:*} dst=${spec#*:}
  mkdir -p "$stage/$(dirname "$dst")"
  install -m 0755 "$src" "$stage/$dst"
  elfs+=("$stage/$dst")
done

# --- shared libraries and ld.so, as ldd resolves them (unpacked trees first)
for elf in "${elfs[@]}"; do
  lddout=$(LD_LIBRARY_PATH=$libpath ldd "$elf" 2>&1) || {
    grep -qE 'not a dynamic executable|statically linked' <<<"$lddout" && continue
    e2e_die "ldd $elf: $lddout"
  }
  if grep -q 'not found' <<<"$lddout"; then
    e2e_die "libraries of $elf missing: $(grep 'not found' <<<"$lddout" | tr -s ' \t' ' ')"
  fi
  while read -r name arrow path _; do
    if [[ $arrow == "=>" && $path == /* ]]; then
      [[ -e $stage/lib/x86_64-linux-gnu/$name ]] ||
        cp -L "$path" "$stage/lib/x86_64-linux-gnu/$name"
    elif [[ $name == /*ld-linux* ]]; then
      [[ -e $stage$name ]] || { mkdir -p "$stage$(dirname "$name")"; cp -L "$name" "$stage$name"; }
    fi
  done <<<"$lddout"
done

# --- configuration and scripts
g=$E2E_DIR/guest
install -m 0755 "$g/init" "$stage/init"
install -m 0644 "$g/lib.sh" "$g/demo.sh" "$g/bench.sh" "$stage/e2e/"
install -m 0644 "${cases:-$E2E_DIR/cases.sh}" "$stage/e2e/cases.sh"
[[ -f $REPO_DIR/bench/scenarios.sh ]] &&
  install -m 0644 "$REPO_DIR/bench/scenarios.sh" "$stage/e2e/scenarios.sh"
install -m 0644 "$g/hosts" "$stage/etc/hosts"
install -m 0644 "$g/ksmbd.conf" "$stage/etc/ksmbd/ksmbd.conf"
printf 'root:x:0:0:root:/root:/bin/sh\ne2e:x:1000:1000:e2e:/srv:/bin/sh\n' > "$stage/etc/passwd"
printf 'root:x:0:\ne2e:x:1000:\n' > "$stage/etc/group"
# No DNS ever: names come from /etc/hosts only.
printf 'passwd: files\ngroup: files\nhosts: files\n' > "$stage/etc/nsswitch.conf"
# Without "multi on" glibc's files backend returns only the first line that
# names a host, so a name on an A line and an AAAA line would get one family.
printf 'multi on\n' > "$stage/etc/host.conf"

python3 "$E2E_DIR/mkcpio.py" "$stage" "$out/initramfs.cpio"
e2e_log "initramfs: $(du -h "$out/initramfs.cpio" | cut -f1), kernel $kver, $(wc -l < "$stage/etc/e2e/modules.order") modules"
