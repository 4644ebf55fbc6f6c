#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks our mount.cifs against Debian's cifs-utils 7.0 in the e2e VM
# (tests/e2e: a Debian 6.12 kernel, ksmbd on dummy devices, faults made with
# routes and policy rules): the scenarios of bench/scenarios.sh, each helper
# RUNS times (default 5), median exec-to-exit times side by side with the
# ratio, and wall time and peak RSS for a literal IPv4 address.
#
#   bench/run.sh [--runs N] [--helper PATH] [--label TEXT] [--kvm] [--record]
#                [--report-only]
#
# --helper  the mount.cifs to measure (default: the tree, built into build-e2e/)
# --label   what the helper is, for RESULTS.md (default: git describe)
# --record  also writes the table, the date and the machine kind to
#           bench/RESULTS.md, the medians to bench/results.csv and their
#           plot to bench/results.svg (bench/plot.py; needs Debian's
#           python3-matplotlib)
# --report-only  no VM run: the tables again from the last run's console log
#           (after a change to report.py; --runs must match that run)
# Takes about 5 minutes with TCG and 7 runs (three rows cost cifs-utils the
# kernel's 10 s connect timeout per try).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/e2e/common.sh"

runs=5 record=0 report_only=0 pass=() label=""
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --record) record=1; shift ;;
    --report-only) report_only=1; shift ;;
    --helper) pass+=(--helper "$2"); shift 2 ;;
    --label) label=$2; shift 2 ;;
    --kvm) pass+=(--kvm); shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    *) e2e_die "unknown argument $1" ;;
  esac
done
((runs >= 1)) || e2e_die "--runs must be at least 1"

console=$CACHE/console-bench.log
# The host's load around the run and when it ended, kept beside the console
# log so --report-only can restate them.
meta=$CACHE/bench-meta
if ((!report_only)); then
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  "$here/../tests/e2e/run.sh" --mode bench --runs "$runs" --console "$console" "${pass[@]}" \
    | grep --line-buffered -E '^E2E-(BENCH |ERROR)' || true
  printf '%s|%s|%s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" > "$meta"
fi
[[ -f $meta ]] || e2e_die "no $meta: run the benchmark first"
IFS='|' read -r load_before load_after ended < "$meta"
grep -q '^E2E-BENCH-DONE' "$console" || e2e_die "the benchmark did not finish; see $console"

accel=TCG
[[ " ${pass[*]:-} " == *" --kvm "* ]] && accel=KVM
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
kver=$(sed -n 's/^E2E-INFO kernel=\([^ ]*\).*/\1/p' "$console" | head -n 1)
machine="Host: $(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) vCPU ($cpu), $mem RAM. \
Guest: QEMU $(qemu-system-x86_64 --version | sed -n 's/.*version \([^ ]*\).*/\1/p' | head -n 1) $accel \
(-cpu max, 2 vCPU, 1 GiB), Debian kernel $kver, ksmbd-tools 3.4.7, server and client in the same guest \
on dummy devices. cifs-utils 2:7.0-2 (Debian 12). Host load average (1, 5, 15 min) before the \
run: $load_before; after: $load_after."
csv=$CACHE/bench-results.csv
table=$(python3 "$here/report.py" --csv "$csv" "$console" "$machine")
echo
echo "$table"

if ((record)); then
  # Before RESULTS.md is rewritten, or the tree always looks dirty.
  : "${label:=$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)}"
  {
    echo "# Benchmark results"
    echo
    echo "Produced by \`bench/run.sh --record\` (runs: $runs), ended $ended."
    echo "cifs-family helper under test: $label."
    echo
    echo "Plot of every row, both helpers: [results.svg](results.svg) (bench/plot.py,"
    echo "from the medians in [results.csv](results.csv))."
    echo
    echo "![exec to exit and exec to mount(2), medians](results.svg)"
    echo
    echo "$table"
    echo
    echo "How to read it: each time runs from exec of the helper to its exit, so it"
    echo "includes mount(2) (TCP connect, SMB negotiate and session setup against"
    echo "ksmbd in the same guest). Under TCG everything CPU-bound is several times"
    echo "slower than on hardware, while the kernel's 5 s connect timeouts (445, then"
    echo "139) are wall-clock: cifs-utils' 10 s rows are what a real host sees too."
    echo "Where cifs-utils never mounted, its time is the time to its exit 32."
    echo
    echo "RTT history: before every try the guest empties its kernel's TCP RTT"
    echo "history (tcp_metrics); a row \"with RTT history\" then opens and closes"
    echo "one TCP connection to 198.51.100.10:445, as any earlier mount of the"
    echo "server within the hour leaves behind. With that history our helper's"
    echo "connection attempt delay is rtt + 4 x rttvar raised to RFC 8305's"
    echo "100 ms floor (attempt-delay=100ms/rtt); without it, RFC 8305's 250 ms"
    echo "default (attempt-delay=250ms/default). cifs-utils does not use it."
    echo
    echo "Noise: ksmbd in this kernel (6.12) polls for new connections every"
    echo "100 ms (kernel_accept with O_NONBLOCK, then a 100 ms sleep), so every"
    echo "mount(2) here waits a random 0-100 ms before the server sees it, for"
    echo "both helpers alike; medians of the mounting rows move by up to that."
    echo "The table of means with 95 % intervals and the -f rows (no mount(2))"
    echo "show the helpers' own difference without it."
    echo
    echo "Exec to mount(2): timeit -m preloads tests/e2e/guest/mountstamp.c into"
    echo "both helpers; it notes the time of each mount(2) call before passing it"
    echo "on. That time excludes the SMB session setup after the call, and the"
    echo "ksmbd accept delay with it, so the fast-fallback headline compares the"
    echo "helpers' own decisions."
    echo
    echo "Start-up cost and peak RSS: the programs are built -Os with section GC"
    echo "(CIFS_OPTIMIZE_SIZE, on by default), which took mount.cifs' text from"
    echo "727 KB to 430 KB (now with the AD site code). The RSS difference that"
    echo "remains is shared, file-backed program text, not private memory: at"
    echo "exit of a literal-IPv4 -f run on the host (/proc/PID/smaps), mount.cifs'"
    echo "own file accounts for 412 KiB of its RSS against cifs-utils' 48 KiB"
    echo "(the kernel maps text 64 KiB around each fault), talloc and cap-ng for"
    echo "84 against 32, libc and ld.so for 1552 against 1512; heap, stack and"
    echo "other anonymous memory is 80 KiB against 68 KiB."
  } > "$here/RESULTS.md"
  cp "$csv" "$here/results.csv"
  /usr/bin/python3 "$here/plot.py" "$here/results.csv" "$here/results.svg"
  e2e_log "wrote $here/RESULTS.md"
fi
