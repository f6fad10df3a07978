"""The tracking demo stores a published statistic, with its source, instead of inventing a value
where the plan's indicator and a published indicator measure the same thing (全市森林覆盖率 ↔
forest_coverage of 六盘水市), and invents no value for that indicator in any year (a series
half published and half invented would count as illustrative on the cockpit); the indicators
without a published value stay invented and say so."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.plan.orm import PlanRow
from carbonpeak.statistics import PublishedValue, Source, import_values
from carbonpeak.tracking import current_values
from carbonpeak.tracking.demo.published import published_points
from carbonpeak.tracking.demo.service import load
from carbonpeak.tracking.orm import IndicatorRow

SRC = Source(
    "六盘水市林业局", "（测试用）2021年森林资源公报", "2022-03", "https://example.org/f", "一"
)


def test_published_points_match_by_name_region_and_convert_units() -> None:
    values = [
        PublishedValue(
            "520200",
            "六盘水市",
            2021,
            "forest_stock",
            "森林蓄积量",
            0.2,
            "亿立方米",
            "preliminary",
            SRC,
        ),
        PublishedValue(
            "520000",
            "贵州省",
            2021,
            "forest_stock",
            "森林蓄积量",
            6.0,
            "亿立方米",
            "preliminary",
            SRC,
        ),
    ]
    (point,) = published_points("森林蓄积量", "万立方米", "520200", values)
    assert (point.year, point.value) == (2021, pytest.approx(2000.0))  # 0.2 亿 = 2000 万
    assert "2021年森林资源公报" in point.source
    assert published_points("供电可靠率", "%", "520200", values) == []


def test_the_demo_stores_the_published_value_and_invents_none_for_it(db: Session) -> None:
    body = (
        "region,year,indicator,name_as_published,value,unit,status,publisher,title,published,url,section\n"
        f"六盘水市,2021,forest_coverage,全市森林覆盖率,61.5,%,初步核算,{SRC.publisher},{SRC.title},"
        f"{SRC.published},{SRC.url},{SRC.section}\n"
    )
    import_values(db_session=db, data=body.encode(), filename="f.csv", actor="test")
    plan = db.get(PlanRow, 1)
    assert plan is not None
    load(db_session=db, plan=plan)
    ind = db.scalars(select(IndicatorRow).where(IndicatorRow.name == "全市森林覆盖率")).one()
    rows = {r.observed_on.year: r for r in current_values(db_session=db, indicator_id=ind.id)}
    assert rows[2021].value == 61.5 and rows[2021].origin == "import"
    assert "2021年森林资源公报" in rows[2021].source and not marks_illustrative(rows[2021].source)
    assert sorted(rows) == [2021]  # no invented 2020, 2022-2024 beside the published 2021
    other = db.scalars(select(IndicatorRow).where(IndicatorRow.name == "森林蓄积量")).one()
    invented = current_values(db_session=db, indicator_id=other.id)
    assert invented and all(marks_illustrative(r.source) for r in invented)
    assert {r.origin for r in invented} == {"demo"}


def test_counted_indicators_get_whole_numbers(db: Session) -> None:
    """A statistician rejects 4.6 hydrogen stations: every invented value of an indicator
    counted in items (座, 家, 个, 台, 次) is a whole number; others keep their decimals."""
    from carbonpeak.tracking.demo.series import counted, series

    class Target:  # 建成加氢站5座 by 2025, from 60 % of it in 2020
        value, value_max, year, comparator, change = 5.0, None, 2025, ">=", None

    assert [v for _, v in series(Target(), 0.93, whole=True)] == [3.0, 3.0, 4.0, 4.0, 4.0]
    # by hand: 3 + 2 × 0.93 × k/5 for k = 0..4 → 3, 3.372, 3.744, 4.116, 4.488
    assert [v for _, v in series(Target(), 0.93)] == [3.0, 3.372, 3.744, 4.116, 4.488]
    plan = db.get(PlanRow, 1)
    assert plan is not None
    load(db_session=db, plan=plan)
    inds = db.scalars(select(IndicatorRow)).all()
    checked = 0
    for ind in inds:
        if ind.unit and counted(ind.unit):
            for row in current_values(db_session=db, indicator_id=ind.id):
                assert row.value == int(row.value), (ind.name, ind.unit, row.value)
                checked += 1
    assert checked > 0  # the seed has counted targets (加氢站 座, 企业 家 ...)
