#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Packaging CI: builds the source tarball, the RPM (rpmbuild, Debian's rpm)
# and the .deb (dpkg-buildpackage) from it, checks their file lists, modes,
# config files and maintainer scripts, runs lintian, and round-trips the .deb
# against Debian's cifs-utils: install (diversions in place, our helper
# answers, request-key's dry run picks cifs-family-resolve for dns_resolver
# keys), remove (cifs-utils' helper back, byte for byte, key.dns_resolver
# answers again), reinstall and remove again (the request-key file comes
# back and goes aside again), purge. The helper is 4755 in the .deb (as
# cifs-utils ships it, with the same lintian override) and 0755 in the RPM
# (as Fedora/RHEL ship cifs-utils); a dpkg-statoverride set before the
# install (0755) is applied, and removal gives cifs-utils' helper back with
# its own mode.
#
#   bash packaging/ci-packages.sh        (as root, Debian 12)
#
# Installs what it needs with apt-get. Leaves the system as it found it:
# cifs-family not installed, cifs-utils' files and diversions as before (if
# cifs-utils was not installed, it is installed for the test and purged
# afterwards). KEEP_WORK=1 keeps the work directory (packages, logs);
# DEB_OUT=DIR copies the built .deb into DIR (CI hands it to the e2e rig:
# tests/e2e/run.sh --deb).
# Ends with "N passed, M failed"; exits non-zero when a check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
src=$(pwd -P)
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

