#!/usr/bin/env bash
# Benchmark geoprofile's area analysis against geopandas + tobler (area_interpolate with
# allocate_total=False) on the same inputs and variables. `make bench` calls this from
# the repository root; see Benchmarks/README.md. Outputs go to Benchmarks/out/.
#
# Environment (all optional):
#   BENCH_RUNS=5          timed runs per case and tool (hyperfine --runs)
#   BENCH_WARMUP=1        warm-up runs (hyperfine --warmup)
#   BENCH_ZONES=10000     random zones in the large case
#   BENCH_SEED=20210101   seed of the random zones
#   BENCH_CASES="one municipalities random"   cases to run, in this order
#   BENCH_TOLERANCE=1e-6  maximum relative difference peer vs geoprofile
#   BENCH_ABS_TOLERANCE=0 also accept absolute differences up to this (0: off; for a
#                         geoprofile CSV rounded to 6 decimals use 1e-6)
#   BENCH_DEBGEOS=1       also run the peer with shapely built on the system GEOS (0: no)
#   BENCH_PEER_ONLY=0     1: measure the peer alone (no geoprofile build, no comparison)
#   GEOPROFILE=path       use this geoprofile binary instead of building one
#   BENCH_SCRATCH=dir     swift build --scratch-path for the release build
#   BENCH_DATASET=path    postcode dataset (default Data/postcodes/nl-pc4.gpkg)
#   BENCH_DATA_DIR=path   CBS source files (default ../shared/data/nl beside the repo)
#   BENCH_VARIABLES=a,b   source columns to apportion (default residents + profile_*)
#   BENCH_PYTHON=python3.11  interpreter for the peer's virtual environments
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH=Benchmarks
OUT=$BENCH/out
mkdir -p "$OUT"

