#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds cifs-family with ASan+UBSan and runs every test (unit, layering,
# compatibility against Debian's cifs-utils). The compatibility suite needs
# root, strace and cifs-utils; without them it fails, it never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-asan}
cmake -S . -B "$build" -G Ninja -DCIFS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
ninja -C "$build"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
ctest --test-dir "$build" --output-on-failure "$@" || status=$?
# CI shows a run's last lines: end with what failed, not only its name.
if [ "$status" -ne 0 ]; then
  python3 tests/lib/failure_digest.py "$build/Testing/Temporary/LastTest.log" || true
fi
exit "$status"
