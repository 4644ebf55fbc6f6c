# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Issue 14: a mount that starts before the network is up (sourced by
# lib.sh). The client's addresses are all on dum0 (the server's too: one
# guest is both), so "the network is not up" is dum0 without any address:
# no route and no source address for either family (ENETUNREACH for a
# connect). A background job adds them back 2 s after the helper started;
# ksmbd's listener is bound to the device, not to an address, and survives.
#
#   e2e_netwait id=ID helper=ours|base src=UNC runs=N rc=EXPECTED
#               msg=TEXT|TEXT max_ms=MS log=WORDS what=TEXT
#
# Each run: the RTT history emptied (as every case), dum0's addresses
# flushed, the helper started (timed, killed after 60 s), the job adding
# them back after delay_s (2 s). Then for rc=0: mounted, I/O through the
# mount, the decision line (log=, e.g. waited=); for rc!=0: nothing mounted.
# Timing, all on the kernel's log clock (dmesg): `ip monitor address dev
# dum0`, started after the flush, writes each address event to /dev/kmsg as
# it arrives (the helper listens to the same rtnetlink group); the kernel
# logs "CIFS: Attempting to mount" when mount(2) enters the CIFS client.
# mount_ms= is that minus the first address event (the network usable
# again), per run, and median_mount_ms= over the runs; after_all_ms= is the
# same from the line the job writes once its `ip -batch` has added every
# address (negative: the mount came before the last one). A helper that
# calls mount(2) before the addresses are back gets
# mount2_before_network=yes and mount2_s_before_network= instead (expected
# of cifs-utils, a failure for ours).
#
# Prints one E2E-CASE line per case: runs=, rc= and ms= (exec to exit) per
# run, the timings above, waited= (the decision line's, first run) and
# out= (the helper's first output line, first run).

NW_DELAY_S=2

# dum0's addresses as e2e_setup_network adds them, for ip -batch.
nw_restore_batch() {
  cat > /tmp/nw-restore.batch <<'EOF'
addr add 198.51.100.10/24 dev dum0
addr add 2001:db8:cf::10/64 dev dum0 nodad
addr add 2001:db8:cf:1234:5678:9abc:def0:1010/64 dev dum0 nodad
addr add 2001:db8:cf::20/64 dev dum0 nodad
addr add 2001:db8:cf::c1/64 dev dum0 nodad
EOF
}

