"""Make the offline district map of 六盘水 (src/carbonpeak/web/static/maps/) from openly
licensed boundaries: the R package mapchina 0.1.0 by Mingchu Xu
(https://github.com/xmc811/mapchina, commit 053136c1c9c01742681bf9224ecad4d8c0bf9df0, file
data/china.rda, sha256 5ac3795894d61fe9c01060c5a0f58f4076d3e53c48a441e0f48d54acd3f687be),
whose county polygons were "queried from OpenStreetMap and manually corrected for errors in
QGIS" (its R/data.R), with the 2019 county codes of the Ministry of Civil Affairs. The
geometry is © OpenStreetMap contributors under the Open Database License 1.0; mapchina is
released under GPL-3 (its DESCRIPTION). See the README beside the map for what that asks of
us (attribution, share-alike of the derived database).

The source is WGS-84 (sf CRS "WGS 84") and still has the former code of 水城县 520221 (水城区
520204 since 2020); each feature gets the current code and name from carbonpeak.regions and
keeps the source's code and name. Rings are simplified (Douglas-Peucker, 0.002° ≈ 200 m) and
rounded to 4 decimals: the map is a choropleth, not a survey.

    git clone https://github.com/xmc811/mapchina && cd mapchina
    git checkout 053136c1c9c01742681bf9224ecad4d8c0bf9df0
    .venv/bin/pip install rdata   # reads .rda files; needed by this script only
    .venv/bin/python scripts/make_district_map.py path/to/mapchina/data/china.rda
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from carbonpeak.regions import find_region

OUT = Path(__file__).resolve().parents[1] / "src/carbonpeak/web/static/maps"
SOURCE_SHA256 = "5ac3795894d61fe9c01060c5a0f58f4076d3e53c48a441e0f48d54acd3f687be"
CITY = "5202"  # 六盘水市: the four county-level divisions have codes 5202xx
TOLERANCE = 0.002
ATTRIBUTION = "© OpenStreetMap contributors (ODbL 1.0) · mapchina 0.1.0 (GPL-3)"
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


def _ring(ring: list[Point]) -> list[list[float]]:
    pts = [(round(float(x), 6), round(float(y), 6)) for x, y in ring]
    kept = simplify(pts, TOLERANCE)
    if len(kept) < 4:  # a tiny ring: keep its shape coarse rather than lose it
        kept = [*pts[:: max(1, len(pts) // 4)], pts[0]]
    if kept[0] != kept[-1]:
        kept.append(kept[0])
    return [[round(x, 4), round(y, 4)] for x, y in kept]


def read_mapchina(source: Path) -> list[dict[str, Any]]:
    """The counties of 六盘水 in mapchina's ``china`` data frame (an sf MULTIPOLYGON column:
    a list of polygons, each a list of n×2 coordinate matrices)."""
    import rdata  # type: ignore[import-not-found]

    with warnings.catch_warnings():  # sf/tibble classes have no Python constructor: fine
        warnings.simplefilter("ignore")
        parsed = rdata.parser.parse_file(source)
        converter = rdata.conversion.SimpleConverter(constructor_dict={}, default_encoding="utf-8")
        china = converter.convert(parsed)["china"]
    rows = []
    for i, code in enumerate(china["Code_County"]):
        if str(code).startswith(CITY):
            shape = china["geometry"][i]
            polygons = [[[(x, y) for x, y in ring] for ring in poly] for poly in shape]
            name = str(china["Name_County"][i])
            rows.append({"code": str(code), "name": name, "polygons": polygons})
    return rows


def main(source: Path) -> None:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert digest == SOURCE_SHA256, f"{source}: sha256 {digest}, not the documented input"
    features = []
    for row in read_mapchina(source):
        region = find_region(row["code"])
        assert region is not None, row["code"]
        rings = [[_ring(r) for r in poly] for poly in row["polygons"]]
        features.append(
            {
                "type": "Feature",
                "id": region.code,
                "properties": {
                    "code": region.code,
                    "name": region.name_zh,
                    "source_code": row["code"],
                    "source_name": row["name"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": rings},
            }
        )
    assert len(features) == 4, [f["id"] for f in features]
    out = {
        "type": "FeatureCollection",
        "source": "mapchina 0.1.0 (https://github.com/xmc811/mapchina, commit 053136c1, "
        "data/china.rda): county polygons queried from OpenStreetMap and corrected by the "
        "mapchina author, 2019 county codes (before the 2020 水城县→水城区 change), WGS-84; "
        "labelled with current codes; simplified by scripts/make_district_map.py",
        "license": "ODbL-1.0",
        "license_note": "Geometry © OpenStreetMap contributors, Open Database License 1.0 "
        "(https://opendatacommons.org/licenses/odbl/1-0/, https://www.openstreetmap.org/"
        "copyright); this file is a derived database under the same licence. mapchina is "
        "GPL-3. See README.md beside this file.",
        "attribution": ATTRIBUTION,
        "attribution_url": "https://www.openstreetmap.org/copyright",
        "features": sorted(features, key=lambda f: f["id"]),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "liupanshui-districts.geojson"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
