#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the source tarball NAME-VERSION.tar.gz (top directory NAME-VERSION/)
# that rpm/cifs-family.spec and debian/ build from.
#
#   make-dist.sh SOURCE_DIR OUTPUT_DIR NAME VERSION
#
# Contents: in a git checkout, every file git knows of in the work tree,
# committed or not, minus what .gitignore excludes (build trees) and minus
# tracked files deleted in the work tree; so the tarball is what a fresh
# clone of the next commit would hold. Outside git (e.g. inside an unpacked
# tarball), every file except build*/ and Debian build leftovers.
# Reproducible: sorted, owner root, file times = the last commit's time
# (or SOURCE_DATE_EPOCH when set).
set -eu
src=$1
out=$2
name=$3
version=$4
top="$name-$version"
tarball="$out/$top.tar.gz"

mkdir -p "$out"
list=$(mktemp)
trap 'rm -f "$list"' EXIT

cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ "$(git rev-parse --show-toplevel)" = "$(pwd -P)" ]; then
  git ls-files -z --cached --others --exclude-standard |
    xargs -0 -r sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] && printf "%s\0" "$f"; done' sh |
    sort -z -u >"$list"
  epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
else
  find . \( -path './build' -o -path './build-*' -o -path './obj-*' \
            -o -path './.git' -o -path './debian/.debhelper' \
            -o -path "./debian/$name" -o -path './debian/tmp' \) -prune \
         -o \( -type f -o -type l \) -print0 |
    sed -z 's,^\./,,' | grep -z -v -E '^debian/(files|debhelper-build-stamp|.*\.substvars|.*\.debhelper\.log)$' |
    sort -z -u >"$list"
  epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
fi

# The packaging must be in it, or the tarball cannot build the packages.
for required in CMakeLists.txt cmake/packaging.cmake rpm/cifs-family.spec \
                debian/control man/mount.cifs.8 man/cifs-family-resolve.8 \
                packaging/cifs-family.conf packaging/request-key.d/dns_resolver.conf \
                README.md docs/compatibility.md; do
  if ! tr '\0' '\n' <"$list" | grep -qx "$required"; then
    echo "make-dist.sh: $required is missing from the file list" >&2
    exit 1
  fi
done

tar --null --no-recursion --sort=name --mtime="@$epoch" \
    --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' \
    --transform "s,^,$top/,S" --use-compress-program='gzip -n -9' \
    -cf "$tarball.tmp" -T "$list"
mv "$tarball.tmp" "$tarball"
echo "$tarball ($(tr -cd '\0' <"$list" | wc -c) files)"
