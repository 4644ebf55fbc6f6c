# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Reconnect cases of the e2e guest (busybox sh, sourced by lib.sh): what
# happens to a mount's address family when the kernel's CIFS client
# reconnects. On every reconnect attempt the kernel re-resolves the UNC's
# host name through a dns_resolver key upcall (/sbin/request-key, then the
# program /etc/request-key.d or /etc/request-key.conf names) and connects to
# whatever single address comes back; /proc/mounts' addr= shows it.
#
#   e2e_reconnect FIELD=VALUE...   mount, force N reconnects, judge addr=
#   e2e_upcall FIELD=VALUE...      the handler's answer for unrecorded names
#                                  equals keyutils' answer
#
# A reconnect is forced with `ss -K` on the client's TCP connection to
# :445 (needs inet_diag/tcp_diag and CONFIG_INET_DIAG_DESTROY); the kernel's
# key cache (the .dns_resolver keyring) is emptied before every forced
# reconnect, so each one is answered by an upcall, not by a cached key.
#
# Console: E2E-CASE / E2E-PENDING / E2E-SKIP as in lib.sh, plus RC-LOG
# lines (the handler's syslog lines, the kernel's lines of a stuck case)
# that only the console log keeps.
#
# Every process costs tens of milliseconds under TCG: time is kept in shell
# arithmetic (centiseconds of /proc/uptime, read by the shell), files are
# read with `read`, and one awk does what several pipes would.

SS=/usr/libexec/e2e/ss
RESOLVER=/usr/sbin/cifs-family-resolve
RK_OURS=/etc/request-key.d/dns_resolver.conf
RK_PARKED=/etc/e2e/dns_resolver.conf.parked
E2E_STATE_DIR=/run/cifs-family/hosts
# The blackholed nameserver of break=dns-hang (2001:db8:bad::/64 goes into
# bh0, where every packet vanishes).
E2E_DEAD_NS=2001:db8:bad::53

# rc_now: RC_NOW = /proc/uptime in centiseconds (no process).
rc_now() {
  local up rest
  read -r up rest < /proc/uptime
  RC_NOW=${up%.*}${up#*.}
}
# rc_secs FROM TO (centiseconds): "S.CC"
rc_secs() { printf '%d.%02d' $((($2 - $1) / 100)) $((($2 - $1) % 100)); }

# awk functions: norm(a) gives an IPv6 address in the kernel's expanded
# form (eight 4-digit groups; IPv4 as is), short(a) in RFC 5952 form.
RC_AWK='
function pad4(g) { return substr("0000" g, length(g) + 1) }
function norm(a,   i, n, nl, nr, k, L, R, G, out) {
  a = tolower(a)
  if (a !~ /:/) return a
  n = 0
  if (i = index(a, "::")) {
    nl = (i > 1) ? split(substr(a, 1, i - 1), L, ":") : 0
    nr = (i + 2 <= length(a)) ? split(substr(a, i + 2), R, ":") : 0
    for (k = 1; k <= nl; k++) G[++n] = L[k]
    for (k = 0; k < 8 - nl - nr; k++) G[++n] = "0"
    for (k = 1; k <= nr; k++) G[++n] = R[k]
  } else n = split(a, G, ":")
  out = pad4(G[1]); for (k = 2; k <= n; k++) out = out ":" pad4(G[k])
  return out
}
function short(a,   g, i, j, best, bl, l, r) {
  if (a !~ /:/) return a
  split(norm(a), g, ":")
  for (i = 1; i <= 8; i++) { sub(/^0+/, "", g[i]); if (g[i] == "") g[i] = "0" }
  best = 0; bl = 0
  for (i = 1; i <= 8; i++) {
    if (g[i] != "0") continue
    for (j = i; j <= 8 && g[j] == "0"; j++) ;
    if (j - i > bl) { best = i; bl = j - i }
    i = j
  }
  if (bl < 2) { l = g[1]; for (i = 2; i <= 8; i++) l = l ":" g[i]; return l }
  l = ""; for (i = 1; i < best; i++) l = l (l == "" ? "" : ":") g[i]
  r = ""; for (i = best + bl; i <= 8; i++) r = r (r == "" ? "" : ":") g[i]
  return l "::" r
}
'
# rc_short LIST: each address of a list (',' and '+' separated) in RFC 5952
# form, other words as they are; one awk for the whole list.
rc_short() {
  awk -v l="$1" "$RC_AWK"'BEGIN { n = split(l, g, ","); out = ""
    for (i = 1; i <= n; i++) {
      m = split(g[i], p, "+"); t = ""
      for (j = 1; j <= m; j++) t = t (j > 1 ? "+" : "") short(p[j])
      out = out (i > 1 ? "," : "") t
    }
    print out }'
}

