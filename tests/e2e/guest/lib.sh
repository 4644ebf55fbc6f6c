# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# The e2e guest's library (busybox sh, sourced by /init): setup, and the
# case runner that /e2e/cases.sh drives through e2e_case.
#
# Console lines the host parses (tests/e2e/run.sh):
#   E2E-CASE id=ID result=pass|fail ...     a counted case
#   E2E-PENDING id=ID result=met|unmet ...  pending on an issue: never counted
#   E2E-SKIP id=ID why=...                  not run
#   E2E-TIME what=T                         seconds since boot (/proc/uptime)
#   E2E-ERROR ...                           the rig itself broke
#   E2E-INFO ..., RC-LOG ...                notes (reconnect.sh), not judged
#   N passed, M failed                      the last line of a ci run

E2E_PASSWORD=e2e-secret-1
E2E_SERVER_DIR=/srv/share
E2E_MNT=/mnt/e2e
E2E_SYSLOG=/var/log/messages
OURS=/sbin/mount.cifs
# iproute2's ip by path: busybox sh runs its own applets before $PATH.
IP=/usr/libexec/e2e/ip
BASE=/usr/lib/cifs-utils-baseline/mount.cifs
# A hung helper is killed after this long, so one case cannot stall the run.
E2E_CASE_TIMEOUT=60
E2E_PASSED=0 E2E_FAILED=0 E2E_PEND_MET=0 E2E_PEND_UNMET=0 E2E_SKIPPED=0

e2e_uptime() { cut -d' ' -f1 /proc/uptime; }
e2e_time() { [ "$E2E_MODE" = demo ] || echo "E2E-TIME $1=$(e2e_uptime)"; }
e2e_dmesg_tail() { dmesg | tail -n "$1" | sed 's/^/E2E-DMESG /'; }

# --- setup -----------------------------------------------------------------

e2e_setup() {
  hostname e2e
  local m
  for m in $(cat /etc/e2e/modules.order); do
    insmod "/lib/modules/e2e/$m.ko" || { echo "E2E-ERROR insmod $m"; return 1; }
  done
  e2e_time modules
  e2e_setup_network || return 1
  syslogd -O "$E2E_SYSLOG" || return 1
  # syslogd daemonises before its child has bound /dev/log.
  local i=0
  while [ ! -S /dev/log ] && [ $i -lt 100 ]; do usleep 50000; i=$((i + 1)); done
  # Prove the decision-line check itself works (ident, LOG_INFO, words),
  # so a missing line later is the helper's doing, not the rig's.
  logger -t mount.cifs -p user.info "e2e-selftest ip=selftest"
  decision_line "e2e-selftest ip=" 0 >/dev/null ||
    { echo "E2E-ERROR syslog self-test: no line in $E2E_SYSLOG"; return 1; }
  # The same for the dns_resolver handler's lines (another ident, facility
  # daemon): the reconnect cases read its ms= from them.
  logger -t cifs-family-resolve -p daemon.info "e2e-selftest ms=0"
  i=0
  while [ "$(handler_ms 0)" != 0 ] && [ $i -lt 20 ]; do usleep 50000; i=$((i + 1)); done
  [ "$(handler_ms 0)" = 0 ] ||
    { echo "E2E-ERROR syslog self-test: no cifs-family-resolve line in $E2E_SYSLOG"; return 1; }
  e2e_setup_server || return 1
  e2e_setup_upcall || return 1
  e2e_time ready
}