RUNS=${BENCH_RUNS:-5}
WARMUP=${BENCH_WARMUP:-1}
ZONES=${BENCH_ZONES:-10000}
SEED=${BENCH_SEED:-20210101}
CASES=${BENCH_CASES:-one municipalities random}
TOLERANCE=${BENCH_TOLERANCE:-1e-6}
ABS_TOLERANCE=${BENCH_ABS_TOLERANCE:-0}
DEBGEOS=${BENCH_DEBGEOS:-1}
PEER_ONLY=${BENCH_PEER_ONLY:-0}
DATASET=${BENCH_DATASET:-Data/postcodes/nl-pc4.gpkg}
DATA_DIR=${BENCH_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data/nl}
ONE_ZONE=${BENCH_ONE_ZONE:-Data/zones/utrecht-binnenstad.geojson}
if [ -z "${BENCH_ONE_ZONE:-}" ] && [ ! -f "$ONE_ZONE" ]; then
    # fall back to the first GeoJSON zone the repository ships
    for f in Data/zones/*.geojson; do [ -f "$f" ] && { ONE_ZONE=$f; break; }; done
fi
ONE_ZONE_ID=${BENCH_ONE_ZONE_ID:-id}
MUNICIPALITIES=$DATA_DIR/gemeenten_2021.gpkg
CBS_PC4=$DATA_DIR/cbs_pc4_2020_v1.gpkg

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# --- tools -----------------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    if is_root && command -v apt-get >/dev/null 2>&1; then
        say "installing ${need_apt[*]} with apt-get"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        die "missing ${need_apt[*]}: install the Debian package(s) '${need_apt[*]}'"
    fi
fi

PYTHON=${BENCH_PYTHON:-}
if [ -z "$PYTHON" ]; then
    if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11
    else PYTHON=python3; say "python3.11 not found; using $(python3 --version 2>&1) (pins are for 3.11)"; fi
fi

# --- geoprofile ------------------------------------------------------------------------
GP=""
if [ "$PEER_ONLY" != 1 ]; then
    if [ -n "${GEOPROFILE:-}" ]; then
        GP=$GEOPROFILE
    else
        scratch=()
        [ -n "${BENCH_SCRATCH:-}" ] && scratch=(--scratch-path "$BENCH_SCRATCH")
        say "building geoprofile (swift build -c release --static-swift-stdlib ${scratch[*]}), as make build does"
        if ! swift build -c release --static-swift-stdlib "${scratch[@]}" >&2; then
            die "the release build of geoprofile failed (see above). Fix the build, or run
        BENCH_PEER_ONLY=1 $BENCH/run.sh   to measure the peer alone."
        fi
        GP="$(swift build -c release --static-swift-stdlib "${scratch[@]}" --show-bin-path)/geoprofile"
    fi
    if [ ! -x "$GP" ]; then
        die "no geoprofile binary at $GP (not built yet?). Build it, set GEOPROFILE=/path/to/geoprofile,
        or run   BENCH_PEER_ONLY=1 $BENCH/run.sh   to measure the peer alone."
    fi
    if [ ! -f "$DATASET" ]; then
        say "no $DATASET: running 'geoprofile data build'"
        "$GP" data build >&2 || die "'geoprofile data build' failed"
        [ -f "$DATASET" ] || die "'geoprofile data build' did not create $DATASET"
    fi
fi

# The postcode source both tools read. Without geoprofile's dataset (peer-only runs
# before it exists) the peer reads the CBS file directly, with INWONER as the variable.
if [ -f "$DATASET" ]; then
    SOURCE=$DATASET; SOURCE_LAYER=pc4
else
    [ -f "$CBS_PC4" ] || die "neither $DATASET nor $CBS_PC4 exists"
    SOURCE=$CBS_PC4; SOURCE_LAYER=cbs_pc4_2020_v1
    say "peer-only run on the CBS file $SOURCE (geoprofile's dataset is absent)"
fi
[ -f "$MUNICIPALITIES" ] || die "no municipalities at $MUNICIPALITIES (set BENCH_DATA_DIR)"

# --- the peer's virtual environments ---------------------------------------------------
# ensure_venv DIR [pip args...]: (re)creates DIR unless it was made from the current
# requirements with the same pip args.
ensure_venv() {
    local dir=$1; shift
    local stamp="$dir/.bench-stamp"
    local want
    want="$(sha256sum "$BENCH/requirements-peer.txt" | cut -d' ' -f1) $*"
    if [ -x "$dir/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "creating $dir"
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir" || return 1
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" \
        -r "$BENCH/requirements-peer.txt" || return 1
    echo "$want" > "$stamp"
}

PEER_VENV=$BENCH/.venv-peer
ensure_venv "$PEER_VENV" >&2 || die "could not install the peer into $PEER_VENV"
PEER_PY=$PEER_VENV/bin/python

DEB_VENV=$BENCH/.venv-peer-debgeos
DEB_STATUS=$OUT/debgeos-status.txt
DEB_PY=""
if [ "$DEBGEOS" = 1 ]; then
    if ! command -v geos-config >/dev/null 2>&1 && is_root && command -v apt-get >/dev/null 2>&1; then
        say "installing libgeos-dev for the source build of shapely"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgeos-dev >/dev/null || true
    fi
    if ! command -v geos-config >/dev/null 2>&1; then
        echo "not built: geos-config not found (Debian package libgeos-dev missing)" > "$DEB_STATUS"
    elif ensure_venv "$DEB_VENV" --no-binary shapely > "$OUT/debgeos-build.log" 2>&1; then
        sys_geos=$(geos-config --version)
        venv_geos=$("$DEB_VENV/bin/python" -c 'import shapely; print(".".join(map(str, shapely.geos_version)))')
        if [ "$venv_geos" = "$sys_geos" ]; then
            DEB_PY=$DEB_VENV/bin/python
            echo "built: shapely $("$DEB_PY" -c 'import shapely; print(shapely.__version__)') from source against the system GEOS $sys_geos" > "$DEB_STATUS"
        else
            echo "not used: shapely in $DEB_VENV reports GEOS $venv_geos, the system has $sys_geos" > "$DEB_STATUS"
        fi
    else
        rm -rf "$DEB_VENV"
        { echo "not built: pip install --no-binary shapely failed; last lines of $OUT/debgeos-build.log:"
          tail -n 15 "$OUT/debgeos-build.log" | sed 's/^/    /'; } > "$DEB_STATUS"
    fi
    say "shapely on the system GEOS: $(head -n 1 "$DEB_STATUS")"
else
    echo "skipped (BENCH_DEBGEOS=0)" > "$DEB_STATUS"
fi

# --- variables ----------------------------------------------------------------------------
if [ -n "${BENCH_VARIABLES:-}" ]; then
    VARIABLES=$BENCH_VARIABLES
elif [ "$SOURCE_LAYER" = pc4 ]; then
    VARIABLES=$("$PEER_PY" - "$SOURCE" <<'EOF'
import sys, pyogrio
info = pyogrio.read_info(sys.argv[1], layer="pc4")
fields = list(info["fields"])
if "residents" not in fields:
    sys.exit(f"the dataset has no 'residents' column: {fields}")
# residents per profile: the numeric profile_* columns (not e.g. a text profile_source)
numeric = {f for f, t in zip(info["fields"], info["dtypes"]) if t.startswith(("float", "int"))}
print(",".join(["residents"] + [f for f in fields if f.startswith("profile_") and f in numeric]))
EOF
)
else
    VARIABLES=INWONER
fi
say "variables: $VARIABLES"

# --- inputs ---------------------------------------------------------------------------------
RANDOM_ZONES=$OUT/zones-random-$ZONES-seed$SEED-$(basename "$SOURCE" .gpkg).gpkg
case " $CASES " in *" random "*)
    if [ ! -f "$RANDOM_ZONES" ] || [ "$BENCH/gen_zones.py" -nt "$RANDOM_ZONES" ] || [ "$SOURCE" -nt "$RANDOM_ZONES" ]; then
        "$PEER_PY" "$BENCH/gen_zones.py" --seed "$SEED" --count "$ZONES" \
            --output "$RANDOM_ZONES" --postcodes "$SOURCE" --postcodes-layer "$SOURCE_LAYER"
    fi;;
esac

# case -> label, zone file, layer ("" for single-layer files), id field
declare -A LABEL ZFILE ZLAYER ZID
LABEL[one]="1 zone";                   ZFILE[one]=$ONE_ZONE;           ZLAYER[one]="";         ZID[one]=$ONE_ZONE_ID
LABEL[municipalities]="345 municipalities"; ZFILE[municipalities]=$MUNICIPALITIES; ZLAYER[municipalities]=gemeenten; ZID[municipalities]=gemeente
LABEL[random]="$ZONES random zones";   ZFILE[random]=$RANDOM_ZONES;    ZLAYER[random]=zones;   ZID[random]=id

# --- runs ---------------------------------------------------------------------------------
MANIFEST=$OUT/manifest.tsv
: > "$MANIFEST"
failures=0
TOOLS=(geoprofile tobler)
[ "$PEER_ONLY" = 1 ] && TOOLS=(tobler)
[ -n "$DEB_PY" ] && TOOLS+=(tobler-debgeos)

# A one-zone run takes milliseconds: more runs steady its median.
runs_for() { if [ "$1" = one ] && [ "$RUNS" -lt 20 ]; then echo 20; else echo "$RUNS"; fi; }

# bench CASE TOOL: runs hyperfine; the command appends its stderr (the timings: lines)
# and /usr/bin/time's peak RSS to per-case files. Returns non-zero if the tool failed.
bench() {
    local case=$1 tool=$2
    local zf=${ZFILE[$case]} layer=${ZLAYER[$case]} id=${ZID[$case]}
    local stem=$OUT/$case-$tool
    local cmd=()
    case $tool in
        geoprofile)
            cmd=("$GP" analyze "$zf")
            [ -n "$layer" ] && cmd+=(--layer "$layer")
            cmd+=(--id-field "$id" --format csv --output "$stem.csv" --timings);;
        tobler|tobler-debgeos)
            local py=$PEER_PY
            [ "$tool" = tobler-debgeos ] && py=$DEB_PY
            cmd=("$py" "$BENCH/peer_tobler.py" --source "$SOURCE" --source-layer "$SOURCE_LAYER"
                 --zones "$zf")
            [ -n "$layer" ] && cmd+=(--zones-layer "$layer")
            cmd+=(--id-field "$id" --variables "$VARIABLES" --output "$stem.csv");;
    esac
    rm -f "$stem.csv" "$stem.stderr" "$stem.rss" "$stem.json" "$stem.compare"
    local line runs
    runs=$(runs_for "$case")
    # Wall time is measured on the command alone; peak RSS in one extra run under
    # /usr/bin/time, so the wrapper does not add to the timed runs.
    line="$(printf '%q ' "${cmd[@]}") 2>> $(printf '%q' "$stem.stderr")"
    echo "$line" > "$stem.command"
    say "$case / $tool: $(printf '%q ' "${cmd[@]}")"
    if ! hyperfine --shell bash --style basic --warmup "$WARMUP" --runs "$runs" \
            --export-json "$stem.json" --command-name "$case $tool" "$line" >&2; then
        say "$case / $tool FAILED; its stderr ($stem.stderr):"
        tail -n 20 "$stem.stderr" >&2 || true
        return 1
    fi
    /usr/bin/time -f %M -o "$stem.rss" "${cmd[@]}" 2>/dev/null >/dev/null || true
    if ! grep -q '^timings:' "$stem.stderr"; then
        say "$case / $tool printed no 'timings:' line on stderr"
    fi
}

for case in $CASES; do
    [ -n "${ZFILE[$case]:-}" ] || die "unknown case '$case' (known: one municipalities random)"
    if [ ! -f "${ZFILE[$case]}" ]; then
        say "skipping case '$case': ${ZFILE[$case]} does not exist"
        continue
    fi
    for tool in "${TOOLS[@]}"; do
        agreement="-"
        if ! bench "$case" "$tool"; then
            agreement="FAILED"; failures=$((failures + 1))
        elif [ "$tool" != geoprofile ] && [ "$PEER_ONLY" != 1 ] && [ -f "$OUT/$case-geoprofile.csv" ]; then
            if python3 "$BENCH/compare.py" "$OUT/$case-$tool.csv" "$OUT/$case-geoprofile.csv" \
                    --tolerance "$TOLERANCE" --abs-tolerance "$ABS_TOLERANCE" --label "$case $tool" > "$OUT/$case-$tool.compare" 2>&1; then
                agreement="ok ($(sed -n 's/.*worst \([^,]*\),.*/\1/p' "$OUT/$case-$tool.compare"))"
            else
                agreement="MISMATCH"; failures=$((failures + 1))
            fi
            cat "$OUT/$case-$tool.compare" >&2
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "${LABEL[$case]}" "$tool" \
            "$OUT/$case-$tool.json" "$OUT/$case-$tool.stderr" "$OUT/$case-$tool.rss" \
            "$(runs_for "$case")" "$agreement" >> "$MANIFEST"
    done
done

# --- report --------------------------------------------------------------------------------
echo
echo "geoprofile area analysis vs geopandas+tobler area_interpolate(allocate_total=False)"
echo "source: $SOURCE ($SOURCE_LAYER); variables: $VARIABLES"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; runs: $RUNS (+$WARMUP warm-up)"
echo "peer: $("$PEER_PY" -c 'import geopandas, tobler, shapely, pyogrio; print(f"geopandas {geopandas.__version__}, tobler {tobler.__version__}, shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), pyogrio {pyogrio.__version__}")')"
echo "shapely on the system GEOS: $(head -n 1 "$DEB_STATUS")"
[ -n "$GP" ] && echo "geoprofile: $GP"
echo
python3 "$BENCH/summarize.py" "$MANIFEST" --markdown "$OUT/results.md" --json "$OUT/results.json"
echo
echo "wall: hyperfine median, whole process; apportion: median of the program's own"
echo "'timings: apportion=' line; peak RSS: /usr/bin/time %M (one extra run)."
echo "Details: $OUT/ (results.md, results.json, *.json, *.stderr, *.compare, *.command)"

if [ "$failures" -gt 0 ]; then
    say "$failures run(s) failed or disagreed beyond $TOLERANCE"
    exit 1
fi