# --- the upcall ------------------------------------------------------------

# e2e_setup_upcall: checks the keyutils pieces and says who answers.
e2e_setup_upcall() {
  [ -x /sbin/request-key ] && [ -x /sbin/key.dns_resolver ] && [ -x /bin/keyctl ] ||
    { echo "E2E-ERROR keyutils missing in the guest"; return 1; }
  RC_DNS_KR=$(rc_dns_keyring)
  [ -n "$RC_DNS_KR" ] ||
    { echo "E2E-ERROR no .dns_resolver keyring in /proc/keys (dns_resolver not loaded?)"; return 1; }
  if [ -x "$RESOLVER" ] && [ ! -f "$RK_OURS" ]; then
    echo "E2E-ERROR $RESOLVER without $RK_OURS"; return 1
  fi
  [ "$E2E_MODE" = ci ] && echo "E2E-INFO dns_resolver upcall: $(rc_upcall_prog dual.test)"
  return 0
}

# rc_upcall_prog NAME: the program request-key would run for the kernel's
# dns_resolver request of NAME (its dry run, keyutils >= 1.6).
rc_upcall_prog() {
  request-key -d -n -v -D "dns_resolver;0;0;3b010000;$1" create 1 0 0 0 0 0 "" 2>&1 |
    sed -n 's/^Run //p' | head -n 1
}

# rc_handler ours|keyutils: who answers the upcall. keyutils parks our
# request-key.d line (if there is one), so key.dns_resolver answers alone.
rc_handler() {
  case $1 in
    keyutils) [ -f "$RK_OURS" ] && mv "$RK_OURS" "$RK_PARKED" ;;
    ours) [ -f "$RK_PARKED" ] && mv "$RK_PARKED" "$RK_OURS" ;;
  esac
  return 0
}

rc_dns_keyring() { awk '$8 == "keyring" && $9 ~ /^\.dns_resolver:?$/ { print $1; exit }' /proc/keys; }

# rc_flush_dns: empties the kernel's dns_resolver cache (.dns_resolver;
# its serial is found once, at setup).
rc_flush_dns() {
  keyctl clear "0x$RC_DNS_KR" >/dev/null 2>&1
  return 0
}

# rc_key_ttl NAME: the expiry column of NAME's instantiated key in
# .dns_resolver (4s, perm, ...), "-" if there is none. (A key still under
# construction shows perm: it has no expiry yet.)
rc_key_ttl() {
  awk -v d="$1" '$8 ~ /^dns_resol/ && $2 ~ /^I/ { n = tolower($9); sub(/:$/, "", n); if (n == d) t = $4 }
                 END { print (t == "" ? "-" : t) }' /proc/keys
}

# rc_syslog SINCE_BYTE: the upcall handlers' syslog lines logged after that
# byte (cifs-family-resolve, key.dns_resolver) into /tmp/rc.syslog, and
# shown as RC-LOG lines (console log only). The handler has logged before
# it answered, and the kernel answered before I/O worked: no wait needed.
rc_syslog() {
  tail -c +"$(($1 + 1))" "$E2E_SYSLOG" | awk '
    / (cifs-family-resolve|key\.dns_resolver)(\[[0-9]+\])?: / {
      line = $0
      sub(/^[A-Z][a-z]* +[0-9]+ [0-9:]+ [^ ]+ [^ ]+ /, "", line)
      if (++n <= 20) print "RC-LOG " line
      if ($0 ~ / cifs-family-resolve(\[[0-9]+\])?: / && match($0, / ms=[0-9.]+/))
        ms = ms (ms == "" ? "" : "+") substr($0, RSTART + 4, RLENGTH - 4)
    }
    END { print (ms == "" ? "-" : ms) > "/tmp/rc.hms" }'
}

