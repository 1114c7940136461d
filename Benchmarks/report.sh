#!/usr/bin/env bash
# Times `geoprofile report` (HTML) with hyperfine: the one-zone report of
# Data/zones/utrecht-binnenstad.geojson and the report of all 345 municipalities of 2021,
# each on the dataset as given and on a copy of it without the stored country outline (the
# table geoprofile_outline dropped, as a dataset built by an earlier version), so both ways of
# getting the locator map's outline are measured with the same binary. Checks that both give
# the same bytes. Prints hyperfine's summary per case and the machine's load.
#
# Environment (all optional):
#   GEOPROFILE=path      the binary (default: a release build, as `make build` makes it)
#   BENCH_DATASET=path   postcode dataset (default Data/postcodes/nl-pc4.gpkg)
#   BENCH_DATA_DIR=path  CBS source files (default ../shared/data/nl beside the repo)
#   BENCH_RUNS=10        timed runs of the one-zone report (the 345-zone report: a third)
#   BENCH_DISSOLVED=1    also time the copy without the stored outline (0: no)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS=${BENCH_RUNS:-10}
DATASET=${BENCH_DATASET:-Data/postcodes/nl-pc4.gpkg}
DATA_DIR=${BENCH_DATA_DIR:-$ROOT/../shared/data/nl}
DISSOLVED=${BENCH_DISSOLVED:-1}
if [ -z "${GEOPROFILE:-}" ]; then
    swift build -c release --static-swift-stdlib >/dev/null
    GEOPROFILE="$(swift build -c release --static-swift-stdlib --show-bin-path)/geoprofile"
fi
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 69; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 69; }
[ -f "$DATASET" ] || "$GEOPROFILE" data build --output "$DATASET" >/dev/null

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
if [ "$(sqlite3 "$DATASET" "SELECT count(*) FROM sqlite_master WHERE name = 'geoprofile_outline'")" = 0 ]; then
    echo "note: $DATASET stores no country outline (built by an earlier version); rebuild it to time the stored one"
fi
mkdir -p "$SCRATCH/older"
cp "$DATASET" "$SCRATCH/older/nl-pc4.gpkg"
sqlite3 "$SCRATCH/older/nl-pc4.gpkg" \
    "DROP TABLE IF EXISTS geoprofile_outline; DELETE FROM gpkg_contents WHERE table_name = 'geoprofile_outline';"

ONE=(report Data/zones/utrecht-binnenstad.geojson --date 2026-01-15)
ALL=(report "$DATA_DIR/gemeenten_2021.gpkg" --layer gemeenten --id-field gemeente --date 2026-01-15)

# The same bytes either way.
for name in ONE ALL; do
    declare -n args=$name
    "$GEOPROFILE" "${args[@]}" --dataset "$DATASET" --output "$SCRATCH/stored.html"
    "$GEOPROFILE" "${args[@]}" --dataset "$SCRATCH/older/nl-pc4.gpkg" --output "$SCRATCH/dissolved.html"
    cmp -s "$SCRATCH/stored.html" "$SCRATCH/dissolved.html" \
        || { echo "the $name report differs between the stored and the dissolved outline" >&2; exit 1; }
done
echo "stored and dissolved outline give the same report bytes (one zone, 345 municipalities)"

echo "load before: $(uptime)"
run() { # label runs dataset args...: one line with hyperfine's median, min and max
    local label=$1 runs=$2 dataset=$3
    shift 3
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$SCRATCH/time.json" \
        "$(printf '%q ' "$GEOPROFILE" "$@") --dataset $(printf '%q' "$dataset") --output $SCRATCH/x.html" >/dev/null
    python3 - "$label" "$SCRATCH/time.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"{sys.argv[1]:<40} median {r['median']:7.3f} s   min {r['min']:7.3f} s   max {r['max']:7.3f} s   user {r['user']:6.3f} s   runs {len(r['times'])}")
PY
}
MANY=$(( RUNS / 3 > 3 ? RUNS / 3 : 3 ))
run "one zone, stored outline" "$RUNS" "$DATASET" "${ONE[@]}"
[ "$DISSOLVED" = 1 ] && run "one zone, dissolved outline" "$RUNS" "$SCRATCH/older/nl-pc4.gpkg" "${ONE[@]}"
run "345 municipalities, stored outline" "$MANY" "$DATASET" "${ALL[@]}"
[ "$DISSOLVED" = 1 ] && run "345 municipalities, dissolved outline" "$MANY" "$SCRATCH/older/nl-pc4.gpkg" "${ALL[@]}"
echo "load after:  $(uptime)"
