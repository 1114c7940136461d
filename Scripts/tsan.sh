#!/usr/bin/env bash
# Runs the test suite under ThreadSanitizer (its own build folder, .build-tsan) and fails
# when TSan reports a data race. Arguments are passed to `swift test` (e.g. --filter X).
#
#   bash Scripts/tsan.sh [swift test arguments...]
set -uo pipefail
cd "$(dirname "$0")/.."
log=.build-tsan/tsan.log
mkdir -p .build-tsan
# halt_on_error=0: collect every report of the run, then judge.
TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1" \
    swift test --sanitize=thread --scratch-path .build-tsan "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
races=$(grep -c 'WARNING: ThreadSanitizer' "$log" || true)
echo "tsan: swift test exited $status; ThreadSanitizer reports: $races (full log: $log)"
[ "$status" -eq 0 ] && [ "$races" -eq 0 ]
