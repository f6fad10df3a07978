"""The bundled published values (statistics/data/published.csv): every row reads, carries its
source, and the figures checked here by hand agree with their bulletins; the coverage count."""

from __future__ import annotations

import pytest

from carbonpeak.statistics import PublishedValue, coverage, district_pairs, read_values
from carbonpeak.statistics.values.coverage import totals
from carbonpeak.statistics.values.service import BUNDLED, bundled_bytes


@pytest.fixture(scope="module")
def bundled() -> list[PublishedValue]:
    return read_values(bundled_bytes(), BUNDLED)


def test_every_row_has_a_source_with_an_address(bundled: list[PublishedValue]) -> None:
    assert len(bundled) > 50
    for v in bundled:
        assert v.source.publisher and v.source.title and v.source.section
        assert v.source.url.startswith(("http://", "https://"))


def test_three_sectors_add_up_to_gdp_where_a_document_gives_all_four(
    bundled: list[PublishedValue],
) -> None:
    """Hand check: 贵州 2022 2861.18 + 7113.03 + 10190.37 = 20164.58; 六盘水 2016
    125.49 + 660 + 528.21 = 1313.70; 六枝特区 2020 43.55 + 27.05 + 63.04 = 133.64. Parts and
    total come from the same document (one GDP year can have several vintages)."""
    by_key = {(v.region, v.year, v.indicator, v.status, v.source.url): v.value for v in bundled}
    checked = 0
    for region, year, indicator, status, url in list(by_key):
        if indicator != "gdp":
            continue
        parts = [
            by_key.get((region, year, f"gdp_{s}", status, url))
            for s in ("primary", "secondary", "tertiary")
        ]
        if None in parts:
            continue
        assert sum(p for p in parts if p is not None) == pytest.approx(
            by_key[(region, year, "gdp", status, url)], abs=0.015
        )
        checked += 1
    assert checked >= 6


def test_every_vintage_of_a_revised_figure_is_kept(bundled: list[PublishedValue]) -> None:
    """贵州 2015 GDP: the first release (10502.56), the NBS database before the 4th economic
    census revision (2018-12, unchanged), after it (10541, a 2021 news report and the 2021-05
    export) and after the 5th (10887.1, the 2026-03 export)."""
    guizhou_2015 = sorted(
        (v.status, v.value, v.source.published)
        for v in bundled
        if (v.region, v.year, v.indicator) == ("520000", 2015, "gdp")
    )
    assert guizhou_2015 == [
        ("preliminary", 10502.56, "2016-03-17"),
        ("revised", 10502.56, "2018-12-31"),
        ("revised", 10541.00, "2021-01-20"),
        ("revised", 10541.00, "2021-05-11"),
        ("revised", 10887.1, "2026-03-15"),
    ]


def test_coverage_counts_region_years_not_rows(bundled: list[PublishedValue]) -> None:
    cells = coverage(
        bundled, regions=("520000",), years=(2015,), indicator_ids=("gdp", "gdp_growth")
    )
    # 2015 GDP is there twice (two vintages) but counts once; the growth rate once
    assert [(c.indicator, c.found) for c in cells] == [("gdp", (2015,)), ("gdp_growth", (2015,))]
    assert totals(cells) == (2, 2)


def test_the_census_yearbook_city_equals_the_sum_of_its_districts(
    bundled: list[PublishedValue],
) -> None:
    """By hand, from the census yearbooks (as transcribed by leiii/census): 2010 钟山区 616210 +
    六枝特区 495162 + 水城县 704615 + 盘县 1035345 = 2851332 = 六盘水市; 2020 674249 + 536873
    + 746407 + 1074073 = 3031602 = 六盘水市. The 2010 bulletin's 2851180 stays as the earlier
    vintage beside the yearbook's 2851332."""
    yearbook = [v for v in bundled if "人口普查分县资料" in v.source.title]
    found = district_pairs(yearbook, parent="520200", indicator="population_census")
    # in the catalogue unit, 万人
    assert [(p.year, p.left, p.right, p.unit) for p in found] == [
        (2010, pytest.approx(285.1332), pytest.approx(285.1332), "万人"),
        (2020, pytest.approx(303.1602), pytest.approx(303.1602), "万人"),
    ]
    assert [p.difference for p in found] == [pytest.approx(0.0, abs=1e-9)] * 2
    city_2010 = sorted(v.value for v in bundled if v.key == ("520200", 2010, "population_census"))
    assert city_2010 == [2851180.0, 2851332.0]


