#!/usr/bin/env bash
# Time and peak memory of `geoprofile analyze` on one very large zone file, read once as
# GeoPackage and once as GeoJSON (the same zones, converted with ogr2ogr to WGS 84), and
# whether each gives the same CSV as the binary given in COMPARE_WITH (if set).
# Prints one line per format; Docs/performance.md quotes its output.
#
# Environment (all optional):
#   LARGE_ZONES=266000   zones to generate (gen_zones.py, seed LARGE_SEED, 8-16 vertices)
#   LARGE_SEED=20260101
#   GEOPROFILE=path      the binary to measure (default: a release build of this tree)
#   COMPARE_WITH=path    an earlier binary: its CSV must equal GEOPROFILE's, byte for byte
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=Benchmarks/out
mkdir -p "$OUT"
COUNT=${LARGE_ZONES:-266000}
SEED=${LARGE_SEED:-20260101}
DATASET=${BENCH_DATASET:-Data/postcodes/nl-pc4.gpkg}
VENV=Benchmarks/.venv-peer
[ -f "$DATASET" ] || { echo "large-zones: no dataset at $DATASET; run 'make run' first" >&2; exit 66; }
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet -r Benchmarks/requirements-peer.txt
fi
command -v ogr2ogr >/dev/null || { echo "large-zones: ogr2ogr is missing (apt-get install gdal-bin)" >&2; exit 69; }
if [ -z "${GEOPROFILE:-}" ]; then
    swift build -c release --static-swift-stdlib >&2
    GEOPROFILE=$(swift build -c release --static-swift-stdlib --show-bin-path)/geoprofile
fi

GPKG=$OUT/zones-large-$COUNT-seed$SEED.gpkg
JSON=$OUT/zones-large-$COUNT-seed$SEED.geojson
if [ ! -f "$GPKG" ]; then
    "$VENV/bin/python" Benchmarks/gen_zones.py --seed "$SEED" --count "$COUNT" --min-vertices 8 \
        --max-vertices 16 --output "$GPKG.part" --postcodes "$DATASET" && mv "$GPKG.part" "$GPKG"
fi
if [ ! -f "$JSON" ]; then
    ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco RFC7946=YES -lco COORDINATE_PRECISION=7 "$JSON.part" "$GPKG" zones
    mv "$JSON.part" "$JSON"
fi

printf '%-8s %8s %10s %12s %s\n' format MB seconds "peak MiB" "same CSV as COMPARE_WITH"
for input in "$GPKG" "$JSON"; do
    args=("$input" --id-field id --format csv)
    [ "${input##*.}" = gpkg ] && args+=(--layer zones)
    csv=$OUT/large-${input##*.}.csv
    /usr/bin/time -f '%e %M' -o "$OUT/large.time" "$GEOPROFILE" analyze "${args[@]}" --output "$csv"
    read -r seconds kib < "$OUT/large.time"
    same=-
    if [ -n "${COMPARE_WITH:-}" ]; then
        "$COMPARE_WITH" analyze "${args[@]}" --output "$csv.before"
        if cmp -s "$csv" "$csv.before"; then same=yes; else same=NO; fi
    fi
    printf '%-8s %8d %10s %12d %s\n' "${input##*.}" $(( $(stat -c %s "$input") / 1048576 )) "$seconds" \
        $(( kib / 1024 )) "$same"
done
