# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Issue 15, part 2: user mounts through the helper as the .deb installs it,
# typed by an unprivileged user through util-linux mount(8) (`mount
# /mnt/um-user` for a `user` fstab entry), against the guest's real ksmbd
# share: the user-mount checks of tests/security/run_security.py that mean
# something with a real kernel and a real share. Sourced by lib.sh; cases.sh
# calls um_cases last.
#
# What the rig provides (build-initramfs.sh, run.sh --deb):
#   * /e2e/deb/data.tar: the .deb's file system tree (dpkg-deb
#     --fsys-tarfile: the modes and owners dpkg gives its files) and
#     /etc/e2e/deb-mode, the mode `dpkg-deb -c` lists for ./sbin/mount.cifs.
#     um_cases installs it over / with tar, as dpkg unpacks a package (the
#     rig's own helper and what else the package replaces set aside first,
#     put back at the end): the helper under test is the package's file
#     with the package's mode, never chmod-ed by the test;
#   * util-linux's mount(8), umount(8) (4755 root, from the `mount` package)
#     and setpriv in /usr/libexec/e2e/util-linux/ (busybox's mount does
#     CIFS itself and never runs a helper);
#   * users e2euser (61000) and e2eother (61001), an empty /etc/fstab,
#     /etc/mtab -> ../proc/self/mounts (Debian's).
# Without /e2e/deb/data.tar (no --deb) the cases are one E2E-SKIP line.
# E2E_ONLY: "usermount" runs them all.

UM_UL=/usr/libexec/e2e/util-linux
UM_MOUNT=$UM_UL/mount
UM_UMOUNT=$UM_UL/umount
UM_SETPRIV=$UM_UL/setpriv
UM_USER=e2euser UM_UID=61000 UM_GID=61000
UM_OTHER=e2eother UM_OUID=61001 UM_OGID=61001
UM_DEV=//198.51.100.10/share
UM_ROOT_SECRET=Rootonly-Cred-4f9x
UM_ASIDE=/tmp/um-aside
UM_ALL=/tmp/um-all.out   # every output of every user-mount run (leak check)

um_result() {  # um_result ID OK DETAIL
  if [ "$2" = 1 ]; then
    echo "E2E-CASE id=$1 result=pass $3"
    E2E_PASSED=$((E2E_PASSED + 1))
  else
    echo "E2E-CASE id=$1 result=fail $3"
    E2E_FAILED=$((E2E_FAILED + 1))
    e2e_dmesg_tail 5
  fi
}

um_flat() { tr ' \n' '_|' | cut -c 1-300; }   # one console word

# um_run WHO CMD...: run as WHO (user: e2euser, other: e2eother, root) with
# a clean environment (setpriv --reset-env), real and effective ids the
# user's, no supplementary groups, as a login shell would; output in
# /tmp/um.out (and appended to $UM_ALL), exit status in $um_rc. Extra
# environment: UM_ENV="A=b C=d".
um_run() {
  local who=$1
  shift
  case $who in
    user) set -- "$UM_SETPRIV" --reuid="$UM_UID" --regid="$UM_GID" --clear-groups --reset-env \
            env $UM_ENV "$@" ;;
    other) set -- "$UM_SETPRIV" --reuid="$UM_OUID" --regid="$UM_OGID" --clear-groups --reset-env \
            env $UM_ENV "$@" ;;
    root) set -- env $UM_ENV "$@" ;;
  esac
  timeout 60 "$@" > /tmp/um.out 2>&1 < /dev/null
  um_rc=$?
  cat /tmp/um.out >> "$UM_ALL"
}

um_mounted() { grep -q " $1 cifs " /proc/mounts; }
um_entry() { awk -v mp="$1" '$2 == mp' /proc/mounts | tail -n 1; }
um_has_opt() { case ",$(echo "$1" | cut -d' ' -f4)," in *",$2,"*) return 0 ;; esac; return 1; }
um_cleanup_mount() { while um_mounted "$1"; do umount "$1" 2>/dev/null || umount -l "$1" || break; done; }

