#!/usr/bin/env python3
"""The peer: area-weighted apportionment with geopandas + tobler.

Reads a postcode source layer and a zones layer, runs
``tobler.area_weighted.area_interpolate(source, zones, extensive_variables=[...],
allocate_total=False)`` -- i.e. v_zone = sum_i v_i * area(P_i n Z) / area(P_i) -- and
writes a CSV ``id,<var1>,<var2>,...`` (full float precision).

Prints one line to stderr:
    timings: import=..s read=..s apportion=..s total=..s
  import     importing geopandas and tobler
  read       reading both layers, dropping empty source geometries, cleaning the
             values, reprojecting the zones to the source CRS if they differ
  apportion  the area_interpolate call alone
  total      from the start of this script (after the interpreter started) to the
             CSV written
"""

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import sys  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="postcode GeoPackage")
    p.add_argument("--source-layer", required=True)
    p.add_argument("--zones", required=True, help="zones file (GeoPackage, GeoJSON, ...)")
    p.add_argument("--zones-layer", default=None,
                   help="layer of --zones (omit for single-layer files such as GeoJSON)")
    p.add_argument("--id-field", default="id", help="zone id column")
    p.add_argument("--variables", required=True,
                   help="comma-separated extensive columns of the source")
    p.add_argument("--missing-value", type=float, action="append", default=None,
                   help="a source value meaning 'missing', counted as 0 "
                        "(repeatable; default -99997, CBS's 'secret or 0-4')")
    p.add_argument("--n-jobs", type=int, default=1,
                   help="tobler n_jobs (default 1, tobler's default)")
    p.add_argument("--output", required=True, help="CSV to write")
    return p.parse_args()


def main():
    args = parse_args()
    variables = [v.strip() for v in args.variables.split(",") if v.strip()]
    if not variables:
        sys.exit("peer_tobler: --variables is empty")
    missing = args.missing_value if args.missing_value is not None else [-99997.0]

    t_import = time.perf_counter()
    import geopandas as gpd
    from tobler.area_weighted import area_interpolate
    t_read = time.perf_counter()

    source = gpd.read_file(args.source, layer=args.source_layer, columns=variables)
    absent = [v for v in variables if v not in source.columns]
    if absent:
        sys.exit(f"peer_tobler: source has no column(s) {absent}")
    source = source[~(source.geometry.isna() | source.geometry.is_empty)]
    source = source.reset_index(drop=True)
    for v in variables:
        col = source[v].astype("float64")
        col = col.mask(col.isin(missing), 0.0).fillna(0.0)
        source[v] = col

    zone_kw = {"layer": args.zones_layer} if args.zones_layer else {}
    zones = gpd.read_file(args.zones, columns=[args.id_field], **zone_kw)
    if args.id_field not in zones.columns:
        sys.exit(f"peer_tobler: zones have no column {args.id_field!r}")
    if zones.crs is None:
        sys.exit("peer_tobler: zones have no CRS")
    if not zones.crs.equals(source.crs):
        zones = zones.to_crs(source.crs)
    t_apportion = time.perf_counter()

    result = area_interpolate(
        source, zones, extensive_variables=variables, allocate_total=False,
        n_jobs=args.n_jobs,
    )
    t_write = time.perf_counter()

    out = result[variables].copy()
    out.insert(0, "id", zones[args.id_field].astype(str).to_numpy())
    out.to_csv(args.output, index=False, float_format=None)
    t_end = time.perf_counter()

    print(
        "timings: "
        f"import={t_read - t_import:.3f}s "
        f"read={t_apportion - t_read:.3f}s "
        f"apportion={t_write - t_apportion:.3f}s "
        f"total={t_end - _T0:.3f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