# handler_ms [SINCE_BYTE]: the ms= values of the cifs-family-resolve lines
# (of the last rc_syslog, or logged after SINCE_BYTE), '+'-joined; "-" if
# none.
handler_ms() {
  [ -n "$1" ] && rc_syslog "$1" > /dev/null
  local out
  read -r out < /tmp/rc.hms
  echo "${out:--}"
}

# rc_fyi on|off: the kernel logs what each re-resolution got (cifsFYI plus
# dynamic debug for dns_resolve.c only; other files' FYI lines stay off).
rc_fyi() {
  if [ "$1" = on ]; then
    echo 1 > /proc/fs/cifs/cifsFYI &&
    echo 'file fs/smb/client/dns_resolve.c +p' > /proc/dynamic_debug/control
  else
    echo 'file fs/smb/client/dns_resolve.c -p' > /proc/dynamic_debug/control
    echo 0 > /proc/fs/cifs/cifsFYI
  fi 2>/dev/null
}

# rc_answers DMESG_LINE: what the kernel's re-resolutions got since that
# line of dmesg, in order, '+'-joined: the answer text as the handler gave
# it ("resolved: NAME to TEXT"), unresolved (the
# upcall failed: rejected, negative key) or unparsable (not one address);
# '-' when there was none.
# Also keeps those lines in /tmp/rc.dmesg. Sets RC_ANS.
rc_answers() {
  : > /tmp/rc.dmesg
  dmesg | awk -v from="$1" '
    function add(x) { out = out (out == "" ? "" : "+") x }
    NR <= from { next }
    { print > "/tmp/rc.dmesg" }
    /dns_resolve.*: resolved: / {
      a = $0; sub(/.*: resolved: [^ ]* to /, "", a); sub(/ expiry .*/, "", a); add(a) }
    /dns_resolve.*: unable to resolve: / { add("unresolved") }
    /dns_resolve.*: unable to determine ip address/ { add("unparsable") }
    END { print (out == "" ? "-" : out) > "/tmp/rc.ans" }'
  read -r RC_ANS < /tmp/rc.ans
}

