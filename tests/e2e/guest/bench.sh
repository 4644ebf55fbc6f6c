# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# The benchmark (e2e.mode=bench), sourced by /init after setup. For every
# scenario of /e2e/scenarios.sh (bench/scenarios.sh) and E2E_RUNS runs
# (times the scenario's weight), our mount.cifs and Debian's cifs-utils each
# mount (the order alternates run by run), timed from exec to exit by
# timeit, then unmount. Each try starts BENCH_SETTLE_US after the last one
# ended, once its connections are closed, so the server's teardown of the
# last session is not timed. Before each try
# the guest kernel's TCP RTT history (tcp_metrics) is emptied, then, for a
# scenario with history=ADDR,..., one TCP connection to :445 of each ADDR is
# opened and closed (what an earlier mount of the server leaves behind).
# A scenario with conf= runs with that /etc/cifs-family.conf (";" separates
# lines; cifs-utils reads no such file). One line a try:
#   E2E-BENCH id=ID helper=ours|base run=N ms=MS rc=RC rss_kb=KB mount_ms=MS2 mounts=N mounted=0|1 addr=ADDR delay=D mode=M
# (ms: exec to exit; mount_ms: exec to the first mount(2) call, timed by the
# mountstamp.so shim, "-" for none; delay and mode: our helper's
# attempt-delay= and race-mode= words, "-" without one or for cifs-utils).
# bench/run.sh turns them into the table.

BENCH_IDS=
BENCH_SETTLE_US=300000
bench_scenario() {
  local id='' src='' args='' what='' history='' conf='' weight=1 kv
  for kv in "$@"; do
    case ${kv%%=*} in
      id|src|args|what|history|conf|weight) eval "${kv%%=*}=\${kv#*=}" ;;
      *) echo "E2E-ERROR bench scenario: unknown field ${kv%%=*}" ;;
    esac
  done
  BENCH_IDS="$BENCH_IDS $id"
  eval "BENCH_SRC_$id=\$src BENCH_ARGS_$id=\$args BENCH_HIST_$id=\$history BENCH_CONF_$id=\$conf"
  eval "BENCH_RUNS_$id=$((weight * E2E_RUNS))"
  echo "E2E-BENCH-SCENARIO id=$id src=$src args=$args history=${history:-none} what=$what"
}
. /e2e/scenarios.sh

bench_word() {  # bench_word SINCE_BYTE WORD: our helper's WORD= value
  decision_line "" "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | grep . || echo -
}

bench_once() {  # bench_once ID HELPER RUN
  local src args hist conf bin entry addr mounted res since stamp delay=- mode=-
  eval "src=\$BENCH_SRC_$1 args=\$BENCH_ARGS_$1 hist=\$BENCH_HIST_$1 conf=\$BENCH_CONF_$1"
  usleep "$BENCH_SETTLE_US"
  write_conf "$conf"
  e2e_rtt_history "$hist"
  since=$(wc -c < "$E2E_SYSLOG")
  case $2 in ours) bin=$OURS ;; base) bin=$BASE ;; esac
  mkdir -p "$E2E_MNT"
  # shellcheck disable=SC2086  # args is a word list
  # -f never calls mount(2): no shim there, so those rows' peak RSS is the
  # helper's own (the shim adds a small library to both helpers alike).
  stamp="-m /tmp/bench.stamp"
  case " $args " in *" -f "*) stamp= ;; esac
  # shellcheck disable=SC2086  # stamp and args are word lists
  timeit -t 120 $stamp /tmp/bench.res "$bin" "$src" "$E2E_MNT" $args \
    -o "username=e2e,password=$E2E_PASSWORD" > /tmp/bench.out 2>&1 < /dev/null
  res=$(cat /tmp/bench.res)
  if [ "$2" = ours ]; then
    delay=$(bench_word "$since" attempt-delay)
    mode=$(bench_word "$since" race-mode)
  fi
  write_conf ""
  entry=$(mount_entry "$E2E_MNT")
  addr=$(addr_of_entry "$entry")
  mounted=0
  if [ -n "$entry" ]; then
    mounted=1
    umount "$E2E_MNT" || umount -l "$E2E_MNT"
  fi
  echo "E2E-BENCH id=$1 helper=$2 run=$3 $res mounted=$mounted addr=${addr:-none} delay=$delay mode=$mode"
}

run=1 max=0
for id in $BENCH_IDS; do
  eval "n=\$BENCH_RUNS_$id"
  [ "$n" -gt "$max" ] && max=$n
done
while [ "$run" -le "$max" ]; do
  for id in $BENCH_IDS; do
    eval "n=\$BENCH_RUNS_$id"
    [ "$run" -le "$n" ] || continue
    if [ $((run % 2)) = 1 ]; then
      bench_once "$id" ours "$run"; bench_once "$id" base "$run"
    else
      bench_once "$id" base "$run"; bench_once "$id" ours "$run"
    fi
  done
  run=$((run + 1))
done
echo "E2E-BENCH-DONE runs=$E2E_RUNS"
