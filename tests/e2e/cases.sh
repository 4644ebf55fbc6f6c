# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# The e2e case table: one e2e_case line per case, run in order by the guest
# (busybox sh sources this file; tests/e2e/guest/lib.sh runs each case).
#
# Every case: mount through a helper (timed from exec to exit), then for a
# mount expected to work: check /proc/mounts (fstype, the address the kernel
# connected to), write a file through the mount, read it back through the
# mount and from the server's directory, check the syslog decision line,
# unmount and check it is gone. A failing case must leave nothing mounted.
#
# Fields (FIELD=VALUE, shell-quoted; defaults in brackets):
#   id       unique name
#   state    ci         counted in "N passed, M failed"   [ci]
#            pending:N  needs open issue N: run apart (run.sh --no-pending
#                       skips it), reported as E2E-PENDING met/unmet and
#                       NEVER counted. Switch it on when N lands: state=ci.
#   helper   ours | ours-smb3 | base | base-smb3   [ours]
#            base = Debian's cifs-utils 7.0 (/usr/lib/cifs-utils-baseline)
#   src      the UNC
#   auth     pass (username=e2e,password=...) | creds (credentials=FILE)
#            | wrong (a wrong password) | none   [pass]
#   opts     more -o options, after the auth ones
#   conf     /etc/cifs-family.conf for this case, lines separated by ';'
#   rc       expected exit code   [0]
#   msg      text the helper's output (stdout+stderr) must contain; several
#            texts separated by '|'
#   notmsg   text the output must not contain
#   io       rw | ro | none       [rw when rc=0, else none]
#   want     the address mounted over: v4 | v6 | any | an address   [any]
#   max_ms   exec-to-exit limit in ms;  min_ms: lower bound (proves a fault)
#   fstype   expected fstype in /proc/mounts   [cifs; smb3 for *-smb3]
#   history  addresses the kernel has TCP RTT history for when the case
#            starts (one closed connection to :445 each), comma-separated;
#            none by default: the history is emptied before every case
#   log      words the syslog decision line must hold (ident mount.cifs or
#            mount.smb3; logged after the case started):
#              key=value  that exact word
#              key=       any word with that key
#              prio=P     logged at priority P (info, warn, err)
#              @          (inside a word) the address the kernel mounted over
#            and a word starting with ! asks that no word start with the rest.
#            A "pending:N:" prefix runs the check but reports it apart as
#            E2E-PENDING ID.log, never counted: remove it when issue N lands.
#   what     a description
#
# The names (tests/e2e/guest/hosts) and faults (guest/lib.sh,
# e2e_setup_network): the server is 198.51.100.10 and 2001:db8:cf::10;
#   dual.test v4.test v6.test   healthy, both families / one
#   bh6.test       AAAA blackholed (SYNs vanish), A healthy
#   refused6.test  AAAA refused (RST), A healthy
#   unreach6.test  AAAA unroutable for TCP (ENETUNREACH at once), A healthy
#   long6.test     AAAA of 36 characters (served), A healthy
# In this guest glibc orders each name's AAAA before its A (RFC 6724
# precedence; the baseline cases below prove it for the faulty names).

V4=198.51.100.10
V6=2001:db8:cf::10
LONG6=2001:db8:cf:1234:5678:9abc:def0:1010
# Every mount our helper makes logs one decision line (issue 3): at info,
# at warn when the preferred family lost, at err when the mount failed.
OK='mount=@/ok result=mounted'

# --- our helper: names, literals, faults -----------------------------------
e2e_case id=dual-default  src=//dual.test/share  want=any \
  log="$OK policy=happy-eyeballs policy-from=default chosen=@" \
  what='healthy dual-stack name, default policy (happy eyeballs; the race decides the family)'
e2e_case id=v4-name       src=//v4.test/share    want=$V4 log="$OK prio=info" \
  what='a name with only an A record'
e2e_case id=v6-name       src=//v6.test/share    want=$V6 log="$OK prio=info" \
  what='a name with only an AAAA record'
e2e_case id=literal-v4    src=//$V4/share        want=$V4 log="$OK reason=literal" \
  what='an IPv4 literal in the UNC'
e2e_case id=bracket-v6    src="//[$V6]/share"    want=$V6 log="$OK reason=literal" \
  what='an IPv6 literal in brackets (cifs-utils 7.0 rejects it)'
e2e_case id=explicit-ip   src=//dual.test/share  opts=ip=$V6 want=$V6 log="$OK reason=ip-option" \
  what='ip= given: no resolution, that address only'
e2e_case id=v6-blackholed src=//bh6.test/share   want=$V4 max_ms=1000 \
  log="$OK prio=warn preferred-family-lost=ipv6 chosen=$V4 attempt-delay=250ms/default" \
  what='AAAA blackholed: mounted over IPv4 within 1 s'
e2e_case id=v6-blackholed-rtt src=//bh6.test/share history=$V4 want=$V4 max_ms=1000 \
  log="$OK prio=warn preferred-family-lost=ipv6 chosen=$V4 attempt-delay=100ms/rtt" \
  what='AAAA blackholed, the kernel has RTT history for the A: IPv4 starts after 100 ms'