# dmesg_ts PATTERN: the timestamp (s) of the last kernel log line with that text.
nw_dmesg_ts() {
  dmesg | grep -F -- "$1" | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

nw_median() {  # nw_median "N N N": the median (the lower middle of an even count)
  echo "$1" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}

e2e_netwait() {
  local id='' helper=ours src=//dual.test/share runs=1 rc=0 msg='' max_ms='' log='' what='' kv k
  for kv in "$@"; do
    k=${kv%%=*}
    case $k in
      id|helper|src|runs|rc|msg|max_ms|log|what) eval "$k=\${kv#*=}" ;;
      *) echo "E2E-ERROR case $id: unknown field $k"; E2E_FAILED=$((E2E_FAILED + 1)); return ;;
    esac
  done
  if [ -n "$E2E_ONLY" ]; then
    case ",$E2E_ONLY," in *",$id,"*) ;; *) return ;; esac
  fi
  local bin o why='' n=0 res ms got_rc entry addr t_before t_after t_mount mount_ms
  local waited='' early_s='' all_after='' after_ms t_event all_ms='' all_mount='' all_rc='' first_out='' before_net=no logpos dl part fyi token
  bin=$(helper_path "$helper")
  o=$(auth_options pass)
  fail() { [ -z "$why" ] && why=$1; }
  nw_restore_batch
  # "Attempting to mount" is the kernel's info line only while cifsFYI is
  # off (the reconnect cases turn it on); user writes to /dev/kmsg are not
  # rate-limited for the markers.
  fyi=$(cat /proc/fs/cifs/cifsFYI 2>/dev/null || echo 0)
  echo 0 > /proc/fs/cifs/cifsFYI
  sysctl -qw kernel.printk_devkmsg=on
  write_conf ""
  mkdir -p "$E2E_MNT"
  while [ $n -lt "$runs" ]; do
    n=$((n + 1))
    e2e_rtt_history ""
    logpos=$(wc -c < "$E2E_SYSLOG")
    echo "e2e-netwait: $id.$n down" > /dev/kmsg
    $IP addr flush dev dum0
    # The moment the network is back, as a listener sees it: the first
    # address event on dum0 (the helper listens to the same rtnetlink
    # group), logged to /dev/kmsg as it arrives.
    rm -f /tmp/nw.fifo; mkfifo /tmp/nw.fifo
    $IP monitor address dev dum0 > /tmp/nw.fifo 2>/dev/null &
    local mon=$!
    ( while IFS= read -r l; do echo "e2e-netwait: $id.$n event $l" > /dev/kmsg; done < /tmp/nw.fifo ) &
    local reader=$!
    ( sleep "$NW_DELAY_S"
      echo "e2e-netwait: $id.$n restoring" > /dev/kmsg
      $IP -batch /tmp/nw-restore.batch
      echo "e2e-netwait: $id.$n restored" > /dev/kmsg ) &
    local job=$!
    timeit -t "$E2E_CASE_TIMEOUT" /tmp/timeit.res "$bin" "$src" "$E2E_MNT" -o "$o" \
      > /tmp/case.out 2>&1 < /dev/null
    wait "$job"
    usleep 100000
    kill "$mon" 2>/dev/null; wait "$mon" 2>/dev/null; wait "$reader" 2>/dev/null
    res=$(cat /tmp/timeit.res)
    ms=$(echo "$res" | sed -n 's/.*ms=\([0-9.]*\).*/\1/p')
    got_rc=$(echo "$res" | sed -n 's/.*rc=\([0-9]*\).*/\1/p')
    [ -z "$first_out" ] && first_out=$(head -n 1 /tmp/case.out | tr -d '"' | cut -c 1-200)
    all_ms="$all_ms${all_ms:+,}${ms%.*}" all_rc="$all_rc${all_rc:+,}$got_rc"
    # Every address back? (the job's ip must not have failed)
    $IP -4 addr show dev dum0 | grep -q '198.51.100.10/24' ||
      { fail "run $n: dum0's addresses not restored"; $IP -batch /tmp/nw-restore.batch 2>/dev/null; }
    # The kernel's clock: the job's lines and the first mount(2) after "down".
    t_before=$(nw_dmesg_ts "e2e-netwait: $id.$n restoring")
    t_after=$(nw_dmesg_ts "e2e-netwait: $id.$n restored")
    t_event=$(dmesg | awk -v m="e2e-netwait: $id.$n event" 'index($0, m) { sub(/^\[ */, ""); sub(/\].*/, ""); print; exit }')
    t_mount=$(dmesg | awk -v m="e2e-netwait: $id.$n down" '
      index($0, m) { on = 1; next }
      on && /CIFS: Attempting to mount/ { sub(/^\[ */, ""); sub(/\].*/, ""); print; exit }')
    if [ -n "$t_mount" ] && [ -n "$t_after" ] && [ -n "$t_event" ]; then
      mount_ms=$(awk -v a="$t_event" -v m="$t_mount" 'BEGIN { printf "%.1f", (m - a) * 1000 }')
      after_ms=$(awk -v a="$t_after" -v m="$t_mount" 'BEGIN { printf "%.1f", (m - a) * 1000 }')
      all_mount="$all_mount $mount_ms" all_after="$all_after $after_ms"
      [ "$(awk -v b="$t_before" -v m="$t_mount" 'BEGIN { print (m < b) }')" = 1 ] && before_net=yes
      early_s=$(awk -v e="$t_event" -v m="$t_mount" 'BEGIN { printf "%.2f", (e - m) }')
    elif [ -z "$t_event" ]; then
      fail "run $n: no address event logged (ip monitor)"
    fi
    [ "$got_rc" = "$rc" ] || fail "run $n: exit $got_rc, want $rc"
    case $res in *timeout=1*) fail "run $n: killed after $E2E_CASE_TIMEOUT s (hung)" ;; esac
    [ -n "$max_ms" ] && [ "${ms%.*}" -gt "$max_ms" ] && fail "run $n: took $ms ms, limit $max_ms"
    if [ -n "$msg" ]; then
      echo "$msg" | tr '|' '\n' > /tmp/msg.txt
      while IFS= read -r part; do
        grep -qF -- "$part" /tmp/case.out || fail "run $n: output lacks: $part"
      done < /tmp/msg.txt
    fi
    entry=$(mount_entry "$E2E_MNT")
    addr=$(addr_of_entry "$entry")
    if [ "$rc" = 0 ]; then
      [ "$before_net" = no ] || fail "run $n: mount(2) before the network was back"
      [ -n "$t_mount" ] || fail "run $n: no 'CIFS: Attempting to mount' in dmesg"
      if [ -z "$entry" ]; then
        fail "run $n: nothing mounted on $E2E_MNT"
      else
        token="e2e $id $n $$"
        if echo "$token" > "$E2E_MNT/$id.txt" 2>/tmp/io.err &&
           [ "$(cat "$E2E_MNT/$id.txt" 2>&1)" = "$token" ] &&
           [ "$(cat "$E2E_SERVER_DIR/$id.txt" 2>&1)" = "$token" ]; then :; else
          fail "run $n: I/O through the mount: $(cat /tmp/io.err)"
        fi
        rm -f "$E2E_SERVER_DIR/$id.txt"
        if [ -n "$log" ]; then
          dl=$(decision_line "$log" "$logpos" "$addr") || fail "run $n: no decision line with: $log"
          [ $n = 1 ] && waited=$(echo "$dl" | tr ' ' '\n' | sed -n 's/^waited=//p')
        fi
      fi
    elif [ -n "$entry" ]; then
      fail "run $n: mounted although the helper exited $got_rc"
    fi
    while [ -n "$(mount_entry "$E2E_MNT")" ]; do umount "$E2E_MNT" 2>/dev/null || umount -l "$E2E_MNT" || break; done
    if tail -c +"$((logpos + 1))" "$E2E_SYSLOG" | cat /tmp/case.out - | grep -qF "$E2E_PASSWORD"; then
      fail "run $n: the password appears in the helper's output or in syslog"
    fi
    [ -n "$why" ] && [ "$E2E_VERBOSE" = 1 ] && e2e_case_detail
  done
  echo "$fyi" > /proc/fs/cifs/cifsFYI
  sysctl -qw kernel.printk_devkmsg=ratelimit
  local shown
  shown="helper=$helper runs=$runs rc=$all_rc ms=$all_ms addr=${addr:-none}"
  if [ "$before_net" = no ]; then
    shown="$shown mount_ms=$(echo $all_mount | tr ' ' ',') median_mount_ms=$(nw_median "$all_mount")"
    shown="$shown after_all_ms=$(echo $all_after | tr ' ' ',')"
  else
    shown="$shown mount2_before_network=yes mount2_s_before_network=$early_s"
  fi
  [ "$rc" = 0 ] && shown="$shown waited=${waited:--}"
  shown="$shown out=\"$first_out\""
  e2e_result "$id" "$why" "$shown"
}
