"""Build insights/data/world-110m.json: one projected SVG path per country, keyed by alpha-2.

Run once, by hand, when the shapes should change; the result is committed and the site never
fetches anything at run time. Input: Natural Earth 1:110m admin-0 countries as TopoJSON, from the
npm package world-atlas (public domain data; ISC-licensed packaging):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip install pycountry          # only for this script: numeric -> alpha-2 codes
    python scripts/build_world_map.py package/countries-110m.json

The projection is Equal Earth (equal-area, so no country looks larger than it is), scaled to a
1000-unit-wide view box. Coordinates are rounded to whole units (0.4 px on a phone) and points
within one unit of the last kept one are dropped; paths use relative steps. The file stays small
(about 41 KB, 12 KB gzipped) without visible loss.
"""

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "insights" / "data" / "world-110m.json"
COUNTRIES_CSV = ROOT / "core" / "data" / "countries.csv"
WIDTH = 1000

# Natural Earth features without an ISO numeric code in world-atlas, by their name.
BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
LEAVE_OUT = {"Antarctica"}

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def relative_path(points):
    """ "M x y" then "l" with whole-unit steps: a third shorter than absolute coordinates. A minus
    sign separates numbers by itself, so no space is written before it."""
    (x0, y0), text = points[0], f"M{points[0][0]} {points[0][1]}l"
    for x, y in points[1:]:
        for value in (x - x0, y - y0):
            text += str(value) if value < 0 or text[-1] == "l" else f" {value}"
        x0, y0 = x, y
    return text + "z"


def across_antimeridian(points):
    """Rings that cross 180° (Russia's far east, Fiji) would draw a line across the whole map:
    the few points on the far side are put on the edge instead."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        return points
    east = sum(1 for lon, _ in points if lon > 0) >= len(points) / 2
    edge = 180 if east else -180
    return [(lon if (lon > 0) == east else edge, lat) for lon, lat in points]


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main(source):
    import pycountry

    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    known = {row["alpha2"] for row in csv.DictReader(COUNTRIES_CSV.open(encoding="utf-8"))}

    max_x, max_y = equal_earth(180, 0)[0], equal_earth(0, 90)[1]
    scale = WIDTH / (2 * max_x)
    height = round(2 * max_y * scale)

    def project(lon, lat):
        x, y = equal_earth(lon, lat)
        return round(WIDTH / 2 + x * scale), round(height / 2 - y * scale)

    shapes, skipped = {}, []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name in LEAVE_OUT:
            continue
        country = (
            pycountry.countries.get(numeric=geometry.get("id", "")) if "id" in geometry else None
        )
        code = country.alpha_2 if country else BY_NAME.get(name)
        if code not in known:
            skipped.append(name)
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                kept = []
                for lon, lat in across_antimeridian(ring_points(ring, arcs)):
                    point = project(lon, lat)
                    if kept and abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) < 1:
                        continue
                    kept.append(point)
                if len(kept) < 3:
                    continue
                parts.append(relative_path(kept))
        if parts:
            shapes[code] = shapes.get(code, "") + "".join(parts)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": height,
        "shapes": dict(sorted(shapes.items())),
    }
    OUTPUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(shapes)} countries, {OUTPUT.stat().st_size} bytes -> {OUTPUT}")
    if skipped:
        print("Left out (no ISO code in countries.csv):", ", ".join(sorted(skipped)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