# The .deb's files over /, what they replace set aside first.
um_install() {
  local p
  rm -rf "$UM_ASIDE"
  mkdir -p "$UM_ASIDE"
  tar -tf /e2e/deb/data.tar | sed 's|^\./||; s|/$||' | grep . > /tmp/um-deb.list
  while IFS= read -r p; do
    if [ -e "/$p" ] || [ -L "/$p" ]; then
      [ -d "/$p" ] && [ ! -L "/$p" ] && continue
      mkdir -p "$UM_ASIDE/$(dirname "$p")"
      cp -a "/$p" "$UM_ASIDE/$p"
      rm -f "/$p"
    fi
  done < /tmp/um-deb.list
  tar -xf /e2e/deb/data.tar -C /
}

um_uninstall() {
  local p
  while IFS= read -r p; do
    [ -d "/$p" ] && [ ! -L "/$p" ] && continue
    rm -f "/$p"
    if [ -e "$UM_ASIDE/$p" ] || [ -L "$UM_ASIDE/$p" ]; then cp -a "$UM_ASIDE/$p" "/$p"; fi
  done < /tmp/um-deb.list
  rm -f /etc/cifs-family.conf
}

um_setup() {
  local d
  for d in um-user um-users um-nouser um-rootcred um-nocred um-inject um-noentry; do
    mkdir -p "/mnt/$d"
  done
  # The user's own mount points (a user must be able to enter one: the
  # helper changes into it as the user).
  chown "$UM_UID:$UM_GID" /mnt/um-user /mnt/um-users /mnt/um-nocred /mnt/um-rootcred /mnt/um-inject
  printf 'username=e2e\npassword=%s\n' "$E2E_PASSWORD" > /etc/e2e/usercreds
  chown "$UM_UID:$UM_GID" /etc/e2e/usercreds
  chmod 0600 /etc/e2e/usercreds
  printf 'username=rootonly\npassword=%s\n' "$UM_ROOT_SECRET" > /etc/e2e/rootcreds
  chmod 0600 /etc/e2e/rootcreds
  # suid,dev in the entry: the helper must still force nosuid,nodev.
  cat >> /etc/fstab <<EOF
$UM_DEV /mnt/um-user cifs user,noauto,suid,dev,vers=3.1.1,file_mode=0640,credentials=/etc/e2e/usercreds 0 0
$UM_DEV /mnt/um-users cifs users,noauto,vers=3.1.1,credentials=/etc/e2e/usercreds 0 0
$UM_DEV /mnt/um-nouser cifs noauto,credentials=/etc/e2e/usercreds 0 0
$UM_DEV /mnt/um-rootcred cifs user,noauto,credentials=/etc/e2e/rootcreds 0 0
$UM_DEV /mnt/um-nocred cifs user,noauto 0 0
$UM_DEV,ip=203.0.113.9 /mnt/um-inject cifs user,noauto,credentials=/etc/e2e/usercreds 0 0
EOF
  printf '[global]\nthis line is not a setting\n' > /tmp/um-bad.conf
  chmod 0644 /tmp/um-bad.conf
}

