#!/usr/bin/env python3
"""Generate random, neighbourhood-sized planning zones for the benchmark.

Writes a GeoPackage layer ``zones`` (EPSG:28992) with fields ``id`` (string) and
``name``. Every zone is a simple polygon that is star-shaped around its centre, so it is
valid by construction (checked with ``is_valid`` all the same), with 50-400 vertices and
an area of 0.2-5 km². Three placements and three shapes are mixed:

placements
  inside    a small zone around an interior point of a large populated postcode, shrunk
            until the postcode properly contains it (verified with contains_properly)
  boundary  centred on a point of a populated postcode's outline: crosses that boundary
            (verified)
  random    centred on a random point inside a populated postcode; larger ones cover
            several postcodes
shapes
  ellipse   convex, rotated, aspect ratio 1-2.5
  star      r(t) = R (1 + a cos(k t + p)), k = 3-8 arms: strongly concave
  blob      radius perturbed by a few random harmonics: mildly concave

The output is a pure function of (seed, count, postcode file): every random draw comes
from one numpy Generator in a fixed order, the postcodes are sorted by code, and the
coordinates are rounded to the millimetre.
"""

from __future__ import annotations

import argparse
import math
import os
import sys

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

CRS = "EPSG:28992"
MIN_AREA = 0.2e6  # m²
MAX_AREA = 5.0e6  # m²
MIN_VERTICES = 50
MAX_VERTICES = 400
# Share of each placement; "random" gets the rest.
SHARE_INSIDE = 0.2
SHARE_BOUNDARY = 0.3
# A postcode must be at least this large to host an "inside" zone.
LARGE_POSTCODE_AREA = 4.0e6  # m²


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--output", required=True, help="GeoPackage to write (replaced)")
    p.add_argument("--postcodes", required=True, help="PC4 GeoPackage (EPSG:28992)")
    p.add_argument("--postcodes-layer", default=None,
                   help="layer of --postcodes (default: the first layer)")
    p.add_argument("--postcode-field", default=None,
                   help="postcode column (default: 'postcode' or 'PC4')")
    p.add_argument("--population-field", default=None,
                   help="residents column (default: 'residents' or 'INWONER')")
    p.add_argument("--min-vertices", type=int, default=MIN_VERTICES,
                   help=f"fewest vertices of a zone (default {MIN_VERTICES})")
    p.add_argument("--max-vertices", type=int, default=MAX_VERTICES,
                   help=f"most vertices of a zone (default {MAX_VERTICES})")
    return p.parse_args()


def pick(columns, wanted, explicit, what):
    if explicit:
        if explicit not in columns:
            sys.exit(f"gen_zones: no column {explicit!r} for {what}; columns: {list(columns)}")
        return explicit
    for name in wanted:
        if name in columns:
            return name
    sys.exit(f"gen_zones: cannot find a {what} column (tried {wanted}); use --{what}-field")


def load_postcodes(args):
    import pyogrio

    layer = args.postcodes_layer
    if layer is None:
        layer = pyogrio.list_layers(args.postcodes)[0][0]
    info = pyogrio.read_info(args.postcodes, layer=layer)
    columns = list(info["fields"])
    code_col = pick(columns, ["postcode", "PC4"], args.postcode_field, "postcode")
    pop_col = pick(columns, ["residents", "INWONER"], args.population_field, "population")
    df = pyogrio.read_dataframe(args.postcodes, layer=layer, columns=[code_col, pop_col])
    if df.crs is None or df.crs.to_epsg() != 28992:
        sys.exit(f"gen_zones: {args.postcodes} is not in EPSG:28992 ({df.crs})")
    codes = df[code_col].astype(str).to_numpy()
    pop = np.nan_to_num(df[pop_col].to_numpy(dtype=float), nan=0.0)
    pop[pop < 0] = 0.0  # CBS codes "secret or 0-4" as -99997
    geoms = df.geometry.to_numpy()
    keep = (pop > 0) & ~shapely.is_empty(geoms) & ~shapely.is_missing(geoms)
    order = np.argsort(codes[keep], kind="stable")
    return codes[keep][order], pop[keep][order], geoms[keep][order]


def unit_radii(rng: np.random.Generator, shape: str, t: np.ndarray) -> np.ndarray:
    """Radius as a function of angle for a shape of unscaled size ~1."""
    if shape == "ellipse":
        aspect = rng.uniform(1.0, 2.5)
        rot = rng.uniform(0.0, math.pi)
        a, b = 1.0, 1.0 / aspect
        c, s = np.cos(t - rot), np.sin(t - rot)
        return a * b / np.sqrt((b * c) ** 2 + (a * s) ** 2)
    if shape == "star":
        k = int(rng.integers(3, 9))
        amp = rng.uniform(0.25, 0.55)
        phase = rng.uniform(0.0, 2 * math.pi)
        return 1.0 + amp * np.cos(k * t + phase)
    # blob: a few random harmonics, total amplitude kept below 0.6 so r > 0
    n = int(rng.integers(2, 6))
    ks = rng.integers(2, 9, size=n)
    amps = rng.uniform(0.0, 1.0, size=n)
    amps *= rng.uniform(0.15, 0.6) / amps.sum()
    phases = rng.uniform(0.0, 2 * math.pi, size=n)
    r = np.ones_like(t)
    for k, a, p in zip(ks, amps, phases):
        r += a * np.cos(k * t + p)
    return r


