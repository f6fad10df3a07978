"""Impossible values refused at ingestion are kept (quarantine, ``mon_rejected_readings``) for
known points of the sender's enterprise, and the quality run reports them as ``negative``
findings, one per point and local day, stable across reruns, alerting as the rules file says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.model import Point, Purpose
from carbonpeak.monitoring.orm import FindingRow, PointRow, RejectedReadingRow
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.readings import validate as ingest
from carbonpeak.monitoring.registry import service as registry
from carbonpeak.monitoring.rejected import service as rejections
from carbonpeak.monitoring.rollups.rollup import CST
from tests.monitoring.conftest import CODE, OTHER, seed

NOW = datetime(2026, 3, 1, tzinfo=UTC)
DAY = datetime(2026, 1, 2, tzinfo=CST)  # 2 Jan 2026 00:00 CST = 1 Jan 16:00 UTC
TS0 = "2026-01-02T10:00:00+08:00"
TS1 = "2026-01-02T10:15:00+08:00"
TS2 = "2026-01-02T23:30:00+08:00"
TS3 = "2026-01-03T00:15:00+08:00"
POINTS = {
    "C1": Point("C1", CODE, "raw_coal", Purpose.CONSUMED, "t"),
    "X1": Point("X1", OTHER, "natural_gas", Purpose.PURCHASED, "m**3"),
}
NEGATIVE = "value -5 为负 / value -5 is negative (impossible)"


def row(point: Any, ts: Any, value: Any, **extra: Any) -> dict[str, Any]:
    return {"point": point, "ts": ts, "value": value, **extra}


# -- ingest.check_rows: what was refused, for a known point's impossible value ----------------


def test_value_rejections_of_known_points_tell_what_was_sent() -> None:
    nan = float("nan")
    items = [
        row("C1", TS0, -5),  # 0 negative
        row(" C1 ", TS1, nan),  # 1 not finite (the code is stripped)
        row("C1", TS1, "abc"),  # 2 not a number
        row("C1", TS1, True),  # 3 a boolean is not a number
        row("C1", "yesterday", -1),  # 4 unreadable ts too: the ts error is the message
        row("C1", TS0, 1.0),  # 5 accepted (fast path)
        row("NOPE", TS0, -5),  # 6 unknown point: the caller's error
        row("X1", TS0, -5),  # 7 another enterprise's point: the caller's error
        row("C1", "yesterday", 2.0),  # 8 a possible value: the ts is the fault
        row("C1", TS1, -3, extra=1),  # 9 unknown field, and an impossible value
    ]
    batch = ingest.check_rows(items, points=POINTS, enterprise=CODE, now=NOW)
    assert [r.index for r in batch.rows] == [5]
    got = {r.index: r for r in batch.rejected}
    assert got[0] == ingest.Rejection(
        0, NEGATIVE, "C1", datetime(2026, 1, 2, 2, tzinfo=UTC), TS0, -5, ingest.VALUE
    )
    assert got[1].point == "C1" and got[1].kind == "value" and got[1].value is nan
    assert "not finite" in got[1].error
    assert (got[2].kind, got[2].value) == ("value", "abc") and "must be a number" in got[2].error
    assert (got[3].kind, got[3].value) == ("value", True)
    assert got[4].kind == "value" and got[4].ts is None and got[4].ts_text == "yesterday"
    assert "is not ISO 8601" in got[4].error  # the first reason stays the message
    for index in (6, 7, 8):
        assert got[index].kind == "" and got[index].point is None, index
    assert got[6].error == got[7].error == NEGATIVE  # the value is checked first, as before
    assert got[9].kind == "value" and "unknown fields extra" in got[9].error


def test_an_operator_file_keeps_impossible_values_of_any_enterprise() -> None:
    batch = ingest.check_rows([row("X1", TS0, -5)], points=POINTS, enterprise=None, now=NOW)
    (only,) = batch.rejected
    assert (only.point, only.kind, only.error) == ("X1", "value", NEGATIVE)


def test_value_text_is_the_json_as_sent() -> None:
    assert [rejections.value_text(v) for v in (-5, -2.5, "abc", None, True)] == [
        "-5",
        "-2.5",
        '"abc"',
        "null",
        "true",
    ]
    assert rejections.value_text(float("nan")) == "NaN"
    assert rejections.value_text(object()).startswith("<object")


# -- quality.refused: one finding per point and local day --------------------------------------


def test_refused_values_make_one_finding_per_local_day() -> None:
    day2 = datetime(2026, 1, 1, 16, tzinfo=UTC)  # 2 Jan 00:00 CST
    day3 = day2 + timedelta(days=1)
    sent = [
        (datetime.fromisoformat(TS2).astimezone(UTC), '"abc"'),
        (datetime.fromisoformat(TS0).astimezone(UTC), "-5"),  # the day's earliest: the example
        (datetime.fromisoformat(TS3).astimezone(UTC), "-1"),  # 00:15 CST: the next local day
    ]
    found = quality.refused("C1", sent, start=day2, end=day2 + timedelta(days=7))
    assert [(f.rule, f.subject, f.start, f.end) for f in found] == [
        ("negative", "C1", day2, day3),
        ("negative", "C1", day3, day3 + timedelta(days=1)),
    ]
    assert found[0].detail.startswith("拒收 2 个不可能的数值")
    assert "2 impossible value(s)" in found[0].detail
    assert "e.g. -5 at 2026-01-02T10:00:00+08:00" in found[0].detail
    assert "1 impossible value(s)" in found[1].detail and "e.g. -1" in found[1].detail
    # a window starting mid-day cuts the finding to it (a rerun of the window replaces it)
    noon = day2 + timedelta(hours=12)
    (cut,) = quality.refused("C1", sent[2:], start=noon, end=day3 + timedelta(hours=6))
    assert (cut.start, cut.end) == (day3, day3 + timedelta(hours=6))
    assert quality.refused("C1", [], start=day2, end=day3) == []


# -- database: record_rejected, rejected_readings, run_quality, alerts ---------------------------


def _point_ids(db: Session) -> dict[str, int]:
    return {code: pid for code, pid in db.execute(select(PointRow.code, PointRow.id))}


def _quarantine(db: Session, items: list[dict[str, Any]], enterprise: str | None) -> int:
    """What store.store will do with a batch's rejections (the lead wires this call)."""
    ids = _point_ids(db)
    points = {r.code: registry.to_point(r) for r in db.scalars(select(PointRow))}
    batch = ingest.check_rows(items, points=points, enterprise=enterprise, now=NOW)
    return rejections.record_rejected(
        db_session=db, rejected=batch.rejected, point_ids=ids, source="http", actor="ent-user"
    )