um_cases() {
  if [ -n "$E2E_ONLY" ]; then
    case ",$E2E_ONLY," in *,usermount,*) ;; *) return ;; esac
  fi
  if [ ! -f /e2e/deb/data.tar ]; then
    echo "E2E-SKIP id=usermount why=needs-deb"
    E2E_SKIPPED=$((E2E_SKIPPED + 1))
    return
  fi
  local logpos mode want ver ok entry det d w
  logpos=$(wc -c < "$E2E_SYSLOG")
  : > "$UM_ALL"
  um_install
  um_setup
  UM_ENV=''

  # 1. The helper as installed: the .deb's mode and owner, no chmod by us.
  mode=$(stat -c '%A %U/%G' /sbin/mount.cifs)
  want=$(cat /etc/e2e/deb-mode)
  ver=$(/sbin/mount.cifs -V 2>&1)
  ok=1
  [ "$mode" = "$want" ] && [ "$mode" = "-rwsr-xr-x root/root" ] || ok=0
  case $ver in *"(cifs-family)"*) ;; *) ok=0 ;; esac
  [ "$(readlink /sbin/mount.smb3)" = mount.cifs ] || ok=0
  um_result usermount-installed-from-deb "$ok" \
    "deb=\"$(cat /etc/e2e/deb-name | sed 's/ *$//')\" mode=\"$mode\" deb_lists=\"$want\" version=\"$ver\""

  # 2. `mount /mnt/um-user` as the user types it: util-linux finds the
  # fstab entry, checks `user`, drops its privileges and runs
  # /sbin/mount.cifs (set-user-ID). The fstab options, nosuid,nodev forced
  # over the entry's suid,dev, uid/gid = the caller.
  um_run user "$UM_MOUNT" /mnt/um-user
  entry=$(um_entry /mnt/um-user)
  ok=1 det=''
  [ "$um_rc" = 0 ] || { ok=0; det="$det rc=$um_rc"; }
  for w in nosuid nodev uid=$UM_UID gid=$UM_GID file_mode=0640 vers=3.1.1; do
    um_has_opt "$entry" "$w" || { ok=0; det="$det lacks:$w"; }
  done
  decision_line "result=mounted mount=@/ok" "$logpos" "$(addr_of_entry "$entry")" > /tmp/um-dl.txt ||
    { ok=0; det="$det no-decision-line"; }
  grep -q "user=$UM_USER" /run/mount/utab 2>/dev/null || { ok=0; det="$det utab-lacks-user=$UM_USER"; }
  um_result usermount-mount8-user "$ok" \
    "rc=$um_rc opts=$(echo "$entry" | cut -d' ' -f4 | tr ',' '\n' | grep -E '^(rw|ro|nosuid|nodev|uid=|gid=|file_mode=|vers=|addr=)' | paste -sd, -)${det:+ why=\"$det\"} out=\"$(um_flat < /tmp/um.out)\""

  # 3. I/O as the user: the file reaches the server, owned by the caller.
  ok=1
  um_run user sh -c "echo usermount-data > /mnt/um-user/um.txt && cat /mnt/um-user/um.txt && ls -ln /mnt/um-user/um.txt"
  [ "$um_rc" = 0 ] || ok=0
  [ "$(cat "$E2E_SERVER_DIR/um.txt" 2>/dev/null)" = usermount-data ] || ok=0
  [ "$(awk 'NR == 2 { print $3 }' /tmp/um.out)" = "$UM_UID" ] || ok=0
  um_result usermount-io "$ok" "rc=$um_rc ls=\"$(sed -n 2p /tmp/um.out | tr -s ' ' | cut -d' ' -f1-4)\" server=\"$(cat "$E2E_SERVER_DIR/um.txt" 2>&1)\""
  rm -f "$E2E_SERVER_DIR/um.txt"

  # 4. Another user may not unmount a `user` mount.
  um_run other "$UM_UMOUNT" /mnt/um-user
  ok=1
  [ "$um_rc" != 0 ] || ok=0
  um_mounted /mnt/um-user || ok=0
  um_result usermount-umount-other-denied "$ok" "rc=$um_rc still_mounted=$(um_mounted /mnt/um-user && echo yes || echo no) out=\"$(um_flat < /tmp/um.out)\""

  # 5. The user who mounted it may.
  um_run user "$UM_UMOUNT" /mnt/um-user
  ok=1
  [ "$um_rc" = 0 ] || ok=0
  um_mounted /mnt/um-user && ok=0
  um_result usermount-umount-own "$ok" "rc=$um_rc mounted_after=$(um_mounted /mnt/um-user && echo yes || echo no) out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-user

  # 6. `users`: mounted by one user, unmounted by another.
  um_run user "$UM_MOUNT" /mnt/um-users
  d=$um_rc
  entry=$(um_entry /mnt/um-users)
  um_run other "$UM_UMOUNT" /mnt/um-users
  ok=1
  [ "$d" = 0 ] && [ -n "$entry" ] || ok=0
  um_has_opt "$entry" nosuid && um_has_opt "$entry" nodev && um_has_opt "$entry" "uid=$UM_UID" || ok=0
  [ "$um_rc" = 0 ] || ok=0
  um_mounted /mnt/um-users && ok=0
  um_result usermount-users-other-unmounts "$ok" "mount_rc=$d umount_rc=$um_rc mounted_after=$(um_mounted /mnt/um-users && echo yes || echo no)"
  um_cleanup_mount /mnt/um-users

  # 7. The user's own options are not theirs to give, typed to mount(8)
  # (util-linux 2.38 passes a user's -o on to the helper for a `user`
  # entry) or to the helper directly: uid=0, gid=0, suid, dev,
  # file_mode=0777 and vers=2.1 asked, the fstab entry's options used.
  for d in mount8 helper; do
    if [ $d = mount8 ]; then
      um_run user "$UM_MOUNT" -o uid=0,gid=0,suid,dev,file_mode=0777,vers=2.1 /mnt/um-user
    else
      um_run user /sbin/mount.cifs "$UM_DEV" /mnt/um-user -o uid=0,gid=0,suid,dev,file_mode=0777,vers=2.1
    fi
    entry=$(um_entry /mnt/um-user)
    ok=1 det=''
    if [ -n "$entry" ]; then
      for w in nosuid nodev uid=$UM_UID gid=$UM_GID file_mode=0640 vers=3.1.1; do
        um_has_opt "$entry" "$w" || { ok=0; det="$det lacks:$w"; }
      done
      for w in uid=0 gid=0 file_mode=0777 vers=2.1; do
        um_has_opt "$entry" "$w" && { ok=0; det="$det has:$w"; }
      done
    elif [ "$um_rc" = 0 ]; then
      ok=0 det="exit 0, nothing mounted"
    fi
    um_result "usermount-$d-own-options-ignored" "$ok" \
      "rc=$um_rc mounted=$([ -n "$entry" ] && echo yes || echo no) opts=$(echo "$entry" | cut -d' ' -f4 | tr ',' '\n' | grep -E '^(nosuid|nodev|uid=|gid=|file_mode=|vers=)' | paste -sd, -)${det:+ why=\"$det\"} out=\"$(um_flat < /tmp/um.out)\""
    um_cleanup_mount /mnt/um-user
  done

  # 8. Denials by the helper itself (run directly: mount(8) would refuse
  # first): no fstab entry, an entry without user/users. Exit 1, nothing
  # mounted, the syslog denial line.
  for d in noentry nouser; do
    local before
    before=$(wc -c < "$E2E_SYSLOG")
    um_run user /sbin/mount.cifs "$UM_DEV" "/mnt/um-$d"
    ok=1
    [ "$um_rc" = 1 ] || ok=0
    grep -q "permission denied" /tmp/um.out || ok=0
    um_mounted "/mnt/um-$d" && ok=0
    usleep 200000
    tail -c +"$((before + 1))" "$E2E_SYSLOG" | grep -q "user mount denied: uid=$UM_UID" || ok=0
    um_result "usermount-denied-$d" "$ok" "rc=$um_rc syslog=\"$(tail -c +"$((before + 1))" "$E2E_SYSLOG" | grep -o 'user mount denied.*' | head -n 1 | cut -c 1-120)\" out=\"$(um_flat < /tmp/um.out)\""
    um_cleanup_mount "/mnt/um-$d"
  done
  # ... and typed to mount(8): util-linux 2.38 leaves a user's mount with a
  # set-user-ID helper to the helper (it runs it even for an entry without
  # user/users), so the helper's own check is the one that refuses.
  um_run user "$UM_MOUNT" /mnt/um-nouser
  ok=1
  [ "$um_rc" != 0 ] || ok=0
  grep -q "permission denied" /tmp/um.out || ok=0
  um_mounted /mnt/um-nouser && ok=0
  um_result usermount-mount8-nouser-denied "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-nouser

  # 9. The entry's credentials= names a root-only 0600 file: opened as the
  # user (EACCES), exit 2 through mount(8), its content never shown.
  um_run user "$UM_MOUNT" /mnt/um-rootcred
  ok=1
  [ "$um_rc" != 0 ] || ok=0
  grep -q "Permission denied" /tmp/um.out || ok=0
  um_mounted /mnt/um-rootcred && ok=0
  grep -q -e "$UM_ROOT_SECRET" -e rootonly /tmp/um.out && ok=0
  um_result usermount-rootonly-credentials "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-rootcred

  # 10. PASSWD_FILE naming that root-only file: exit 2, never shown.
  UM_ENV="PASSWD_FILE=/etc/e2e/rootcreds"
  um_run user /sbin/mount.cifs "$UM_DEV" /mnt/um-nocred
  UM_ENV=''
  ok=1
  [ "$um_rc" = 2 ] || ok=0
  um_mounted /mnt/um-nocred && ok=0
  grep -q "$UM_ROOT_SECRET" /tmp/um.out && ok=0
  um_result usermount-passwd-file-rootonly "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-nocred

  # 11. -N (another mount namespace) is root's: exit 1, nothing mounted.
  um_run user /sbin/mount.cifs -N /proc/1/ns/mnt "$UM_DEV" /mnt/um-user
  ok=1
  [ "$um_rc" = 1 ] || ok=0
  grep -q "only for root" /tmp/um.out || ok=0
  um_mounted /mnt/um-user && ok=0
  um_result usermount-ns-refused "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-user

  # 12. CIFS_FAMILY_CONFIG: root's helper reads it (the file is bad: exit 1
  # naming it); the set-user-ID helper ignores it, and mount(8)'s user
  # mount goes through.
  UM_ENV="CIFS_FAMILY_CONFIG=/tmp/um-bad.conf"
  um_run root /sbin/mount.cifs "$UM_DEV" /mnt/um-user -o "credentials=/etc/e2e/usercreds"
  d=$um_rc
  grep -q "um-bad.conf:2" /tmp/um.out || d="$d,no-file:line"
  um_cleanup_mount /mnt/um-user
  um_run user "$UM_MOUNT" /mnt/um-user
  UM_ENV=''
  ok=1
  [ "$d" = 1 ] || ok=0
  [ "$um_rc" = 0 ] || ok=0
  um_mounted /mnt/um-user || ok=0
  grep -q "um-bad.conf" /tmp/um.out && ok=0
  um_result usermount-config-env-ignored "$ok" "root_rc=$d user_rc=$um_rc mounted=$(um_mounted /mnt/um-user && echo yes || echo no)"
  um_cleanup_mount /mnt/um-user

  # 13. USER with a comma (the SMB user name when the entry has none)
  # cannot add kernel options: refused, exit 1.
  UM_ENV="USER=$UM_USER,uid=0,ip=198.51.100.66,cruid=0 PASSWD=x"
  um_run user /sbin/mount.cifs "$UM_DEV" /mnt/um-nocred
  UM_ENV=''
  ok=1 entry=$(um_entry /mnt/um-nocred)
  [ "$um_rc" = 1 ] || ok=0
  [ -z "$entry" ] || ok=0
  um_result usermount-env-user-comma "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-nocred

  # 14. A comma in the fstab entry's device: refused before mount(2) (D32)
  # although the entry grants `user`.
  um_run user "$UM_MOUNT" /mnt/um-inject
  ok=1
  [ "$um_rc" != 0 ] || ok=0
  grep -q 'bad UNC' /tmp/um.out || ok=0
  um_mounted /mnt/um-inject && ok=0
  um_result usermount-comma-unc-refused "$ok" "rc=$um_rc out=\"$(um_flat < /tmp/um.out)\""
  um_cleanup_mount /mnt/um-inject

  # 15. mtab: Debian's symlink untouched, no lock or temporary file left.
  ok=1
  [ "$(readlink /etc/mtab)" = ../proc/self/mounts ] || ok=0
  ls /etc/mtab~* /etc/mtab.tmp /etc/mtab.* > /tmp/um-ls.txt 2>/dev/null && ok=0
  um_result usermount-mtab-untouched "$ok" "mtab=$(readlink /etc/mtab) leftovers=\"$(cat /tmp/um-ls.txt | paste -sd, -)\""

  # 16. No secret in any output of the runs above or in syslog.
  ok=1
  tail -c +"$((logpos + 1))" "$E2E_SYSLOG" | cat "$UM_ALL" - |
    grep -qF -e "$E2E_PASSWORD" -e "$UM_ROOT_SECRET" && ok=0
  um_result usermount-no-secret "$ok" "outputs_bytes=$(wc -c < "$UM_ALL") syslog_bytes=$(( $(wc -c < "$E2E_SYSLOG") - logpos ))"

  um_uninstall
}
