#!/usr/bin/env bash
# Runs geoprofile's libFuzzer targets, each for a given time, on the committed seed
# corpus, and prints one line of figures per target. A crashing input is kept in
# Fuzz/crashers/TARGET/ (commit it under Tests/AreaAnalysisTests/FuzzRegressions/TARGET/
# after the fix: the regression test reads every file there).
#
#   bash Fuzz/run.sh [SECONDS] [TARGET...]      (default: 600 s each, every target)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzGeoJSON FuzzWKT FuzzGeoPackageBlob)

# Coverage-guided, with AddressSanitizer; release so that each run covers more inputs.
swift build -c release --sanitize=fuzzer --sanitize=address >&2
bin=$(swift build -c release --sanitize=fuzzer --sanitize=address --show-bin-path)

printf '%-20s %10s %12s %10s %8s %s\n' target seconds executions exec/s corpus findings
for target in "${targets[@]}"; do
    work=.work/$target crashers=crashers/$target log=.work/$target.log
    mkdir -p "$work" "$crashers"
    start=$(date +%s)
    # -rss_limit_mb: a reader must not need more than 2 GB for any input of -max_len bytes.
    "$bin/$target" "$work" "seeds/$target" -max_total_time="$seconds" -max_len=65536 \
        -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$crashers/" -print_final_stats=1 \
        > "$log" 2>&1 || true
    elapsed=$(( $(date +%s) - start ))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    corpus=$(find "$work" -type f | wc -l)
    findings=$(find "$crashers" -type f | wc -l)
    printf '%-20s %10s %12s %10s %8s %s\n' "$target" "$elapsed" "${runs:-0}" "${speed:-0}" "$corpus" "$findings"
done
