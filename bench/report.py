#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the e2e VM's E2E-BENCH console lines into the benchmark table.

Usage: report.py [--csv FILE] CONSOLE_LOG [MACHINE_TEXT]

Prints Markdown: per scenario the median exec-to-exit time of our
mount.cifs and of Debian's cifs-utils 7.0, the ratio (ours / cifs-utils;
below 1 is faster), what each run ended in and the connection attempt delay
our helper logged; then, for the literal IPv4
scenarios, wall time and peak RSS; and the fast-fallback headline: the
median time from exec to the first mount(2) call of the blackholed rows
minus the healthy row's. With --csv, also one line per scenario and helper
(the numbers bench/plot.py draws). Exits 1 if a scenario has no runs.
"""
import re
import statistics
import sys

LINE = re.compile(r"^E2E-BENCH id=(\S+) helper=(\S+) run=(\d+) ms=([\d.]+) "
                  r"rc=(\d+) rss_kb=(\d+)(?: mount_ms=(\S+) mounts=(\d+))?(?: timeout=1)? "
                  r"mounted=([01]) addr=(\S+)(?: delay=(\S+))?(?: mode=(\S+))?")
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


def median_mount(tries):
    """Median exec-to-first-mount(2) time of the tries that called mount(2)."""
    times = [r["mount_ms"] for r in tries if r["mount_ms"] is not None]
    return statistics.median(times) if times else None


def fmt_opt(ms):
    return "-" if ms is None else fmt_ms(ms)


# The fast-fallback rows (bench/scenarios.sh): healthy, then IPv6 blackholed
# with the concurrent race (the default) and with RFC 8305's staggered one.
HEALTHY, BLACKHOLED = "a", (("b", "concurrent (default)"), ("bs", "staggered (RFC 8305)"))
GOAL_MS = 40


def headline(scen, runs):
    """The median exec-to-mount(2) of 'IPv6 blackholed' minus 'healthy',
    cold (no RTT history), per race mode: what a blackholed IPv6 path costs.
    The rows run in rounds (run=N) and the healthy row has more rounds than
    the blackholed ones, so each comparison takes the healthy tries of the
    same rounds: both sides saw the same host load."""
    ids = {sid for sid, _ in scen}
    if HEALTHY not in ids or not any(b in ids for b, _ in BLACKHOLED):
        return []
    out = ["What a blackholed IPv6 path costs a cold mount (no RTT history): median "
           "time from exec to the mount(2) call with IPv6 blackholed minus the "
           "healthy row's, over the same rounds of the same run (goal: at most "
           "%d ms); and the median of the per-round differences." % GOAL_MS, "",
           "| helper, race mode | rounds | healthy | IPv6 blackholed | cost of the blackholed path | median per-round difference | mounted (blackholed) |",
           "|---|---:|---:|---:|---:|---:|---|"]

    def paired(helper, bid):
        bh = {r["run"]: r for r in runs.get((bid, helper), []) if r["mount_ms"] is not None}
        ok = {r["run"]: r for r in runs.get((HEALTHY, helper), [])
              if r["mount_ms"] is not None and r["run"] in bh}
        rounds = sorted(ok)
        return rounds, [ok[n]["mount_ms"] for n in rounds], [bh[n]["mount_ms"] for n in rounds]

    for bid, mode in BLACKHOLED:
        if bid not in ids:
            continue
        rounds, healthy, blackholed = paired("ours", bid)
        if not rounds:
            continue
        tries = runs.get((bid, "ours"), [])
        diffs = [b - h for h, b in zip(healthy, blackholed)]
        out.append("| cifs-family, %s | %d | %s | %s | **%+.0f ms** | %+.0f ms | %d/%d |" % (
            mode, len(rounds), fmt_ms(statistics.median(healthy)),
            fmt_ms(statistics.median(blackholed)),
            statistics.median(blackholed) - statistics.median(healthy),
            statistics.median(diffs), sum(r["mounted"] for r in tries), len(tries)))
    rounds, healthy, blackholed = paired("base", "b")
    base_b = runs.get(("b", "base"), [])
    if rounds:
        mounted = sum(r["mounted"] for r in base_b)
        out.append("| cifs-utils 7.0 | %d | %s | %s (first call: %s) | %s | - | %d/%d |" % (
            len(rounds), fmt_ms(statistics.median(healthy)),
            fmt_ms(statistics.median(blackholed)),
            "it never tries IPv4" if not mounted else "then others",
            "never mounts: exit after %s" % fmt_ms(statistics.median(r["ms"] for r in base_b))
            if not mounted else "-", mounted, len(base_b)))
    out.append("")
    return out


def write_csv(path, scen, runs):
    """One line per scenario and helper: the medians bench/plot.py draws."""
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "scenario", "helper", "runs", "mounted", "median_exit_ms",
                    "median_mount_ms", "median_rss_kb", "delay", "race_mode"])
        for sid, what in scen:
            for helper, name in (("ours", "cifs-family"), ("base", "cifs-utils 7.0")):
                tries = runs.get((sid, helper), [])
                if not tries:
                    continue
                mm = median_mount(tries)
                w.writerow([sid, what, name, len(tries), sum(r["mounted"] for r in tries),
                            "%.1f" % statistics.median(r["ms"] for r in tries),
                            "" if mm is None else "%.1f" % mm,
                            "%d" % statistics.median(r["rss"] for r in tries),
                            ",".join(sorted({r["delay"] for r in tries})),
                            ",".join(sorted({r["mode"] for r in tries}))])


def main():
    args = sys.argv[1:]
    csv_path = None
    if len(args) >= 2 and args[0] == "--csv":
        csv_path, args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    scen, runs = [], {}
    for raw in open(args[0], errors="replace"):
        line = raw.rstrip("\r\n")
        m = SCEN.match(line)
        if m:
            scen.append((m.group(1), m.group(5)))
            continue
        m = LINE.match(line)
        if m:
            key = (m.group(1), m.group(2))
            mount_ms = m.group(7)
            runs.setdefault(key, []).append(dict(
                run=int(m.group(3)), ms=float(m.group(4)), rc=int(m.group(5)), rss=int(m.group(6)),
                mount_ms=float(mount_ms) if mount_ms not in (None, "-") else None,
                mounts=int(m.group(8) or 0),
                mounted=m.group(9) == "1", addr=m.group(10),
                delay=m.group(11) or "-", mode=m.group(12) or "-"))
    if not scen:
        sys.exit("report.py: no E2E-BENCH-SCENARIO lines in %s" % args[0])
    out = []
    if len(args) > 1:
        out.append(args[1])
        out.append("")
    out.extend(headline(scen, runs))
    out.append("Time from exec to exit (mounted, or gave up), median of each "
               "row's runs (each helper runs that many times); ratio = "
               "cifs-family / cifs-utils (below 1: faster).")
    out.append("")
    out.append("| scenario | runs | cifs-family | cifs-utils 7.0 | ratio | cifs-family outcome | cifs-utils outcome | attempt delay (cifs-family) | exec to 1st mount(2): cifs-family / cifs-utils |")
    out.append("|---|---:|---:|---:|---:|---|---|---|---|")
    missing = False
    for sid, what in scen:
        ours, base = runs.get((sid, "ours"), []), runs.get((sid, "base"), [])
        if not ours or not base:
            out.append("| %s | 0 | no runs | | | | | | |" % what)
            missing = True
            continue
        mo = statistics.median(r["ms"] for r in ours)
        mb = statistics.median(r["ms"] for r in base)
        ratio = "%.2f" % (mo / mb)
        if not any(r["mounted"] for r in base) and any(r["mounted"] for r in ours):
            ratio += " (cifs-utils never mounted)"
        delays = sorted({r["delay"] for r in ours})
        out.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s / %s |" % (
            what, len(ours), fmt_ms(mo), fmt_ms(mb), ratio, outcome(ours),
            outcome(base), ", ".join(delays), fmt_opt(median_mount(ours)),
            fmt_opt(median_mount(base))))
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
    if csv_path:
        write_csv(csv_path, scen, runs)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
