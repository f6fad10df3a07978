"""Loading the illustrative enterprises and readings of :mod:`.simulate` into the database
(``carbonpeak demo``).

Every reading goes through :func:`carbonpeak.monitoring.readings.service.ingest_rows` (in
committed batches: :func:`~carbonpeak.monitoring.readings.service.ingest_stream`), the same
checked path as the HTTP, MQTT and file inputs.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.demo import simulate
from carbonpeak.monitoring.orm import EnterpriseRow
from carbonpeak.monitoring.readings.service import ingest_stream
from carbonpeak.monitoring.registry.service import save_registry
from carbonpeak.monitoring.rollups.rollup import CST

#: Days of demo readings `carbonpeak demo` loads (a year takes about a minute on 2 cores).
DAYS_ENV = "CARBONPEAK_DEMO_MONITORING_DAYS"


def demo_loaded(*, db_session: Session) -> bool:
    query = select(func.count()).select_from(EnterpriseRow).where(EnterpriseRow.illustrative)
    return bool(db_session.scalar(query))


def load_demo(url: str | None = None, *, days: int | None = None, year: int | None = None) -> str:
    """Load the illustrative enterprises and ``days`` days of hourly readings (default 365, or
    ``CARBONPEAK_DEMO_MONITORING_DAYS``), once: a second call finds them and does nothing.
    Returns a line to print."""
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
