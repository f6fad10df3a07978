"""Published values in the database: versioned, idempotent, transactional and audited imports;
the ``carbonpeak stats`` commands; the /api/v1/stats endpoints."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from carbonpeak.audit import AuditRow
from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.models import metadata
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.statistics import (
    current_values,
    district_pairs,
    import_bundled,
    import_values,
    list_values,
)
from carbonpeak.statistics.orm import StatValueRow

HEADER = (
    "region,year,indicator,name_as_published,value,unit,status,"
    "publisher,title,published,url,section\n"
)
SRC = "贵州省统计局,贵州省2015年主要统计数据新闻发布会,2016-01-19,https://example.org/a,发布会"
REV = "贵州省统计局,2020年主要统计数据新闻发布会,2021-01-19,https://example.org/b,十三五回顾"
FIRST = (
    HEADER
    + f"贵州省,2015,gdp,地区生产总值,10502.56,亿元,初步核算,{SRC}\n"
    + (f"六盘水市,2015,population_resident,年末常住人口,290.7,万人,初步核算,{SRC}\n")
)
REVISION = HEADER + f"贵州,2015,gdp,地区生产总值,10541.00,亿元,修订,{REV}\n"
runner = CliRunner()


def test_a_revision_is_a_new_version_and_both_stay_visible(db_session: Session) -> None:
    first = import_values(db_session=db_session, data=FIRST.encode(), filename="a.csv", actor="t")
    again = import_values(db_session=db_session, data=FIRST.encode(), filename="a.csv", actor="t")
    revised = import_values(
        db_session=db_session, data=REVISION.encode(), filename="b.csv", actor="t"
    )
    db_session.commit()
    assert (first.rows_added, again.rows_added, revised.rows_added) == (2, 0, 1)
    assert revised.new_versions == 1
    stored = list_values(db_session=db_session, region="520000", indicator="gdp")
    assert [(s.version, s.value.value, s.current) for s in stored] == [
        (1, 10502.56, False),
        (2, 10541.00, True),
    ]
    current = list_values(db_session=db_session, region="520000", all_versions=False)
    assert [s.value.value for s in current] == [10541.00]
    audits = db_session.scalars(select(AuditRow).where(AuditRow.entity == "stat_import")).all()
    assert [json.loads(a.after or "{}")["rows_added"] for a in audits] == [2, 0, 1]


def test_a_refused_file_writes_nothing(db_session: Session) -> None:
    bad = FIRST + "六盘水市,2016,gdp,地区生产总值,1313.70,万吨,初步核算," + SRC + "\n"
    with pytest.raises(InputError) as caught:
        import_values(db_session=db_session, data=bad.encode(), filename="bad.csv", actor="t")
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "unit")]
    db_session.rollback()
    assert db_session.scalars(select(StatValueRow)).all() == []


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        yield db_url
    finally:
        get_settings.cache_clear()


def test_cli_import_show_json_export_and_a_refusal_in_one_line(cli_db: str, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(FIRST + REVISION.split("\n", 1)[1], encoding="utf-8")
    result = runner.invoke(app, ["stats", "import", str(tmp_path / "a.csv")])
    assert result.exit_code == 0, result.output
    assert "新增 3" in result.output
    shown = runner.invoke(app, ["stats", "show", "--region", "520000", "--year", "2015", "--json"])
    records = json.loads(shown.output)
    assert [(r["indicator"], r["value"], r["unit"], r["current"]) for r in records] == [
        ("gdp", 10502.56, "亿元", False),
        ("gdp", 10541.0, "亿元", True),
    ]
    assert records[1]["source"]["title"] == "2020年主要统计数据新闻发布会"
    exported = runner.invoke(app, ["stats", "export"])
    assert exported.output.count("\n") == 4 and "10541.0" in exported.output
    (tmp_path / "bad.csv").write_text(HEADER + "六盘水市,2016,gdp,GDP,1,亿元,初步核算,,,,,\n")
    refused = runner.invoke(app, ["stats", "import", str(tmp_path / "bad.csv")])
    # carbonpeak.cli.main prints a CarbonpeakError as one line; here it reaches the runner
    assert isinstance(refused.exception, InputError)
    assert "row 2, publisher" in str(refused.exception)


def test_api_reads_are_public_and_import_needs_an_editor(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    files = {"file": ("a.csv", FIRST.encode(), "text/csv")}
    assert client.post("/api/v1/stats/import", files=files).status_code == 401
    viewer = make_user("viewer")
    denied = client.post(
        "/api/v1/stats/import", files=files, headers={"Authorization": f"Bearer {viewer}"}
    )
    assert denied.status_code == 403
    admin = make_user("admin")
    auth = {"Authorization": f"Bearer {admin}"}
    assert client.post("/api/v1/stats/import", files=files, headers=auth).status_code == 201
    bad = {"file": ("b.csv", (HEADER + "贵州,2015,gdp,GDP,1,%,修订," + REV + "\n").encode())}
    refused = client.post("/api/v1/stats/import", files=bad, headers=auth)
    assert refused.status_code == 422
    values = client.get("/api/v1/stats/values", params={"region": "六盘水"}).json()
    assert [(v["indicator"], v["value"]) for v in values] == [("population_resident", 290.7)]
    catalogue = client.get("/api/v1/stats/indicators").json()
    assert {"id": "gdp", "unit": "亿元"}.items() <= catalogue[0].items()
    cover = client.get("/api/v1/stats/coverage").json()
    # 6 regions sought, 2005-2025 = 21 years, for every indicator of the catalogue
    assert (cover["found"], cover["sought"]) == (2, len(catalogue) * 6 * 21)


def test_cli_reconcile_shows_the_city_the_district_sum_and_the_difference(cli_db: str) -> None:
    """By hand: city 1340.00; 钟山区 500.00 + 水城县 300.00 reported, 2 missing: sum 800.00,
    difference +540.00; the year with districts but no city figure is not listed."""
    src = "某统计局,2020年统计公报,2021-04-01,https://example.org/gb,一、综合"
    body = HEADER + "".join(
        f"{region},{year},gdp,地区生产总值,{value},亿元,初步核算,{src}\n"
        for region, year, value in (
            ("六盘水市", 2020, "1340.00"),
            ("钟山区", 2020, "500.00"),
            ("水城县", 2020, "300.00"),
            ("钟山区", 2019, "480.00"),
        )
    )
    with session_scope(cli_db) as db:
        import_values(db_session=db, data=body.encode(), filename="r.csv", actor="t")
    result = runner.invoke(app, ["stats", "reconcile", "--json"])
    assert result.exit_code == 0, result.output
    (pair,) = json.loads(result.output)
    assert (pair["year"], pair["left"], pair["right"]) == (2020, 1340.0, 800.0)
    assert pair["difference"] == pytest.approx(540.0)
    assert "六枝特区" in pair["note"] and "盘州市" in pair["note"]


def test_migration_0013_matches_the_tables_and_goes_down_and_up(db_url: str) -> None:
    tables = {"stat_imports", "stat_values"}
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= tables
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "stat_" in repr(d)]
    assert diff == []
    downgrade(db_url, "0010")
    assert not tables & set(inspect(engine).get_table_names())
    upgrade(db_url)
    assert set(inspect(engine).get_table_names()) >= tables


def test_bundled_census_the_yearbook_is_current_and_the_districts_add_up(
    db_session: Session,
) -> None:
    """Service level, no browser: after loading the bundled file the current 2010 census figure
    of 六盘水市 is the census yearbook's 2851332 (published 2012, after the 2011 bulletin's
    2851180), and the city against its districts differs by 0 in 2010 and 2020."""
    import_bundled(db_session=db_session)
    db_session.commit()
    (city_2010,) = list_values(
        db_session=db_session,
        region="520200",
        year=2010,
        indicator="population_census",
        all_versions=False,
    )
    assert city_2010.value.value == 2851332.0
    assert "人口普查分县资料" in city_2010.value.source.title
    pairs = district_pairs(
        current_values(db_session=db_session), parent="520200", indicator="population_census"
    )
    assert [p.year for p in pairs] == [2010, 2020]
    assert [p.difference for p in pairs] == [pytest.approx(0.0, abs=1e-9)] * 2
    assert all("missing" not in p.note for p in pairs)