def _findings(db: Session) -> list[tuple[str, str, datetime, datetime, str]]:
    rows = watch.run_quality(
        db_session=db, enterprise_code=CODE, start=DAY, end=DAY + timedelta(days=2)
    )
    return sorted((f.rule, f.subject, f.start, f.end, f.detail) for f in rows)


def test_record_and_report_refused_values(db_session: Session) -> None:
    db = db_session
    seed(db)
    good = service.ingest(
        db_session=db,
        payload={"enterprise": CODE, "readings": [row("C1", TS0, 1.5), row("C1", TS1, 2.0)]},
        actor="ent-user",
        source="http",
        enterprise_scope=CODE,
    )
    assert good.accepted == 2
    before = [f for f in _findings(db) if f[0] == "negative"]
    assert before == []  # nothing impossible was stored
    kept = _quarantine(
        db,
        [
            row("C1", TS0, -5),
            row("C1", TS2, "abc"),
            row("C1", TS3, float("inf")),
            row("NOPE", TS0, -5),  # unknown: not kept
            row("C1", "yesterday", 1.0),  # a possible value: not kept
            row("C1", TS1, 3.0),  # accepted: nothing to keep
        ],
        CODE,
    )
    assert kept == 3
    stored = db.scalars(select(RejectedReadingRow).order_by(RejectedReadingRow.id)).all()
    assert [(r.ts_text, r.value_text, r.source, r.received_by) for r in stored] == [
        (TS0, "-5", "http", "ent-user"),
        (TS2, '"abc"', "http", "ent-user"),
        (TS3, "Infinity", "http", "ent-user"),
    ]
    assert stored[0].ts == datetime(2026, 1, 2, 2, tzinfo=UTC)
    assert stored[0].error == NEGATIVE

    found = _findings(db)
    negative = [f for f in found if f[0] == "negative"]
    day2, day3 = DAY.astimezone(UTC), (DAY + timedelta(days=1)).astimezone(UTC)
    assert [(s, a.astimezone(UTC), b.astimezone(UTC)) for _, s, a, b, _ in negative] == [
        ("C1", day2, day3),
        ("C1", day3, day3 + timedelta(days=1)),
    ]
    assert "2 impossible value(s)" in negative[0][4] and "e.g. -5" in negative[0][4]
    assert "1 impossible value(s)" in negative[1][4] and "e.g. Infinity" in negative[1][4]

    # a rerun replaces, never adds: same findings, same number of rows
    assert _findings(db) == found
    assert db.scalar(select(func.count()).select_from(FindingRow)) == len(found)