# The network: no NIC at all (QEMU -nic none), only dummy devices, so no
# packet can leave the guest. Documentation prefixes (RFC 5737 / RFC 3849)
# make the server look like a remote host to the client and to getaddrinfo
# (a loopback address would change RFC 6724 ordering and AI_ADDRCONFIG).
e2e_setup_network() {
  $IP link set lo up &&
  # IPv6 addresses without DAD are usable at once (else tentative ~1 s).
  sysctl -qw net.ipv6.conf.default.accept_dad=0 &&
  # dum0: the server. ksmbd listens here only (ksmbd.conf).
  $IP link add dum0 type dummy && $IP link set dum0 up &&
  $IP addr add 198.51.100.10/24 dev dum0 &&
  $IP -6 addr add 2001:db8:cf::10/64 dev dum0 nodad &&
  $IP -6 addr add 2001:db8:cf:1234:5678:9abc:def0:1010/64 dev dum0 nodad &&
  # cut6.test's AAAA: a reconnect case removes it from dum0 and routes it
  # into bh0 after the mount (guest/reconnect.sh, break=cut6).
  $IP -6 addr add 2001:db8:cf::20/64 dev dum0 nodad &&
  # The client's own IPv6 address for srcaddr= (on dum0: ksmbd binds to
  # dum0, and its answers to an address on another device are lost).
  $IP -6 addr add 2001:db8:cf::c1/64 dev dum0 nodad &&
  # dum1: an address where nothing listens: SYN -> RST -> ECONNREFUSED.
  $IP link add dum1 type dummy && $IP link set dum1 up &&
  $IP -6 addr add 2001:db8:cf1::10/64 dev dum1 nodad &&
  # bh0: a dummy with no address; what is routed into it vanishes (a dummy
  # device drops every packet and does no neighbour discovery): SYNs are
  # never answered, the kernel's connect times out (EINPROGRESS, 5 s a port).
  $IP link add bh0 type dummy && $IP link set bh0 up &&
  $IP -6 route add 2001:db8:bad::/64 dev bh0 &&
  # Unroutable for TCP only: the rule makes connect() fail with ENETUNREACH
  # at once, as for an AAAA without an IPv6 route, but glibc's RFC 6724
  # probe (a UDP connect) still finds the bh0 route, so getaddrinfo orders
  # the AAAA first as it does in the field (where the probe passes and the
  # path fails later). Busybox ip cannot say ipproto: iproute2's is used,
  # with the number (6 = tcp: the guest has no /etc/protocols).
  $IP -6 route add 2001:db8:dead::/64 dev bh0 &&
  $IP -6 rule add to 2001:db8:dead::/64 ipproto 6 unreachable pref 100 ||
  { echo "E2E-ERROR network setup"; return 1; }
  e2e_time network
}

e2e_setup_server() {
  mkdir -p "$E2E_SERVER_DIR" && chmod 0777 "$E2E_SERVER_DIR" &&
  echo "seed for read-only mounts" > "$E2E_SERVER_DIR/ro-seed.txt" &&
  ksmbd.adduser -a e2e -p "$E2E_PASSWORD" >/tmp/adduser.log 2>&1 ||
    { echo "E2E-ERROR ksmbd.adduser"; sed 's/^/E2E-ERROR /' /tmp/adduser.log; return 1; }
  printf 'username=e2e\npassword=%s\n' "$E2E_PASSWORD" > /etc/e2e/creds
  chmod 0600 /etc/e2e/creds
  # Daemonised (not -n): in the foreground its log would be lost.
  ksmbd.mountd >/tmp/mountd.log 2>&1 || { echo "E2E-ERROR ksmbd.mountd"; return 1; }
  local i=0
  # Wait for the listener on :445 (01BD) in state LISTEN (0A).
  while ! grep -q ':01BD 00000000000000000000000000000000:0000 0A' /proc/net/tcp6 2>/dev/null &&
        ! grep -q ':01BD 00000000:0000 0A' /proc/net/tcp 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then
      echo "E2E-ERROR ksmbd not listening after 30 s"
      e2e_dmesg_tail 20
      return 1
    fi
    usleep 100000
  done
}

# --- helpers ---------------------------------------------------------------

# expand_addr ADDR: IPv4 as is; IPv6 in the kernel's /proc/mounts form
# (eight 4-digit lower-case groups), so both sides compare as text.
expand_addr() {
  case $1 in
    *:*) echo "$1" | awk '
      function pad(g) { return substr("0000" g, length(g) + 1) }
      {
        a = tolower($0); n = 0
        if (i = index(a, "::")) {
          nl = (i > 1) ? split(substr(a, 1, i - 1), L, ":") : 0
          nr = (i + 2 <= length(a)) ? split(substr(a, i + 2), R, ":") : 0
          for (k = 1; k <= nl; k++) G[++n] = L[k]
          for (k = 0; k < 8 - nl - nr; k++) G[++n] = "0"
          for (k = 1; k <= nr; k++) G[++n] = R[k]
        } else {
          n = split(a, G, ":")
        }
        out = pad(G[1]); for (k = 2; k <= n; k++) out = out ":" pad(G[k]); print out
      }' ;;
    *) echo "$1" ;;
  esac
}

