#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Draw bench/results.csv (report.py --csv) as bench/results.svg.

Usage: plot.py RESULTS_CSV OUTPUT_SVG

Two panels, one pair of bars per scenario (cifs-family, cifs-utils 7.0):
the median time from exec to exit, and from exec to the first mount(2)
call; a logarithmic axis, since cifs-utils' blackholed rows take the
kernel's 10 s. A bar whose helper did not mount every run is hatched and
labelled with how many runs mounted. Needs matplotlib (Debian:
python3-matplotlib).
"""
import csv
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

HELPERS = (("cifs-family", "#1f77b4"), ("cifs-utils 7.0", "#ff7f0e"))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    if not rows:
        sys.exit("plot.py: %s has no rows" % sys.argv[1])
    scenarios = []
    for r in rows:
        if r["scenario"] not in scenarios:
            scenarios.append(r["scenario"])
    by = {(r["scenario"], r["helper"]): r for r in rows}

    plt.rcParams["svg.hashsalt"] = "cifs-family-bench"  # stable ids: diffable
    fig, axes = plt.subplots(1, 2, figsize=(15, 0.55 * len(scenarios) + 1.8), sharey=True)
    panels = (("median_exit_ms", "exec to exit (ms, log scale)"),
              ("median_mount_ms", "exec to first mount(2) call (ms, log scale)"))
    height = 0.38
    for ax, (field, title) in zip(axes, panels):
        for k, (helper, colour) in enumerate(HELPERS):
            for i, name in enumerate(scenarios):
                r = by.get((name, helper))
                if r is None or not r[field]:
                    continue
                value = float(r[field])
                runs, mounted = int(r["runs"]), int(r["mounted"])
                no_mount = mounted == 0 and field == "median_exit_ms" and "-f" in name
                failed = mounted < runs and not no_mount
                y = i + (k - 0.5) * height
                ax.barh(y, value, height, color=colour, hatch="//" if failed else None,
                        edgecolor="black" if failed else colour,
                        label=helper if i == 0 else None)
                text = "%.0f" % value if value < 1000 else "%.1f s" % (value / 1000)
                if failed:
                    text += "  (mounted %d/%d)" % (mounted, runs)
                ax.text(value * 1.05, y, text, va="center", fontsize=7)
        ax.set_xscale("log")
        ax.set_xlim(10, 60000)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", which="both", alpha=0.3)
    axes[0].set_yticks(range(len(scenarios)))
    axes[0].set_yticklabels(scenarios, fontsize=7)
    axes[0].invert_yaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=2, fontsize=8)
    fig.suptitle("cifs-family vs cifs-utils 7.0, medians (bench/RESULTS.md)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(sys.argv[2], format="svg", metadata={"Date": None})


if __name__ == "__main__":
    main()
