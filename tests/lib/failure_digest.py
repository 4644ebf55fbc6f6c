#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""After a failed ctest run: each failed test's failing lines, printed last.

CI shows the end of a run's output, where ctest prints only the names of
the failed tests; --output-on-failure printed their output earlier, among
a thousand passing tests. This prints, for each failed test in ctest's
LastTest.log, the lines that say what failed (gtest's "[  FAILED  ]" and
"Failure", the suites' "FAIL ", sanitizer reports, "error"), or its last
lines when none does. Bounded: at most 25 lines a test, 200 lines in all.

Usage: failure_digest.py BUILD_DIR/Testing/Temporary/LastTest.log
"""
import re
import sys

PER_TEST, TOTAL, TAIL = 25, 200, 15
TELLING = re.compile(r"\[  FAILED  \]|Failure|^FAIL\b|\bFAIL |ERROR: |runtime error:|"
                     r"Sanitizer|Traceback|Error|error:|Timeout|timed out", re.I)


def failed_tests(text):
    """(name, output lines) of each test that did not pass (failed, timed
    out, or crashed: its block lacks "Test Passed.")."""
    out = []
    for block in re.split(r"\n(?=\d+/\d+ Testing: )", text):
        m = re.search(r"^\d+/\d+ Testing: (.+)$", block, re.M)
        if not m or "Test Passed." in block:
            continue
        body = block.split("Output:\n", 1)[-1].split("<end of output>", 1)[0]
        lines = [l for l in body.splitlines() if l.strip() and not re.match(r"^-{10,}$", l)]
        out.append((m.group(1).strip(), lines))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    try:
        with open(sys.argv[1], errors="replace") as f:
            text = f.read()
    except OSError as e:
        sys.exit("failure_digest.py: %s" % e)
    tests = failed_tests(text)
    if not tests:
        print("failure digest: no failed test in %s" % sys.argv[1])
        return
    budget = TOTAL
    print("=== failure digest: %d failed test(s)" % len(tests))
    for name, lines in tests:
        telling = [l for l in lines if TELLING.search(l)]
        shown = (telling or lines[-TAIL:])[:PER_TEST]
        print("--- %s (%s)" % (name, "its failing lines" if telling else "its last lines"))
        for line in shown[:max(budget, 0)]:
            print("    " + line[:300])
        budget -= len(shown)
        if budget <= 0:
            print("    (digest cut at %d lines)" % TOTAL)
            break


if __name__ == "__main__":
    main()