mount_entry() { awk -v mp="$1" '$2 == mp' /proc/mounts | tail -n 1; }

# addr_of_entry "ENTRY": the addr= option of a /proc/mounts line.
addr_of_entry() { echo "$1" | tr ',' '\n' | sed -n 's/^addr=//p' | head -n 1; }

helper_path() {
  case $1 in
    ours) echo "$OURS" ;;
    ours-smb3) echo /sbin/mount.smb3 ;;
    base) echo "$BASE" ;;
    base-smb3) echo /usr/lib/cifs-utils-baseline/mount.smb3 ;;
    *) echo "/nonexistent-helper-$1" ;;
  esac
}

auth_options() {
  case $1 in
    pass) echo "username=e2e,password=$E2E_PASSWORD" ;;
    creds) echo "credentials=/etc/e2e/creds" ;;
    wrong) echo "username=e2e,password=not-the-password" ;;
    none) echo "" ;;
  esac
}

write_conf() {  # write_conf "a = b;c = d": /etc/cifs-family.conf, or none
  rm -f /etc/cifs-family.conf
  [ -n "$1" ] && echo "$1" | tr ';' '\n' | sed 's/^ *//' > /etc/cifs-family.conf
  return 0
}

# compress_addr ADDR: IPv4 as is; IPv6 in RFC 5952 text (what inet_ntop and
# the helper's log print), from any form such as /proc/mounts' expanded one.
compress_addr() {
  case $1 in
    *:*) expand_addr "$1" | awk -F: '{
           for (i = 1; i <= 8; i++) { g[i] = $i; sub(/^0+/, "", g[i]); if (g[i] == "") g[i] = "0" }
           best = 0; bl = 0
           for (i = 1; i <= 8; i++) {
             if (g[i] != "0") continue
             for (j = i; j <= 8 && g[j] == "0"; j++) ;
             if (j - i > bl) { best = i; bl = j - i }
             i = j
           }
           if (bl < 2) { out = g[1]; for (i = 2; i <= 8; i++) out = out ":" g[i]; print out; exit }
           l = ""; for (i = 1; i < best; i++) l = l (l == "" ? "" : ":") g[i]
           r = ""; for (i = best + bl; i <= 8; i++) r = r (r == "" ? "" : ":") g[i]
           print l "::" r }' ;;
    *) echo "$1" ;;
  esac
}

# decision_line WORDS SINCE_BYTE [MOUNTED_ADDR]: the helper's decision line
# (ident mount.cifs or mount.smb3) logged after byte SINCE_BYTE of the
# syslog, the first that matches every word of WORDS:
#   key=value   that exact word       key=     some word with that key
#   !prefix     no word starts so     prio=P   logged at priority P (info,
#   @ in a word stands for MOUNTED_ADDR      warn, err, ...)
# Waits up to 1 s for syslogd. Prints the line.
decision_line() {
  local words="$1" since="$2" mounted i=0 line w ok body prio
  mounted=$(compress_addr "${3:-none}")
  while [ $i -lt 20 ]; do
    tail -c +"$((since + 1))" "$E2E_SYSLOG" |
      grep -E ' [a-z0-9]+\.[a-z]+ mount\.(cifs|smb3)(\[[0-9]+\])?: ' > /tmp/dl.txt
    while IFS= read -r line; do
      ok=1
      body=" $(echo "$line" | sed 's/^.* mount\.[a-z0-9]*\(\[[0-9]*\]\)\{0,1\}: //') "
      prio=$(echo "$line" | sed -n 's/^.* [a-z0-9]*\.\([a-z]*\) mount\.[a-z0-9]*[^a-z0-9.].*/\1/p')
      for w in $words; do
        case $w in *@*) w="${w%%@*}$mounted${w#*@}" ;; esac
        case $w in
          prio=*) [ "$prio" = "${w#prio=}" ] || ok=0 ;;
          !*) case $body in *" ${w#!}"*) ok=0 ;; esac ;;
          *=) case $body in *" $w"*) ;; *) ok=0 ;; esac ;;
          *) case $body in *" $w "*) ;; *) ok=0 ;; esac ;;
        esac
      done
      [ $ok = 1 ] && { echo "$line"; return 0; }
    done < /tmp/dl.txt
    i=$((i + 1))
    usleep 50000
  done
  return 1
}