# rc_request2 NAME: a dns_resolver request of NAME from userspace, shaped
# like the kernel's (bare name, empty callout info), in a new session
# keyring. Sets R2_RC (0 or 1), R2_MS (keyctl request2 alone: request-key
# and the handler, not the session's setup), R2_OUT (the payload, or the
# error).
rc_request2() {
  rm -f /tmp/r2in.res
  timeit -t 30 /tmp/r2.res /bin/keyctl session - /bin/sh -c \
    'timeit /tmp/r2in.res /bin/keyctl request2 dns_resolver "$1" "" @s > /tmp/r2.id &&
     grep -q " rc=0" /tmp/r2in.res && keyctl pipe "$(cat /tmp/r2.id)"' sh "$1" \
    > /tmp/r2.out 2> /tmp/r2.err < /dev/null
  local res=''
  read -r res < /tmp/r2in.res 2>/dev/null
  R2_MS=${res#ms=}; R2_MS=${R2_MS%% *}
  read -r res < /tmp/r2.res
  R2_RC=${res#* rc=}; R2_RC=${R2_RC%% *}
  if [ "$R2_RC" = 0 ]; then
    R2_OUT=$(tr '\0' '@' < /tmp/r2.out)
  else
    R2_OUT="error:$(grep -v '^Joined session keyring' /tmp/r2.err | sed 's/^request_key: //' | head -n 1)"
  fi
  case $res in *timeout=1*) R2_OUT="killed after 30 s"; R2_MS=30000 ;; esac
  [ -n "$R2_MS" ] || R2_MS=0
}

rc_reconnects() {  # the kernel's count of session reconnects
  sed -n 's/^\([0-9]*\) session [0-9]* share reconnects$/\1/p' /proc/fs/cifs/Stats 2>/dev/null
}

# rc_mount_addr: addr= of the mount on E2E_MNT ("" when nothing is mounted).
rc_mount_addr() {
  awk -v mp="$E2E_MNT" '$2 == mp { a = $4 }
    END { n = split(a, o, ","); for (i = 1; i <= n; i++) if (o[i] ~ /^addr=/) { print substr(o[i], 6); exit } }' \
    /proc/mounts
}

# --- faults applied after the mount (break=) --------------------------------

rc_break() {  # rc_break on|off FAULT
  case $2 in
    cut6)
      # cut6.test's AAAA leaves dum0 and is routed into bh0: SYNs vanish.
      if [ "$1" = on ]; then
        $IP -6 addr del 2001:db8:cf::20/64 dev dum0 && $IP -6 route add 2001:db8:cf::20/128 dev bh0
      else
        $IP -6 route del 2001:db8:cf::20/128 dev bh0 2>/dev/null
        $IP -6 addr add 2001:db8:cf::20/64 dev dum0 nodad 2>/dev/null
        return 0
      fi ;;
    dns-hang)
      # The name leaves /etc/hosts; its lookup goes to a nameserver whose
      # packets vanish (glibc: 5 s x 2 attempts).
      if [ "$1" = on ]; then
        cp /etc/hosts /etc/e2e/hosts.saved &&
        grep -v '[[:space:]]hang\.test$' /etc/e2e/hosts.saved > /etc/hosts &&
        printf 'passwd: files\ngroup: files\nhosts: files dns\n' > /etc/nsswitch.conf &&
        echo "nameserver $E2E_DEAD_NS" > /etc/resolv.conf
      else
        [ -f /etc/e2e/hosts.saved ] && mv /etc/e2e/hosts.saved /etc/hosts
        printf 'passwd: files\ngroup: files\nhosts: files\n' > /etc/nsswitch.conf
        rm -f /etc/resolv.conf
        return 0
      fi ;;
    '') return 0 ;;
    *) return 1 ;;
  esac
}

# --- I/O through the mount ---------------------------------------------------

# rc_io_until DEADLINE TAG: writes a new file through the mount, reads it
# back through the mount and from the server's directory, until that works
# or DEADLINE (centiseconds of uptime) passes. Each try is killed at the
# deadline (I/O blocks while the kernel reconnects). 0 when it worked;
# RC_NOW is then when it did.
rc_io_until() {
  local n=0 left tok f res l1 l2
  while :; do
    rc_now
    left=$((($1 - RC_NOW + 99) / 100))
    [ $left -le 0 ] && return 1
    n=$((n + 1))
    f=$2-$n.txt tok="$2 $n $$"
    timeit -t "$left" /tmp/rcio.res /bin/sh -c 'echo "$1" > "$2" && cat "$2" && cat "$3"' \
      sh "$tok" "$E2E_MNT/$f" "$E2E_SERVER_DIR/$f" > /tmp/rcio.out 2>&1 < /dev/null
    rc_now
    read -r res < /tmp/rcio.res
    l1='' l2=''
    { read -r l1; read -r l2; } < /tmp/rcio.out
    case " $res " in
      *" rc=0 "*) [ "$l1" = "$tok" ] && [ "$l2" = "$tok" ] && return 0 ;;
    esac
    usleep 100000
  done
}

# rc_umount: unmounts E2E_MNT, also a wedged mount (umount -f, then lazy),
# each step bounded.
rc_umount() {
  local step i=0
  for step in "" -f -l; do
    grep -q " $E2E_MNT " /proc/mounts || break
    [ -n "$step" ] && echo "RC-LOG umount $step $E2E_MNT"
    # shellcheck disable=SC2086
    timeit -t 15 /tmp/rcum.res /bin/umount $step "$E2E_MNT" > /dev/null 2>&1 < /dev/null
  done
  grep -q " $E2E_MNT " /proc/mounts && return 1
  # The kernel's connection (and a wedged one's retry loop) goes a little
  # later: the next case must not share or meet it.
  while grep -q '^[0-9]*) ConnectionId' /proc/fs/cifs/DebugData 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 100 ] && { echo "RC-LOG a CIFS connection outlived its unmount by 5 s"; break; }
    usleep 50000
  done
  return 0
}


