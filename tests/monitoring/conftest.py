"""A small registry for the database tests: one steel works with a sinter line (hand-made)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from carbonpeak.db.session import get_engine
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Process, Purpose
from carbonpeak.monitoring.registry import service as registry

CODE = "91520200MA6D00001L"  # tests/conftest.py TEST_ENTERPRISE_CODE
OTHER = "91520200MA6D00002P"


def seed(db: Session) -> None:
    """Enterprise CODE: E1 electricity counter (kWh, ×10, 5-digit register), C1 coal
    interval (t), S1 sinter output interval (t), process SINTER = (E1, C1) / S1; enterprise
    OTHER with gas point X1."""
    registry.upsert_enterprise(
        db_session=db,
        enterprise=Enterprise(CODE, "测试钢铁 test steel", district="520201", industry_code="3110"),
        actor="t",
    )
    registry.upsert_enterprise(db_session=db, enterprise=Enterprise(OTHER, "其他 other"), actor="t")
    points = [
        Point("E1", CODE, "电力", Purpose.CONSUMED, "kWh", 10.0, Kind.COUNTER, rollover=100_000),
        Point("C1", CODE, "原煤", Purpose.CONSUMED, "t"),
        Point("S1", CODE, "", Purpose.OUTPUT, "t", product="烧结矿"),
        Point("G1", CODE, "电力", Purpose.PURCHASED, "kWh", kind=Kind.COUNTER),
        Point("X1", OTHER, "natural_gas", Purpose.PURCHASED, "m**3"),
    ]
    for p in points:
        registry.upsert_point(db_session=db, point=p, actor="t")
    registry.upsert_process(
        db_session=db,
        process=Process("SINTER", CODE, "1号烧结机", ("C1", "E1"), "S1", "烧结工序"),
        actor="t",
    )
    db.flush()


@contextmanager
def recorded_statements(db_url: str) -> Iterator[list[str]]:
    """The SQL the engine of ``db_url`` runs inside the block, in order."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    engine = get_engine(db_url)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)