# --- the case runner -------------------------------------------------------

# e2e_wait_closed: connections save their RTT history when they close,
# which the kernel's CIFS client does a little after umount returns: wait
# (5 s at most) for every connection to a :445 (01BD) to be gone or in
# TIME_WAIT (06).
e2e_wait_closed() {
  local i=0
  while [ "$(awk '$3 ~ /:01BD$/ && $4 != "06" { n++ } END { print n + 0 }' \
             /proc/net/tcp /proc/net/tcp6)" != 0 ]; do
    i=$((i + 1))
    [ $i -gt 250 ] && { echo "E2E-NOTE rtt history: a connection to :445 stays open"; return; }
    usleep 20000
  done
}

# e2e_rtt_history "ADDR,...": the kernel's TCP RTT history (tcp_metrics),
# which sets our helper's connection attempt delay, made known before a case
# or a benchmark try: emptied, then one closed TCP connection to :445 of
# each ADDR (what an earlier mount of that server leaves behind).
e2e_rtt_history() {
  local a i
  e2e_wait_closed
  $IP tcp_metrics flush all 2>/dev/null
  for a in $(echo "$1" | tr ',' ' '); do
    nc -w 2 "$a" 445 < /dev/null > /dev/null 2>&1
    # The kernel saves the metrics when the connection reaches TIME_WAIT.
    i=0
    while ! $IP tcp_metrics show "$a" 2>/dev/null | grep -q ' rtt '; do
      i=$((i + 1))
      [ $i -gt 100 ] && { echo "E2E-ERROR rtt history: no RTT history for $a"; return 1; }
      usleep 20000
    done
  done
}