def test_the_city_gdp_of_2017_is_the_newspaper_figure_marked_as_quoted(
    bundled: list[PublishedValue],
) -> None:
    (gdp_2017,) = [v for v in bundled if v.key == ("520200", 2017, "gdp")]
    assert (gdp_2017.value, gdp_2017.unit, gdp_2017.status) == (1460.0, "亿元", "preliminary")
    assert "(as quoted" in gdp_2017.source.title and gdp_2017.source.published == "2018-03-26"


def test_guizhou_year_end_population_from_the_china_statistical_yearbook(
    bundled: list[PublishedValue],
) -> None:
    """Hand check against the table "Population at year-end by region" (中国统计年鉴, row
    Guizhou, 10000 persons) as carried by umd-cgs/gcam-china, commit 99a28ac,
    input/gcamdata/inst/extdata/gcam-china/China_Statistics_Yearbook.csv: 2005 3730, 2010 3479,
    2015 3530, 2019 3623; the yearbook agrees with the bulletins' first releases of 2016 (3555)
    and 2018 (3600) and rounds 2015's 3529.50."""
    yearbook = {
        v.year: v.value
        for v in bundled
        if (v.region, v.indicator, v.status) == ("520000", "population_resident", "revised")
        and v.source.title.startswith("中国统计年鉴")
    }
    assert sorted(yearbook) == list(range(2005, 2020))
    assert [yearbook[y] for y in (2005, 2010, 2015, 2019)] == [3730, 3479, 3530, 3623]
    first = {
        v.year: v.value
        for v in bundled
        if (v.region, v.indicator, v.status) == ("520000", "population_resident", "preliminary")
    }
    assert first[2016] == yearbook[2016] and first[2018] == yearbook[2018]
    assert first[2015] == pytest.approx(yearbook[2015], abs=0.5)


def test_guizhou_gdp_vintages_of_the_nbs_provincial_database(bundled: list[PublishedValue]) -> None:
    """Hand check against NBS 分省年度数据 exports (指标：地区生产总值(亿元), row 贵州省) carried on
    GitHub: before the 4th economic census revision (Tobby-star/dynamic_datas @0af0641, 2018-12):
    2005 2005.42, 2008 3561.56; after it (nwljy/EchartMapFilm @a9727dc, 2021-05): 2005 1939.9,
    2019 16769.3; after the 5th (RenJiyi163/panel_data_analysis_for_thesis @e6d6537, 2026-03):
    2006 2292.3, 2024 22645.7. Every year 2005-2024 has a value."""
    by_vintage = {
        (v.year, v.source.published): v.value
        for v in bundled
        if (v.region, v.indicator) == ("520000", "gdp") and v.source.title.startswith("国家数据")
    }
    assert by_vintage[(2005, "2018-12-31")] == 2005.42
    assert by_vintage[(2008, "2018-12-31")] == 3561.56
    assert by_vintage[(2005, "2021-05-11")] == 1939.9
    assert by_vintage[(2019, "2021-05-11")] == 16769.3
    assert by_vintage[(2006, "2026-03-15")] == 2292.3
    assert by_vintage[(2024, "2026-03-15")] == 22645.7
    years = {v.year for v in bundled if (v.region, v.indicator) == ("520000", "gdp")}
    assert years >= set(range(2005, 2025))
