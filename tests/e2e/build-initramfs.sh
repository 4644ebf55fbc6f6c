#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the e2e VM: OUT/vmlinuz and OUT/initramfs.cpio.
#
#   build-initramfs.sh --helper PATH/mount.cifs --out DIR [--cases FILE]
#                      [--resolver PATH/cifs-family-resolve]
#                      [--deb PATH/cifs-family_*.deb]
#                      [--extra FILE:GUESTPATH]...
#
# The initramfs holds busybox, the kernel modules (cifs with dns_resolver,
# ksmbd, dummy, nls_utf8, the crypto ones the kernel would load on request,
# and inet_diag/tcp_diag for `ss -K`), ksmbd-tools, iproute2's ip (busybox's
# cannot add `ipproto` policy rules) and ss (forces reconnects), keyutils
# (/sbin/request-key, /bin/keyctl, /sbin/key.dns_resolver and Debian's
# /etc/request-key.conf as shipped: the kernel's dns_resolver upcall), the
# helper under test as /sbin/mount.cifs (+ mount.smb3), Debian's cifs-utils
# helper as /usr/lib/cifs-utils-baseline/mount.cifs (+ mount.smb3; it must
# keep the name: it takes the fstype from argv[0]), the shared libraries of
# all of them with ld.so (found with ldd), the guest scripts and the case
# table.
#
# --resolver puts that dns_resolver handler in the guest as
# /usr/sbin/cifs-family-resolve with /etc/request-key.d/dns_resolver.conf
# naming it (packaging/request-key.d/dns_resolver.conf when the tree has
# it, else the same line written here), so it answers the kernel's
# reconnect upcalls; without it keyutils' key.dns_resolver answers them.
#
# util-linux's mount(8) and umount(8) (set-user-ID root, as the `mount`
# package ships them) and setpriv go in /usr/libexec/e2e/util-linux/ (out
# of $PATH: the rig's own mounts stay busybox's), with two users, e2euser
# (61000) and e2eother (61001), an empty /etc/fstab and Debian's
# /etc/mtab -> ../proc/self/mounts.
#
# --deb puts that .deb's file system tree in the guest as
# /e2e/deb/data.tar (dpkg-deb --fsys-tarfile: the modes and owners dpkg
# would give its files) and the mode `dpkg-deb -c` lists for
# ./sbin/mount.cifs in /etc/e2e/deb-mode; the guest installs it over /
# itself for the user-mount cases (guest/usermount.sh), so the helper they
# run is the package's file, never a copy the rig made set-user-ID.
set -euo pipefail
source "$(dirname "$0")/common.sh"

helper="" out="" cases="" resolver="" deb="" extras=()
while (($#)); do
  case $1 in
    --helper) helper=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --resolver) resolver=$2; shift 2 ;;
    --deb) deb=$2; shift 2 ;;
    --extra) extras+=("$2"); shift 2 ;;
    *) e2e_die "build-initramfs.sh: unknown argument $1" ;;
  esac
done
[[ -n $helper && -n $out ]] || e2e_die "usage: build-initramfs.sh --helper PATH --out DIR"
[[ -x $helper ]] || e2e_die "helper $helper is not an executable"
helper=$(readlink -f "$helper")
if [[ -n $resolver ]]; then
  [[ -x $resolver ]] || e2e_die "resolver $resolver is not an executable"
  resolver=$(readlink -f "$resolver")
fi

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
# dns_resolver (a dependency of cifs anyway): the reconnect upcall;
# inet_diag/tcp_diag: `ss -K` (CONFIG_INET_DIAG_DESTROY=y in this kernel)
# kills the client's TCP connection to force a reconnect.
python3 "$E2E_DIR/modules.py" "$kroot" "$kver" "$stage/lib/modules/e2e" \
  cifs ksmbd nls_utf8 dummy md4 cmac ccm gcm ghash_generic des_generic \
  dns_resolver inet_diag tcp_diag \
  > "$stage/etc/e2e/modules.order"
cp "$kroot/boot/vmlinuz-$kver" "$out/vmlinuz"
echo "$kver" > "$stage/etc/e2e/kernel"

# --- programs
libpath=""
for k in ksmbd-tools libnl-3-200 libnl-genl-3-200 libglib2.0-0 cifs-utils libkeyutils1; do
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
# ss from the same iproute2 (busybox has none): `ss -K` forces reconnects.
hostss=$(command -v ss || true)
[[ -z $hostss && -x /usr/bin/ss ]] && hostss=/usr/bin/ss
[[ -n $hostss ]] || e2e_die "iproute2's ss not found on the host"
install -m 0755 "$(readlink -f "$hostss")" "$stage/usr/libexec/e2e/ss"
elfs+=("$stage/usr/libexec/e2e/ss")

# keyutils as Debian ships it: the kernel runs /sbin/request-key (a path
# compiled into it) for the dns_resolver key a CIFS reconnect asks for;
# /etc/request-key.conf sends it to /sbin/key.dns_resolver.
ku=${tree[keyutils]}
install -m 0755 "$ku/sbin/request-key" "$ku/sbin/key.dns_resolver" "$stage/sbin/"
install -m 0755 "$ku/bin/keyctl" "$stage/bin/keyctl"
install -m 0644 "$ku/etc/request-key.conf" "$stage/etc/request-key.conf"
mkdir -p "$stage/etc/request-key.d" "$stage/etc/keyutils" "$stage/usr/share/keyutils"
install -m 0755 "$ku/usr/share/keyutils/request-key-debug.sh" "$stage/usr/share/keyutils/"
elfs+=("$stage/sbin/request-key" "$stage/sbin/key.dns_resolver" "$stage/bin/keyctl")