# e2e_case FIELD=VALUE...: run one case (see tests/e2e/cases.sh for fields).
e2e_case() {
  local id='' state=ci helper=ours src='' auth=pass opts='' conf='' rc=0 msg='' notmsg='' io='' \
        want=any max_ms='' min_ms='' fstype='' log='' history='' what='' kv k
  for kv in "$@"; do
    k=${kv%%=*}
    case $k in
      id|state|helper|src|auth|opts|conf|rc|msg|notmsg|io|want|max_ms|min_ms|fstype|log|history|what)
        eval "$k=\${kv#*=}" ;;
      *) echo "E2E-ERROR case $id: unknown field $k"; E2E_FAILED=$((E2E_FAILED + 1)); return ;;
    esac
  done
  [ -n "$io" ] || { [ "$rc" = 0 ] && io=rw || io=none; }
  [ -n "$fstype" ] || case $helper in *smb3) fstype=smb3 ;; *) fstype=cifs ;; esac

  if [ -n "$E2E_ONLY" ]; then
    case ",$E2E_ONLY," in *",$id,"*) ;; *) return ;; esac
  fi
  case $state in
    ci) ;;
    pending:[0-9]*)
      if [ "$E2E_PENDING" != 1 ]; then
        echo "E2E-SKIP id=$id why=pending-issue-${state#pending:}"
        E2E_SKIPPED=$((E2E_SKIPPED + 1))
        return
      fi ;;
    *) echo "E2E-ERROR case $id: unknown state $state"; E2E_FAILED=$((E2E_FAILED + 1)); return ;;
  esac

  local t0 bin o why='' res ms ms_int got_rc rss entry addr got_fs logpos token got dl
  t0=$(e2e_uptime)
  bin=$(helper_path "$helper")
  o=$(auth_options "$auth")
  [ -n "$opts" ] && o=${o:+$o,}$opts
  write_conf "$conf"
  e2e_rtt_history "$history"
  mkdir -p "$E2E_MNT"
  logpos=$(wc -c < "$E2E_SYSLOG")
  if [ -n "$o" ]; then
    timeit -t "$E2E_CASE_TIMEOUT" /tmp/timeit.res "$bin" "$src" "$E2E_MNT" -o "$o" > /tmp/case.out 2>&1 < /dev/null
  else
    timeit -t "$E2E_CASE_TIMEOUT" /tmp/timeit.res "$bin" "$src" "$E2E_MNT" > /tmp/case.out 2>&1 < /dev/null
  fi
  res=$(cat /tmp/timeit.res)
  ms=$(echo "$res" | sed -n 's/.*ms=\([0-9.]*\).*/\1/p')
  got_rc=$(echo "$res" | sed -n 's/.*rc=\([0-9]*\).*/\1/p')
  rss=$(echo "$res" | sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p')
  ms_int=${ms%.*}
  entry=$(mount_entry "$E2E_MNT")
  addr=$(addr_of_entry "$entry")
  got_fs=$(echo "$entry" | cut -d' ' -f3)

  fail() { [ -z "$why" ] && why=$1; }
  case $res in *timeout=1*) fail "killed after $E2E_CASE_TIMEOUT s (hung)" ;; esac
  [ "$got_rc" = "$rc" ] || fail "exit $got_rc, want $rc"
  local part
  if [ -n "$msg" ]; then
    echo "$msg" | tr '|' '\n' > /tmp/msg.txt
    while IFS= read -r part; do
      grep -qF -- "$part" /tmp/case.out || fail "output lacks: $part"
    done < /tmp/msg.txt
  fi
  if [ -n "$notmsg" ] && grep -qF -- "$notmsg" /tmp/case.out; then fail "output has: $notmsg"; fi
  [ -n "$max_ms" ] && [ "${ms_int:-0}" -gt "$max_ms" ] && fail "took ${ms} ms, limit $max_ms"
  [ -n "$min_ms" ] && [ "${ms_int:-0}" -lt "$min_ms" ] && fail "took ${ms} ms, expected at least $min_ms (is the fault real?)"

  if [ "$rc" = 0 ] && [ "$got_rc" = 0 ]; then
    if [ -z "$entry" ]; then
      fail "exit 0 but nothing mounted on $E2E_MNT"
    else
      [ "$got_fs" = "$fstype" ] || fail "fstype $got_fs, want $fstype"
      case $want in
        any) ;;
        v4) case $addr in *:*) fail "mounted over $addr, want IPv4" ;; esac ;;
        v6) case $addr in *:*) ;; *) fail "mounted over $addr, want IPv6" ;; esac ;;
        *) [ "$(expand_addr "$addr")" = "$(expand_addr "$want")" ] ||
             fail "mounted over $addr, want $want" ;;
      esac
      token="e2e $id $$ $t0"
      case $io in
        rw)
          if ! echo "$token" > "$E2E_MNT/$id.txt" 2>/tmp/io.err; then
            fail "write through the mount: $(cat /tmp/io.err)"
          else
            got=$(cat "$E2E_MNT/$id.txt" 2>&1)
            [ "$got" = "$token" ] || fail "read back through the mount: '$got'"
            got=$(cat "$E2E_SERVER_DIR/$id.txt" 2>&1)
            [ "$got" = "$token" ] || fail "server directory has: '$got'"
          fi ;;
        ro)
          case ",$(echo "$entry" | cut -d' ' -f4)," in *,ro,*) ;; *) fail "not mounted ro" ;; esac
          if echo "$token" > "$E2E_MNT/$id.txt" 2>/dev/null; then fail "write on a ro mount succeeded"; fi
          [ -e "$E2E_SERVER_DIR/$id.txt" ] && fail "ro mount created $id.txt on the server"
          got=$(cat "$E2E_MNT/ro-seed.txt" 2>&1)
          [ "$got" = "$(cat "$E2E_SERVER_DIR/ro-seed.txt")" ] || fail "read through ro mount: '$got'"
          ;;
      esac
      umount "$E2E_MNT" 2>/tmp/umount.err || fail "umount: $(cat /tmp/umount.err)"
      [ -z "$(mount_entry "$E2E_MNT")" ] || fail "still mounted after umount"
    fi
  elif [ -n "$entry" ]; then
    fail "mounted although the helper exited $got_rc"
  fi
  # Never leave a mount behind for the next case.
  while [ -n "$(mount_entry "$E2E_MNT")" ]; do umount -l "$E2E_MNT" 2>/dev/null || break; done

  # The decision line. "pending:N:" in front of the words: issue N has not
  # landed, the check runs but is reported apart and never counted.
  local logstate=counted logwords="$log"
  case $log in pending:[0-9]*:*) logstate=pending; logwords=${log#pending:*:} ;; esac
  if [ -n "$logwords" ] && [ $logstate = counted ]; then
    dl=$(decision_line "$logwords" "$logpos" "$addr") || fail "no decision line with: $logwords"
  fi
  rm -f /etc/cifs-family.conf
  # No secret on the console or in syslog, whatever happened.
  if tail -c +"$((logpos + 1))" "$E2E_SYSLOG" | cat /tmp/case.out - |
     grep -qF -e "$E2E_PASSWORD" -e not-the-password; then
    fail "a password appears in the helper's output or in syslog"
  fi

  local shown total_s
  total_s=$(awk -v a="$t0" -v b="$(e2e_uptime)" 'BEGIN { printf "%.2f", b - a }')
  shown="helper=$helper ms=$ms rc=$got_rc rss_kb=$rss addr=${addr:-none} total_s=$total_s"
  if [ "$state" = ci ]; then
    e2e_result "$id" "$why" "$shown"
  else
    # The helper's first output line helps whoever implements the issue.
    [ -n "$why" ] && shown="$shown out=\"$(head -n 1 /tmp/case.out | tr -d '"' | cut -c 1-160)\""
    e2e_pending "$id" "$why" "$shown"
  fi
  if [ -n "$logwords" ] && [ $logstate = pending ]; then
    dl=$(decision_line "$logwords" "$logpos" "$addr") && e2e_pending "$id.log" "" "line=\"$dl\"" ||
      e2e_pending "$id.log" "no decision line with: $logwords" ""
  fi
}

