# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# Benchmark scenarios (bench/run.sh), run in the e2e VM (tests/e2e) for our
# mount.cifs and Debian's cifs-utils 7.0 alike: one bench_scenario line each.
#   id       short name (the table's row order is this file's)
#   src      the UNC; names and faults are tests/e2e/guest/hosts and lib.sh
#   args     extra helper arguments (e.g. -f: everything but mount(2))
#   history  addresses the guest kernel has TCP RTT history for (one closed
#            connection each) when the try starts; none by default (the
#            history is emptied before every try)
#   conf     /etc/cifs-family.conf for the try, lines separated by ";"
#            (none by default: the built-in settings)
#   weight   runs this row gets, as a multiple of bench/run.sh --runs (1);
#            the rows where cifs-utils waits out the kernel's 10 s get 1
#   what     the row's label
# Credentials are username=e2e,password=... for every scenario.
# report.py's headline subtracts row a from rows b and bs (exec to mount(2)).
bench_scenario id=a src=//dual.test/share weight=3 what='(a) healthy dual-stack name'
bench_scenario id=as src=//dual.test/share weight=3 conf='[global];race-mode = staggered' what='(a) healthy dual-stack name; staggered race (RFC 8305)'
bench_scenario id=af src=//dual.test/share args=-f weight=3 what='(a) the same name, -f (the helper alone: resolution, probes, no mount(2))'
bench_scenario id=b src=//bh6.test/share what='(b) IPv6 blackholed, IPv4 healthy; no RTT history; concurrent race (default)'
bench_scenario id=bs src=//bh6.test/share conf='[global];race-mode = staggered' what='(b) IPv6 blackholed, IPv4 healthy; no RTT history; staggered race (RFC 8305)'
bench_scenario id=bh src=//bh6.test/share history=198.51.100.10 what='(b) IPv6 blackholed, IPv4 healthy; RTT history for the IPv4 address'
bench_scenario id=c src=//unreach6.test/share weight=3 what='(c) IPv6 unroutable, IPv4 healthy'
bench_scenario id=d src=//refused6.test/share weight=3 what='(d) IPv6 refused, IPv4 healthy'
bench_scenario id=e src=//dead3.test/share what='(e) three dead (blackholed) addresses, then a live one'
bench_scenario id=lit src=//198.51.100.10/share weight=3 what='literal IPv4, mounted'
bench_scenario id=litf src=//198.51.100.10/share args=-f weight=3 what='literal IPv4, -f (the helper alone, no mount(2))'
