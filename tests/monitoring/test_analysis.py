"""Consumption in tce, unit consumption of a process against limits, quality and alerts, on a
hand-made day of readings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from carbonpeak.bootstrap import init_database
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.factors.resolve import resolve
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.readings import service
from carbonpeak.regions import factor_chain
from tests.monitoring.conftest import CODE, OTHER, recorded_statements, seed

JAN = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 1 Jan 2026 00:00 CST
FEB = datetime(2026, 1, 31, 16, tzinfo=UTC)
H10 = datetime(2026, 1, 2, 2, tzinfo=UTC)  # 2 Jan 10:00 CST


def at(hours: float) -> str:
    return (H10 + timedelta(hours=hours)).isoformat()


def load(db: Session, coal: float = 40.0) -> None:
    rows = [
        {"point": "C1", "ts": at(0), "value": coal},  # 40 t raw coal
        {"point": "E1", "ts": at(0), "value": 1000.0},  # register ×10 kWh
        {"point": "E1", "ts": at(1), "value": 2000.0},  # 1000 × 10 = 10 000 kWh
        {"point": "S1", "ts": at(0), "value": 600.0},  # 600 t sinter
        {"point": "G1", "ts": at(0), "value": 0.0},
        {"point": "G1", "ts": at(1), "value": 50_000.0},  # 50 000 kWh purchased
    ]
    result = service.ingest(
        db_session=db,
        payload={"enterprise": CODE, "readings": rows},
        actor="t",
        source="http",
        enterprise_scope=CODE,
    )
    assert result.accepted == len(rows)


def test_process_unit_consumption_is_classified(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    (pm,) = analysis.process_months(db_session=db_session, enterprise_code=CODE, start=JAN, end=FEB)
    energy = 40 * 0.7143 + 10_000 * 0.1229 / 1000  # tce: coal + electricity
    assert pm.energy_tce == pytest.approx(energy)
    assert pm.output_t == 600
    assert pm.kgce_per_t == pytest.approx(energy * 1000 / 600)  # 49.67 kgce/t
    assert pm.kwh_per_t == pytest.approx(10_000 / 600)
    # no plan in this database: the national grades only; 46 < 49.67 <= 52 -> 3级, within
    assert pm.classification.grade == "3"
    assert pm.classification.status == "within"


def test_summary_comprehensive_energy_and_co2(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    s = analysis.summary(
        db_session=db_session, enterprise_code=CODE, period="month", start=JAN, end=FEB
    )
    # only the purchased point G1 counts in 综合能耗; C1 and E1 are sub-meters (consumed)
    assert s.comprehensive_tce == {JAN: pytest.approx(50_000 * 0.1229 / 1000)}
    grid = resolve(
        "electricity",
        "grid_factor",
        region=factor_chain("520201"),
        year=2026,
        gas="CO2",
        allow_proxy_year=True,
    )
    assert grid.unit == "kg/kWh"
    assert s.co2_indirect_t == pytest.approx(50_000 * grid.value / 1000)
    assert s.co2_combustion_t == 0 and s.gaps == []


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_limit_alert_once_per_episode_then_closed(db_url: str) -> None:
    init_database(url=db_url)  # the bundled plan: 烧结工序能耗 ≤ 45 kgce/t
    with session_scope(db_url) as db:
        seed(db)
        load(db)
    now = H10 + timedelta(hours=2)
    for _ in range(2):
        with session_scope(db_url) as db:
            watch.evaluate_alerts(
                db_session=db, enterprise_code=CODE, month_start=JAN, month_end=FEB, now=now
            )
    with session_scope(db_url) as db:
        alerts = watch.list_alerts(db_session=db, enterprise_code=CODE)
        assert [(a.kind, a.state) for a in alerts] == [("limit", "open")]
        assert "45" in alerts[0].message and "1号烧结机" in alerts[0].message
        # correction: coal 30 t -> (30 × 0.7143 + 1.229) × 1000 / 600 = 37.76 kgce/t
        fix = {"point": "C1", "ts": at(0), "value": 30.0, "correction": True, "reason": "复核"}
        service.ingest(
            db_session=db,
            payload={"enterprise": CODE, "readings": [fix]},
            actor="t",
            source="http",
            enterprise_scope=CODE,
        )
    with session_scope(db_url) as db:
        opened, closed = watch.evaluate_alerts(
            db_session=db, enterprise_code=CODE, month_start=JAN, month_end=FEB, now=now
        )
        assert opened == [] and [c.closed_by for c in closed] == ["system"]


def test_stale_alert_and_manual_states(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    later = H10 + timedelta(hours=12)  # last data at 11:00 CST; 11 h > 6 h
    opened, _ = watch.evaluate_alerts(
        db_session=db_session, enterprise_code=CODE, month_start=JAN, month_end=FEB, now=later
    )
    (stale,) = [a for a in opened if a.kind == "stale"]
    row = watch.set_alert_state(
        db_session=db_session, alert_id=stale.id, state="acknowledged", actor="ops"
    )
    assert (row.state, row.acknowledged_by) == ("acknowledged", "ops")
    with pytest.raises(InputError, match="cannot go"):
        watch.set_alert_state(db_session=db_session, alert_id=stale.id, state="open", actor="ops")


def test_quality_run_stores_findings(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    day = datetime(2026, 1, 1, 16, tzinfo=UTC)  # 2 Jan CST
    rows = watch.run_quality(
        db_session=db_session, enterprise_code=CODE, start=day, end=day + timedelta(days=1)
    )
    rules = {(r.rule, r.subject) for r in rows}
    # one or two readings of 96 expected: every point incomplete; E1 and G1 have a gap
    assert {("completeness", p) for p in ("C1", "E1", "G1", "S1")} <= rules
    assert ("gap", "E1") in rules
    again = watch.run_quality(
        db_session=db_session, enterprise_code=CODE, start=day, end=day + timedelta(days=1)
    )
    assert len(watch.findings(db_session=db_session, enterprise_code=CODE)) == len(again)


def test_district_and_city_totals(db_session: Session) -> None:
    seed(db_session)
    load(db_session)
    rows, gaps = analysis.district_totals(db_session=db_session, start=JAN, end=FEB)
    by = {r.district: r for r in rows}
    assert by["520201"].comprehensive_tce == pytest.approx(50_000 * 0.1229 / 1000)
    assert by[""].enterprises == 1  # OTHER has no district registered
    assert by[analysis.CITY].enterprises == 2  # the city: both enterprises
    assert by[analysis.CITY].comprehensive_tce == pytest.approx(by["520201"].comprehensive_tce)
    assert gaps == []


def test_after_ingest_check_reads_enterprise_and_last_readings_once(db_url: str) -> None:
    """The check run after every accepted package (``with_quality=False``) reads the
    enterprise once and its points' last readings once, and opens what evaluate_alerts does
    when it reads them itself: the limit (烧结 > 45 kgce/t) and the silent meters."""
    init_database(url=db_url)
    with session_scope(db_url) as db:
        seed(db)
        load(db)
    later = H10 + timedelta(hours=12)  # last data at 11:00 CST: every point silent (> 6 h)
    with recorded_statements(db_url) as statements, session_scope(db_url) as db:
        opened, _ = watch.check_enterprise(
            db_session=db, enterprise_code=CODE, now=later, with_quality=False
        )
        kinds = sorted((a.kind, a.subject) for a in opened)
    assert kinds == [("limit", "SINTER"), ("stale", CODE)]
    assert sum("FROM mon_enterprises" in s and "mon_processes" not in s for s in statements) == 1
    assert sum("max(mon_readings.ts)" in s for s in statements) == 1


def test_after_ingest_check_reads_only_what_is_present(db_url: str) -> None:
    """Enterprise OTHER has no process, no finding and, at first, no open alert: the check
    after a package is two statements (the enterprise with its points' last readings; what
    it has at all) and opens nothing. Once its meter falls silent an alert is open, and the
    check after its next package reads the open alerts and closes it."""
    init_database(url=db_url)
    with session_scope(db_url) as db:
        seed(db)

    def package(hours: float) -> None:
        with session_scope(db_url) as db:
            result = service.ingest(
                db_session=db,
                payload={
                    "enterprise": OTHER,
                    "readings": [{"point": "X1", "ts": at(hours), "value": 5.0}],
                },
                actor="t",
                source="http",
                enterprise_scope=OTHER,
            )
            assert result.accepted == 1

    def check(now: datetime) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
        with recorded_statements(db_url) as statements, session_scope(db_url) as db:
            opened, closed = watch.check_enterprise(
                db_session=db, enterprise_code=OTHER, now=now, with_quality=False
            )
            out = [(a.kind, a.subject) for a in opened], [(a.kind, a.subject) for a in closed]
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")], *out

    package(0)
    selects, opened, closed = check(H10 + timedelta(minutes=20))
    assert (opened, closed) == ([], [])
    assert len(selects) == 2  # no process, finding or alert rows read: there are none
    assert not any("FROM mon_alerts" in s and "EXISTS" not in s for s in selects)

    _, opened, _ = check(H10 + timedelta(hours=12))  # silent for 12 h (> 6 h)
    assert opened == [("stale", OTHER)]

    package(12)
    selects, opened, closed = check(H10 + timedelta(hours=12, minutes=5))
    assert (opened, closed) == ([], [("stale", OTHER)])
    assert len(selects) == 3  # now the open alerts are read, to close the one


def test_after_ingest_check_of_an_unknown_enterprise_names_it(db_url: str) -> None:
    """An unknown credit code is refused with get_enterprise's message, not an IndexError."""
    from carbonpeak.core.errors import NotFound

    init_database(url=db_url)
    with session_scope(db_url) as db, pytest.raises(NotFound, match="no enterprise with credit"):
        watch.check_enterprise(db_session=db, enterprise_code=" nope ", now=H10)