# rc_gate ID STATE NEEDS: 0 when the case runs (e2e.only, pending, needs).
rc_gate() {
  if [ -n "$E2E_ONLY" ]; then
    case ",$E2E_ONLY," in *",$1,"*) ;; *) return 1 ;; esac
  fi
  case $2 in
    ci) ;;
    pending:[0-9]*)
      if [ "$E2E_PENDING" != 1 ]; then
        echo "E2E-SKIP id=$1 why=pending-issue-${2#pending:}"
        E2E_SKIPPED=$((E2E_SKIPPED + 1))
        return 1
      fi ;;
    *) echo "E2E-ERROR case $1: unknown state $2"; E2E_FAILED=$((E2E_FAILED + 1)); return 1 ;;
  esac
  case $3 in
    '') ;;
    resolver)
      if [ ! -x "$RESOLVER" ]; then
        echo "E2E-SKIP id=$1 why=needs-resolver"
        E2E_SKIPPED=$((E2E_SKIPPED + 1))
        return 1
      fi ;;
    *) echo "E2E-ERROR case $1: unknown needs=$3"; E2E_FAILED=$((E2E_FAILED + 1)); return 1 ;;
  esac
  return 0
}

rc_report() {  # rc_report ID STATE WHY SHOWN
  if [ "$2" = ci ]; then
    e2e_result "$1" "$3" "$4"
  else
    e2e_pending "$1" "$3" "$4"
  fi
}

# rc_addr_is ADDR WANT: ADDR (any form) is WANT (v4, v6, any or an address).
rc_addr_is() {
  case $2 in
    any) [ -n "$1" ] ;;
    v4) case $1 in *:*|'') return 1 ;; esac ;;
    v6) case $1 in *:*) ;; *) return 1 ;; esac ;;
    "$1") ;;
    *) awk -v a="$1" -v b="$2" "$RC_AWK"'BEGIN { exit !(norm(a) == norm(b)) }' ;;
  esac
}

