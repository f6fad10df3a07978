"""The full CEADs files of the shared data directory: known facts, the crosswalk's coverage, and
that the bundled extract is exactly the selected rows. Skipped where the files are absent."""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources
from pathlib import Path

import pytest

from carbonpeak.inventory.reference.compare import load_crosswalk
from carbonpeak.inventory.reference.extract import KEEP, extract_text
from carbonpeak.inventory.reference.model import DATASETS, ReferenceValue
from carbonpeak.inventory.reference.read import read_reference, series

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ceads"
pytestmark = pytest.mark.skipif(
    not (DATA / "ceads_province_sector_fuel_co2.csv.gz").is_file(),
    reason=f"full CEADs files not found in {DATA} (shared data directory absent)",
)


@pytest.fixture(scope="module")
def full() -> dict[str, list[ReferenceValue]]:
    return {key: read_reference(key, DATA / ds.filename) for key, ds in DATASETS.items()}


def _text(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8")


def test_row_counts_as_described(full: dict[str, list[ReferenceValue]]) -> None:
    assert len(full["ceads-province"]) == 201_316
    assert len(full["ceads-city"]) == 3_929
    assert len(full["chen2020-county"]) == 57_435
    assert len({v.region for v in full["ceads-province"]}) == 30
    assert len({v.region for v in full["ceads-city"]}) == 290
    assert len({v.region_code for v in full["chen2020-county"]}) == 2_735
    assert all(v.region_code for v in full["ceads-province"])


def test_guizhou_totals_from_the_full_file(full: dict[str, list[ReferenceValue]]) -> None:
    totals = dict(
        series(full["ceads-province"], dataset_key="ceads-province", region="520000").points
    )
    with gzip.open(DATA / "ceads_province_sector_fuel_co2.csv.gz", "rt", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["province"] == "Guizhou"]
    for year in (2005, 2019):
        by_csv = sum(float(r["co2_mt"]) for r in rows if r["year"] == str(year))
        assert totals[year] == pytest.approx(by_csv, rel=1e-9)
    assert round(totals[2005], 1) == 145.6 and round(totals[2019], 2) == 261.13


def test_sector_sums_match_the_workbook_totals(full: dict[str, list[ReferenceValue]]) -> None:
    """The summary file carries the workbooks' own Scope_1_Total rows, to 3 decimals."""
    lines = (DATA / "liupanshui_guizhou_co2_summary.csv").read_text(encoding="utf-8").splitlines()
    summary = list(csv.DictReader(ln for ln in lines if not ln.startswith("#")))
    published = {
        int(r["year"]): float(r["co2_mt"])
        for r in summary
        if r["dataset"] == "ceads_province_ipcc_sectoral"
    }
    totals = dict(
        series(full["ceads-province"], dataset_key="ceads-province", region="Guizhou").points
    )
    assert sorted(published) == sorted(totals) == list(range(1997, 2020))
    for year, value in published.items():
        assert abs(totals[year] - value) <= 0.0005, year


def test_liupanshui_in_both_series(full: dict[str, list[ReferenceValue]]) -> None:
    city = series(full["ceads-city"], dataset_key="ceads-city", region="六盘水")
    county = series(full["chen2020-county"], dataset_key="chen2020-county", region="六盘水")
    assert [y for y, _ in city.points] == list(range(2008, 2020))
    assert [y for y, _ in county.points] == list(range(1997, 2018))
    assert len(county.members) == 4
    c, k = dict(city.points), dict(county.points)
    assert all(1.6 < c[y] / k[y] < 2.45 for y in range(2008, 2016))
    assert all(0.8 < c[y] / k[y] < 0.9 for y in (2016, 2017))


def test_crosswalk_covers_every_sector_and_fuel(full: dict[str, list[ReferenceValue]]) -> None:
    cw = load_crosswalk()
    pairs = {(v.sector or "", v.fuel or "") for v in full["ceads-province"]}
    assert len({s for s, _ in pairs}) == 46
    assert all(cw.category(s, f) for s, f in pairs)


def test_bundled_extract_is_exactly_the_selected_rows() -> None:
    bundle = resources.files("carbonpeak.data") / "reference"
    for key, (column, keep) in KEEP.items():
        name = DATASETS[key].filename
        expected, _ = extract_text(_text(DATA / name), column, keep)
        data = (bundle / name).read_bytes()
        got = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
        assert got == expected, name
        full_lines = set(io.StringIO(_text(DATA / name), newline="").read().split("\r\n"))
        assert set(got.split("\r\n")) <= full_lines  # line for line, byte for byte
