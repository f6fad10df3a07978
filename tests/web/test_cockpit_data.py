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
    """Issue 19, point 7: the shipped boundaries name their real licence (AMap's terms; MIT
    covers the bundling code only) and their age (before the 2020 水城区 change), and the map
    labels follow the current codes while the source's are kept."""
    import json

    from carbonpeak.web.cockpit_svg import MAP_FILE

    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert (
        "AMap" in data["source"] and "MIT licence covers the bundling code only" in data["source"]
    )
    shuicheng = next(f for f in data["features"] if f["properties"]["code"] == "520204")
    assert shuicheng["properties"]["name"] == "水城区"
    assert shuicheng["properties"]["source_code"] == "520221"
    note = (MAP_FILE.parent / "README.md").read_text(encoding="utf-8")
    for words in ("lbs.amap.com/home/terms", "2017", "2020", "520204", "GCJ-02"):
        assert words in note, words