# --- e2e_reconnect -------------------------------------------------------------
#
# Mount (timed like e2e_case), check I/O, then `reconnects` times: apply
# break= (before reconnect break_at), empty the kernel's key cache, force a
# reconnect (ss -K on the client's connection to :445), wait until a
# write+read through the mount works again (at most max_s from the forced
# reconnect, or from the break), read addr= from /proc/mounts. With our
# handler and our helper (which records the mount), the handler must log an
# answer for every reconnect: it decided, it did not hand the request to
# key.dns_resolver. Fields (FIELD=VALUE; defaults in brackets):
#   id, state, helper, src, auth, opts, conf, want, what   as in e2e_case
#   needs      resolver: runs only with run.sh --resolver (else E2E-SKIP,
#              never counted)
#   handler    ours | keyutils   who answers the upcall   [ours]
#              ours = our handler when the guest has one (--resolver),
#              else keyutils; keyutils = key.dns_resolver alone (our
#              request-key.d line is parked for the case)
#   reconnects how many forced reconnects   [1]
#   after      addr= after each reconnect: v4 | v6 | an address, or a
#              comma-separated list, one per reconnect (the last repeats)
#              [required]
#   answer     after: the kernel's last re-resolution of each reconnect got
#              exactly the after= address (cifsFYI + dynamic debug show
#              the answer text; "rejected and the old address kept" does
#              not pass) | any: not checked   [after]
#   max_s      bound on each wait for working I/O   [20]
#   break      a fault applied just before reconnect break_at [1], undone
#              after the case:
#                cut6      cut6.test's AAAA routed into a blackhole
#                dns-hang  the name leaves /etc/hosts, its DNS lookup hangs
#   stuck      1: the mount must NOT work again within max_s, and the kernel
#              must have logged the text in dmesg= (proves a wedge)
#   dmesg      text the kernel must log after the forced reconnect
#   upcall_max_ms  every run of the handler must answer or reject within
#              this many ms (its logged ms=): the kernel's upcalls, and a
#              userspace request of the name after the reconnects (while
#              break= holds), which as a whole (request-key, exec, the
#              handler) must end within twice that
#
# E2E-CASE line: mount=ADDR after=ADDR,... (one per reconnect) io_s=S,...
# (forced reconnect to working I/O) answers=TEXT,... (what each
# reconnect's upcalls answered, '+' between upcalls) handler_ms=N,... (the handler's ms=
# per reconnect, '+' between upcalls of one reconnect, '-' when it logged
# none: keyutils never does) ttl=... (the key's expiry right after) and,
# with break=, failover_s (break to working I/O).
e2e_reconnect() {
  local id='' state=ci needs='' handler=ours helper=ours src='' auth=pass opts='' conf='' \
        want=any reconnects=1 after='' answer=after max_s=20 break='' break_at=1 stuck='' \
        dmesg='' upcall_max_ms='' what='' kv k
  for kv in "$@"; do
    k=${kv%%=*}
    case $k in
      id|state|needs|handler|helper|src|auth|opts|conf|want|reconnects|after|answer|max_s|break|break_at|stuck|dmesg|upcall_max_ms|what)
        eval "$k=\${kv#*=}" ;;
      *) echo "E2E-ERROR case $id: unknown field $k"; E2E_FAILED=$((E2E_FAILED + 1)); return ;;
    esac
  done
  rc_gate "$id" "$state" "$needs" || return 0

  local why='' t0 bin o res ms got_rc addr addr_m host key prog want_prog record=no decides=0
  local afters='' ios='' hms='' ttls='' answers='' hm exp fo='' i t_break='' t_kill base
  local logpos dpos n0 n1 io_ok killed line x
  fail() { [ -z "$why" ] && why=$1; }
  rc_now; t0=$RC_NOW
  host=${src#//}; host=${host%%/*}
  key=$(echo "$host" | tr 'A-Z' 'a-z')
  bin=$(helper_path "$helper")
  o=$(auth_options "$auth")
  [ -n "$opts" ] && o=${o:+$o,}$opts
  [ -n "$after" ] || fail "case without after="

  # Who answers: our handler (when the guest has one) or keyutils alone.
  # Our handler with our helper's mount (a record) must decide every
  # reconnect itself: one syslog line each (a delegation logs none).
  rc_handler "$handler"
  want_prog=/sbin/key.dns_resolver
  if [ "$handler" = ours ] && [ -x "$RESOLVER" ]; then
    want_prog=$RESOLVER
    case $helper in ours*) decides=1 ;; esac
  fi
  prog=$(rc_upcall_prog "$host")
  [ "$prog" = "$want_prog" ] || fail "request-key would run '$prog' for $host, want $want_prog"

  write_conf "$conf"
  e2e_rtt_history ""
  rc_flush_dns
  rc_fyi on
  mkdir -p "$E2E_MNT"
  timeit -t "$E2E_CASE_TIMEOUT" /tmp/timeit.res "$bin" "$src" "$E2E_MNT" -o "$o" > /tmp/case.out 2>&1 < /dev/null
  read -r res < /tmp/timeit.res
  ms=${res#ms=}; ms=${ms%% *}
  got_rc=${res#* rc=}; got_rc=${got_rc%% *}
  addr=$(rc_mount_addr) addr_m=$addr
  if [ -f "$E2E_STATE_DIR/$key" ]; then
    record=yes
    echo "RC-LOG record $key after the mount: $(tr '\n' ' ' < "$E2E_STATE_DIR/$key")"
  fi
  [ "$got_rc" = 0 ] || fail "mount: exit $got_rc"
  grep -q " $E2E_MNT " /proc/mounts || fail "mount: nothing mounted on $E2E_MNT"
  rc_addr_is "$addr" "$want" || fail "mounted over ${addr:-nothing}, want $want"
  rc_now
  [ -z "$why" ] && { rc_io_until $((RC_NOW + 1000)) "$id-0" || fail "no I/O through the fresh mount"; }

  i=0
  while [ -z "$why" ] && [ $i -lt "$reconnects" ]; do
    i=$((i + 1))
    # after=A,B,...: the address after reconnect i (the last one repeats).
    k=0
    for x in $(echo "$after" | tr ',' ' '); do
      k=$((k + 1)); exp=$x
      [ $k = $i ] && break
    done
    if [ -n "$break" ] && [ $i = "$break_at" ]; then
      rc_now; t_break=$RC_NOW
      rc_break on "$break" || { fail "break=$break could not be applied"; break; }
    fi
    rc_flush_dns
    logpos=$(wc -c < "$E2E_SYSLOG")
    dpos=$(dmesg | wc -l)
    n0=$(rc_reconnects)
    rc_now; t_kill=$RC_NOW
    $SS -K -t dport = :445 > /tmp/ssk.out 2>&1
    killed=-1
    while read -r line; do killed=$((killed + 1)); done < /tmp/ssk.out
    [ "$killed" -ge 1 ] || { fail "reconnect $i: ss -K found no connection to :445"; break; }
    base=$t_kill
    [ $i = "$break_at" ] && [ -n "$t_break" ] && base=$t_break
    io_ok=0
    rc_io_until $((base + max_s * 100)) "$id-$i" && io_ok=1
    if [ $io_ok = 1 ]; then
      ios=${ios:+$ios,}$(rc_secs "$t_kill" "$RC_NOW")
      [ $i = "$break_at" ] && [ -n "$t_break" ] && fo=$(rc_secs "$t_break" "$RC_NOW")
    else
      ios=${ios:+$ios,}none-in-${max_s}s
    fi
    addr=$(rc_mount_addr)
    n1=$(rc_reconnects)
    afters=${afters:+$afters,}${addr:-none}
    rc_answers "$dpos"
    answers=${answers:+$answers,}$RC_ANS
    rc_syslog "$logpos"
    read -r hm < /tmp/rc.hms
    hms=${hms:+$hms,}$hm
    ttls=${ttls:+$ttls,}$(rc_key_ttl "$key")
    # What the kernel got: one address, the expected one (the last upcall
    # of this reconnect decides).
    if [ "$answer" = after ]; then
      case $RC_ANS in
        *unparsable*) fail "reconnect $i: the kernel could not parse an answer ($RC_ANS)" ;;
      esac
      rc_addr_is "${RC_ANS##*+}" "$exp" || fail "reconnect $i: the upcall answered '$RC_ANS', want $exp"
    fi
    [ $decides = 1 ] && [ "$hm" = - ] &&
      fail "reconnect $i: cifs-family-resolve logged no answer (handed to key.dns_resolver?)"
    if [ "$stuck" = 1 ]; then
      [ $io_ok = 1 ] && fail "reconnect $i: I/O works again (${ios##*,} s): no wedge"
      rc_addr_is "$addr" "$exp" || fail "reconnect $i: on ${addr:-none}, want $exp"
      if [ -n "$dmesg" ]; then
        grep -qF -- "$dmesg" /tmp/rc.dmesg || fail "reconnect $i: the kernel did not log '$dmesg'"
        grep -F -- "$dmesg" /tmp/rc.dmesg | head -n 2 | sed 's/^/RC-LOG kernel: /'
      fi
      break
    fi
    [ $io_ok = 1 ] ||
      { fail "reconnect $i: no working I/O within $max_s s (addr=${addr:-none}, answers=$RC_ANS)"; break; }
    [ "${n1:-0}" -gt "${n0:-0}" ] || fail "reconnect $i: the kernel counted no reconnect"
    rc_addr_is "$addr" "$exp" || fail "reconnect $i: on ${addr:-none}, want $exp"
    case $ttls in *perm*) fail "reconnect $i: the answer never expires (perm): the kernel would never ask again" ;; esac
  done
  [ -n "$dmesg" ] && [ "$stuck" != 1 ] && [ -z "$why" ] && {
    grep -qF -- "$dmesg" /tmp/rc.dmesg || fail "the kernel did not log '$dmesg'"; }

  # The upcall's bound while the fault holds: every run of the handler
  # (the kernel's upcalls above, and a request from userspace now) must
  # log its answer or rejection within upcall_max_ms (its ms=); the
  # userspace request as a whole (request-key, exec, the handler) must end
  # within twice that (process start-up under TCG on a loaded host costs
  # up to a second; a hung lookup would cost 10 s).
  local r2='' m
  if [ -n "$upcall_max_ms" ] && [ -z "$why" ]; then
    logpos=$(wc -c < "$E2E_SYSLOG")
    rc_request2 "$host"
    r2="upcall_ms=${R2_MS%.*} upcall=\"$R2_OUT\""
    [ "${R2_MS%.*}" -le $((upcall_max_ms * 2)) ] ||
      fail "a request of $host took $R2_MS ms, limit $((upcall_max_ms * 2)) ($R2_OUT)"
    rc_syslog "$logpos"
    read -r hm < /tmp/rc.hms
    hms="$hms;$hm"
    case $hms in *-*) [ $decides = 1 ] && fail "the handler logged no answer for a request of $host" ;; esac
    for m in $(echo "$hms" | tr ',;+' '   '); do
      [ "$m" = - ] && continue
      [ "${m%.*}" -le "$upcall_max_ms" ] || fail "the handler logged ms=$m, limit $upcall_max_ms"
    done
  fi

  rc_umount || fail "could not unmount $E2E_MNT"
  rc_fyi off
  rc_break off "$break"
  rc_handler ours
  rm -f /etc/cifs-family.conf
  rc_flush_dns
  case $helper in
    ours*) [ -z "$why" ] || [ "$record" = yes ] ||
             why="$why (no state record $E2E_STATE_DIR/$key after the mount)" ;;
  esac

  local shown
  rc_now
  shown="helper=$helper handler=${want_prog##*/} ms=$ms"
  shown="$shown mount=$(rc_short "${addr_m:-none}") after=$(rc_short "${afters:-none}")"
  shown="$shown io_s=${ios:-none}${fo:+ failover_s=$fo}"
  shown="$shown answers=$(rc_short "${answers:-none}") handler_ms=${hms:-none}"
  shown="$shown ttl=${ttls:-none} record=$record${r2:+ $r2} total_s=$(rc_secs "$t0" "$RC_NOW")"
  rc_report "$id" "$state" "$why" "$shown"
}

