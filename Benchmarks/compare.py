#!/usr/bin/env python3
"""Compare two apportionment CSVs by zone id, per variable.

  compare.py PEER.csv GEOPROFILE.csv [--tolerance 1e-6] [--columns a:b,c:d]

For every variable of the first file (every column but the id) the matching column of
the second file is, in this order: the one named by --columns, the same name, or for
``profile_x_y`` the geoprofile profile id ``x-y``. Per variable it prints the maximum
relative difference |a-b| / max(|a|, |b|, 1e-12) over all zones and the zone where it
occurs. A value passes if its relative difference is within --tolerance or, when
--abs-tolerance is given (default 0: off), its absolute difference is within that (for
outputs rounded to a fixed number of decimals). Exits 1 if any value fails, if a variable
has no match, or if the id sets differ; 0 otherwise. Standard library only.
"""

import argparse
import csv
import math
import sys

FLOOR = 1e-12


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("first", help="CSV whose columns are compared (e.g. the peer's)")
    p.add_argument("second", help="CSV to compare against (e.g. geoprofile's)")
    p.add_argument("--tolerance", type=float, default=1e-6,
                   help="maximum allowed relative difference (default 1e-6)")
    p.add_argument("--abs-tolerance", type=float, default=0.0,
                   help="also accept an absolute difference up to this (default 0: off)")
    p.add_argument("--id-column", default="id", help="id column in the first file")
    p.add_argument("--second-id-column", default=None,
                   help="id column in the second file (default: --id-column)")
    p.add_argument("--columns", default="",
                   help="explicit mapping first:second,... (others are matched by name)")
    p.add_argument("--label", default="", help="prefix for the printed lines")
    return p.parse_args()


def read(path, id_column):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or id_column not in reader.fieldnames:
            sys.exit(f"compare: {path} has no column {id_column!r}")
        rows = {}
        for row in reader:
            key = row[id_column]
            if key in rows:
                sys.exit(f"compare: {path}: duplicate id {key!r}")
            rows[key] = row
        return list(reader.fieldnames), rows


def to_float(text):
    if text is None or text.strip() == "":
        return 0.0
    return float(text)


def main():
    args = parse_args()
    second_id = args.second_id_column or args.id_column
    cols_a, rows_a = read(args.first, args.id_column)
    cols_b, rows_b = read(args.second, second_id)
    prefix = f"{args.label}: " if args.label else ""

    explicit = {}
    for pair in filter(None, (s.strip() for s in args.columns.split(","))):
        a, _, b = pair.partition(":")
        explicit[a] = b

    failed = False
    only_a = sorted(set(rows_a) - set(rows_b))
    only_b = sorted(set(rows_b) - set(rows_a))
    if only_a or only_b:
        failed = True
        print(f"{prefix}ids differ: {len(only_a)} only in {args.first} (e.g. {only_a[:3]}), "
              f"{len(only_b)} only in {args.second} (e.g. {only_b[:3]})")
    common = sorted(set(rows_a) & set(rows_b))

    worst_overall = 0.0
    for col in cols_a:
        if col == args.id_column:
            continue
        candidates = [explicit.get(col), col]
        if col.startswith("profile_"):
            candidates.append(col[len("profile_"):].replace("_", "-"))
        match = next((c for c in candidates if c and c in cols_b), None)
        if match is None:
            failed = True
            print(f"{prefix}{col}: no matching column in {args.second}")
            continue
        worst, worst_id, worst_vals = 0.0, None, (0.0, 0.0)
        bad, bad_worst, worst_counted = 0, None, 0.0
        for key in common:
            a = to_float(rows_a[key][col])
            b = to_float(rows_b[key][match])
            if math.isnan(a) or math.isnan(b):
                rel = 0.0 if (math.isnan(a) and math.isnan(b)) else math.inf
                absdiff = rel
            else:
                absdiff = abs(a - b)
                rel = absdiff / max(abs(a), abs(b), FLOOR)
            if rel > args.tolerance and not absdiff <= args.abs_tolerance:
                bad += 1
                if bad_worst is None or absdiff > bad_worst[0]:
                    bad_worst = (absdiff, key, a, b)
            if rel > worst or worst_id is None:
                worst, worst_id, worst_vals = rel, key, (a, b)
            if not (args.abs_tolerance > 0 and absdiff <= args.abs_tolerance):
                worst_counted = max(worst_counted, rel)
        status = "ok" if bad == 0 else (
            f"FAIL ({bad} zones beyond tolerance; largest absolute difference "
            f"in zone {bad_worst[1]}: {bad_worst[2]!r} vs {bad_worst[3]!r})")
        if bad:
            failed = True
        # the summary's "worst" leaves out values excused by --abs-tolerance
        worst_overall = max(worst_overall, worst_counted)
        print(f"{prefix}{col} vs {match}: max relative difference {worst:.3e} "
              f"(zone {worst_id}: {worst_vals[0]!r} vs {worst_vals[1]!r}) {status}")
    abs_note = f", absolute {args.abs_tolerance:g}" if args.abs_tolerance > 0 else ""
    print(f"{prefix}{len(common)} zones, worst {worst_overall:.3e}, tolerance "
          f"{args.tolerance:g}{abs_note}: {'FAIL' if failed else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
