#!/usr/bin/env bash
# The plausibility figures of the profile model before person cells, measured with the same
# library function as a current build (Docs/profile-model.md §11, "before").
#
#   Scripts/plausibility-before.sh [COMMIT]   (default: 58b9874, the last commit before the change)
#
# Builds geoprofile at COMMIT in a temporary folder, builds its dataset from the CBS sources
# ($GEOPROFILE_SOURCES or ../shared/data/nl), then runs the PlausibilityBeforeTests suite on it.
# With GEOPROFILE_BEFORE_DATASET set to a dataset built at that commit, only the last step runs.
set -euo pipefail
commit="${1:-58b9874}"
here="$(cd "$(dirname "$0")/.." && pwd)"
sources="${GEOPROFILE_SOURCES:-$here/../shared/data/nl}"
dataset="${GEOPROFILE_BEFORE_DATASET:-}"
if [ -z "$dataset" ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    git -C "$here" archive "$commit" | tar -x -C "$work"
    (cd "$work" && swift build -c release --static-swift-stdlib >&2)
    "$(cd "$work" && swift build -c release --static-swift-stdlib --show-bin-path)/geoprofile" data build \
        --sources "$sources" --output "$work/before.gpkg" >&2
    dataset="$work/before.gpkg"
fi
cd "$here"
GEOPROFILE_BEFORE_DATASET="$dataset" swift test --filter PlausibilityBeforeTests 2>&1 |
    sed -n '/^{/,/^}/p'
