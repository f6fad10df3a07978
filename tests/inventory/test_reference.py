"""Reference inventories, pure: reading, selecting, summing, comparing (bundled extract and
small literal files; no database, no shared data directory)."""

from __future__ import annotations

import csv
import gzip
import io
import math
from importlib import resources

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.reference.compare import (
    NO_PLATFORM,
    NO_REFERENCE,
    REFERENCE_ZERO,
    T_PER_MT,
    by_category,
    compare,
    load_crosswalk,
)
from carbonpeak.inventory.reference.model import DATASETS, ReferenceValue, region_filter
from carbonpeak.inventory.reference.read import (
    parse_years,
    read_bytes,
    read_platform_csv,
    read_reference,
    select_region,
    series,
)

BUNDLE = resources.files("carbonpeak.data") / "reference"


def bundled(key: str) -> list[ReferenceValue]:
    return read_reference(key, BUNDLE / DATASETS[key].filename)


def raw_rows(name: str) -> list[dict[str, str]]:
    """The bundled file read with nothing but csv (the independent check of the reader)."""
    data = (BUNDLE / name).read_bytes()
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_guizhou_totals_are_the_sums_of_the_published_values() -> None:
    values = bundled("ceads-province")
    s = series(values, dataset_key="ceads-province", region="Guizhou")
    totals = dict(s.points)
    assert sorted(totals) == list(range(1997, 2020))
    rows = raw_rows("ceads_province_sector_fuel_co2.csv.gz")
    for year in (2005, 2019):
        by_csv = sum(float(r["co2_mt"]) for r in rows if r["year"] == str(year))
        assert totals[year] == pytest.approx(by_csv, rel=1e-9)
    # The published figures (README of the data: 145.6 Mt, 261.1 Mt; 261.13 to 2 decimals).
    assert round(totals[2005], 1) == 145.6
    assert round(totals[2019], 1) == 261.1 and round(totals[2019], 2) == 261.13
    # Values are kept as written: one cell, compared with the text of the file.
    process_2019 = next(
        v for v in values if v.year == 2019 and v.fuel == "Process" and v.region == "Guizhou"
    )
    assert process_2019.value == 31.940049420000005
    assert (
        process_2019.sector == "Nonmetal Mineral Products" and process_2019.region_code == "520000"
    )


def test_liupanshui_city_and_county_series_have_the_stated_years() -> None:
    city = series(bundled("ceads-city"), dataset_key="ceads-city", region="六盘水")
    assert [y for y, _ in city.points] == list(range(2008, 2020))
    assert city.members == ("贵州六盘水",)
    assert dict(city.points)[2008] == 47.41593941100999
    county = series(bundled("chen2020-county"), dataset_key="chen2020-county", region="520200")
    assert [y for y, _ in county.points] == list(range(1997, 2018))
    assert set(county.members) == {"钟山区", "六枝特区", "水城县", "盘县"}
    # 2008 county sum by hand from the four rows of the file.
    assert dict(county.points)[2008] == pytest.approx(
        6.8750352694055 + 2.05616906042075 + 4.88848507425544 + 15.6284013097284, rel=1e-12
    )


def test_city_against_county_sum_shows_the_disagreement_unaveraged() -> None:
    city = series(bundled("ceads-city"), dataset_key="ceads-city", region="六盘水")
    as_platform = [(year, None, value * T_PER_MT) for year, value in city.points]
    result = compare(
        as_platform,
        bundled("chen2020-county"),
        dataset="chen2020-county",
        region="六盘水",
        subject="ceads-city",
    )
    rows = {r.year: r for r in result.totals}
    assert result.subject == "ceads-city" and result.dataset.key == "chen2020-county"
    for year in range(2008, 2016):  # README: city 47-90 Mt vs county sum 29-37 Mt
        r = rows[year]
        assert r.platform is not None and r.reference is not None
        assert 47 <= r.platform <= 91 and 29 <= r.reference <= 38
        assert r.relative_difference is not None and r.relative_difference > 0.6
    # 2012: the widest gap, 90.301 vs 37.121 Mt.
    r2012 = rows[2012]
    assert r2012.difference == pytest.approx(90.30097132354874 - 37.12073214727812, rel=1e-9)
    assert rows[2016].relative_difference == pytest.approx(
        29.693908380744997 / 34.00365137250313 - 1
    )
    assert rows[2019].reference is None and rows[2019].note == NO_REFERENCE
    assert rows[1997].platform is None and rows[1997].note == NO_PLATFORM
    assert any("never averaged" in n for n in result.notes)
    assert any("sum of 4 counties" in n for n in result.notes)


def test_relative_difference_not_available_when_reference_is_zero() -> None:
    reference = [ReferenceValue("ceads-city", "贵州测试", None, 2019, None, None, 0.0)]
    result = compare([(2019, None, 5e6)], reference, dataset="ceads-city", region="贵州测试")
    (row,) = result.totals
    assert row.reference == 0.0 and row.platform == 5.0 and row.difference == 5.0
    assert row.relative_difference is None and row.note == REFERENCE_ZERO