e2e_case id=attempt-delay-conf src=//bh6.test/share history=$V4 want=$V4 min_ms=500 \
  conf='[global];race-mode = staggered;connection-attempt-delay = 500ms' \
  log="$OK chosen=$V4 race-mode=staggered attempt-delay=500ms/config" \
  what='race-mode = staggered, connection-attempt-delay = 500ms: RFC 8305 staggering with the configured delay, not the RTT history'
e2e_case id=v6-refused    src=//refused6.test/share want=$V4 max_ms=1000 \
  log="$OK prio=warn preferred-family-lost=ipv6 chosen=$V4" \
  what='AAAA refused (RST): IPv4 at once'
e2e_case id=v6-unroutable src=//unreach6.test/share want=$V4 max_ms=1000 \
  log="$OK prio=warn preferred-family-lost=ipv6 chosen=$V4" \
  what='AAAA unroutable (ENETUNREACH): IPv4 at once (cifs-utils gives up)'
e2e_case id=system-blackholed src=//bh6.test/share opts=family=system want=$V4 \
  min_ms=9000 max_ms=15000 log="$OK policy=system mount=2001:db8:bad::10/EINPROGRESS" \
  what='family=system: getaddrinfo order, no race; the kernel times out on the AAAA (10 s), then IPv4'
e2e_case id=credentials   src=//dual.test/share  auth=creds log="$OK" \
  what='credentials=FILE'
e2e_case id=read-only     src=//dual.test/share  opts=ro io=ro log="$OK" \
  what='-o ro: reads work, writes fail, nothing reaches the server'
e2e_case id=smb3          helper=ours-smb3 src=//dual.test/share fstype=smb3 log="$OK" \
  what='invoked as mount.smb3: fstype smb3'
e2e_case id=wrong-password src=//dual.test/share auth=wrong rc=32 \
  msg='mount error(13): Permission denied|Refer to the mount.cifs(8) manual page' \
  notmsg='could not connect' log="prio=err result=failed mount=" \
  what='clean failure: exit 32, the errno message, nothing mounted, no other address tried'

# --- our helper: the family policies on a healthy dual-stack name ----------
# happy-eyeballs races (IPv6 first, IPv4 250 ms later): either may win, and
# an IPv4 win is logged at warn (preferred family lost), so neither is fixed.
for p in v4-only v6-only v4-preferred v6-preferred happy-eyeballs system; do
  case $p in v4*) w=$V4 pr=prio=info ;; happy-eyeballs) w=any pr='' ;; *) w=$V6 pr=prio=info ;; esac
  e2e_case id=policy-$p src=//dual.test/share opts=family=$p want=$w \
    log="$OK $pr policy=$p policy-from=option" \
    what="family=$p on a healthy dual-stack name"
done
e2e_case id=v4-only-aaaa  src=//bh6.test/share opts=family=v4-only want=$V4 max_ms=1000 \
  log="$OK prio=info policy=v4-only !candidate=2001:db8:bad::10" \
  what='family=v4-only with an AAAA present: never tried (it is blackholed: touching it would cost 10 s)'

# --- our helper: /etc/cifs-family.conf (keys live in a section) --------------
# family=v6-preferred makes IPv6 the sure winner but for the setting tested.
e2e_case id=kernel-ipv6-no src=//dual.test/share opts=family=v6-preferred \
  conf='[global];kernel-ipv6 = no' want=$V4 \
  log="$OK kernel-ipv6=no candidate=$V6/skipped:kernel-no-ipv6" \
  what='kernel-ipv6 = no: IPv4 although IPv6 is preferred and works'
e2e_case id=kernel-ip-max-34 src=//long6.test/share opts=family=v6-preferred \
  conf='[global];kernel-ip-max-length = 34' \
  want=$V4 log="$OK ip-max=34 candidate=$LONG6/skipped:ip-too-long" \
  what='kernel-ip-max-length = 34: the 36-character AAAA is not used'
e2e_case id=long6-served  src=//long6.test/share opts=family=v6-preferred want=$LONG6 \
  log="$OK ip-max=none" \
  what='control for the case above: without the limit the 36-character AAAA is served and wins'

# --- Debian's cifs-utils 7.0: the baseline, and proof that each fault is real
e2e_case id=base-dual       helper=base src=//dual.test/share want=$V6 \
  what='cifs-utils on the healthy name: getaddrinfo puts the AAAA first here'
e2e_case id=base-smb3       helper=base-smb3 src=//dual.test/share fstype=smb3
e2e_case id=base-credentials helper=base src=//dual.test/share auth=creds
e2e_case id=base-v6-refused helper=base src=//refused6.test/share want=$V4 \
  what='cifs-utils moves on after ECONNREFUSED'
e2e_case id=base-v6-unroutable helper=base src=//unreach6.test/share rc=32 \
  msg='mount error(101)' \
  what='the fault is real and the AAAA comes first: cifs-utils gives up on ENETUNREACH'