# --resolver: our handler wins the dns_resolver upcall (a request-key.d line
# beats request-key.conf's line of the same score, keyutils >= 1.6).
if [[ -n $resolver ]]; then
  install -m 0755 "$resolver" "$stage/usr/sbin/cifs-family-resolve"
  elfs+=("$stage/usr/sbin/cifs-family-resolve")
  rkconf=$REPO_DIR/packaging/request-key.d/dns_resolver.conf
  if [[ -f $rkconf ]]; then
    # The packaged line; the handler also goes where that line says.
    prog=$(awk '$1 == "create" && $2 == "dns_resolver" { print $5; exit }' "$rkconf")
    [[ $prog == /* ]] || e2e_die "$rkconf: no 'create dns_resolver' line naming a program"
    if [[ $prog != /usr/sbin/cifs-family-resolve ]]; then
      mkdir -p "$stage$(dirname "$prog")"
      ln -sf /usr/sbin/cifs-family-resolve "$stage$prog"
    fi
    install -m 0644 "$rkconf" "$stage/etc/request-key.d/dns_resolver.conf"
  else
    echo 'create dns_resolver * * /usr/sbin/cifs-family-resolve %k' \
      > "$stage/etc/request-key.d/dns_resolver.conf"
  fi
fi

# util-linux: mount(8)/umount(8) with the package's modes (4755 root), and
# setpriv (the guest runs a command as a user with it).
ul=$stage/usr/libexec/e2e/util-linux
mkdir -p "$ul"
cp -p "${tree[mount]}/bin/mount" "${tree[mount]}/bin/umount" "$ul/"
cp -p "${tree[util-linux]}/usr/bin/setpriv" "$ul/"
elfs+=("$ul/mount" "$ul/umount" "$ul/setpriv")

# --deb: the package's tree as dpkg would unpack it, installed by the guest.
if [[ -n $deb ]]; then
  mkdir -p "$stage/e2e/deb"
  dpkg-deb --fsys-tarfile "$deb" > "$stage/e2e/deb/data.tar" ||
    e2e_die "dpkg-deb --fsys-tarfile $deb failed"
  dpkg-deb -c "$deb" | awk '$NF == "./sbin/mount.cifs" { print $1, $2 }' \
    > "$stage/etc/e2e/deb-mode"
  [[ -s $stage/etc/e2e/deb-mode ]] || e2e_die "$deb has no ./sbin/mount.cifs"
  dpkg-deb -f "$deb" Package Version | tr '\n' ' ' > "$stage/etc/e2e/deb-name"
  # Its programs' libraries, found by ldd on an unpacked copy.
  debtree=$out/deb-tree
  rm -rf "$debtree"; mkdir -p "$debtree"
  dpkg-deb -x "$deb" "$debtree"
  for f in "$debtree/sbin/mount.cifs" "$debtree/usr/sbin/cifs-family-resolve"; do
    [[ -f $f ]] && elfs+=("$f")
  done
fi

cc -static -O2 -Wall -Wextra -Werror -o "$stage/usr/libexec/e2e/timeit" "$E2E_DIR/guest/timeit.c"
# The benchmark's mount(2) stopwatch (timeit -m), preloaded into both helpers.
cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$stage/usr/libexec/e2e/mountstamp.so" \
  "$E2E_DIR/guest/mountstamp.c" -ldl

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
install -m 0644 "$g/lib.sh" "$g/reconnect.sh" "$g/netwait.sh" "$g/usermount.sh" "$g/demo.sh" \
  "$g/bench.sh" "$stage/e2e/"
install -m 0644 "${cases:-$E2E_DIR/cases.sh}" "$stage/e2e/cases.sh"
[[ -f $REPO_DIR/bench/scenarios.sh ]] &&
  install -m 0644 "$REPO_DIR/bench/scenarios.sh" "$stage/e2e/scenarios.sh"
install -m 0644 "$g/hosts" "$stage/etc/hosts"
install -m 0644 "$g/ksmbd.conf" "$stage/etc/ksmbd/ksmbd.conf"
# e2euser and e2eother: the unprivileged users of the user-mount cases.
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'e2e:x:1000:1000:e2e:/srv:/bin/sh' \
  'e2euser:x:61000:61000:e2e user mounts:/tmp:/bin/sh' \
  'e2eother:x:61001:61001:e2e another user:/tmp:/bin/sh' > "$stage/etc/passwd"
printf '%s\n' 'root:x:0:' 'e2e:x:1000:' 'e2euser:x:61000:' 'e2eother:x:61001:' > "$stage/etc/group"
# As on Debian: no fstab entries yet, /etc/mtab a link to the kernel's table.
: > "$stage/etc/fstab"
ln -s ../proc/self/mounts "$stage/etc/mtab"
# No DNS ever: names come from /etc/hosts only.
printf 'passwd: files\ngroup: files\nhosts: files\n' > "$stage/etc/nsswitch.conf"
# Without "multi on" glibc's files backend returns only the first line that
# names a host, so a name on an A line and an AAAA line would get one family.
printf 'multi on\n' > "$stage/etc/host.conf"

python3 "$E2E_DIR/mkcpio.py" "$stage" "$out/initramfs.cpio"
e2e_log "initramfs: $(du -h "$out/initramfs.cpio" | cut -f1), kernel $kver, $(wc -l < "$stage/etc/e2e/modules.order") modules, dns_resolver handler: ${resolver:-keyutils only}${deb:+, .deb: $(cat "$stage/etc/e2e/deb-name")}"
