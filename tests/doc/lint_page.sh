# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Sourced by check_man.sh and check_conf.sh: lints "$page" with
# "mandoc -Tlint -Wwarning" (required: without it the check fails rather
# than skips) and "groff -t -man -ww -z" when installed (-t: tables, as
# man(1) runs tbl for a page starting with '\" t); both must print
# nothing. Uses the caller's fail() and scratch directory $tmp.
if command -v mandoc >/dev/null 2>&1; then
  mandoc -Tlint -Wwarning "$page" >"$tmp/lint" 2>&1
  rc=$?
  if [ $rc -ne 0 ] || [ -s "$tmp/lint" ]; then
    cat "$tmp/lint"
    fail "mandoc -Tlint -Wwarning reported problems (exit $rc)"
  fi
else
  fail "mandoc is not installed (apt-get install mandoc)"
fi
if command -v groff >/dev/null 2>&1; then
  groff -t -man -ww -z "$page" >"$tmp/groff" 2>&1
  if [ -s "$tmp/groff" ]; then
    cat "$tmp/groff"
    fail "groff -ww reported warnings"
  fi
fi
