"""Published economy figures in place of the demo's invented ones: which records are replaced,
by what (hand-computed), with which source; and the stored demo dataset after `carbonpeak demo`
loads the published statistics first."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.inventory import (
    calculate,
    demo_activity,
    indicators,
    load_demo_activity,
    with_published_economy,
)
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


def named(
    region: str, year: int, indicator: str, name: str, value: float, unit: str
) -> PublishedValue:
    return PublishedValue(region, region, year, indicator, name, value, unit, "preliminary", SRC)


def test_a_published_district_output_replaces_the_one_record_standing_for_it() -> None:
    published = [
        named("520201", 2020, "output_crude_steel", "粗钢", 400, "万吨"),
        named("520201", 2020, "output_pig_iron", "生铁", 3_500_000, "t"),
        named("520204", 2020, "output_aluminium", "电解铝", 30, "万吨"),
        named("520204", 2019, "output_aluminium", "铝材", 50, "万吨"),  # products: not replaced
        named("520201", 2020, "output_raw_coal", "原煤", 900, "万吨"),  # split over 3 kinds
        named("520200", 2020, "output_crude_steel", "粗钢", 450, "万吨"),  # the city: no records
    ]
    records, replaced = with_published_economy(demo_activity(), published)
    got = {(r.region, r.year, r.fuel): (round(r.published), r.unit) for r in replaced}
    assert got == {  # by hand, in the demo's unit (t)
        ("520201", 2020, "crude_steel"): (4_000_000, "metric_ton"),
        ("520201", 2020, "pig_iron"): (3_500_000, "metric_ton"),
        ("520204", 2020, "aluminium"): (300_000, "metric_ton"),
    }
    steel = next(
        r for r in records if (r.region, r.year, r.fuel) == ("520201", 2020, "crude_steel")
    )
    assert steel.quantity.to("t").magnitude == pytest.approx(4_000_000)
    assert "its inputs stay invented" in steel.note and not marks_illustrative(steel.source)
    coal = [r for r in records if r.region == "520201" and r.year == 2020]
    assert all(marks_illustrative(r.source) for r in coal if r.fuel.startswith("coal_output"))


def test_the_stored_demo_dataset_carries_the_published_rows(db_session: Session) -> None:
    import_bundled(db_session=db_session)
    line = load_demo_activity(db_session=db_session)
    db_session.commit()
    assert "替换 replaced by published figures" in line
    # the demo states its accounting method, in the line and in the stored version (issue 11)
    assert "核算方法 method provincial-2011" in line
    from carbonpeak.inventory.activity import service as activity_service

    stored = activity_service.compute(db_session=db_session, dataset="liupanshui-demo-illustrative")
    assert stored.inventory.method == "provincial-2011"
    assert stored.about()["stored_method"] == "provincial-2011"
    rows = db_session.scalars(
        select(ActivityRow).where(
            ActivityRow.region == "520201",
            ActivityRow.year == 2021,
            ActivityRow.fuel == "population",
        )
    ).all()
    assert [(r.quantity, "钟山区2021年" in r.source) for r in rows] == [(790_900.0, True)]
    city = db_session.scalars(
        select(ActivityRow).where(ActivityRow.region == "520200", ActivityRow.fuel == "gdp")
    ).all()
    # the city's published GDP at 2020 prices, 2018-2023 (README: 2020 = 1339.62 亿元); 2023
    # from the 2024 government work report's 3.2 % (by hand: 1339.62 x 1.082 x 1.007 x 1.032
    # = 1506.32 亿元)
    assert sorted(r.year for r in city) == [2018, 2019, 2020, 2021, 2022, 2023]
    assert next(r.quantity for r in city if r.year == 2020) == pytest.approx(1339.62e8)
    assert next(r.quantity for r in city if r.year == 2023) == pytest.approx(1506.32e8, rel=1e-5)


def test_the_city_published_gdp_and_population_are_added_as_the_city_own_records() -> None:
    published = [
        pv("520200", 2020, "gdp", 1339.62, "亿元"),
        pv("520200", 2021, "gdp_growth", 8.2, "%"),
        pv("520200", 2016, "population_resident", 290.69, "万人"),
        pv("520200", 2016, "gdp", 1313.70, "亿元"),  # no growth chain to 2020: not used
    ]
    demo = demo_activity()
    records, replaced = with_published_economy(demo, published)
    city = {(r.region, r.year, r.fuel): r for r in records if r.region == "520200"}
    assert sorted(city) == [
        ("520200", 2016, "population"),
        ("520200", 2020, "gdp"),
        ("520200", 2021, "gdp"),
    ]
    assert len(records) == len(demo) + 3
    # by hand: 2020 at 2020 prices = 1339.62 亿元; 2021 = 1339.62 x 1.082 亿元
    assert city[("520200", 2020, "gdp")].quantity.to("yuan").magnitude == pytest.approx(1.33962e11)
    assert city[("520200", 2021, "gdp")].quantity.to("yuan").magnitude == pytest.approx(
        1339.62 * 1.082 * 1e8
    )
    assert city[("520200", 2021, "gdp")].qualifier == "2020"
    assert city[("520200", 2016, "population")].quantity.magnitude == pytest.approx(2_906_900)
    assert not marks_illustrative(city[("520200", 2020, "gdp")].source)
    # the district sum each stands beside (all four districts invented here)
    sum_2016 = sum(
        r.quantity.magnitude
        for r in demo
        if r.year == 2016 and r.fuel == "population" and r.region != "520200"
    )
    noted = {(r.region, r.year, r.fuel): r for r in replaced}
    assert noted[("520200", 2016, "population")].invented == pytest.approx(sum_2016)


def test_city_indicators_use_the_city_published_gdp_and_sum_the_districts_energy() -> None:
    published = [pv("520200", 2020, "gdp", 1339.62, "亿元")]
    plain = calculate(tuple(demo_activity()))
    records, _ = with_published_economy(demo_activity(), published)
    inv = calculate(tuple(records))
    assert inv.totals[("520200", 2020)].derived_from_districts
    before, after = indicators(plain, "520200", 2020), indicators(inv, "520200", 2020)
    assert after.get("gdp").value == pytest.approx(1339.62 * 1e4)  # 万元
    co2 = after.get("co2", "regional_energy_co2").value
    assert co2 == pytest.approx(before.get("co2", "regional_energy_co2").value)
    assert after.get("co2_intensity", "regional_energy_co2").value == pytest.approx(
        co2 / (1339.62 * 1e4)
    )
    # population has no city record here: still the district sum
    assert after.get("population").value == pytest.approx(before.get("population").value)
    # against 2005 (invented district GDP) the change says it mixes the two sources
    mixed = after.get("co2_intensity_change_vs_2005", "regional_energy_co2")
    assert any("mixes the two sources" in n for n in mixed.notes)
    assert not before.get("co2_intensity_change_vs_2005", "regional_energy_co2").notes
