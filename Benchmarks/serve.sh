#!/usr/bin/env bash
# Load test of `geoprofile serve` on loopback: wrk with 64 connections for 20 s posting a
# district-sized zone (Utrecht's city centre) to /v1/compositions, then an overload run
# posting bodies of 10,000 zones. Prints requests/s, p50/p99 latency, errors and the
# server's peak RSS, next to the command line's one-zone end-to-end time measured in the
# same run.
#
#   bash Benchmarks/serve.sh            # or: make bench-serve
#   DURATION=20s CONNECTIONS=64 PORT=18080 bash Benchmarks/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
OVERLOAD_DURATION=${OVERLOAD_DURATION:-10s}
ZONE=Data/zones/utrecht-binnenstad.geojson
DATASET=${GEOPROFILE_DATASET:-Data/postcodes/nl-pc4.gpkg}
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
fi

# BUILD=debug measures the debug build (both the command line and the service), for a
# quick run where a release build is not at hand; the figures in Docs are release figures
# unless they say otherwise.
if [ "${BUILD:-release}" = debug ]; then FLAGS=(); else FLAGS=(-c release --static-swift-stdlib); fi
swift build "${FLAGS[@]}" --product geoprofile >/dev/null
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)/geoprofile"
[ -f "$DATASET" ] || "$BIN" data build

# The command line's one-zone end-to-end time: the median of 11 runs.
cli_times=()
for _ in $(seq 11); do
    start=$(date +%s%N)
    "$BIN" analyze "$ZONE" --dataset "$DATASET" --format json >/dev/null
    cli_times+=($(( ($(date +%s%N) - start) / 1000 )))
done
CLI_US=$(printf '%s\n' "${cli_times[@]}" | sort -n | sed -n 6p)

"$BIN" serve --host 127.0.0.1 --port "$PORT" --dataset "$DATASET" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

# The same zone through the service and the command line: the same bytes.
curl -fsS -X POST -H 'Content-Type: application/geo+json' --data-binary "@$ZONE" \
    "http://127.0.0.1:$PORT/v1/compositions" >"$WORK/service.json"
"$BIN" analyze "$ZONE" --dataset "$DATASET" --format json >"$WORK/cli.json"
cmp -s "$WORK/service.json" "$WORK/cli.json" && SAME=yes || SAME=NO

# wrk's Lua: the body, a count per status, and the summary as one line.
cat >"$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/geo+json"
local f = io.open(os.getenv("BODY_FILE"), "rb")
wrk.body = f:read("*a")
f:close()
local counts = {}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do merged[code] = (merged[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(merged) do table.insert(parts, code .. "=" .. n) end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f socket_errors=%d non2xx=%d statuses=%s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, table.concat(parts, ",")))
end
LUA

peak_rss() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"; }

BODY_FILE="$ZONE" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" \
    "http://127.0.0.1:$PORT/v1/compositions" >"$WORK/wrk.txt"
RESULT=$(grep '^RESULT' "$WORK/wrk.txt")
RSS=$(peak_rss)

# Overload: bodies of 10,000 zones (200 m squares around Utrecht, RD New) from every connection.
python3 - "$WORK/many.geojson" <<'PY'
import json, sys
features = []
for i in range(10000):
    x = 125000 + (i % 100) * 250
    y = 450000 + (i // 100) * 250
    ring = [[x, y], [x + 200, y], [x + 200, y + 200], [x, y + 200], [x, y]]
    features.append({"type": "Feature", "id": f"z{i}", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[1], "w"))
PY
BODY_FILE="$WORK/many.geojson" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$OVERLOAD_DURATION" --timeout 30s -s "$WORK/post.lua" \
    "http://127.0.0.1:$PORT/v1/compositions?crs=EPSG:28992" >"$WORK/overload.txt"
OVERLOAD=$(grep '^RESULT' "$WORK/overload.txt")
RSS_OVERLOAD=$(peak_rss)

get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
RPS=$(get rps "$RESULT")
CLI_S=$(awk -v us="$CLI_US" 'BEGIN { printf "%.4f", us / 1e6 }')
CLI_RATE=$(awk -v us="$CLI_US" 'BEGIN { printf "%.1f", 1e6 / us }')
RATIO=$(awk -v r="$RPS" -v c="$CLI_RATE" 'BEGIN { printf "%.0f", r / c }')

echo "geoprofile serve (${BUILD:-release} build) on 127.0.0.1, $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, zone $ZONE"
echo "service == command line (bytes):  $SAME"
echo "command line, one zone end to end: ${CLI_S} s (median of 11) = ${CLI_RATE} zones/s"
echo "service:   $(get rps "$RESULT") req/s, p50 $(get p50_ms "$RESULT") ms, p99 $(get p99_ms "$RESULT") ms, socket errors $(get socket_errors "$RESULT"), non-2xx $(get non2xx "$RESULT"), statuses $(get statuses "$RESULT"), peak RSS ${RSS} MB"
echo "           = ${RATIO}x the command line's zones per second"
echo "overload (10,000 zones a body, -d$OVERLOAD_DURATION): $(get rps "$OVERLOAD") req/s, statuses $(get statuses "$OVERLOAD"), socket errors $(get socket_errors "$OVERLOAD"), peak RSS ${RSS_OVERLOAD} MB"
