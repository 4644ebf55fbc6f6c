#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the e2e VM's E2E-BENCH console lines into the benchmark table.

Usage: report.py CONSOLE_LOG [MACHINE_TEXT]

Prints Markdown: per scenario the median exec-to-exit time of our
mount.cifs and of Debian's cifs-utils 7.0, the ratio (ours / cifs-utils;
below 1 is faster), what each run ended in and the connection attempt delay
our helper logged; then, for the literal IPv4
scenarios, wall time and peak RSS. Exits 1 if a scenario has no runs.
"""
import re
import statistics
import sys

LINE = re.compile(r"^E2E-BENCH id=(\S+) helper=(\S+) run=(\d+) ms=([\d.]+) "
                  r"rc=(\d+) rss_kb=(\d+) mounted=([01]) addr=(\S+)"
                  r"(?: delay=(\S+))?")
SCEN = re.compile(r"^E2E-BENCH-SCENARIO id=(\S+) src=(\S*) args=(.*?) "
                  r"history=(\S+) what=(.*)$")


def expand_short(addr):
    """The kernel's expanded IPv6 form back to a short one, for the table."""
    if ":" not in addr:
        return addr
    import ipaddress
    return str(ipaddress.IPv6Address(addr))


def outcome(runs):
    n = len(runs)
    mounted = [r for r in runs if r["mounted"]]
    if len(mounted) == n:
        addrs = sorted({expand_short(r["addr"]) for r in mounted})
        return "mounted %d/%d via %s" % (n, n, ", ".join(addrs))
    if not mounted and all(r["rc"] == 0 for r in runs):
        return "exit 0, %d/%d (no mount: -f)" % (n, n)
    rcs = ",".join(str(rc) for rc in sorted({r["rc"] for r in runs if not r["mounted"]}))
    if not mounted:
        return "**failed %d/%d** (exit %s)" % (n, n, rcs)
    return "mounted %d/%d; failed %d/%d (exit %s)" % (
        len(mounted), n, n - len(mounted), n, rcs)


def mean_ci(values):
    """Mean and the half-width of its 95 % confidence interval (normal
    approximation, fine for the 20-odd runs of these rows)."""
    m = statistics.mean(values)
    return m, 1.96 * statistics.stdev(values) / len(values) ** 0.5


def fmt_ms(ms):
    return "%.0f ms" % ms if ms < 1000 else "%.2f s" % (ms / 1000)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    scen, runs = [], {}
    for raw in open(sys.argv[1], errors="replace"):
        line = raw.rstrip("\r\n")
        m = SCEN.match(line)
        if m:
            scen.append((m.group(1), m.group(5)))
            continue
        m = LINE.match(line)
        if m:
            key = (m.group(1), m.group(2))
            runs.setdefault(key, []).append(dict(
                ms=float(m.group(4)), rc=int(m.group(5)), rss=int(m.group(6)),
                mounted=m.group(7) == "1", addr=m.group(8),
                delay=m.group(9) or "-"))
    if not scen:
        sys.exit("report.py: no E2E-BENCH-SCENARIO lines in %s" % sys.argv[1])
    out = []
    if len(sys.argv) > 2:
        out.append(sys.argv[2])
        out.append("")
    out.append("Time from exec to exit (mounted, or gave up), median of each "
               "row's runs (each helper runs that many times); ratio = "
               "cifs-family / cifs-utils (below 1: faster).")
    out.append("")
    out.append("| scenario | runs | cifs-family | cifs-utils 7.0 | ratio | cifs-family outcome | cifs-utils outcome | attempt delay (cifs-family) |")
    out.append("|---|---:|---:|---:|---:|---|---|---|")
    missing = False
    for sid, what in scen:
        ours, base = runs.get((sid, "ours"), []), runs.get((sid, "base"), [])
        if not ours or not base:
            out.append("| %s | 0 | no runs | | | | | |" % what)
            missing = True
            continue
        mo = statistics.median(r["ms"] for r in ours)
        mb = statistics.median(r["ms"] for r in base)
        ratio = "%.2f" % (mo / mb)
        if not any(r["mounted"] for r in base) and any(r["mounted"] for r in ours):
            ratio += " (cifs-utils never mounted)"
        delays = sorted({r["delay"] for r in ours})
        out.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            what, len(ours), fmt_ms(mo), fmt_ms(mb), ratio, outcome(ours),
            outcome(base), ", ".join(delays)))
    # Means with a 95 % interval: in this rig mount(2) waits a random 0-100 ms
    # for ksmbd's accept loop, which moves medians between modes.
    def all_mounted(sid):
        tries = [runs.get((sid, h), []) for h in ("ours", "base")]
        return all(len(t) > 2 and all(r["mounted"] for r in t) for t in tries)

    both = [(sid, what) for sid, what in scen if all_mounted(sid)]
    if both:
        out.append("")
        out.append("Rows where both helpers mounted every time: mean exec-to-exit "
                   "time with its 95 % confidence interval, and the difference "
                   "of the means (cifs-family - cifs-utils).")
        out.append("")
        out.append("| scenario | runs | cifs-family mean | cifs-utils mean | difference | ratio of means |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for sid, what in both:
            ours = [r["ms"] for r in runs[(sid, "ours")]]
            base = [r["ms"] for r in runs[(sid, "base")]]
            mo, ho = mean_ci(ours)
            mb, hb = mean_ci(base)
            out.append("| %s | %d | %.0f ± %.0f ms | %.0f ± %.0f ms | %+.0f ± %.0f ms | %.2f |" % (
                what, len(ours), mo, ho, mb, hb, mo - mb,
                (ho ** 2 + hb ** 2) ** 0.5, mo / mb))
    lit = [(sid, what) for sid, what in scen if sid.startswith("lit")]
    if lit:
        out.append("")
        out.append("Literal IPv4 address: the helper's wall time and peak RSS "
                   "(ru_maxrss of the helper and the children it waited for), "
                   "medians (max in brackets).")
        out.append("")
        out.append("| scenario | cifs-family wall | cifs-utils wall | ratio | cifs-family peak RSS | cifs-utils peak RSS | ratio |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for sid, what in lit:
            ours, base = runs.get((sid, "ours"), []), runs.get((sid, "base"), [])
            if not ours or not base:
                continue
            mo = statistics.median(r["ms"] for r in ours)
            mb = statistics.median(r["ms"] for r in base)
            ro = statistics.median(r["rss"] for r in ours)
            rb = statistics.median(r["rss"] for r in base)
            out.append("| %s | %s | %s | %.2f | %d KiB (%d) | %d KiB (%d) | %.2f |" % (
                what, fmt_ms(mo), fmt_ms(mb), mo / mb, ro,
                max(r["rss"] for r in ours), rb, max(r["rss"] for r in base),
                ro / rb))
    print("\n".join(out))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