e2e_result() {  # e2e_result ID WHY DETAILS: a counted case, passed when WHY is empty
  if [ -z "$2" ]; then
    E2E_PASSED=$((E2E_PASSED + 1))
    echo "E2E-CASE id=$1 result=pass $3"
  else
    E2E_FAILED=$((E2E_FAILED + 1))
    echo "E2E-CASE id=$1 result=fail $3 why=\"$2\""
    e2e_case_detail
  fi
  return 0
}

e2e_pending() {  # e2e_pending ID WHY DETAILS
  if [ -z "$2" ]; then
    E2E_PEND_MET=$((E2E_PEND_MET + 1))
    echo "E2E-PENDING id=$1 result=met $3"
  else
    E2E_PEND_UNMET=$((E2E_PEND_UNMET + 1))
    echo "E2E-PENDING id=$1 result=unmet $3 why=\"$2\""
    [ "$E2E_VERBOSE" = 1 ] && e2e_case_detail
  fi
  return 0
}

e2e_case_detail() {
  sed 's/^/E2E-OUT /' /tmp/case.out | head -n 20
  e2e_dmesg_tail 8
}

e2e_summary() {
  echo "E2E-SUMMARY passed=$E2E_PASSED failed=$E2E_FAILED pending_met=$E2E_PEND_MET pending_unmet=$E2E_PEND_UNMET skipped=$E2E_SKIPPED"
  echo "pending on open issues (not counted): $E2E_PEND_MET met, $E2E_PEND_UNMET unmet"
  echo "$E2E_PASSED passed, $E2E_FAILED failed"
}

# The reconnect cases (e2e_reconnect, e2e_upcall) and the dns_resolver
# upcall's setup; the network-wait cases (e2e_netwait, issue 14); the user
# mounts through util-linux mount(8) with the helper from the .deb
# (um_cases, issue 15).
. /e2e/reconnect.sh
. /e2e/netwait.sh
. /e2e/usermount.sh