def make_shape(rng: np.random.Generator, min_vertices: int, max_vertices: int):
    """A star-shaped unit polygon: (angles, radii, shape name, its area)."""
    shape = ("ellipse", "star", "blob")[int(rng.integers(0, 3))]
    n = int(rng.integers(min_vertices, max_vertices + 1))
    # strictly increasing angles with some jitter, so the polygon stays simple
    t = (np.arange(n) + rng.uniform(-0.35, 0.35, size=n)) * (2 * math.pi / n)
    r = unit_radii(rng, shape, t)
    x, y = r * np.cos(t), r * np.sin(t)
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    return t, r, shape, area


def build_polygon(cx, cy, t, r, scale) -> Polygon:
    xs = np.round(cx + scale * r * np.cos(t), 3)
    ys = np.round(cy + scale * r * np.sin(t), 3)
    return Polygon(np.column_stack([xs, ys]))


def random_point_in(rng, geom, prepared_geom, tries=1000):
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(tries):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if prepared_geom.contains(Point(x, y)):
            return x, y
    p = geom.representative_point()
    return p.x, p.y


def random_point_on_boundary(rng, geom):
    ring = max(shapely.get_exterior_ring(shapely.get_parts(geom)), key=lambda g: g.length)
    p = ring.interpolate(rng.uniform(0.0, ring.length))
    return p.x, p.y


def log_uniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def main() -> int:
    args = parse_args()
    if args.count < 1:
        sys.exit("gen_zones: --count must be at least 1")
    if not 3 <= args.min_vertices <= args.max_vertices:
        sys.exit("gen_zones: need 3 <= --min-vertices <= --max-vertices")
    rng = np.random.default_rng(args.seed)
    codes, pop, geoms = load_postcodes(args)
    if len(codes) == 0:
        sys.exit("gen_zones: no populated postcodes in the file")
    shapely.prepare(geoms)
    areas = shapely.area(geoms)
    large = np.flatnonzero(areas >= LARGE_POSTCODE_AREA)
    if len(large) == 0:
        sys.exit("gen_zones: no postcode large enough for 'inside' zones")

    ids, names, polys = [], [], []
    counts = {"inside": 0, "boundary": 0, "random": 0}
    width = len(str(args.count))
    for i in range(args.count):
        u = rng.uniform()
        kind = "inside" if u < SHARE_INSIDE else (
            "boundary" if u < SHARE_INSIDE + SHARE_BOUNDARY else "random")
        for attempt in range(1000):
            t, r, shape, unit_area = make_shape(rng, args.min_vertices, args.max_vertices)
            target = log_uniform(rng, MIN_AREA, MAX_AREA)
            if kind == "inside":
                j = int(large[rng.integers(0, len(large))])
                host = geoms[j]
                cx, cy = random_point_in(rng, host, host)
                room = shapely.distance(shapely.boundary(host), Point(cx, cy))
                scale = math.sqrt(target / unit_area)
                rmax = scale * float(r.max())
                if rmax > 0.9 * room:
                    scale *= 0.9 * room / rmax
                if scale * scale * unit_area < MIN_AREA:
                    continue  # not enough room here: draw again
                poly = build_polygon(cx, cy, t, r, scale)
                if not (poly.is_valid and shapely.contains_properly(host, poly)):
                    continue
            else:
                j = int(rng.integers(0, len(codes)))
                host = geoms[j]
                if kind == "boundary":
                    cx, cy = random_point_on_boundary(rng, host)
                else:
                    cx, cy = random_point_in(rng, host, host)
                poly = build_polygon(cx, cy, t, r, math.sqrt(target / unit_area))
                if not poly.is_valid:
                    continue
                if kind == "boundary" and not shapely.intersects(shapely.boundary(host), poly):
                    continue
            if not (MIN_AREA * 0.999 <= poly.area <= MAX_AREA * 1.001):
                continue
            break
        else:
            sys.exit(f"gen_zones: could not place zone {i} ({kind}) after 1000 attempts")
        counts[kind] += 1
        ids.append(f"z{i + 1:0{width}d}")
        names.append(f"{kind} {shape} near {codes[j]}")
        polys.append(poly)

    import geopandas as gpd

    gdf = gpd.GeoDataFrame({"id": ids, "name": names}, geometry=polys, crs=CRS)
    assert bool(gdf.is_valid.all())
    if os.path.exists(args.output):
        os.remove(args.output)
    gdf.to_file(args.output, layer="zones", driver="GPKG", engine="pyogrio")
    nv = shapely.get_num_coordinates(gdf.geometry.to_numpy()) - 1
    print(f"gen_zones: wrote {len(gdf)} zones to {args.output} (seed {args.seed}): "
          f"{counts['inside']} inside one postcode, {counts['boundary']} on a postcode "
          f"boundary, {counts['random']} random; area {gdf.area.min() / 1e6:.2f}-"
          f"{gdf.area.max() / 1e6:.2f} km², vertices {nv.min()}-{nv.max()}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
