#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 60) over a copy of its seed corpus. Any crash fails
# the run; the crashing input is kept under build-fuzz/crashes/ to become a
# regression seed. Prints a summary line per target and "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
CXX=${FUZZ_CXX:-clang++}
command -v "$CXX" >/dev/null || { echo "FAIL: $CXX not installed"; exit 1; }
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" -DCIFS_FUZZ=ON \
  -DCIFS_SANITIZE=ON -DCIFS_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
ninja -C "$build" $(cd tests/fuzz && ls fuzz_*.cc | sed 's/\.cc$//') >/dev/null
mkdir -p "$build/crashes"
passed=0 failed=0
for src in tests/fuzz/fuzz_*.cc; do
  name=$(basename "$src" .cc)
  target=${name#fuzz_}
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$target/." "$work/"
  log="$build/$name.log"
  if "$build/bin/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$build/crashes/$name-" "$work" >"$log" 2>&1; then
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "PASS $name: ${execs:-?} executions in ${seconds}s, 0 crashes"
    passed=$((passed + 1))
  else
    echo "FAIL $name: crash or error; see $log and $build/crashes/"
    tail -30 "$log"
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
