"""Reference inventories in the database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.orm import RefDatasetRow, RefValueRow
from carbonpeak.inventory.reference import service
from carbonpeak.inventory.reference.compare import REFERENCE_ZERO

BUNDLE = resources.files("carbonpeak.data") / "reference"
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ceads"


def _count(db: Session, key: str) -> int:
    stmt = select(func.count()).select_from(RefValueRow).join(RefDatasetRow)
    return int(db.scalar(stmt.where(RefDatasetRow.key == key)) or 0)


def _guizhou_csv_sum(year: int) -> float:
    data = gzip.decompress((BUNDLE / "ceads_province_sector_fuel_co2.csv.gz").read_bytes())
    rows = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return sum(float(r["co2_mt"]) for r in rows if r["year"] == str(year))


def test_import_bundled_extract_and_query(db_url: str) -> None:
    with session_scope(db_url) as db:
        result = service.import_reference(db_session=db, actor="tester")
    assert [(r.key, r.rows, r.replaced) for r in result] == [
        ("ceads-province", 5_334, 0),
        ("ceads-city", 12, 0),
        ("chen2020-county", 84, 0),
    ]
    with session_scope(db_url) as db:
        s = service.region_series(db_session=db, dataset="ceads-province", region="贵州")
        totals = dict(s.points)
        for year, published in ((2005, 145.6), (2019, 261.13)):
            assert totals[year] == pytest.approx(_guizhou_csv_sum(year), rel=1e-9)
            assert round(totals[year], 2 if year == 2019 else 1) == published
        city = service.region_series(db_session=db, dataset="ceads-city", region="520200")
        assert [y for y, _ in city.points] == list(range(2008, 2020))
        county = service.region_series(
            db_session=db, dataset="chen2020-county", region="六盘水", years=range(2010, 2013)
        )
        assert [y for y, _ in county.points] == [2010, 2011, 2012] and len(county.members) == 4
        rows = service.list_datasets(db_session=db)
        assert [r.key for r in rows] == ["ceads-city", "ceads-province", "chen2020-county"]
        assert "Scientific Data 7:391" in rows[2].citation and rows[1].year_max == 2019
        parts = service.sector_breakdown(
            db_session=db, dataset="ceads-province", region="Guizhou", years=[2019]
        )
        assert sum(p.value for p in parts) == pytest.approx(totals[2019], rel=1e-12)
        assert {p.sector for p in parts} >= {"1.A.1.a", "2.A.1"}


def test_reimport_replaces_and_is_audited(db_url: str) -> None:
    for _ in range(2):
        with session_scope(db_url) as db:
            result = service.import_reference(db_session=db, datasets=["ceads-city"])
    assert result[0].replaced == 12
    with session_scope(db_url) as db:
        assert _count(db, "ceads-city") == 12
        entries = db.scalars(
            select(AuditRow).where(AuditRow.entity == "ref_dataset").order_by(AuditRow.id)
        ).all()
        assert [e.entity_id for e in entries] == ["ceads-city", "ceads-city"]
        assert entries[0].before is None
        assert json.loads(entries[1].before or "{}")["rows"] == 12
        assert json.loads(entries[1].after or "{}")["replaced"] == 12


def test_malformed_file_writes_nothing(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "ceads_city_co2.csv").write_text(
        "city,year,co2_mt\r\n贵州六盘水,2008,1.5\r\n贵州六盘水,2009,x\r\n", encoding="utf-8"
    )
    with session_scope(db_url) as db:
        service.import_reference(db_session=db, datasets=["ceads-city"])
    with pytest.raises(InputError, match=r"line 3.*co2_mt"), session_scope(db_url) as db:
        service.import_reference(db_session=db, directory=tmp_path, datasets=["ceads-city"])
    with session_scope(db_url) as db:  # the earlier import is untouched
        assert _count(db, "ceads-city") == 12
    with pytest.raises(InputError, match="not found"), session_scope(db_url) as db:
        service.import_reference(db_session=db, directory=tmp_path, datasets=["ceads-province"])


def test_compare_and_errors(db_url: str) -> None:
    with session_scope(db_url) as db:
        service.import_reference(db_session=db, datasets=["ceads-city", "chen2020-county"])
    with session_scope(db_url) as db:
        rows = service.series_as_platform_rows(
            db_session=db, dataset="ceads-city", region="六盘水", years=range(2008, 2018)
        )
        result = service.compare_with_reference(
            db_session=db,
            dataset="chen2020-county",
            region="六盘水",
            platform_rows=rows,
            subject="ceads-city",
        )
        by_year = {r.year: r for r in result.totals}
        assert by_year[2012].platform == pytest.approx(90.30097132354874, rel=1e-12)
        assert by_year[2012].reference == pytest.approx(37.12073214727812, rel=1e-12)
        assert by_year[1997].platform is None
        zero = service.compare_with_reference(
            db_session=db, dataset="ceads-city", region="六盘水", platform_rows=[], years=[2019]
        )
        assert zero.totals[0].platform is None and zero.totals[0].relative_difference is None
        with pytest.raises(NotFound, match="not imported"):
            service.region_series(db_session=db, dataset="ceads-province", region="Guizhou")
        with pytest.raises(NotFound, match="no values"):
            service.region_series(db_session=db, dataset="ceads-city", region="北京")
        with pytest.raises(InputError, match="unknown reference dataset"):
            service.region_series(db_session=db, dataset="ceads", region="北京")
    assert REFERENCE_ZERO  # the zero-reference rule is tested with literals in test_reference


@pytest.mark.skipif(
    not (DATA / "ceads_province_sector_fuel_co2.csv.gz").is_file(),
    reason=f"full CEADs files not found in {DATA} (shared data directory absent)",
)
def test_import_full_files(db_url: str) -> None:
    with session_scope(db_url) as db:
        result = service.import_reference(db_session=db, directory=DATA)
    assert sum(r.rows for r in result) == 262_680
    with session_scope(db_url) as db:
        totals = dict(
            service.region_series(db_session=db, dataset="ceads-province", region="Guizhou").points
        )
        assert round(totals[2005], 1) == 145.6 and round(totals[2019], 2) == 261.13
        assert totals[2019] == pytest.approx(_guizhou_csv_sum(2019), rel=1e-9)
        assert _count(db, "ceads-province") == 201_316
