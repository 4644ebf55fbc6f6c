# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# The narrated demo (e2e.mode=demo), sourced by /init after setup: mount a
# share by a dual-stack name whose IPv6 path is blackholed, show the
# decision line, the mount table entry, and a file written and read through
# the mount; the same mount again, now that the kernel has RTT history for
# the server; a mount that starts before the network is up (no address for
# 2 s) waiting and mounting, cifs-utils failing at once; the reconnects
# (with --resolver); then Debian's cifs-utils on the blackholed name, for
# contrast.

DEMO_MNT=/mnt/demo
say() { echo; echo "=== $*"; }
show() { sed 's/^/    /'; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

echo
echo "cifs-family demo: a Debian $(cat /etc/e2e/kernel) kernel under QEMU, ksmbd serving"
echo "//<server>/share on 198.51.100.10 and 2001:db8:cf::10 (a dummy device: no"
echo "packet leaves this VM). VM up and ksmbd listening $(e2e_uptime) s after boot."

say "The name: bh6.test has an AAAA and an A record (/etc/hosts)"
grep 'bh6.test' /etc/hosts | show
say "The broken IPv6 path: 2001:db8:bad::/64 goes into bh0, a device that drops"
echo "    everything, so SYNs to the AAAA are never answered (a blackhole):"
$IP -6 route show 2001:db8:bad::/64 | show

mkdir -p "$DEMO_MNT"
# demo_mount: our helper on bh6.test, timed; leaves $ms, $rc and $logpos.
demo_mount() {
  echo "    # mount.cifs //bh6.test/share $DEMO_MNT -o username=e2e,password=********"
  logpos=$(wc -c < "$E2E_SYSLOG")
  timeit -t 60 /tmp/demo.res "$OURS" //bh6.test/share "$DEMO_MNT" \
    -o "username=e2e,password=$E2E_PASSWORD" > /tmp/demo.out 2>&1 < /dev/null
  ms=$(sed -n 's/.*ms=\([0-9.]*\).*/\1/p' /tmp/demo.res)
  rc=$(sed -n 's/.*rc=\([0-9]*\).*/\1/p' /tmp/demo.res)
  show < /tmp/demo.out
  echo "    exit status $rc after $(seconds "$ms")"
}
say "Mounting with cifs-family's mount.cifs (exec to mounted, timed)"
demo_mount
if [ "${ms%.*}" -gt 5000 ]; then
  echo "    (the kernel's connect to the AAAA timed out, 5 s on port 445 and 5 s"
  echo "    on 139, before the helper moved on to the A record)"
fi

say "The decision line from syslog (one line; here a word a line)"
if tail -c +"$((logpos + 1))" "$E2E_SYSLOG" | grep -E 'mount\.cifs(\[[0-9]+\])?: ' > /tmp/demo.log; then
  while IFS= read -r line; do
    echo "    ${line%%]: *}]:"
    echo "${line#*]: }" | tr ' ' '\n' | sed 's/^/        /'
  done < /tmp/demo.log
else
  echo "    (none: this build logs no decision line)"
fi

say "The mount table entry (/proc/mounts)"
entry=$(mount_entry "$DEMO_MNT")
if [ -n "$entry" ]; then
  echo "$entry" | sed "s/password=[^,]*/password=********/" | show
  echo "    -> connected over $(addr_of_entry "$entry")"

  say "A file written and read through the mount"
  text="hello over SMB, written $(e2e_uptime) s after boot"
  echo "    # echo \"$text\" > $DEMO_MNT/hello.txt"
  echo "$text" > "$DEMO_MNT/hello.txt"
  echo "    # cat $DEMO_MNT/hello.txt"
  show < "$DEMO_MNT/hello.txt"
  echo "    # ls -l $E2E_SERVER_DIR   (the server's directory)"
  ls -l "$E2E_SERVER_DIR" | show
  echo "    # cat $E2E_SERVER_DIR/hello.txt"
  show < "$E2E_SERVER_DIR/hello.txt"
  umount "$DEMO_MNT" && echo "    # umount $DEMO_MNT: done"

  say "The same mount again: the kernel now has RTT history for the server"
  e2e_wait_closed
  echo "    # ip tcp_metrics show 198.51.100.10"
  $IP tcp_metrics show 198.51.100.10 | show
  demo_mount
  echo "    decision line: $(decision_line "" "$logpos" |
    tr ' ' '\n' | grep -E '^(attempt-delay|candidate|decided-in)=' | tr '\n' ' ')"
  echo "    (the IPv6 attempt got rtt + 4 x rttvar, at least RFC 8305's 100 ms,"
  echo "    instead of its 250 ms default: see connection-attempt-delay in"
  echo "    cifs-family.conf(5))"
  [ -n "$(mount_entry "$DEMO_MNT")" ] && umount "$DEMO_MNT"
else
  echo "    (nothing mounted: the helper failed)"
fi

