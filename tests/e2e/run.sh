#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The e2e rig: boots a Debian 6.12 kernel under QEMU with ksmbd serving a
# share, mounts it through our mount.cifs (and Debian's cifs-utils as the
# baseline), and judges the console. One boot runs every case.
#
#   tests/e2e/run.sh [--helper PATH] [--resolver PATH] [--deb PATH] [--cases FILE]
#                    [--mode ci|demo|bench] [--only ID,ID] [--no-pending]
#                    [--runs N] [--kvm] [--timeout SECONDS] [--console FILE]
#                    [--verbose]
#
# --helper   the mount.cifs to test (default: the tree is built into
#            build-e2e/ with tests off; CI passes build/bin/mount.cifs)
# --resolver the dns_resolver handler to test (cifs-family-resolve): it goes
#            in the guest as /usr/sbin/cifs-family-resolve with
#            /etc/request-key.d/dns_resolver.conf, and the reconnect cases
#            marked needs=resolver run; without it keyutils'
#            key.dns_resolver alone answers reconnects and those cases are
#            skipped (E2E-SKIP, never counted)
# --deb      the cifs-family .deb (packaging/ci-packages.sh builds it): the
#            guest installs its files over / (as dpkg unpacks them: the
#            helper 4755 root) for the user-mount cases, run last, typed by
#            an unprivileged user through util-linux mount(8)
#            (guest/usermount.sh); without it they are skipped (E2E-SKIP)
# --cases    another case table instead of tests/e2e/cases.sh
# --mode     ci (default): the case table tests/e2e/cases.sh; exits 0 only if
#            the guest printed "N passed, 0 failed" with N > 0 and the E2E-CASE
#            lines agree. demo and bench are driven by demo.sh and bench/.
# --no-pending  do not run the cases marked pending on an open issue (never
#            counted anyway)
# --only     run only these case ids (ci)
# --runs     runs per scenario (bench)
# --kvm      -accel kvm -cpu kvm64 instead of TCG (-cpu host aborts and
#            kvm64 crawls on these nested /dev/kvm machines: see
#            shared/reference/test-rigs.md, rig 3)
# --timeout  kill the VM after this long (ci 420 s, demo 180 s, bench 1800 s)
# --console  where the whole console goes (default $CACHE/console-MODE.log)
# --verbose  the guest prints its syslog and the output of unmet cases
# Exit: 0 all passed; 1 a case failed; 2 the rig broke (no summary, boot
# timeout, build or download failure).
set -euo pipefail
source "$(dirname "$0")/common.sh"

helper="" resolver="" deb="" cases="" mode=ci only="" pending=1 runs=5 accel=tcg timeout_s=""
console="" verbose=0
while (($#)); do
  case $1 in
    --helper) helper=$2; shift 2 ;;
    --resolver) resolver=$2; shift 2 ;;
    --deb) deb=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --no-pending) pending=0; shift ;;
    --runs) runs=$2; shift 2 ;;
    --kvm) accel=kvm; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --console) console=$2; shift 2 ;;
    --verbose) verbose=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    *) e2e_die "unknown argument $1 (see --help)" ;;
  esac
done
case $mode in
  ci) : "${timeout_s:=420}" ;;
  demo) : "${timeout_s:=180}" ;;
  bench) : "${timeout_s:=1800}" ;;
  *) e2e_die "unknown mode $mode" ;;
esac

t_start=$(date +%s.%N)

# --- the helper under test
if [[ -z $helper ]]; then
  # Our own build directory (tests off), never a stale build/ of someone's.
  e2e_log "building the helper into build-e2e/"
  { cmake -S "$REPO_DIR" -B "$REPO_DIR/build-e2e" -G Ninja -DCIFS_BUILD_TESTS=OFF >/dev/null &&
    ninja -C "$REPO_DIR/build-e2e" >/dev/null; } || e2e_die "building the helper failed"
  helper=$REPO_DIR/build-e2e/bin/mount.cifs
fi
[[ -x $helper ]] || e2e_die "no helper at $helper"
[[ -z $resolver || -x $resolver ]] || e2e_die "no resolver at $resolver"
[[ -z $deb || -f $deb ]] || e2e_die "no .deb at $deb"

