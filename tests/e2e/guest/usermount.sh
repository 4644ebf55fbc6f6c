# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Issue 15, part 2 (NOT wired into cases.sh or run.sh yet; the e2e rig's
# owner decides how the initramfs gets the pieces below): user mounts
# through the helper as the .deb installs it, typed by an unprivileged user
# through util-linux mount(8), against the guest's real ksmbd share.
#
# What the rig must provide (none of it exists in the initramfs today):
#   * /sbin/mount.cifs and the mount.smb3 link unpacked from the built .deb
#     with their modes and owners (dpkg-deb --fsys-tarfile | tar -x
#     --same-permissions --same-owner, or dpkg -i in a guest with dpkg), and
#     mkcpio.py keeping the set-user-ID bit and uid 0: the test never
#     chmods the helper; /etc/e2e/deb-mode holds the mode `dpkg-deb -c`
#     shows for ./sbin/mount.cifs (-rwsr-xr-x root/root).
#   * util-linux mount(8)/umount(8) and setpriv with their libraries
#     (libmount, libblkid, libsmartcols, libselinux, libpcre2) at
#     /usr/libexec/e2e/mount, /usr/libexec/e2e/umount, /usr/libexec/e2e/setpriv
#     (busybox's mount does CIFS itself and never runs the helper).
#   * a user e2euser (uid 61000, gid 61000) in /etc/passwd and /etc/group.
# Sourced after lib.sh (E2E_PASSWORD, decision_line, e2e_dmesg_tail); prints
# E2E-CASE lines like the other cases; ends nothing itself.

UM_MOUNT=/usr/libexec/e2e/mount
UM_UMOUNT=/usr/libexec/e2e/umount
UM_SETPRIV=/usr/libexec/e2e/setpriv
UM_USER=e2euser UM_UID=61000 UM_GID=61000
UM_MNT=/mnt/usermount
UM_DENY=/mnt/usermount-noentry
UM_INJECT=/mnt/usermount-inject

um_result() {  # um_result ID OK DETAIL
  if [ "$2" = 1 ]; then
    echo "E2E-CASE id=$1 result=pass"
    E2E_PASSED=$((E2E_PASSED + 1))
  else
    echo "E2E-CASE id=$1 result=fail detail=$3"
    E2E_FAILED=$((E2E_FAILED + 1))
  fi
}

um_as_user() {  # the user, as a shell would run it: real and effective uid
  "$UM_SETPRIV" --reuid="$UM_UID" --regid="$UM_GID" --clear-groups \
    --reset-env "$@"
}

um_setup() {
  mkdir -p "$UM_MNT" "$UM_DENY" "$UM_INJECT"
  chown "$UM_UID:$UM_GID" "$UM_MNT"
  printf 'username=e2e\npassword=%s\n' "$E2E_PASSWORD" >/etc/e2e/usercreds
  chown "$UM_UID:$UM_GID" /etc/e2e/usercreds
  chmod 0600 /etc/e2e/usercreds
  # suid,dev in the entry: the helper must still force nosuid,nodev.
  cat >>/etc/fstab <<EOF
//198.51.100.10/share $UM_MNT cifs user,noauto,suid,dev,vers=3.1.1,credentials=/etc/e2e/usercreds 0 0
//198.51.100.10/share,ip=203.0.113.9 $UM_INJECT cifs user,noauto,credentials=/etc/e2e/usercreds 0 0
EOF
}

um_cases() {
  um_setup
  # The helper as installed: the .deb's mode and owner, no chmod by us.
  local mode
  mode=$(stat -c '%A %U/%G' /sbin/mount.cifs)
  um_result usermount-installed-mode \
    "$([ "$mode" = "$(cat /etc/e2e/deb-mode)" ] && [ "$mode" = "-rwsr-xr-x root/root" ] && echo 1)" \
    "mode=$(echo "$mode" | tr ' ' _)"

  # `mount /mnt/usermount` as the user types it: util-linux finds the fstab
  # entry, checks `user`, and execs /sbin/mount.cifs (set-user-ID).
  local out rc
  out=$(um_as_user "$UM_MOUNT" "$UM_MNT" 2>&1)
  rc=$?
  local line
  line=$(grep " $UM_MNT cifs " /proc/mounts)
  local ok=1
  [ "$rc" = 0 ] || ok=0
  echo "$line" | grep -q 'nosuid' || ok=0
  echo "$line" | grep -q 'nodev' || ok=0
  echo "$line" | grep -q "uid=$UM_UID" || ok=0
  echo "$line" | grep -q "gid=$UM_GID" || ok=0
  um_result usermount-mounts "$ok" \
    "rc=$rc,out=$(echo "$out" | tr ' \n' '_|'),mounts=$(echo "$line" | tr ' ' _)"
  # Write and read through the mount as the user; the file is on the share.
  ok=1
  um_as_user sh -c "echo usermount-data > $UM_MNT/usermount.txt" || ok=0
  [ "$(cat "$E2E_SERVER_DIR/usermount.txt" 2>/dev/null)" = usermount-data ] || ok=0
  um_result usermount-io "$ok" "server file: $(cat "$E2E_SERVER_DIR/usermount.txt" 2>&1 | tr ' ' _)"
  rm -f "$E2E_SERVER_DIR/usermount.txt"
  um_as_user "$UM_UMOUNT" "$UM_MNT" >/dev/null 2>&1 || "$UM_UMOUNT" "$UM_MNT"

  # The user's own options are not theirs to give: util-linux refuses -o
  # for a non-root user, and the helper ignores the caller's -o anyway.
  out=$(um_as_user /sbin/mount.cifs //198.51.100.10/share "$UM_MNT" -o uid=0,suid 2>&1)
  line=$(grep " $UM_MNT cifs " /proc/mounts)
  ok=1
  echo "$line" | grep -q 'uid=0,' && ok=0
  echo "$line" | grep -q 'nosuid' || { [ -z "$line" ] || ok=0; }
  um_result usermount-own-options-ignored "$ok" "mounts=$(echo "$line" | tr ' ' _)"
  [ -z "$line" ] || "$UM_UMOUNT" "$UM_MNT"

  # No fstab entry: refused, nothing mounted, one syslog denial line.
  out=$(um_as_user /sbin/mount.cifs //198.51.100.10/share "$UM_DENY" 2>&1)
  rc=$?
  ok=1
  [ "$rc" = 1 ] || ok=0
  grep -q " $UM_DENY " /proc/mounts && ok=0
  grep -q "user mount denied: uid=$UM_UID" "$E2E_SYSLOG" || ok=0
  um_result usermount-denied "$ok" "rc=$rc,out=$(echo "$out" | tr ' \n' '_|')"

  # A comma in the fstab device: refused before mount(2) (D32), even though
  # the entry grants `user`.
  out=$(um_as_user "$UM_MOUNT" "$UM_INJECT" 2>&1)
  rc=$?
  ok=1
  [ "$rc" != 0 ] || ok=0
  echo "$out" | grep -q 'bad UNC' || ok=0
  grep -q " $UM_INJECT " /proc/mounts && ok=0
  um_result usermount-comma-unc-refused "$ok" "rc=$rc,out=$(echo "$out" | tr ' \n' '_|')"
}
