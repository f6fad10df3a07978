"""Monthly totals (月数据) per point, stored apart from readings, and the daily-vs-monthly check
(≤ 5 %, china_standards.md 5.2) on stored data, with its alert; hand-computed figures;
migration 0008."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from carbonpeak.audit.orm import AuditRow
from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.models import metadata
from carbonpeak.db.session import get_engine, session_scope
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.monthly import service as monthly
from carbonpeak.monitoring.orm import AlertRow, MonthlyTotalRow, PointRow
from carbonpeak.monitoring.readings import service
from tests.monitoring.conftest import CODE, OTHER, seed

JAN = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 1 Jan 2026 00:00 CST
FEB = datetime(2026, 1, 31, 16, tzinfo=UTC)
D2 = datetime(2026, 1, 1, 16, tzinfo=UTC)  # 2 Jan 00:00 CST
KEY = f"quality:{CODE}:daily_monthly:C1"


def load(db: Session) -> None:
    """C1 (coal, t, 15-min interval): 2 Jan 4 × 2.5 t = 10 t; 3 Jan 2 × 5 t = 10 t -> 20 t.
    E1 (counter ×10): 1000 -> 2000 on 2 Jan = 1000 × 10 = 10 000 kWh."""
    rows = [
        {"point": "C1", "ts": (D2 + timedelta(minutes=15 * i)).isoformat(), "value": 2.5}
        for i in range(4)
    ]
    rows += [
        {"point": "C1", "ts": (D2 + timedelta(days=1, minutes=15 * i)).isoformat(), "value": 5.0}
        for i in range(2)
    ]
    rows += [
        {"point": "E1", "ts": (D2 + timedelta(hours=1)).isoformat(), "value": 1000.0},
        {"point": "E1", "ts": (D2 + timedelta(hours=2)).isoformat(), "value": 2000.0},
    ]
    result = service.ingest(
        db_session=db,
        payload={"enterprise": CODE, "readings": rows},
        actor="t",
        source="http",
        enterprise_scope=CODE,
    )
    assert result.accepted == len(rows)


def totals(db: Session, *items: tuple[str, str, float], **kw: object) -> monthly.MonthlyResult:
    return monthly.record_totals(
        db_session=db,
        items=[{"point": p, "month": m, "value": v, **kw} for p, m, v in items],
        actor="nengyuan",
        source="manual",
    )


def test_parse_month_is_the_local_month_start() -> None:
    assert monthly.parse_month("2026-01") == JAN
    assert monthly.month_label(JAN) == "2026-01"
    with pytest.raises(InputError, match="YYYY-MM"):
        monthly.parse_month("2026-13")
    with pytest.raises(InputError, match="YYYY-MM"):
        monthly.parse_month("Jan 2026")


def test_duplicates_conflicts_and_audited_corrections(db_session: Session) -> None:
    seed(db_session)
    first = totals(db_session, ("C1", "2026-01", 22.0))
    assert (first.accepted, first.duplicates, first.rejected) == (1, 0, [])
    again = totals(db_session, ("C1", "2026-01", 22.0))
    assert (again.accepted, again.duplicates) == (0, 1)  # never stored twice
    clash = totals(db_session, ("C1", "2026-01", 20.5))
    assert clash.rejected[0]["index"] == 0 and "correction" in clash.rejected[0]["error"]
    fixed = totals(db_session, ("C1", "2026-01", 20.5), correction=True, reason="复核")
    assert fixed.corrected == 1
    c1 = db_session.scalar(select(PointRow.id).where(PointRow.code == "C1"))
    row = db_session.get(MonthlyTotalRow, (c1, JAN))
    assert row is not None and row.value == 20.5
    audit = db_session.scalars(
        select(AuditRow).where(AuditRow.action == "monitoring.monthly.correct")
    ).one()
    assert audit.entity_id == "C1:2026-01" and audit.actor == "nengyuan"


def test_bad_rows_are_rejected_with_a_reason_each(db_session: Session) -> None:
    seed(db_session)
    items: list[dict[str, Any]] = [
        {"point": "NOPE", "month": "2026-01", "value": 1},
        {"point": "C1", "month": "2026-1-5", "value": 1},
        {"point": "C1", "month": "2026-01", "value": -1},
        {"point": "C1", "month": "2026-01", "value": "abc"},
        {"point": "", "month": "2026-01", "value": 1},
        {"point": "X1", "month": "2026-01", "value": 1},  # OTHER's point
    ]
    result = monthly.record_totals(
        db_session=db_session, items=items, actor="t", source="http", enterprise_scope=CODE
    )
    errors = {r["index"]: r["error"] for r in result.rejected}
    assert result.accepted == 0 and sorted(errors) == [0, 1, 2, 3, 4, 5]
    assert "unknown point" in errors[0] and "YYYY-MM" in errors[1]
    assert "non-negative" in errors[2] and "not a number" in errors[3]
    assert "empty" in errors[4] and "another enterprise" in errors[5]
    with pytest.raises(InputError, match="unknown source"):
        monthly.record_totals(db_session=db_session, items=[], actor="t", source="fax")
    assert OTHER  # X1 belongs to OTHER (conftest)


def test_daily_vs_monthly_on_stored_rollups(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    # Σ daily C1 = 10 + 10 = 20 t. 20.5: |20 - 20.5| / 20.5 = 2.4 % ok;
    # 22: 2 / 22 = 9.1 % > 5 %. E1: Σ daily = 10 000 kWh (after ×10); a total written in
    # register units (1 000) deviates 9 000 / 1 000 = 900 %.
    totals(db_session, ("C1", "2026-01", 22.0), ("E1", "2026-01", 1000.0))
    totals(db_session, ("C1", "2026-02", 0.0))  # no data in Feb, total 0: consistent
    found = monthly.consistency(
        db_session=db_session,
        enterprise_code=CODE,
        start=JAN,
        end=FEB + timedelta(days=28),
        rules=watch.quality.Rules(),
    )
    assert [(f.rule, f.subject, f.start) for f in found] == [
        ("daily_monthly", "C1", JAN),
        ("daily_monthly", "E1", JAN),
    ]
    assert "9.1%" in found[0].detail and "900.0%" in found[1].detail
    assert found[0].end == FEB
    totals(db_session, ("C1", "2026-01", 20.5), correction=True)
    totals(db_session, ("E1", "2026-01", 10_000.0), correction=True)
    assert (
        monthly.consistency(
            db_session=db_session,
            enterprise_code=CODE,
            start=JAN,
            end=FEB,
            rules=watch.quality.Rules(),
        )
        == []
    )


def test_inconsistency_is_stored_and_alerted_once_then_closed(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    totals(db_session, ("C1", "2026-01", 22.0))
    now = D2 + timedelta(days=1, hours=1)

    def check() -> tuple[list[str], list[str]]:
        watch.run_quality(db_session=db_session, enterprise_code=CODE, start=JAN, end=FEB)
        opened, closed = watch.evaluate_alerts(
            db_session=db_session, enterprise_code=CODE, month_start=JAN, month_end=FEB, now=now
        )
        return [a.key for a in opened], [a.key for a in closed]

    opened, _ = check()
    assert KEY in opened
    stored = watch.findings(db_session=db_session, enterprise_code=CODE)
    assert ("daily_monthly", "C1") in {(f.rule, f.subject) for f in stored}
    alert = next(a for a in watch.list_alerts(db_session=db_session) if a.key == KEY)
    assert alert.kind == "quality" and "daily vs monthly" in alert.message
    opened, closed = check()
    assert KEY not in opened and KEY not in closed  # one alert per episode
    totals(db_session, ("C1", "2026-01", 20.5), correction=True, reason="复核")
    opened, closed = check()
    assert KEY in closed and KEY not in opened
    row = db_session.get(AlertRow, alert.id)
    assert row is not None and row.closed_by == "system"


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_cli_monthly_import_and_check(cli_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    with session_scope(cli_db) as db:
        seed(db)
        load(db)
    csv = tmp_path / "monthly.csv"
    csv.write_text("point,month,value\nC1,2026-01,22\nC1,2026-01,22\nC1,2026-01,-3\n", "utf-8")
    result = runner.invoke(app, ["monitor", "monthly", str(csv), "--json", "--by", "ops"])
    assert result.exit_code == 0, result.output
    assert '"accepted": 1' in result.output and '"duplicates": 1' in result.output
    assert '"row": 4' in result.output  # the negative value, file row 4
    result = runner.invoke(
        app, ["monitor", "check", CODE, "--start", "2026-01-01", "--end", "2026-02-01"]
    )
    assert result.exit_code == 0, result.output
    assert "'daily_monthly'" in result.output
    with session_scope(cli_db) as db:
        assert KEY in {a.key for a in watch.list_alerts(db_session=db, state="open")}


def test_migration_0008_down_and_up(db_url: str) -> None:
    engine = get_engine(db_url)
    assert "mon_monthly_totals" in inspect(engine).get_table_names()
    downgrade(db_url, "0007")
    assert "mon_monthly_totals" not in inspect(engine).get_table_names()
    upgrade(db_url)
    assert "mon_monthly_totals" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "mon_monthly" in repr(d)]
    assert diff == []
