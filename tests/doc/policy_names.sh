# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Sourced by check_man.sh and check_conf.sh: every family policy name of
# the resolver's one list ("$print_options" family-policies) must appear in
# "$page" and in each further file named in $policy_files. Uses the
# caller's fail().
names=$("$print_options" family-policies) ||
  fail "print_options family-policies failed"
[ -n "$names" ] || fail "print_options family-policies printed nothing"
for name in $names; do
  grep -Fq "$(printf '%s' "$name" | sed 's/-/\\-/g')" "$page" ||
    fail "family policy '$name' is not documented in $page"
  for f in ${policy_files:-}; do
    grep -Fq "$name" "$f" || fail "family policy '$name' is not mentioned in $f"
  done
done
