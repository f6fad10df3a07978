"""Published economy figures in place of the demo's invented ones: which records are replaced,
by what (hand-computed), with which source; and the stored demo dataset after `carbonpeak demo`
loads the published statistics first."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.inventory import demo_activity, load_demo_activity, with_published_economy
from carbonpeak.inventory.orm import ActivityRow
from carbonpeak.statistics import PublishedValue, Source, import_bundled

SRC = Source(
    "六枝特区统计局", "2020年六枝特区统计公报", "2021-04", "https://example.org/lz", "一、综合"
)


def pv(region: str, year: int, indicator: str, value: float, unit: str) -> PublishedValue:
    return PublishedValue(
        region, region, year, indicator, indicator, value, unit, "preliminary", SRC
    )


def test_population_and_constant_price_gdp_replace_the_invented_records() -> None:
    published = [
        pv("520203", 2020, "gdp", 133.64, "亿元"),
        pv("520203", 2020, "gdp_growth", 4.6, "%"),
        pv("520201", 2021, "population_resident", 79.09, "万人"),
        pv("520200", 2020, "gdp", 1339.62, "亿元"),  # the city: no city records, not used
    ]
    records, replaced = with_published_economy(demo_activity(), published)
    assert len(records) == len(demo_activity())
    got = {(r.region, r.year, r.fuel): r.published for r in replaced}
    # by hand: 133.64 亿元 = 1.3364e10 yuan; 2019 at 2020 prices = 133.64 / 1.046 亿元
    assert got[("520203", 2020, "gdp")] == pytest.approx(1.3364e10)
    assert got[("520203", 2019, "gdp")] == pytest.approx(133.64 / 1.046 * 1e8)
    assert got[("520201", 2021, "population")] == pytest.approx(790_900)
    assert len(replaced) == 3
    new = next(r for r in records if (r.region, r.year, r.fuel) == ("520201", 2021, "population"))
    assert "2020年六枝特区统计公报" in new.source and not marks_illustrative(new.source, new.note)
    kept = next(r for r in records if (r.region, r.year, r.fuel) == ("520201", 2020, "population"))
    assert marks_illustrative(kept.source)


def test_the_stored_demo_dataset_carries_the_published_rows(db_session: Session) -> None:
    import_bundled(db_session=db_session)
    line = load_demo_activity(db_session=db_session)
    db_session.commit()
    assert "替换 replaced by published figures" in line
    rows = db_session.scalars(
        select(ActivityRow).where(
            ActivityRow.region == "520201",
            ActivityRow.year == 2021,
            ActivityRow.fuel == "population",
        )
    ).all()
    assert [(r.quantity, "钟山区2021年" in r.source) for r in rows] == [(790_900.0, True)]
