"""Rollups of readings that follow the stored ones are updated by adding the batch's pieces to
the stored hour and day rows (``rollups.service.plan_appended``): on seeded random gateway
packages mixed with duplicates, corrections, back-filled readings, counter rollovers and
resets, interval readings that cross an hour, across a day and a month end, the table equals
what ``monitor rebuild`` computes, float for float."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.monitoring.model import Kind, Point, Purpose
from carbonpeak.monitoring.orm import PointRow, RollupRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.registry import service as registry
from carbonpeak.monitoring.rollups import service as aggregates
from tests.monitoring.conftest import CODE, seed

T0 = datetime(2026, 1, 31, 12, tzinfo=UTC)  # 20:00 CST on 31 January: day and month end near


def _rollups(db: Session) -> dict[tuple[int, str, datetime], float]:
    return {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}


def _send(db: Session, rows: list[dict[str, Any]]) -> service.IngestResult:
    return service.ingest(
        db_session=db,
        payload={"enterprise": CODE, "readings": rows},
        actor="t",
        source="http",
        enterprise_scope=CODE,
    )


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_appended_rollups_equal_rebuild_on_random_packages(
    db_session: Session, seed_value: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_session)
    # more shapes: a 40-minute interval point (its readings cross hours) and a counter
    # without a known rollover (a decrease is a reset) with a fractional multiplier
    registry.upsert_point(
        db_session=db_session,
        point=Point("I40", CODE, "原煤", Purpose.CONSUMED, "t", 0.7, interval_minutes=40),
        actor="t",
    )
    registry.upsert_point(
        db_session=db_session,
        point=Point("R1", CODE, "电力", Purpose.CONSUMED, "kWh", 1.3, Kind.COUNTER),
        actor="t",
    )
    db_session.flush()
    appended: list[bool] = []
    real = aggregates.plan_appended

    def counted(**kwargs: Any) -> aggregates.Plan | None:
        out = real(**kwargs)
        appended.append(out is not None)
        return out

    monkeypatch.setattr(aggregates, "plan_appended", counted)
    rnd = random.Random(seed_value)
    counters = {"E1": 99_000.0, "G1": 10.0, "R1": 500.0}
    steps = {"C1": 15, "S1": 15, "E1": 15, "G1": 15, "I40": 40, "R1": 15}
    clock = {code: T0 + timedelta(minutes=rnd.randrange(0, 15)) for code in steps}
    sent: list[dict[str, Any]] = []
    for _ in range(60):
        roll = rnd.random()
        if roll < 0.1 and sent:  # a package sent again: duplicates
            _send(db_session, rnd.sample(sent, min(len(sent), 10)))
            continue
        if roll < 0.2 and sent:  # corrections of stored readings
            fixes = rnd.sample(sent, min(len(sent), 3))
            rows = []
            for r in fixes:
                r["value"] = r["value"] + rnd.choice([0.0, 0.25, 1.5])
                rows.append({**r, "correction": True, "reason": "校正 fix"})
            _send(db_session, rows)
            continue
        rows = []
        for code in rnd.sample(sorted(steps), rnd.randint(1, len(steps))):
            for _ in range(rnd.randint(1, 3)):
                ts = clock[code]
                clock[code] = ts + timedelta(minutes=steps[code] + rnd.choice([0, 0, 7, 53]))
                if code in counters:
                    if rnd.random() < 0.05:  # rollover (E1, 5 digits) or reset (others)
                        counters[code] = rnd.uniform(0, 50)
                    else:
                        counters[code] = (counters[code] + rnd.uniform(0, 900)) % 100_000
                    value = counters[code]
                else:
                    value = rnd.uniform(0, 3)
                rows.append({"point": code, "ts": ts.isoformat(), "value": value})
        if rnd.random() < 0.1:  # a back-filled reading, before the stored ones
            code = rnd.choice(sorted(steps))
            ts = T0 - timedelta(minutes=rnd.randrange(1, 600))
            rows.append({"point": code, "ts": ts.isoformat(), "value": rnd.uniform(0, 3)})
        result = _send(db_session, rows)
        sent.extend(r for i, r in enumerate(rows) if i not in {x.index for x in result.rejected})
    incremental = _rollups(db_session)
    for point in db_session.scalars(select(PointRow)):
        aggregates.rebuild(db_session=db_session, point=point)
    rebuilt = _rollups(db_session)
    assert rebuilt == incremental  # exact floats, every hour, day and month
    assert any(k == "month" for _, k, _ in rebuilt) and len({s for *_, s in rebuilt}) > 24
    assert appended.count(True) > 20 and False in appended  # both paths were taken