def test_refused_values_alert_as_the_rules_file_says(db_session: Session) -> None:
    db = db_session
    seed(db)
    assert _quarantine(db, [row("C1", TS0, -5), row("C1", TS1, -7)], CODE) == 2
    _findings(db)
    month = {
        "month_start": datetime(2026, 1, 1, tzinfo=CST),
        "month_end": datetime(2026, 2, 1, tzinfo=CST),
        "now": NOW,
    }
    key = f"quality:{CODE}:negative:C1"
    assert quality.load_config().alerts("negative")  # bundled rules file: negative,yes
    off = quality.Config(specs={"negative": quality.RuleSpec("negative", False, "test")})
    opened, _ = watch.evaluate_alerts(db_session=db, enterprise_code=CODE, config=off, **month)
    assert key not in {a.key for a in opened}
    opened, _ = watch.evaluate_alerts(db_session=db, enterprise_code=CODE, **month)
    (alert,) = [a for a in opened if a.key == key]
    assert alert.kind == "quality" and "2 impossible value(s)" in alert.message
    again, _ = watch.evaluate_alerts(db_session=db, enterprise_code=CODE, **month)
    assert key not in {a.key for a in again}  # one alert per episode


def test_quarantine_is_per_enterprise_and_unreadable_ts_counts_at_arrival(
    db_session: Session,
) -> None:
    db = db_session
    seed(db)
    # an operator's file: X1 is OTHER's point, kept for OTHER, never in CODE's findings
    assert _quarantine(db, [row("X1", TS0, -5), row("C1", 7, -1)], None) == 2
    ours = rejections.rejected_readings(
        db_session=db, enterprise_code=CODE, start=DAY, end=DAY + timedelta(days=1)
    )
    assert ours == []  # C1's row has no readable ts: it counts when it arrived (today)
    now = datetime.now(UTC)
    ((code, late),) = rejections.rejected_readings(
        db_session=db, enterprise_code=CODE, start=now - timedelta(days=1), end=now
    )
    assert (code, late.ts, late.ts_text, late.value_text) == ("C1", None, "7", "-1")
    assert rejections.when(late) == late.received_at
    ((other, _),) = rejections.rejected_readings(
        db_session=db, enterprise_code=OTHER, start=DAY, end=DAY + timedelta(days=1)
    )
    assert other == "X1"
    assert [f for f in _findings(db) if f[0] == "negative"] == []


def test_long_texts_are_cut_to_the_columns(db_session: Session) -> None:
    seed(db_session)
    assert _quarantine(db_session, [row("C1", "x" * 300, "y" * 500)], CODE) == 1
    kept = db_session.scalars(select(RejectedReadingRow)).one()
    assert len(kept.ts_text) == rejections.MAX_TS_TEXT
    assert len(kept.value_text) == rejections.MAX_VALUE_TEXT
    assert kept.value_text.endswith("…") and len(kept.error) <= rejections.MAX_ERROR


# -- HTTP: needs the store.store call ----------------------------------------------------


@pytest.fixture
def seeded(db_url: str) -> str:
    with session_scope(db_url) as db:
        seed(db)
    return db_url


def test_http_negative_value_becomes_a_finding(
    seeded: str, client: TestClient, make_user: Callable[..., str]
) -> None:
    # needs the store.store call: rejections.record_rejected(...) wired by the lead;
    # fails until then (the refused row is not kept, so no finding).
    token = make_user("enterprise")
    sent = {"enterprise": CODE, "readings": [row("C1", TS0, 1.0), row("C1", TS1, -5)]}
    reply = client.post(
        "/api/v1/monitoring/readings", json=sent, headers={"Authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 200
    assert reply.json()["rejected"] == [{"index": 1, "error": NEGATIVE}]
    with session_scope(seeded) as db:
        watch.run_quality(
            db_session=db, enterprise_code=CODE, start=DAY, end=DAY + timedelta(days=1)
        )
    found = client.get(
        f"/api/v1/monitoring/enterprises/{CODE}/findings",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    negative = [f for f in found if f["rule"] == "negative"]
    assert [(f["subject"], f["start"]) for f in negative] == [
        ("C1", DAY.astimezone(UTC).isoformat())
    ]
    assert "1 impossible value(s)" in negative[0]["detail"] and "e.g. -5" in negative[0]["detail"]
