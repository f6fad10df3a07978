"""The pure reader and validator of published values: sources required, units checked against
the indicator (row and field named), former region codes, XLSX, and a round trip (hypothesis)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from carbonpeak.core.errors import InputError
from carbonpeak.statistics import get_indicator, in_catalogue_unit, indicators, unit_fits
from carbonpeak.statistics.values.read import COLUMNS, read_values, to_csv, validate_rows

SOURCE = {
    "publisher": "六盘水市统计局",
    "title": "六盘水市2016年国民经济和社会发展统计公报",
    "published": "2017-04",
    "url": "https://example.org/lps2016",
    "section": "一、综合",
    "note": "",
}


def row(**cells: str) -> dict[str, str]:
    base = {
        "region": "六盘水市",
        "year": "2016",
        "indicator": "gdp",
        "name_as_published": "全市生产总值",
        "value": "1313.70",
        "unit": "亿元",
        "status": "初步核算",
        **SOURCE,
    }
    base.update(cells)
    return base


def test_a_good_row_keeps_the_source_and_the_names_as_published() -> None:
    (value,) = validate_rows([row()])
    assert (value.region, value.year, value.indicator) == ("520200", 2016, "gdp")
    assert value.value == 1313.70 and value.unit == "亿元" and value.status == "preliminary"
    assert value.name_as_published == "全市生产总值"
    assert value.source.title == SOURCE["title"] and value.source.section == "一、综合"


def test_former_county_names_and_codes_map_to_todays_code_and_are_kept_as_written() -> None:
    values = validate_rows([row(region="水城县"), row(region="520222", indicator="gdp_primary")])
    assert [v.region for v in values] == ["520204", "520281"]
    assert [v.region_as_published for v in values] == ["水城县", "520222"]


@pytest.mark.parametrize("field", ["publisher", "title", "url", "section"])
def test_a_row_without_its_source_is_refused(field: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_rows([row(), row(**{field: ""})])
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, field)]


@pytest.mark.parametrize(
    ("indicator", "unit"),
    [
        ("gdp", "万吨"),
        ("population_resident", "%"),
        ("urbanisation_rate", "万人"),
        ("output_electricity", "万吨"),
        ("output_raw_coal", "亿元"),
        ("gdp", "no-such-unit"),
    ],
)
def test_a_unit_that_does_not_fit_the_indicator_is_refused_naming_row_and_field(
    indicator: str, unit: str
) -> None:
    with pytest.raises(InputError) as caught:
        validate_rows([row(indicator=indicator, unit=unit)])
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "unit")
    assert indicator in problem.reason


def test_every_problem_of_the_file_is_listed_once() -> None:
    bad = row(region="火星", year="20x6", indicator="gdp", value="abc", status="guess", url="")
    with pytest.raises(InputError) as caught:
        validate_rows([bad])
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == ["region", "status", "url", "value", "year"]


def test_units_convert_to_the_catalogue_unit() -> None:
    gdp = get_indicator("gdp")
    # 1 万亿元 is not a word; 131370000 万元 = 13137 亿元 (hand: 1 亿 = 10^4 万)
    assert in_catalogue_unit(gdp, 13_137_000.0, "万元") == pytest.approx(1313.70)
    assert in_catalogue_unit(get_indicator("output_electricity"), 1.0, "万千瓦时") == pytest.approx(
        1e-4
    )
    assert unit_fits(get_indicator("capacity_installed"), "兆瓦")


def test_an_xlsx_file_reads_like_the_csv() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append([row()[c] for c in COLUMNS[:4]] + [1313.7] + [row()[c] for c in COLUMNS[5:]])
    out = io.BytesIO()
    book.save(out)
    (value,) = read_values(out.getvalue(), "values.xlsx")
    assert value.value == 1313.7 and value.source.url == SOURCE["url"]


ids = sorted(indicators())
#: Which of the sampled units fit each unit family, written by hand.
FITTING = {
    "money": {"亿元", "万元", "元"},
    "people": {"万人", "人"},
    "share": {"%"},
    "mass": {"万吨", "吨"},
    "energy": {"亿千瓦时", "万千瓦时"},
    "power": {"万千瓦", "兆瓦"},
    "energy_tce": {"万吨标准煤"},
    "volume": {"万立方米"},
    "area": {"万亩", "公顷"},
}


@settings(max_examples=60, deadline=None)
@given(
    indicator=st.sampled_from(ids),
    value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    year=st.integers(min_value=2005, max_value=2030),
    region=st.sampled_from(["六盘水市", "钟山区", "六枝特区", "水城县", "盘县", "贵州省"]),
)
def test_export_reads_back_as_the_same_values(
    indicator: str, value: float, year: int, region: str
) -> None:
    unit = get_indicator(indicator).unit
    source = row(indicator=indicator, value=repr(value), year=str(year), region=region, unit=unit)
    values = validate_rows([source])
    again = read_values(to_csv(values).encode("utf-8"), "export.csv")
    assert again == values


@settings(max_examples=60, deadline=None)
@given(
    indicator=st.sampled_from(ids),
    unit=st.sampled_from(
        [
            "亿元",
            "万元",
            "元",
            "万人",
            "人",
            "%",
            "万吨",
            "吨",
            "亿千瓦时",
            "万千瓦时",
            "万千瓦",
            "兆瓦",
            "万吨标准煤",
            "万立方米",
            "万亩",
            "公顷",
        ]
    ),
)
def test_a_row_is_accepted_exactly_when_its_unit_fits(indicator: str, unit: str) -> None:
    fits = unit in FITTING[get_indicator(indicator).family]
    try:
        validate_rows([row(indicator=indicator, unit=unit)])
        accepted = True
    except InputError as exc:
        assert [(p.row, p.field) for p in exc.problems] == [(2, "unit")]
        accepted = False
    assert accepted is fits