# --- e2e_upcall ----------------------------------------------------------------
#
# For names no mount of ours recorded (no $E2E_STATE_DIR/NAME), a request
# shaped like the kernel's gets exactly keyutils' answer: the same payload,
# or the same error, with our handler as with key.dns_resolver alone.
#   id, state, needs, what   as above
#   names      comma-separated
e2e_upcall() {
  local id='' state=ci needs='' names='' what='' kv k
  for kv in "$@"; do
    k=${kv%%=*}
    case $k in
      id|state|needs|names|what) eval "$k=\${kv#*=}" ;;
      *) echo "E2E-ERROR case $id: unknown field $k"; E2E_FAILED=$((E2E_FAILED + 1)); return ;;
    esac
  done
  rc_gate "$id" "$state" "$needs" || return 0
  local why='' t0 n ku_out ku_rc ours_out ours_rc shown='' logpos hms=''
  fail() { [ -z "$why" ] && why=$1; }
  rc_now; t0=$RC_NOW
  : > /tmp/case.out
  for n in $(echo "$names" | tr ',' ' '); do
    [ -e "$E2E_STATE_DIR/$n" ] && fail "$n has a state record: pick a name no mount of ours made"
    rc_handler keyutils
    rc_request2 "$n"; ku_rc=$R2_RC ku_out=$R2_OUT
    rc_handler ours
    [ "$(rc_upcall_prog "$n")" = "$RESOLVER" ] || fail "request-key would not run $RESOLVER for $n"
    logpos=$(wc -c < "$E2E_SYSLOG")
    rc_request2 "$n"; ours_rc=$R2_RC ours_out=$R2_OUT
    rc_syslog "$logpos"
    hms=${hms:+$hms,}$(handler_ms)
    [ "$ours_rc/$ours_out" = "$ku_rc/$ku_out" ] ||
      fail "$n: ours gave '$ours_out', key.dns_resolver alone '$ku_out'"
    shown="$shown $n=\"$ours_out\"/keyutils=\"$ku_out\""
  done
  rc_now
  rc_report "$id" "$state" "$why" "${shown# } handler_ms=$hms total_s=$(rc_secs "$t0" "$RC_NOW")"
}
