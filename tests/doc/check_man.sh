#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks man/mount.cifs.8 against the code and lints it.
#
#   check_man.sh PRINT_OPTIONS MANPAGE
#
# PRINT_OPTIONS is the tests/doc/print_options binary. How the page marks
# its entries (the rule this script reads, and the rule for editing the page):
#
#   * An entry is a ".TP" line, optionally followed by ".TQ" lines, each of
#     them followed by a tag line ".B", ".BI" or ".BR". The entry's names are
#     the first argument of each tag line, with "\-" read as "-", "\&"
#     removed, quotes removed and one trailing "=" removed:
#         .TP
#         .BI user= name        -> user
#         .TQ
#         .B user               -> user (same entry)
#         .TP
#         .BI x\- anything      -> x-
#   * Entries under '.SH "MOUNT OPTIONS"' must name exactly the rows of the
#     option table (mount.cifs/core/option_table.cc), each in one entry only.
#   * Entries under '.SH "COMMAND-LINE FLAGS"' must name every short flag
#     ParseCommandLine accepts and every --long flag the usage text shows;
#     every flag they name must be accepted.
#   * Every address family policy name (resolver::FamilyPolicyNames())
#     appears in the page, written with "\-".
#   * Lists nested with .RS/.RE inside an entry are not entries.
#   * Entries elsewhere (KERNEL OPTIONS, ENVIRONMENT, ...) are not compared.
#
# Then "mandoc -Tlint -Wwarning" must print nothing, and so must
# "groff -man -ww -z" when groff is installed. mandoc is required: without
# it the check fails rather than skips.
set -u
export LC_ALL=C
print_options=$1
page=$2
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
      name = substr(rest, 2); sub(/".*/, "", name)
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

# Mount options: the table and the page name the same set.
section_names "MOUNT OPTIONS" | sort -u >"$tmp/man_options"
"$print_options" options | sort >"$tmp/code_options" ||
  fail "print_options options failed"
[ -s "$tmp/man_options" ] || fail "no entries under .SH \"MOUNT OPTIONS\""
for name in $(comm -23 "$tmp/code_options" "$tmp/man_options" | sort -u); do
  fail "option '$name' is in the option table but not documented in $page"
done
for name in $(comm -13 "$tmp/code_options" "$tmp/man_options" | sort -u); do
  fail "option '$name' is documented in $page but not in the option table"
done
# One entry per option.
awk -F'\t' '$1 == "MOUNT OPTIONS" { print $2 "\t" $3 }' "$tmp/entries" |
  sort -u | cut -f2 | sort | uniq -d >"$tmp/dups"
for name in $(cat "$tmp/dups"); do
  fail "option '$name' has more than one entry in $page"
done

# Command-line flags.
section_names "COMMAND-LINE FLAGS" | sort -u >"$tmp/man_flags"
[ -s "$tmp/man_flags" ] || fail "no entries under .SH \"COMMAND-LINE FLAGS\""
{
  "$print_options" short-flags || fail "print_options short-flags failed"
  "$print_options" long-flags || fail "the usage text names a flag that is rejected"
} | sort -u >"$tmp/code_flags"
for flag in $(comm -23 "$tmp/code_flags" "$tmp/man_flags"); do
  fail "flag '$flag' is accepted but not documented in $page"
done
for flag in $(comm -13 "$tmp/code_flags" "$tmp/man_flags"); do
  # A --long flag the usage text does not show: it must still be accepted.
  "$print_options" accepts "$flag" >/dev/null ||
    fail "flag '$flag' is documented in $page but rejected"
done

# Family policy names: the resolver's list, each one in the page.
. "$(dirname "$0")/policy_names.sh"

# The sections the page promises (man/README rule: keep them).
for s in NAME SYNOPSIS DESCRIPTION "COMMAND-LINE FLAGS" "MOUNT OPTIONS" \
         "KERNEL OPTIONS" "ADDRESS FAMILY POLICIES" "KERNEL CAPABILITY DETECTION" \
         SYSLOG CONFIGURATION "EXIT STATUS" ENVIRONMENT FILES SECURITY \
         "COMPATIBILITY WITH CIFS-UTILS" EXAMPLES "SEE ALSO"; do
  grep -Eq "^\.SH \"?$s\"?\$" "$page" || fail "section '$s' is missing"
done

# Lint.
. "$(dirname "$0")/lint_page.sh"

n_options=$(wc -l <"$tmp/man_options")
n_flags=$(wc -l <"$tmp/man_flags")
if [ $status -eq 0 ]; then
  echo "ok: $page documents all $n_options option table names and $n_flags flags; lint clean"
fi
exit $status
