#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks man/cifs-family.conf.5 and the shipped example configuration
# against the code, and lints the page.
#
#   check_conf.sh PRINT_OPTIONS CONFPAGE EXAMPLE_CONF CONFIG_CC
#
# Rules:
#   * Entries under '.SH KEYS' are ".TP" + a ".B"/".BI" tag line whose first
#     word is the key ("\-" read as "-", quotes dropped); a list nested with
#     .RS/.RE inside an entry is part of it. Each entry has one line
#     "Default: \fBVALUE\fR" (anything may follow the \fR).
#   * The keys of the page, the keys of the example's [global] section and
#     the keys config.cc's SetSetting() compares against (key == "...") are
#     the same set. (config.cc has no key table yet; the grep is the stand-in.)
#   * Each page default is the example's value for that key, word for word.
#   * Every address family policy name (resolver::FamilyPolicyNames())
#     appears in the page (written with "\-") and in the example.
#   * The example, with its "#key = value" and "#[section]" lines
#     uncommented, parses, and its [global] values are the built-in defaults
#     (print_options check-config).
#   * mandoc -Tlint -Wwarning (and groff -ww when installed) print nothing.
set -u
export LC_ALL=C
print_options=$1
page=$2
example=$3
config_cc=$4
status=0
fail() { printf 'FAIL: %s\n' "$*"; status=1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# key <TAB> default, for every entry under .SH KEYS.
awk '
  /^\.\\"/ { next }
  /^\.SH[ \t]/ {
    if (key != "") print key "\t" def
    key = ""; def = ""
    s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s); section = s; want = 0; next
  }
  section != "KEYS" { next }
  /^\.RS([ \t]|$)/ { depth++; next }
  /^\.RE([ \t]|$)/ { depth--; next }
  depth == 0 && /^\.TP([ \t]|$)/ {
    if (key != "") print key "\t" def
    key = ""; def = ""; want = 1; next
  }
  want && /^\.(B|BI|BR)[ \t]/ {
    k = $0; sub(/^\.[A-Z]+[ \t]+/, "", k); sub(/[ \t].*/, "", k)
    gsub(/\\-/, "-", k); gsub(/"/, "", k); key = k; want = 0; next
  }
  /^Default: \\fB/ {
    d = $0; sub(/^Default: \\fB/, "", d); sub(/\\fR.*/, "", d); gsub(/\\-/, "-", d)
    def = (def == "" ? d : def "|" d)
  }
  { want = 0 }
  END { if (key != "") print key "\t" def }
' "$page" >"$tmp/man"

cut -f1 "$tmp/man" | sort >"$tmp/man_keys"
[ -s "$tmp/man_keys" ] || fail "no entries under .SH KEYS in $page"
sort "$tmp/man_keys" | uniq -d | while read -r k; do
  echo "FAIL: key '$k' has more than one entry in $page"
done | grep . && status=1

"$print_options" check-config "$example" >"$tmp/parsed" 2>"$tmp/parse_err" ||
  { cat "$tmp/parse_err"; fail "$example does not parse to the built-in defaults"; }
awk '$1 == "global-key" { print $2 }' "$tmp/parsed" | sort >"$tmp/example_keys"
grep -o 'key == "[a-z0-9-]*"' "$config_cc" | sed 's/.*"\(.*\)"/\1/' | sort -u \
  >"$tmp/code_keys"
[ -s "$tmp/code_keys" ] || fail "found no keys in $config_cc"

for k in $(comm -23 "$tmp/code_keys" "$tmp/man_keys"); do
  fail "key '$k' is accepted by config.cc but not documented in $page"
done
for k in $(comm -13 "$tmp/code_keys" "$tmp/man_keys"); do
  fail "key '$k' is documented in $page but config.cc does not accept it"
done
for k in $(comm -3 "$tmp/code_keys" "$tmp/example_keys" | tr -d '\t'); do
  fail "key '$k': the example's [global] section and config.cc disagree"
done

# Page defaults == the example's values.
while IFS="$(printf '\t')" read -r key def; do
  [ -n "$def" ] || { fail "key '$key' has no 'Default: \\fB...\\fR' line"; continue; }
  value=$(sed -n "s/^#$key = //p" "$example" | head -n 1)
  [ "$def" = "$value" ] ||
    fail "key '$key': page default '$def', example value '$value'"
done <"$tmp/man"

# Family policy names: the resolver's list, each one in the page and the
# example.
policy_files=$example
. "$(dirname "$0")/policy_names.sh"

for s in '\[global\]' '\[server'; do
  grep -q "$s" "$page" || fail "section $s is not described in $page"
done

. "$(dirname "$0")/lint_page.sh"

if [ $status -eq 0 ]; then
  echo "ok: $page documents all $(wc -l <"$tmp/code_keys") keys with the example's defaults; example parses to the built-in defaults; lint clean"
fi
exit $status
