"""Loading registries and illustrative readings into the database (CLI, ``carbonpeak demo``).

Every reading goes through :func:`carbonpeak.monitoring.service.ingest_rows`, the same checked
path as the HTTP, MQTT and file inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.monitoring import registry as registry_db
from carbonpeak.monitoring import service, simulate
from carbonpeak.monitoring.model import Registry
from carbonpeak.monitoring.orm import EnterpriseRow
from carbonpeak.monitoring.rollup import CST

BATCH = 20_000
#: Days of demo readings `carbonpeak demo` loads (a year takes about a minute on 2 cores).
DAYS_ENV = "CARBONPEAK_DEMO_MONITORING_DAYS"


def save_registry(*, db_session: Session, registry: Registry, actor: str) -> tuple[int, int, int]:
    """Upsert enterprises, then points, then processes; returns the three counts."""
    for ent in registry.enterprises.values():
        registry_db.upsert_enterprise(db_session=db_session, enterprise=ent, actor=actor)
    for point in registry.points.values():
        registry_db.upsert_point(db_session=db_session, point=point, actor=actor)
    for proc in registry.processes.values():
        registry_db.upsert_process(db_session=db_session, process=proc, actor=actor)
    return len(registry.enterprises), len(registry.points), len(registry.processes)


def ingest_stream(
    *,
    session_factory: Callable[[], Any],
    rows: Iterable[tuple[str, datetime, float]],
    actor: str,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> service.IngestResult:
    """Store (point, ts, value) rows in committed batches of ``BATCH``."""
    total = service.IngestResult()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        with session_factory() as db:
            result = service.ingest_rows(db_session=db, items=batch, actor=actor, source=source)
        total.accepted += result.accepted
        total.duplicates += result.duplicates
        total.rejected += result.rejected
        if progress:
            progress(len(batch))
        batch.clear()

    for code, ts, value in rows:
        batch.append({"point": code, "ts": ts.isoformat(), "value": value})
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return total


def demo_loaded(*, db_session: Session) -> bool:
    query = select(func.count()).select_from(EnterpriseRow).where(EnterpriseRow.illustrative)
    return bool(db_session.scalar(query))


def load_demo(url: str | None = None, *, days: int | None = None, year: int | None = None) -> str:
    """Load the illustrative enterprises and ``days`` days of hourly readings (default 365, or
    ``CARBONPEAK_DEMO_MONITORING_DAYS``), once: a second call finds them and does nothing.
    Returns a line to print."""
    from carbonpeak.db.session import session_scope

    days = days or int(os.environ.get(DAYS_ENV, "365"))
    with session_scope(url) as db:
        if demo_loaded(db_session=db):
            return "监测演示数据已存在 / monitoring demo data already loaded (illustrative)"
        counts = save_registry(db_session=db, registry=simulate.registry(), actor="system")
    start_year = year or datetime.now(UTC).year - 1
    start = datetime(start_year, 1, 1, tzinfo=CST)
    result = ingest_stream(
        session_factory=lambda: session_scope(url),
        rows=simulate.readings(start, days),
        actor="simulator",
        source="simulator",
    )
    return (
        f"监测演示（示例数据，非统计）/ monitoring demo (illustrative, not statistics): "
        f"{counts[0]} enterprises, {counts[1]} points, {counts[2]} processes, "
        f"{result.accepted} readings from {start.date()} ({days} days)"
    )