# Issue 14: a mount that starts before the network is up (as at boot)
# waits for it instead of failing; cifs-utils fails at once.
say "A mount that starts before the network is up waits for it, then mounts"
nw_restore_batch
echo "    # ip addr flush dev dum0   (every address of this host gone: no route to the server)"
echo "    # (sleep 2; ip -batch <the addresses>) &   (they come back in 2 s)"
demo_down() {
  $IP addr flush dev dum0
  ( sleep 2; $IP -batch /tmp/nw-restore.batch ) &
  demo_job=$!
}
demo_down
echo "    # mount.cifs //dual.test/share $DEMO_MNT -o username=e2e,password=********"
logpos=$(wc -c < "$E2E_SYSLOG")
timeit -t 60 /tmp/demo.res "$OURS" //dual.test/share "$DEMO_MNT" \
  -o "username=e2e,password=$E2E_PASSWORD" > /tmp/demo.out 2>&1 < /dev/null
ms=$(sed -n 's/.*ms=\([0-9.]*\).*/\1/p' /tmp/demo.res)
rc=$(sed -n 's/.*rc=\([0-9]*\).*/\1/p' /tmp/demo.res)
wait "$demo_job"
show < /tmp/demo.out
echo "    exit status $rc after $(seconds "$ms"); mounted over $(compress_addr "$(addr_of_entry "$(mount_entry "$DEMO_MNT")")")"
echo "    decision line: $(decision_line "" "$logpos" | tr ' ' '\n' | grep -E '^(result|waited)=' | tr '\n' ' ')"
if [ -n "$(mount_entry "$DEMO_MNT")" ]; then
  echo "before the network" > "$DEMO_MNT/early.txt" &&
    echo "    # cat $DEMO_MNT/early.txt: $(cat "$DEMO_MNT/early.txt")"
  umount "$DEMO_MNT"
fi
echo "    cifs-utils, same start:"
demo_down
timeit -t 60 /tmp/demo.res "$BASE" //dual.test/share "$DEMO_MNT" \
  -o "username=e2e,password=$E2E_PASSWORD" > /tmp/demo.out 2>&1 < /dev/null
ms=$(sed -n 's/.*ms=\([0-9.]*\).*/\1/p' /tmp/demo.res)
rc=$(sed -n 's/.*rc=\([0-9]*\).*/\1/p' /tmp/demo.res)
head -n 1 /tmp/demo.out | show
echo "    exit status $rc after $(seconds "$ms") (the addresses came back later)"
wait "$demo_job"
[ -n "$(mount_entry "$DEMO_MNT")" ] && umount "$DEMO_MNT"
e2e_wait_closed

# Reconnects (issue 12): the kernel resolves the name again on every
# reconnect attempt; with cifs-family-resolve in the guest (run.sh
# --resolver), the family the mount is on holds.
if [ -x "$RESOLVER" ] && [ -f "$RK_OURS" ] && e2e_setup_upcall > /dev/null 2>&1; then
  say "Reconnects: the kernel resolves the server name again by itself"
  echo "    request-key runs for its dns_resolver request: $(rc_upcall_prog dual.test)"
  echo "    # mount.cifs //dual.test/share $DEMO_MNT -o username=e2e,password=********"
  "$OURS" //dual.test/share "$DEMO_MNT" -o "username=e2e,password=$E2E_PASSWORD" \
    > /dev/null 2>&1 < /dev/null
  E2E_MNT=$DEMO_MNT
  echo "    mounted over $(rc_mount_addr)"
  echo "    # cat /run/cifs-family/hosts/dual.test   (what mount.cifs recorded for the handler)"
  show < /run/cifs-family/hosts/dual.test
  for i in 1 2; do
    rc_flush_dns
    logpos=$(wc -c < "$E2E_SYSLOG")
    echo "    # ss -K -t dport = :445   (reconnect $i: the kernel's connection killed)"
    $SS -K -t dport = :445 > /dev/null 2>&1
    rc_now
    if rc_io_until $((RC_NOW + 2000)) demo-rc; then
      echo "    I/O works again; the mount is now over $(rc_mount_addr)"
    else
      echo "    (no I/O within 20 s)"
    fi
    tail -c +"$((logpos + 1))" "$E2E_SYSLOG" | grep -o 'cifs-family-resolve.*' | head -n 1 |
      sed 's/^/    syslog: /'
  done
  echo "    (keyutils' key.dns_resolver alone answers the first IPv4 address: the"
  echo "    mount would have moved to 198.51.100.10 at the first reconnect)"
  rc_umount > /dev/null 2>&1
fi

say "For contrast: Debian's cifs-utils 7.0 mount.cifs on the same name"
echo "    # /usr/lib/cifs-utils-baseline/mount.cifs //bh6.test/share $DEMO_MNT -o username=e2e,password=********"
timeit -t 60 /tmp/demo.res "$BASE" //bh6.test/share "$DEMO_MNT" \
  -o "username=e2e,password=$E2E_PASSWORD" > /tmp/demo.out 2>&1 < /dev/null
ms=$(sed -n 's/.*ms=\([0-9.]*\).*/\1/p' /tmp/demo.res)
rc=$(sed -n 's/.*rc=\([0-9]*\).*/\1/p' /tmp/demo.res)
show < /tmp/demo.out
echo
echo "    exit status $rc after $(seconds "$ms")"
[ -n "$(mount_entry "$DEMO_MNT")" ] && umount "$DEMO_MNT"
echo
echo "=== demo done; powering off"
