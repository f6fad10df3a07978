"""Registry CRUD and the stored-readings semantics (duplicates, conflicts, corrections)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import Conflict, InputError, PermissionDenied
from carbonpeak.monitoring.model import Point, Process, Purpose
from carbonpeak.monitoring.orm import PointRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.registry import service as registry
from carbonpeak.monitoring.rollups import service as aggregates
from tests.monitoring.conftest import CODE, OTHER, seed

T0 = datetime(2026, 1, 1, tzinfo=UTC)  # 08:00 CST


def iso(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def payload(*rows: tuple[str, int, float], enterprise: str = CODE) -> dict[str, object]:
    return {
        "enterprise": enterprise,
        "readings": [{"point": p, "ts": iso(m), "value": v} for p, m, v in rows],
    }


def test_registry_round_trip_and_audit(db_session: Session) -> None:
    seed(db_session)
    reg = registry.registry(db_session=db_session, enterprise_code=CODE)
    assert sorted(reg.points) == ["C1", "E1", "G1", "S1"]
    assert reg.processes["SINTER"].energy_points == ("C1", "E1")
    assert reg.points["E1"].energy == "electricity" and reg.points["E1"].multiplier == 10.0
    actions = db_session.scalars(select(AuditRow.entity)).all()
    assert actions.count("mon_point") == 5


def test_point_cannot_move_and_process_needs_own_points(db_session: Session) -> None:
    seed(db_session)
    with pytest.raises(Conflict):
        registry.upsert_point(
            db_session=db_session,
            point=Point("X1", CODE, "natural_gas", Purpose.PURCHASED, "m**3"),
            actor="t",
        )
    with pytest.raises(InputError, match="X1"):
        registry.upsert_process(
            db_session=db_session,
            process=Process("P2", CODE, "x", ("X1",), "S1"),
            actor="t",
        )
    with pytest.raises(InputError, match="not an output point"):
        registry.upsert_process(
            db_session=db_session, process=Process("P3", CODE, "x", ("C1",), "E1"), actor="t"
        )


def test_accepted_duplicate_conflict_and_correction(db_session: Session) -> None:
    seed(db_session)
    first = service.ingest(
        db_session=db_session,
        payload=payload(("C1", 0, 2.0), ("C1", 15, 3.0), ("NOPE", 0, 1.0)),
        actor="ent",
        source="http",
        enterprise_scope=CODE,
    )
    assert first.reply() == {
        "accepted": 2,
        "duplicates": 0,
        "rejected": [{"index": 2, "error": "未知计量点 NOPE / unknown point NOPE"}],
    }
    again = service.ingest(
        db_session=db_session,
        payload=payload(("C1", 0, 2.0), ("C1", 15, 4.0)),
        actor="ent",
        source="http",
        enterprise_scope=CODE,
    )
    assert again.accepted == 0 and again.duplicates == 1
    assert again.rejected[0].index == 1 and "conflict" in again.rejected[0].error
    fix = payload(("C1", 15, 4.0))
    fix["readings"][0] |= {"correction": True, "reason": "人工复核 re-read"}  # type: ignore[index]
    corrected = service.ingest(
        db_session=db_session, payload=fix, actor="ent", source="http", enterprise_scope=CODE
    )
    assert corrected.accepted == 1 and corrected.corrected == 1
    (hist,) = service.history(db_session=db_session, point_code="C1")
    assert (hist.old_value, hist.new_value, hist.changed_by) == (3.0, 4.0, "ent")
    values = [
        r.value
        for r in service.readings(
            db_session=db_session, point_code="C1", start=T0, end=T0 + timedelta(days=1)
        )
    ]
    assert values == [2.0, 4.0]


def test_corrections_can_be_refused(db_session: Session) -> None:
    seed(db_session)
    service.ingest_rows(
        db_session=db_session,
        items=[{"point": "C1", "ts": iso(0), "value": 1.0}],
        actor="op",
        source="file",
    )
    result = service.ingest_rows(
        db_session=db_session,
        items=[{"point": "C1", "ts": iso(0), "value": 2.0, "correction": True, "reason": "x"}],
        actor="op",
        source="file",
        may_correct=False,
    )
    assert "not authorised" in result.rejected[0].error


def test_other_enterprise_is_forbidden(db_session: Session) -> None:
    seed(db_session)
    with pytest.raises(PermissionDenied, match="X1"):
        service.ingest(
            db_session=db_session,
            payload=payload(("X1", 0, 1.0)),
            actor="ent",
            source="http",
            enterprise_scope=CODE,
        )
    with pytest.raises(PermissionDenied, match="only write for"):
        service.ingest(
            db_session=db_session,
            payload=payload(("X1", 0, 1.0), enterprise=OTHER),
            actor="ent",
            source="http",
            enterprise_scope=CODE,
        )


def rollups(db: Session, code: str) -> dict[tuple[str, datetime], float]:
    pid = db.scalar(select(PointRow.id).where(PointRow.code == code))
    rows = db.scalars(select(RollupRow).where(RollupRow.point_id == pid)).all()
    return {(r.period, r.start): r.amount for r in rows}


def test_counter_rollups_incremental_equal_rebuild(db_session: Session) -> None:
    seed(db_session)
    # E1: register ×10 kWh, 5 digits. 15:30 CST .. next day, sent out of order, with a rollover
    series = [(0, 99_950.0), (15, 99_990.0), (30, 30.0), (60 * 17, 130.0), (60 * 17 + 15, 5.0)]
    for rows in (series[2:4], series[:2], series[4:]):
        service.ingest(
            db_session=db_session,
            payload=payload(*[("E1", m, v) for m, v in rows]),
            actor="ent",
            source="http",
            enterprise_scope=CODE,
        )
    incremental = rollups(db_session, "E1")
    point = db_session.scalar(select(PointRow).where(PointRow.code == "E1"))
    assert point is not None
    aggregates.rebuild(db_session=db_session, point=point)
    assert rollups(db_session, "E1") == incremental
    day1 = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 1 Jan CST
    day2 = datetime(2026, 1, 1, 16, tzinfo=UTC)
    # deltas ×10: 40, 40 (rollover 99 990 -> 30), 100 over 08:30..01:00 CST next day,
    # 5 - 130 -> rollover 100 000 - 130 + 5 = 99 875 (no plausibility bound set)
    span = 60 * 17 - 30  # minutes from 08:30 to 01:00 next day (CST)
    on_day1 = 100 * (span - 60) / span  # 08:30 .. 24:00 is span - 60 minutes
    assert incremental[("day", day1)] == pytest.approx(10 * (40 + 40 + on_day1))
    assert incremental[("day", day2)] == pytest.approx(10 * (100 - on_day1 + 99_875))
    month = datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert incremental[("month", month)] == pytest.approx(
        incremental[("day", day1)] + incremental[("day", day2)]
    )


def test_dead_letters_keep_the_message(db_session: Session) -> None:
    service.dead_letter(db_session=db_session, source="mqtt", payload=b"{oops", error="bad JSON")
    db_session.flush()
    (row,) = service.dead_letters(db_session=db_session)
    assert (row.payload, row.error) == ("{oops", "bad JSON")
