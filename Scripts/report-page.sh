#!/usr/bin/env bash
# Prints the Utrecht binnenstad report from the real dataset to PDF and turns its first page
# into Docs/images/report-page.png (the image in Docs/report.md). Needs Chromium and
# poppler-utils (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${GEOPROFILE_BIN:-$(swift build -c release --static-swift-stdlib --show-bin-path)/geoprofile}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" report Data/zones/utrecht-binnenstad.geojson --compare-to municipality --date 2026-01-15 \
    --output "$work/report.pdf"
mkdir -p Docs/images
pdftoppm -f 1 -l 1 -r 90 -png "$work/report.pdf" "$work/page"
cp "$work"/page-*1.png Docs/images/report-page.png
echo "wrote Docs/images/report-page.png"