def test_compare_refuses_rows_of_several_datasets() -> None:
    rows = bundled("ceads-city") + bundled("chen2020-county")
    with pytest.raises(InputError, match="never averaged"):
        compare([], rows, dataset="ceads-city", region="六盘水")


def test_sector_comparison_rolls_up_and_keeps_out_of_scope_apart() -> None:
    values = bundled("ceads-province")
    platform = [
        (2019, "1.A.1.a", 100e6),
        (2019, "1.A.1.c.i", 2e6),
        (2019, "1.A.1.c.ii", 1e6),
        (2019, "1.B.1.a", 9e6),
        (2019, None, 0.5e6),
    ]
    result = compare(platform, values, dataset="ceads-province", region="贵州", years=[2019])
    by_code = {r.sector: r for r in result.sectors}
    ref = by_category([v for v in values if v.year == 2019])
    assert by_code["1.A.1.c"].platform == 3.0
    assert by_code["1.A.1.c"].reference == ref[(2019, "1.A.1.c")]
    assert by_code["1.B.1.a"].reference is None and "not in the total" in (
        by_code["1.B.1.a"].note or ""
    )
    (total,) = result.totals
    assert total.platform == 103.5  # 100 + 2 + 1 + 0.5 Mt; 1.B.1.a (9 Mt) left out
    assert total.reference == pytest.approx(math.fsum(ref.values()), rel=1e-12)
    assert by_code["2.A.1"].platform is None and by_code["2.A.1"].reference == 31.940049420000005


def test_crosswalk_maps_every_bundled_sector_and_fuel() -> None:
    cw = load_crosswalk()
    values = bundled("ceads-province")
    assert {cw.category(v.sector or "", v.fuel or "").ipcc_code for v in values} <= set(cw.names())
    assert cw.category("Nonmetal Mineral Products", "Process").ipcc_code == "2.A.1"
    assert cw.category("Urban", "Gasoline").ipcc_code == "1.A.4.b"
    assert all(e.basis and e.match in ("exact", "approximate") for e in cw.entries.values())
    with pytest.raises(InputError, match="crosswalk"):
        cw.category("Unknown Sector", "Coke")


def test_region_filter_and_selection() -> None:
    assert region_filter("county", "贵州").kind == "prefix"
    assert region_filter("province", "贵州").value == "520000"
    assert region_filter("city", "贵州六盘水").value == "520200"
    assert region_filter("county", "盘县").kind == "name"
    pan = select_region(bundled("chen2020-county"), dataset_key="chen2020-county", region="盘县")
    assert len(pan) == 21 and {v.region_code for v in pan} == {"520222"}


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ("city,year,co2_mt\r\n贵州六盘水,2008,47.4\r\n贵州六盘水,2009,abc\r\n", "co2_mt", 3),
        ("city,year,co2_mt\r\n贵州六盘水,20x8,47.4\r\n", "year", 2),
        ("city,year,co2_mt\r\n贵州六盘水,2008,-1\r\n", "co2_mt", 2),
        ("city,year,co2_mt\r\n贵州六盘水,2008,nan\r\n", "co2_mt", 2),
        ("city,year,co2_mt\r\n,2008,1.0\r\n", "city", 2),
        ("city,year,co2_mt\r\n贵州六盘水,2008\r\n", "row", 2),
        ("city,year,co2_mt\r\n贵州六盘水,2008,1\r\n贵州六盘水,2008,2\r\n", "row", 3),
        ("city,co2_mt\r\n贵州六盘水,1\r\n", "year", 1),
    ],
)
def test_malformed_rows_name_file_line_and_field(text: str, field: str, line: int) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes("ceads-city", text.encode(), "ceads_city_co2.csv")
    message = str(exc.value)
    assert "ceads_city_co2.csv" in message and f"field {field}" in message
    assert f"line {line}" in message


def test_bad_gzip_and_unknown_dataset() -> None:
    with pytest.raises(InputError, match="gzip"):
        read_bytes("chen2020-county", b"not gzip", "chen2020_county_co2.csv.gz")
    with pytest.raises(InputError, match="ceads-city"):
        read_bytes("ceads-town", b"", "x.csv")


def test_parse_years_and_platform_csv() -> None:
    assert parse_years("2005-2019") == range(2005, 2020)
    assert parse_years("2005,2010") == (2005, 2010)
    assert parse_years(None) is None
    with pytest.raises(InputError):
        parse_years("2019-2005")
    rows = read_platform_csv(b"year,sector,co2_t\n2019,1.A.1.a,1000\n2019,,5\n", "p.csv")
    assert rows == [(2019, "1.A.1.a", 1000.0), (2019, None, 5.0)]
    with pytest.raises(InputError, match="line 3"):
        read_platform_csv(b"year,sector,co2_t\n2019,1.A,1\n2019,1.A,x\n", "p.csv")