pass=0
fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    echo "PASS: $what"
    pass=$((pass + 1))
  else
    echo "FAIL: $what"
    fail=$((fail + 1))
  fi
}
step() { echo; echo "== $* [$(($(date +%s) - start)) s]"; }
finish() {
  echo
  echo "packaging CI time: $(($(date +%s) - start)) s"
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}
abort() {  # a step the later checks depend on failed
  echo "FAIL: $*"
  fail=$((fail + 1))
  finish
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
same_lines() { diff -u "$1" "$2" && true; }

[ "$(id -u)" = 0 ] || { echo "ci-packages.sh: run as root" >&2; exit 2; }
if installed cifs-family; then
  echo "ci-packages.sh: cifs-family is installed here; remove it first" >&2
  exit 2
fi

step "Build dependencies"
need=(cmake ninja-build g++ pkg-config libcap-ng-dev libtalloc-dev libgtest-dev
      libkeyutils-dev keyutils
      mandoc rpm cpio debhelper dpkg-dev fakeroot lintian binutils git)
had_cifs_utils=yes
installed cifs-utils || { had_cifs_utils=no; need+=(cifs-utils); }
missing=()
for p in "${need[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    abort "apt-get install ${missing[*]}"
else
  echo "all present"
fi

work=$(mktemp -d /tmp/cifs-family-packages.XXXXXX)
statoverride_set=no
cleanup() {
  rm -f "$rk_tie"
  if [ "$statoverride_set" = yes ]; then
    echo "cleanup: removing the test's dpkg-statoverride of /sbin/mount.cifs"
    dpkg-statoverride --remove /sbin/mount.cifs >/dev/null 2>&1
  fi
  if installed cifs-family; then
    echo "cleanup: purging cifs-family"
    dpkg --purge cifs-family >/dev/null 2>&1
  fi
  if [ "$had_cifs_utils" = no ] && installed cifs-utils; then
    echo "cleanup: purging cifs-utils (installed for this test)"
    apt-get purge -y -q cifs-utils >/dev/null 2>&1
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# What cifs-utils looks like before we touch anything.
before_version=$(/sbin/mount.cifs -V 2>&1)
before_sum=$(sha256sum </sbin/mount.cifs)
before_mode=$(stat -c '%a %U:%G' /sbin/mount.cifs)
before_smb3=$(readlink /sbin/mount.smb3)
before_man=$(sha256sum </usr/share/man/man8/mount.cifs.8.gz)
dpkg-divert --list | sort >"$work/diversions.before"
if dpkg-statoverride --list /sbin/mount.cifs >/dev/null 2>&1; then
  abort "/sbin/mount.cifs has a dpkg-statoverride before the test: $(dpkg-statoverride --list /sbin/mount.cifs)"
fi
echo "cifs-utils: $before_version; /sbin/mount.cifs mode $before_mode"
# Which program request-key runs for a dns_resolver key (keyutils 1.6's dry
# run: nothing is executed); prints the program, or nothing.
rk_winner() {
  request-key -d -n -v -D "dns_resolver;0;0;3b010000;${1:-ci.cifs-family.invalid}" \
    create 1 0 0 0 0 0 "" 2>&1 | sed -n 's/^Run //p' | tail -n 1
}
rk_tie=/etc/request-key.d/zz-cifs-family-ci-tie.conf
before_rk=$(rk_winner)
echo "request-key runs for dns_resolver keys: ${before_rk:-(nothing)}"
[ "$before_rk" = /sbin/key.dns_resolver ] ||
  abort "request-key's dry run should pick /sbin/key.dns_resolver before the install, not '$before_rk'"
for f in /etc/request-key.d/dns_resolver.conf /etc/request-key.d/dns_resolver.conf.cifs-family-removed; do
  [ ! -e "$f" ] || abort "$f exists before the install (another handler, or a leftover)"
done
if grep -Eq ' (/sbin/mount\.(cifs|smb3)|/usr/share/man/man8/mount\.(cifs|smb3)\.8\.gz) ' \
     "$work/diversions.before"; then
  abort "mount.cifs/mount.smb3 are already diverted by another package"
fi

step "Source tarball (cmake --build ... --target dist)"
version=$(sed -n 's/^project(cifs_family VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || abort "no project version in CMakeLists.txt"
cmake -S . -B "$work/dist-build" -G Ninja -DCIFS_BUILD_TESTS=OFF >"$work/dist.log" 2>&1 &&
  cmake --build "$work/dist-build" --target dist >>"$work/dist.log" 2>&1 ||
  { cat "$work/dist.log"; abort "make the source tarball"; }
tarball="$work/dist-build/cifs-family-$version.tar.gz"
check "source tarball cifs-family-$version.tar.gz built" test -s "$tarball"
echo "$(tail -n 1 "$work/dist.log")"
check "tarball's top directory is cifs-family-$version/" \
  sh -c '! tar tzf "$1" | grep -qv "^cifs-family-$2/"' sh "$tarball" "$version"
spec_version=$(tar xzf "$tarball" -O "cifs-family-$version/rpm/cifs-family.spec" | sed -n 's/^Version: *//p')
deb_version=$(tar xzf "$tarball" -O "cifs-family-$version/debian/changelog" | sed -n '1s/.*(\([^)-]*\).*/\1/p')
check "spec Version ($spec_version) = CMake version ($version)" [ "$spec_version" = "$version" ]
check "debian/changelog version ($deb_version) = CMake version ($version)" [ "$deb_version" = "$version" ]

step "RPM (rpmbuild -tb --nodeps)"
# --nodeps: Debian's rpm database knows none of the BuildRequires (they are
# installed as .debs above).
t0=$(date +%s)
rpmbuild -tb --nodeps --define "_topdir $work/rpmbuild" \
  "$tarball" >"$work/rpmbuild.log" 2>&1
rc=$?
echo "rpmbuild: exit $rc in $(($(date +%s) - t0)) s (log: rpmbuild.log)"
rpm_file=$(ls "$work"/rpmbuild/RPMS/*/cifs-family-"$version"-*.rpm 2>/dev/null | head -n 1)
if [ $rc -ne 0 ] || [ -z "$rpm_file" ]; then
  tail -n 40 "$work/rpmbuild.log"
  abort "rpmbuild"
fi
echo "RPM built: $(basename "$rpm_file") ($(stat -c %s "$rpm_file") bytes)"
check "%check ran the unit tests and they passed" \
  grep -Eq '^100% tests passed, 0 tests failed out of [0-9]+' "$work/rpmbuild.log"
grep -E '^100% tests passed' "$work/rpmbuild.log"

echo "--- rpm -qpi"
rpm -qpi "$rpm_file"
echo "--- rpm -qlp -v"
rpm -qlp -v "$rpm_file" | tee "$work/rpm.list"
echo "--- rpm -qp --scripts (%post: request-key check and SELinux label; %postun: the label's removal)"
rpm -qp --scripts "$rpm_file" | tee "$work/rpm.scripts"
rpm -qp --qf '%{POSTIN}' "$rpm_file" >"$work/rpm.post"
rpm -qp --qf '%{POSTUN}' "$rpm_file" >"$work/rpm.postun"
echo "--- rpm -qp --conflicts"
rpm -qp --conflicts "$rpm_file" | tee "$work/rpm.conflicts"
echo "--- rpm -qp --requires (without rpmlib, library and path ones)"
rpm -qp --requires "$rpm_file" | grep -v -e '^rpmlib(' -e '^lib' -e '^/' -e '^rtld(' | tee "$work/rpm.requires"
echo "---"

rpm -qlp "$rpm_file" | grep -v '^/usr/lib/.build-id' | sort >"$work/rpm.files"
cat >"$work/rpm.expected" <<'EOF'
/etc/cifs-family.conf
/etc/request-key.d/dns_resolver.conf
/sbin/mount.cifs
/sbin/mount.smb3
/usr/sbin/cifs-family-resolve
/usr/share/doc/cifs-family
/usr/share/doc/cifs-family/README.md
/usr/share/doc/cifs-family/compatibility.md
/usr/share/man/man5/cifs-family.conf.5
/usr/share/man/man8/cifs-family-resolve.8
/usr/share/man/man8/mount.cifs.8
/usr/share/man/man8/mount.smb3.8
EOF
# Man pages may be compressed (Fedora's brp-compress); compare without .gz.
sed -i 's/\.gz$//' "$work/rpm.files"
check "RPM file list is exactly the expected one (besides .build-id links)" \
  same_lines "$work/rpm.expected" "$work/rpm.files"
check "RPM: /sbin/mount.cifs is -rwxr-xr-x root root (0755, not setuid)" \
  grep -Eq '^-rwxr-xr-x +1 root +root .* /sbin/mount\.cifs$' "$work/rpm.list"
check "RPM: /sbin/mount.smb3 -> mount.cifs" \
  grep -Eq '^lrwxrwxrwx .* /sbin/mount\.smb3 -> mount\.cifs$' "$work/rpm.list"
check "RPM: /etc/cifs-family.conf is -rw-r--r-- root root" \
  grep -Eq '^-rw-r--r-- +1 root +root .* /etc/cifs-family\.conf$' "$work/rpm.list"
check "RPM: /etc/cifs-family.conf is %config(noreplace)" \
  sh -c 'rpm -qp --qf "[%{FILEFLAGS:fflags} %{FILENAMES}\n]" "$1" | grep -qx "cn /etc/cifs-family.conf"' sh "$rpm_file"
check "RPM: /usr/sbin/cifs-family-resolve is -rwxr-xr-x root root" \
  grep -Eq '^-rwxr-xr-x +1 root +root .* /usr/sbin/cifs-family-resolve$' "$work/rpm.list"
check "RPM: /etc/request-key.d/dns_resolver.conf is -rw-r--r-- root root" \
  grep -Eq '^-rw-r--r-- +1 root +root .* /etc/request-key\.d/dns_resolver\.conf$' "$work/rpm.list"
check "RPM: /etc/request-key.d/dns_resolver.conf is %config(noreplace)" \
  sh -c 'rpm -qp --qf "[%{FILEFLAGS:fflags} %{FILENAMES}\n]" "$1" | grep -qx "cn /etc/request-key.d/dns_resolver.conf"' sh "$rpm_file"
check "RPM: Requires: keyutils" grep -qx 'keyutils' "$work/rpm.requires"
check "RPM: %post runs request-key's dry run" \
  grep -q -- '-d -n -v -D "dns_resolver;0;0;3b010000;' "$work/rpm.post"
check "RPM: %post labels the handler keyutils_dns_resolver_exec_t (semanage, restorecon)" \
  sh -c 'grep -q "semanage fcontext -a -t keyutils_dns_resolver_exec_t" "$1" && grep -q restorecon "$1" && grep -q selinuxenabled "$1"' sh "$work/rpm.post"
check "RPM: %postun drops the SELinux rule, on erase only" \
  sh -c 'grep -q "semanage fcontext -d /usr/sbin/cifs-family-resolve" "$1" && grep -Fq "[ \"\$1\" -eq 0 ]" "$1"' sh "$work/rpm.postun"
check "RPM: %post and %postun are valid sh" \
  sh -c 'sh -n "$1" && sh -n "$2"' sh "$work/rpm.post" "$work/rpm.postun"
check "RPM: Conflicts: cifs-utils" grep -qx 'cifs-utils' "$work/rpm.conflicts"
mkdir -p "$work/rpm-root"
(cd "$work/rpm-root" && rpm2cpio "$rpm_file" | cpio -idm --quiet)
check "RPM's helper links no libstdc++ (static, needs only the host's libc)" \
  sh -c '! readelf -d "$1/sbin/mount.cifs" | grep -q "NEEDED.*libstdc++"' sh "$work/rpm-root"
check "RPM's helper answers -V" \
  sh -c '"$1/sbin/mount.cifs" -V | grep -qx "mount.cifs version: $2 (cifs-family)"' sh "$work/rpm-root" "$version"
check "RPM's handler links no libstdc++" \
  sh -c '! readelf -d "$1/usr/sbin/cifs-family-resolve" | grep -q "NEEDED.*libstdc++"' sh "$work/rpm-root"
check "RPM's handler answers -V" \
  sh -c '"$1/usr/sbin/cifs-family-resolve" -V | grep -q "$2"' sh "$work/rpm-root" "$version"
check "RPM's request-key file is the tree's" \
  cmp -s "$work/rpm-root/etc/request-key.d/dns_resolver.conf" packaging/request-key.d/dns_resolver.conf

step "Debian package (dpkg-buildpackage -us -uc -b)"
mkdir -p "$work/deb"
tar xzf "$tarball" -C "$work/deb"
t0=$(date +%s)
(cd "$work/deb/cifs-family-$version" && dpkg-buildpackage -us -uc -b) >"$work/debbuild.log" 2>&1
rc=$?
echo "dpkg-buildpackage: exit $rc in $(($(date +%s) - t0)) s (log: debbuild.log)"
deb_file=$(ls "$work"/deb/cifs-family_"$version"_*.deb 2>/dev/null | head -n 1)
if [ $rc -ne 0 ] || [ -z "$deb_file" ]; then
  tail -n 40 "$work/debbuild.log"
  abort "dpkg-buildpackage"
fi
echo ".deb built: $(basename "$deb_file") ($(stat -c %s "$deb_file") bytes)"
if [ -n "${DEB_OUT:-}" ]; then
  mkdir -p "$DEB_OUT" && cp "$deb_file" "$DEB_OUT/" &&
    echo ".deb copied to $DEB_OUT/$(basename "$deb_file") (DEB_OUT)" ||
    abort "copy the .deb to DEB_OUT=$DEB_OUT"
fi
check "dh_auto_test ran the unit tests and the man page checks" \
  grep -Eq '^100% tests passed, 0 tests failed out of [0-9]+' "$work/debbuild.log"
grep -E '^100% tests passed' "$work/debbuild.log"

echo "--- dpkg-deb -I"
dpkg-deb -I "$deb_file"
echo "--- dpkg-deb -c"
dpkg-deb -c "$deb_file" | tee "$work/deb.list"
echo "--- preinst"
dpkg-deb -I "$deb_file" preinst | tee "$work/deb.preinst"
echo "--- postrm"
dpkg-deb -I "$deb_file" postrm | tee "$work/deb.postrm"
echo "--- postinst"
dpkg-deb -I "$deb_file" postinst | tee "$work/deb.postinst"
echo "---"
check ".deb: Depends: keyutils" \
  sh -c 'dpkg-deb -f "$1" Depends | tr "," "\n" | sed "s/^ *//" | grep -qx keyutils' sh "$deb_file"
check ".deb: /usr/sbin/cifs-family-resolve is -rwxr-xr-x root/root" \
  grep -Eq '^-rwxr-xr-x root/root .* \./usr/sbin/cifs-family-resolve$' "$work/deb.list"
check ".deb: /etc/request-key.d/dns_resolver.conf is -rw-r--r-- root/root" \
  grep -Eq '^-rw-r--r-- root/root .* \./etc/request-key\.d/dns_resolver\.conf$' "$work/deb.list"
check ".deb: /etc/request-key.d/dns_resolver.conf is a conffile" \
  sh -c 'dpkg-deb -I "$1" conffiles | grep -qx /etc/request-key.d/dns_resolver.conf' sh "$deb_file"
check ".deb: postinst runs request-key's dry run" \
  grep -q -- '-d -n -v -D "dns_resolver;0;0;3b010000;' "$work/deb.postinst"
# One check in two maintainer scripts: the .deb's postinst and the RPM's
# %post carry the same function.
sed -n '/^check_request_key() {/,/^}/p' "$work/deb.postinst" >"$work/deb.check"
sed -n '/^check_request_key() {/,/^}/p' "$work/rpm.post" >"$work/rpm.check"
check "postinst and %post have the same check_request_key()" \
  sh -c '[ -s "$1" ] && diff -u "$1" "$2"' sh "$work/deb.check" "$work/rpm.check"
check ".deb: postrm sets the request-key file aside on remove, preinst restores it" \
  sh -c 'grep -q "cifs-family-removed" "$1/deb.postrm" && grep -q "cifs-family-removed" "$1/deb.preinst"' sh "$work"
check ".deb: /sbin/mount.cifs is -rwsr-xr-x root/root (4755, as cifs-utils ships it)" \
  grep -Eq '^-rwsr-xr-x root/root .* \./sbin/mount\.cifs$' "$work/deb.list"
check ".deb: no other file is set-user-ID or set-group-ID" \
  sh -c '! grep -v " \./sbin/mount\.cifs$" "$1" | grep -Eq "^.{3}[sS]|^.{6}[sS]"' sh "$work/deb.list"
check ".deb: the lintian override elevated-privileges 4755 root/root [sbin/mount.cifs], with a comment" \
  sh -c 'o=$(dpkg-deb --fsys-tarfile "$1" | tar xO ./usr/share/lintian/overrides/cifs-family) &&
         printf "%s\n" "$o" | grep -qx "cifs-family: elevated-privileges 4755 root/root \[sbin/mount\.cifs\]" &&
         printf "%s\n" "$o" | grep -q "^# .*cifs-utils"' sh "$deb_file"
check ".deb: /sbin/mount.smb3 -> mount.cifs" \
  grep -Eq '^lrwxrwxrwx root/root .* \./sbin/mount\.smb3 -> mount\.cifs$' "$work/deb.list"
for f in ./etc/cifs-family.conf ./usr/share/man/man8/mount.cifs.8.gz \
         ./usr/share/man/man8/mount.smb3.8.gz ./usr/share/man/man5/cifs-family.conf.5.gz \
         ./usr/share/man/man8/cifs-family-resolve.8.gz \
         ./usr/share/doc/cifs-family/compatibility.md \
         ./usr/share/doc/cifs-family/examples/cifs-family.conf; do
  check ".deb contains $f" grep -Eq " ${f//./\\.}( ->|$)" "$work/deb.list"
done
check ".deb: /etc/cifs-family.conf is a conffile" \
  sh -c 'dpkg-deb -I "$1" conffiles | grep -qx /etc/cifs-family.conf' sh "$deb_file"
for f in /sbin/mount.cifs /sbin/mount.smb3 /usr/share/man/man8/mount.cifs.8.gz \
         /usr/share/man/man8/mount.smb3.8.gz; do
  check ".deb: preinst diverts $f, postrm restores it" \
    sh -c 'grep -q "divert $2 " "$1/deb.preinst" && grep -q "undivert $2 " "$1/deb.postrm"' sh "$work" "$f"
done

step "lintian"
t0=$(date +%s)
lintian --fail-on error --show-overrides "$work"/deb/cifs-family_"$version"_*.changes >"$work/lintian.log" 2>&1
rc=$?
cat "$work/lintian.log"
echo "lintian: exit $rc in $(($(date +%s) - t0)) s; $(grep -c '^E: ' "$work/lintian.log") errors, $(grep -c '^W: ' "$work/lintian.log") warnings"
check "lintian: no errors" [ $rc -eq 0 ]
check "lintian: the set-user-ID helper is reported only as overridden (O: elevated-privileges 4755 root/root [sbin/mount.cifs])" \
  sh -c 'grep -Eq "^O: cifs-family: elevated-privileges 4755 root/root \[sbin/mount\.cifs\]" "$1" &&
         ! grep -E "^[EWI]: " "$1" | grep -q "elevated-privileges\|setuid"' sh "$work/lintian.log"
check "lintian: no unused override" sh -c '! grep -q "unused-override" "$1"' sh "$work/lintian.log"

step "Install the .deb next to cifs-utils"
dpkg -i "$deb_file" >"$work/install.log" 2>&1 || { cat "$work/install.log"; abort "dpkg -i"; }
cat "$work/install.log"
echo "--- dpkg-divert --list | grep cifs-family"
dpkg-divert --list | grep 'by cifs-family' | tee "$work/diversions.installed"
for pair in /sbin/mount.cifs:/sbin/mount.cifs.cifs-utils \
            /sbin/mount.smb3:/sbin/mount.smb3.cifs-utils \
            /usr/share/man/man8/mount.cifs.8.gz:/usr/share/man/man8/mount.cifs.cifs-utils.8.gz \
            /usr/share/man/man8/mount.smb3.8.gz:/usr/share/man/man8/mount.smb3.cifs-utils.8.gz; do
  check "diversion of ${pair%%:*} to ${pair#*:} by cifs-family" \
    grep -qx "diversion of ${pair%%:*} to ${pair#*:} by cifs-family" "$work/diversions.installed"
done
ours=$(/sbin/mount.cifs -V 2>&1)
echo "/sbin/mount.cifs -V: $ours"
check "/sbin/mount.cifs -V is ours" [ "$ours" = "mount.cifs version: $version (cifs-family)" ]
check "/sbin/mount.smb3 -V is ours" \
  sh -c '[ "$(/sbin/mount.smb3 -V)" = "mount.smb3 version: $1 (cifs-family)" ]' sh "$version"
check "/sbin/mount.cifs is 4755 root:root (set-user-ID, as cifs-utils installs it)" \
  [ "$(stat -c '%a %U:%G' /sbin/mount.cifs)" = "4755 root:root" ]
check "dpkg --verify finds /sbin/mount.cifs as shipped" \
  sh -c '! dpkg --verify cifs-family 2>&1 | grep -q " /sbin/mount\.cifs$"'
# The set-user-ID bit works as installed: a user's run reaches the fstab
# user-mount check (without it: "not installed setuid root").
check "an unprivileged user running /sbin/mount.cifs gets the fstab user-mount check" \
  sh -c 'out=$(setpriv --reuid=65534 --regid=65534 --clear-groups /sbin/mount.cifs //ci.invalid/share /mnt 2>&1); echo "$out"; echo "$out" | grep -q "permission denied: no match for /mnt found in /etc/fstab"' 
theirs=$(/sbin/mount.cifs.cifs-utils -V 2>&1)
echo "/sbin/mount.cifs.cifs-utils -V: $theirs"
# cifs-utils prints its program name: "mount.cifs.cifs-utils version: 7.0".
check "cifs-utils' helper runs from its diverted name" \
  [ "$theirs" = "mount.cifs.cifs-utils version: ${before_version#*version: }" ]
check "cifs-utils' helper kept its bytes and mode" \
  sh -c '[ "$(sha256sum </sbin/mount.cifs.cifs-utils)" = "$1" ] && [ "$(stat -c "%a %U:%G" /sbin/mount.cifs.cifs-utils)" = "$2" ]' \
  sh "$before_sum" "$before_mode"

echo "--- request-key and cifs-family-resolve"
ok_line='cifs-family: request-key runs /usr/sbin/cifs-family-resolve for the kernel'"'"'s dns_resolver requests'
check "postinst's dry-run check ran and found our handler" \
  grep -qxF "$ok_line" "$work/install.log"
request-key -d -n -v -D "dns_resolver;0;0;3b010000;ci.cifs-family.invalid" \
  create 1 0 0 0 0 0 "" 2>&1 | tee "$work/rk.installed"
check "request-key -d picks /usr/sbin/cifs-family-resolve for a test name" \
  [ "$(rk_winner)" = /usr/sbin/cifs-family-resolve ]
check "/etc/request-key.d/dns_resolver.conf is 0644 root:root" \
  [ "$(stat -c '%a %U:%G' /etc/request-key.d/dns_resolver.conf)" = "644 root:root" ]
check "/usr/sbin/cifs-family-resolve is 0755 root:root" \
  [ "$(stat -c '%a %U:%G' /usr/sbin/cifs-family-resolve)" = "755 root:root" ]
# The RPM's %post on the same files (its SELinux part finds no SELinux).
sh "$work/rpm.post" >"$work/rpm.post.out" 2>&1
cat "$work/rpm.post.out"
check "RPM %post's check finds our handler too" \
  grep -qxF "$ok_line" "$work/rpm.post.out"
# A rival "dns_resolver * *" line in another file ties with ours. The rival
# runs key.dns_resolver, so a real lookup meanwhile is answered as usual.
printf 'create dns_resolver * * /sbin/key.dns_resolver %%k\n' >"$rk_tie"
sh /var/lib/dpkg/info/cifs-family.postinst configure >"$work/postinst.tie" 2>&1
rc=$?
rm -f "$rk_tie"
cat "$work/postinst.tie"
check "postinst warns about the tie with ${rk_tie##*/} and exits 0" \
  sh -c '[ "$1" = 0 ] && grep -qF "warning: $2 line 1 (/sbin/key.dns_resolver) ties with /etc/request-key.d/dns_resolver.conf" "$3"' \
  sh "$rc" "$rk_tie" "$work/postinst.tie"
echo "--- debian/tests/installed-helper (the autopkgtest, run in place)"
check "autopkgtest installed-helper passes" \
  sh "$work/deb/cifs-family-$version/debian/tests/installed-helper"

step "Remove the .deb (dpkg -r), then purge (dpkg -P)"
dpkg -r cifs-family >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; abort "dpkg -r"; }
cat "$work/remove.log"
after=$(/sbin/mount.cifs -V 2>&1)
echo "/sbin/mount.cifs -V: $after"
check "no diversions by cifs-family are left" \
  sh -c '! dpkg-divert --list | grep -q "by cifs-family"'
check "/sbin/mount.cifs -V is cifs-utils' again ($before_version)" [ "$after" = "$before_version" ]
check "/sbin/mount.cifs has cifs-utils' bytes and mode again" \
  sh -c '[ "$(sha256sum </sbin/mount.cifs)" = "$1" ] && [ "$(stat -c "%a %U:%G" /sbin/mount.cifs)" = "$2" ]' \
  sh "$before_sum" "$before_mode"
check "/sbin/mount.smb3 -> $before_smb3 again" [ "$(readlink /sbin/mount.smb3)" = "$before_smb3" ]
check "cifs-utils' mount.cifs(8) is back" \
  [ "$(sha256sum </usr/share/man/man8/mount.cifs.8.gz)" = "$before_man" ]
check "no *.cifs-utils files are left" \
  sh -c '! ls /sbin/mount.*.cifs-utils /usr/share/man/man8/*.cifs-utils.8.gz 2>/dev/null | grep -q .'
check "removed, conffile kept: /etc/cifs-family.conf" test -f /etc/cifs-family.conf
check "removed: request-key -d picks /sbin/key.dns_resolver again" \
  [ "$(rk_winner)" = /sbin/key.dns_resolver ]
check "removed: the request-key file is set aside as dns_resolver.conf.cifs-family-removed" \
  sh -c '[ ! -e /etc/request-key.d/dns_resolver.conf ] && cmp -s /etc/request-key.d/dns_resolver.conf.cifs-family-removed "$1"' \
  sh packaging/request-key.d/dns_resolver.conf

step "dpkg-statoverride set before the install wins; removal restores cifs-utils' mode"
dpkg-statoverride --add root root 0755 /sbin/mount.cifs && statoverride_set=yes
check "statoverride root root 0755 /sbin/mount.cifs registered before the install" \
  sh -c '[ "$(dpkg-statoverride --list /sbin/mount.cifs)" = "root root 755 /sbin/mount.cifs" ]'
dpkg -i "$deb_file" >"$work/install-so.log" 2>&1 || { cat "$work/install-so.log"; abort "dpkg -i (statoverride)"; }
check "statoverride: /sbin/mount.cifs -V is ours" \
  sh -c '[ "$(/sbin/mount.cifs -V)" = "mount.cifs version: $1 (cifs-family)" ]' sh "$version"
check "statoverride: /sbin/mount.cifs is 0755 root:root (the administrator's mode, not 4755)" \
  [ "$(stat -c '%a %U:%G' /sbin/mount.cifs)" = "755 root:root" ]
check "statoverride: an unprivileged user's run is refused (not set-user-ID)" \
  sh -c 'setpriv --reuid=65534 --regid=65534 --clear-groups /sbin/mount.cifs //ci.invalid/share /mnt 2>&1 | grep -q "not installed setuid root"'
check "statoverride: cifs-utils' diverted helper kept its own mode ($before_mode)" \
  [ "$(stat -c '%a %U:%G' /sbin/mount.cifs.cifs-utils)" = "$before_mode" ]
check "statoverride: the autopkgtest installed-helper expects and finds the override's mode" \
  sh "$work/deb/cifs-family-$version/debian/tests/installed-helper"
dpkg -r cifs-family >"$work/remove-so.log" 2>&1 || { cat "$work/remove-so.log"; abort "dpkg -r (statoverride)"; }
check "statoverride: removed, /sbin/mount.cifs is cifs-utils' again, bytes and mode ($before_mode)" \
  sh -c '[ "$(/sbin/mount.cifs -V 2>&1)" = "$1" ] && [ "$(sha256sum </sbin/mount.cifs)" = "$2" ] && [ "$(stat -c "%a %U:%G" /sbin/mount.cifs)" = "$3" ]' \
  sh "$before_version" "$before_sum" "$before_mode"
dpkg-statoverride --remove /sbin/mount.cifs && statoverride_set=no
check "statoverride: removed again by the test" \
  sh -c '! dpkg-statoverride --list /sbin/mount.cifs >/dev/null'

step "Install again over the removed package's conffiles, remove again"
dpkg -i "$deb_file" >"$work/reinstall.log" 2>&1 || { cat "$work/reinstall.log"; abort "dpkg -i (again)"; }
cat "$work/reinstall.log"
check "reinstalled: the request-key file is back under its name, nothing set aside" \
  sh -c '[ -f /etc/request-key.d/dns_resolver.conf ] && [ ! -e /etc/request-key.d/dns_resolver.conf.cifs-family-removed ]'
check "reinstalled: dpkg --verify finds the conffiles unchanged" \
  sh -c '[ -z "$(dpkg --verify cifs-family 2>&1)" ]'
check "reinstalled: request-key -d picks /usr/sbin/cifs-family-resolve" \
  [ "$(rk_winner)" = /usr/sbin/cifs-family-resolve ]
dpkg -r cifs-family >"$work/remove2.log" 2>&1 || { cat "$work/remove2.log"; abort "dpkg -r (again)"; }
check "removed again: request-key -d picks /sbin/key.dns_resolver" \
  [ "$(rk_winner)" = /sbin/key.dns_resolver ]
dpkg -P cifs-family >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; abort "dpkg -P"; }
cat "$work/purge.log"
check "purged: /etc/cifs-family.conf is gone" test ! -e /etc/cifs-family.conf
check "purged: no request-key file of ours is left" \
  sh -c '! ls /etc/request-key.d/dns_resolver.conf* 2>/dev/null | grep -q .'
check "purged: request-key -d picks /sbin/key.dns_resolver" \
  [ "$(rk_winner)" = /sbin/key.dns_resolver ]
dpkg-divert --list | sort >"$work/diversions.after"
check "dpkg-divert --list is as before" same_lines "$work/diversions.before" "$work/diversions.after"
check "dpkg --verify cifs-utils is clean" \
  sh -c '[ -z "$(dpkg --verify cifs-utils 2>&1)" ]'

finish