e2e_case id=base-v6-blackholed helper=base src=//bh6.test/share rc=32 \
  msg='mount error(115)' min_ms=9000 \
  what='the blackhole is real and the AAAA comes first: 10 s, then error(115)'
e2e_case id=base-wrong-password helper=base src=//dual.test/share auth=wrong rc=32 \
  msg='mount error(13): Permission denied|Refer to the mount.cifs(8) manual page'

# --- issue 14: the mount starts before the network is up (guest/netwait.sh) -
# dum0 (every address of the client, and of the server) flushed when the
# helper starts, its addresses added back 2 s later by a background job.
# mount_ms= is the kernel's "CIFS: Attempting to mount" minus the moment
# the job's ip had added them (dmesg clock), per run and the median.
e2e_netwait id=netwait-late-addresses runs=5 src=//dual.test/share \
  msg='waiting up to 60 s for the network' \
  log="$OK waited=" \
  what='no address at exec, all back 2 s later: waits, mounts within ms of their return, I/O works'
e2e_netwait id=base-netwait-late-addresses helper=base runs=1 src=//dual.test/share rc=32 \
  msg='mount error(101)' max_ms=1000 \
  what='cifs-utils on the same case: mount(2) at once, ENETUNREACH, exit 32'

# --- reconnects: the kernel re-resolves the name (guest/reconnect.sh) -------
# On every reconnect attempt the kernel asks /sbin/request-key for a
# dns_resolver key of the UNC's host name and connects to the one address
# the handler answers. handler=keyutils: Debian's key.dns_resolver alone
# (legacy mode: the first A record only), the baseline; needs=resolver: our
# cifs-family-resolve (run.sh --resolver), skipped without it, never counted.
# The client's IPv6 address (srcaddr=) and cut6.test's AAAA are on dum0.
CLI6=2001:db8:cf::c1
CUT6=2001:db8:cf::20
e2e_reconnect id=rc-base-flip handler=keyutils src=//dual.test/share want=$V6 after=$V4 \
  what='keyutils alone: the mount our helper put on IPv6 is on IPv4 after the first reconnect (the fault)'
e2e_reconnect id=rc-v4-only needs=resolver src=//dual.test/share opts=family=v4-only want=$V4 \
  reconnects=3 after=$V4 \
  what='family=v4-only stays on IPv4 over 3 reconnects'
# After the v4-only mount of the same name: what the handler answered for
# that mount must not decide for this one.
e2e_reconnect id=rc-sticky-v6 needs=resolver src=//dual.test/share want=$V6 reconnects=3 after=$V6 \
  what='happy-eyeballs mount on IPv6 stays on IPv6 over 3 reconnects (after a v4-only mount of the name)'
e2e_reconnect id=rc-v6-cut needs=resolver src=//cut6.test/share want=$CUT6 reconnects=2 \
  after=$CUT6,$V4 break=cut6 break_at=2 max_s=15 \
  what='mounted on IPv6, still there after a reconnect; IPv6 then blackholed: on IPv4 with I/O working within 15 s of the break'
e2e_reconnect id=rc-srcaddr needs=resolver src=//dual.test/share opts=srcaddr=$CLI6 want=$V6 \
  reconnects=3 after=$V6 \
  what='srcaddr= an IPv6 address: never another family over 3 reconnects'
e2e_upcall id=rc-unrecorded needs=resolver names=plain.test,plain6.test \
  what='names no mount of ours recorded: exactly key.dns_resolver'"'"'s answer (an A; an error for an AAAA-only name)'
e2e_reconnect id=rc-unrecorded-base needs=resolver helper=base src=//plain.test/share want=$V6 \
  after=$V4 \
  what='a cifs-utils mount (records nothing) behaves as under keyutils alone: IPv4 after a reconnect'
# A cifs-utils mount of a name our earlier (unmounted) mounts recorded, at
# the same mount point, is indistinguishable in /proc/mounts from the mount
# the record was written for (source, mount point and fstype match; mount
# ids are reused): the handler answers it with the record's policy. A known
# limit (docs/reconnect.md, "Limits"); a mount elsewhere, or of another
# helper of ours, is told apart (writer-pid, mount-point: handler_test).
e2e_reconnect id=rc-dns-hang needs=resolver src=//hang.test/share want=$V6 break=dns-hang \
  after=$V6 answer=any max_s=10 upcall_max_ms=2500 \
  what='the lookup hangs at reconnect time: answered or rejected within 2.5 s, the mount keeps working'
# Last: a wedged mount's reconnect worker may linger until its unmount ends.
e2e_reconnect id=rc-base-srcaddr-wedge handler=keyutils src=//dual.test/share opts=srcaddr=$CLI6 \
  want=$V6 after=$V4 stuck=1 max_s=4 dmesg='Failed to bind' \
  what='keyutils alone with srcaddr= IPv6: the IPv4 answer wedges the mount (proves the srcaddr hazard)'

# --- issue 15: user mounts with the helper installed from the .deb ---------
# (guest/usermount.sh; run.sh --deb). Last: the guest installs the package's
# files over / for them (and puts the rig's helper back afterwards).
um_cases
