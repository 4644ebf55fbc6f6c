#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks man/cifs-family-resolve.8 against the handler, the configuration
# code and the shipped request-key file, and lints it.
#
#   check_resolve_man.sh PRINT_OPTIONS PAGE CONFIG_CC REQUEST_KEY_CONF [HANDLER]
#
# Entries are marked as in mount.cifs.8 (see check_man.sh): a ".TP", then
# ".TQ" aliases, each followed by a ".B"/".BI"/".BR" tag line whose first
# argument's first word is the name ("\-" read as "-", quotes dropped).
# Rules:
#   * Entries under ".SH OPTIONS" name exactly the flags HANDLER --help
#     shows (every --long name and every -x short flag in its text), each
#     in one entry. Without HANDLER (the program is not built in this
#     tree) the page's entries are only required to exist.
#   * Entries under ".SH CONFIGURATION" are keys config.cc accepts, and
#     reconnect-ttl and failed-family-memory are among them.
#   * Every address family policy name appears in the page.
#   * REQUEST_KEY_CONF has exactly one request-key line, the one the page
#     shows ("create dns_resolver * * /usr/sbin/cifs-family-resolve %k"),
#     and the dry-run example's "dns_resolver.conf:N:" is that line's
#     number.
#   * The sections the page promises are there.
#   * The page's first line asks for tbl; mandoc -Tlint -Wwarning (and
#     groff -t -man -ww -z when installed) print nothing.
set -u
export LC_ALL=C
print_options=$1
page=$2
config_cc=$3
request_key_conf=$4
handler=${5:-}
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# section <TAB> entry number <TAB> name, for every entry tag in the page.
awk '
  /^\.\\"/ { next }
  /^\.SH[ \t]/ {
    s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s); section = s; want = 0; next
  }
  /^\.RS([ \t]|$)/ { depth++; next }
  /^\.RE([ \t]|$)/ { depth--; next }
  depth == 0 && /^\.TP([ \t]|$)/ { entry++; want = 1; next }
  depth == 0 && /^\.TQ([ \t]|$)/ { want = 1; next }
  want && /^\.(B|BI|BR)[ \t]/ {
    rest = $0; sub(/^\.[A-Z]+[ \t]+/, "", rest)
    if (substr(rest, 1, 1) == "\"") {
      name = substr(rest, 2); sub(/".*/, "", name); sub(/[ \t].*/, "", name)
    } else {
      name = rest; sub(/[ \t].*/, "", name)
    }
    gsub(/\\-/, "-", name); gsub(/\\&/, "", name); sub(/=$/, "", name)
    printf "%s\t%d\t%s\n", section, entry, name
  }
  { want = 0 }
' "$page" >"$tmp/entries"

section_names() {
  awk -F'\t' -v s="$1" '$1 == s { print $3 }' "$tmp/entries" | sort
}

# Options: the page against --help.
section_names OPTIONS | sort -u >"$tmp/man_flags"
[ -s "$tmp/man_flags" ] || fail "no entries under .SH OPTIONS"
awk -F'\t' '$1 == "OPTIONS" { print $2 "\t" $3 }' "$tmp/entries" |
  sort -u | cut -f2 | sort | uniq -d >"$tmp/dups"
for name in $(cat "$tmp/dups"); do
  fail "flag '$name' has more than one entry in $page"
done
if [ -n "$handler" ]; then
  "$handler" --help >"$tmp/help" 2>&1 || fail "$handler --help exited $?"
  [ -s "$tmp/help" ] || fail "$handler --help printed nothing"
  {
    grep -oE -- '--[a-z][a-z-]*' "$tmp/help"
    grep -oE -- '(^|[^A-Za-z0-9-])-[A-Za-z]([^A-Za-z0-9-]|$)' "$tmp/help" |
      grep -oE -- '-[A-Za-z]'
  } | sort -u >"$tmp/code_flags"
  [ -s "$tmp/code_flags" ] || fail "found no flags in $handler --help"
  for flag in $(comm -23 "$tmp/code_flags" "$tmp/man_flags"); do
    fail "flag '$flag' is in --help but not documented in $page"
  done
  for flag in $(comm -13 "$tmp/code_flags" "$tmp/man_flags"); do
    fail "flag '$flag' is documented in $page but not in --help"
  done
  n_flags="all $(wc -l <"$tmp/code_flags") flags of --help"
else
  echo "note: no cifs-family-resolve binary given; OPTIONS not compared with --help"
  n_flags="$(wc -l <"$tmp/man_flags") flags (not compared: no binary)"
fi

# Configuration keys named under CONFIGURATION must exist.
section_names CONFIGURATION | sort -u >"$tmp/man_keys"
grep -o 'key == "[a-z0-9-]*"' "$config_cc" | sed 's/.*"\(.*\)"/\1/' | sort -u \
  >"$tmp/code_keys"
[ -s "$tmp/code_keys" ] || fail "found no keys in $config_cc"
for k in $(comm -13 "$tmp/code_keys" "$tmp/man_keys"); do
  fail "key '$k' is documented in $page but config.cc does not accept it"
done
for k in reconnect-ttl failed-family-memory; do
  grep -qx "$k" "$tmp/man_keys" || fail "key '$k' has no entry under CONFIGURATION in $page"
done

# Family policy names.
. "$(dirname "$0")/policy_names.sh"

# The request-key line: the file's one line, as the page shows it.
want='create dns_resolver * * /usr/sbin/cifs-family-resolve %k'
grep -n -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$request_key_conf" >"$tmp/rk_lines"
if [ "$(wc -l <"$tmp/rk_lines")" != 1 ]; then
  fail "$request_key_conf must have exactly one request-key line"
fi
rk_number=$(cut -d: -f1 "$tmp/rk_lines" | head -n 1)
rk_line=$(cut -d: -f2- "$tmp/rk_lines" | head -n 1 | tr -s ' \t' '  ' | sed 's/ *$//')
[ "$rk_line" = "$want" ] ||
  fail "$request_key_conf says '$rk_line', not '$want'"
grep -Fq 'create dns_resolver * * /usr/sbin/cifs\-family\-resolve %k' "$page" ||
  fail "$page does not show the request-key line '$want'"
shown=$(sed -n 's/^dns_resolver\.conf:\([0-9]*\): Line matches.*/\1/p' "$page" | sort -u)
[ "$shown" = "$rk_number" ] ||
  fail "the dry-run example shows dns_resolver.conf:$shown, the line is number $rk_number"

for s in NAME SYNOPSIS DESCRIPTION OPTIONS "WHICH REQUESTS IT ANSWERS" \
         "THE ANSWER" "FAILURE MEMORY" "KEY LIFETIME" "CHECKING WHO ANSWERS" \
         "FLUSHING THE KERNEL'S CACHE" "STATE RECORDS" SYSLOG CONFIGURATION \
         SELINUX LIMITS "EXIT STATUS" FILES "SEE ALSO"; do
  grep -Eq "^\.SH \"?$s\"?\$" "$page" || fail "section '$s' is missing"
done

# Lint. The page has a table: its first line must ask man(1) for tbl.
head -n 1 "$page" | grep -qx "'\\\\\" t" ||
  fail "$page has a table but no '\\\" t line first (man(1) would not run tbl)"
. "$(dirname "$0")/lint_page.sh"

if [ $status -eq 0 ]; then
  echo "ok: $page documents $n_flags, $(wc -l <"$tmp/man_keys") configuration keys, the request-key line; lint clean"
fi
exit $status