# A syntax error in a file the guest's /init sources would kill init (a
# kernel panic, no summary): check them here first.
for f in "${cases:-$E2E_DIR/cases.sh}" "$REPO_DIR/bench/scenarios.sh" "$E2E_DIR"/guest/*.sh; do
  bash -n "$f" || e2e_die "shell syntax error in $f"
done

# --- the VM image (packages come from the cache after the first run)
work=$(mktemp -d "$CACHE/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$E2E_DIR/build-initramfs.sh" --helper "$helper" --out "$work" ${cases:+--cases "$cases"} \
  ${resolver:+--resolver "$resolver"} ${deb:+--deb "$deb"} ||
  e2e_die "building the VM image failed"
t_built=$(date +%s.%N)

# --- boot
# loglevel 4 puts kernel errors (CIFS: VFS: ...) on the console log; the
# demo keeps them off the screen a person watches.
loglevel=4
[[ $mode == demo ]] && loglevel=3
append="console=ttyS0 panic=-1 quiet loglevel=$loglevel e2e.mode=$mode e2e.pending=$pending e2e.runs=$runs e2e.verbose=$verbose"
[[ -n $only ]] && append+=" e2e.only=$only"
if [[ $accel == kvm ]]; then
  [[ -w /dev/kvm ]] || e2e_die "--kvm: /dev/kvm is not usable"
  accel_args=(-accel kvm -cpu kvm64)
else
  accel_args=(-accel tcg -cpu max)
fi
# No network device at all (-nic none): every packet stays inside the guest.
qemu=(qemu-system-x86_64 "${accel_args[@]}" -m 1024 -smp 2 -nodefaults
      -no-reboot -display none -monitor none -serial stdio -nic none
      -kernel "$work/vmlinuz" -initrd "$work/initramfs.cpio" -append "$append")
[[ -n $console ]] || console=$CACHE/console-$mode.log
# The run writes and judges its own copy; $console gets it at the end, so
# two runs at once (sharing the cache) cannot mix their consoles.
log=$work/console.log
e2e_log "booting ($accel, timeout ${timeout_s}s); console: $console"
set +e
if [[ $mode == ci ]]; then
  # CI output: the parsed lines; the whole console goes to $console.
  timeout -k 5 "$timeout_s" "${qemu[@]}" < /dev/null 2>&1 | tr -d '\r' | tee "$log" |
    grep --line-buffered -E '^(E2E-|[0-9]+ passed, [0-9]+ failed$|pending on open issues)'
  status=${PIPESTATUS[0]}
else
  timeout -k 5 "$timeout_s" "${qemu[@]}" < /dev/null 2>&1 | tr -d '\r' | tee "$log"
  status=${PIPESTATUS[0]}
fi
set -e
{ cp "$log" "$console.$$" && mv -f "$console.$$" "$console"; } || e2e_log "could not write $console"
t_end=$(date +%s.%N)
timing=$(awk -v a="$t_start" -v b="$t_built" -v c="$t_end" \
  'BEGIN { printf "image %.1f s, boot+run %.1f s, total %.1f s", b-a, c-b, c-a }')
if [[ $status -eq 124 || $status -eq 137 ]]; then
  e2e_log "timeout: the VM did not power off within ${timeout_s}s ($timing)"
  exit 2
fi

[[ $mode == ci ]] || { e2e_log "$timing"; exit 0; }

# --- judge the console (ci)
if grep -q '^E2E-ERROR' "$log"; then
  e2e_log "the rig reported errors:"; grep '^E2E-ERROR' "$log" >&2
fi
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
if [[ -z $summary ]]; then
  e2e_log "no summary line on the console (qemu exit $status, $timing); last lines:"
  tail -n 30 "$log" >&2
  exit 2
fi
n_pass=$(grep -c '^E2E-CASE .* result=pass' "$log" || true)
n_fail=$(grep -c '^E2E-CASE .* result=fail' "$log" || true)
s_pass=${summary%% passed*}
s_fail=${summary#*passed, }; s_fail=${s_fail%% failed}
e2e_log "$timing"
n_skip=$(grep -c '^E2E-SKIP ' "$log" || true)
if [[ $n_skip -ne 0 ]]; then
  e2e_log "$n_skip case(s) skipped, not counted: $(sed -n 's/^E2E-SKIP id=\([^ ]*\) why=\(.*\)/\1 (\2)/p' "$log" | paste -sd, - | sed 's/,/, /g')"
fi
if [[ $s_pass != "$n_pass" || $s_fail != "$n_fail" ]]; then
  e2e_log "summary '$summary' disagrees with the E2E-CASE lines ($n_pass pass, $n_fail fail)"
  exit 2
fi
if grep -q '^E2E-ERROR' "$log"; then exit 2; fi
echo "$summary"
if [[ $n_fail -ne 0 || $n_pass -eq 0 ]]; then exit 1; fi
exit 0
