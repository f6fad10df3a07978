"""Readings refused for an impossible value, kept as sent (隔离表 quarantine).

Ingestion (:mod:`carbonpeak.monitoring.readings.validate`) refuses a negative, non-finite or
non-numeric value (负值、非有限数、非数字) and says so in the reply; such a value never reaches
``mon_readings``, so the quality rule ``negative`` could not see it. The service keeps each such
row of a known point here (:func:`record_rejected`, called by the store), and the quality run
(:func:`carbonpeak.monitoring.findings.service.run_quality`) reports them per point and local
day, so the climate office sees which meters (计量器具) send impossible values. Rows of unknown
or foreign points are the caller's error and are not kept. Keyword-only functions, session
first; nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from carbonpeak.monitoring.model import VALUE, Rejection
from carbonpeak.monitoring.orm import PointRow, RejectedReadingRow
from carbonpeak.monitoring.registry.service import get_enterprise
from carbonpeak.monitoring.rollups.rollup import CST

#: Column widths of ``mon_rejected_readings``: longer texts are cut (a sender controls them).
MAX_TS_TEXT = 100
MAX_VALUE_TEXT = 200
MAX_ERROR = 1000
MAX_ACTOR = 64


def value_text(value: Any) -> str:
    """The value as sent, as JSON text (``-5``, ``"abc"``, ``NaN``, ``null``); anything JSON
    cannot write (a file's cell of another type) by its ``str``."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # not JSON-serialisable, or an int too long to write
        pass
    try:
        return str(value)
    except ValueError:  # an int beyond Python's digit limit
        return f"<{type(value).__name__}>"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_rejected(
    *,
    db_session: Session,
    rejected: Sequence[Rejection],
    point_ids: Mapping[str, int],
    source: str,
    actor: str,
) -> int:
    """Keep the rows of ``rejected`` refused for their value (``kind == "value"``) whose point
    is in ``point_ids`` (code -> ``mon_points.id``); returns how many were kept."""
    rows = [
        RejectedReadingRow(
            point_id=point_ids[r.point],
            ts=r.ts,
            ts_text=_cut(r.ts_text or "", MAX_TS_TEXT),
            value_text=_cut(value_text(r.value), MAX_VALUE_TEXT),
            error=_cut(r.error, MAX_ERROR),
            source=source[:10],
            received_by=_cut(actor, MAX_ACTOR),
        )
        for r in rejected
        if r.kind == VALUE and r.point is not None and r.point in point_ids
    ]
    db_session.add_all(rows)
    if rows:
        db_session.flush()
    return len(rows)


def rejected_readings(
    *, db_session: Session, enterprise_code: str, start: datetime, end: datetime
) -> list[tuple[str, RejectedReadingRow]]:
    """(point code, row) of the enterprise's refused readings labelled in [start, end), by
    point, time and arrival; a row whose time label was unreadable counts at its arrival."""
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    r = RejectedReadingRow
    query = (
        select(PointRow.code, r)
        .join(PointRow, PointRow.id == r.point_id)
        .where(
            PointRow.enterprise_id == ent.id,
            or_(
                and_(r.ts >= start, r.ts < end),
                and_(r.ts.is_(None), r.received_at >= start, r.received_at < end),
            ),
        )
    )
    found = [(code, row) for code, row in db_session.execute(query)]
    # sorted here: databases disagree on where NULL time labels go
    found.sort(key=lambda cr: (cr[0], when(cr[1]), cr[1].id))
    return found


def when(row: RejectedReadingRow) -> datetime:
    """The row's time label, or its arrival when the label was unreadable."""
    return row.ts if row.ts is not None else row.received_at


def as_json(point: str, row: RejectedReadingRow) -> dict[str, Any]:
    """One refused reading as the CLI's ``--json`` and the HTTP API give it: ``ts`` is None
    when the time label was unreadable (``ts_text`` has it as sent); times in CST."""
    return {
        "point": point,
        "ts": None if row.ts is None else row.ts.astimezone(CST).isoformat(),
        "ts_text": row.ts_text,
        "value": row.value_text,
        "error": row.error,
        "source": row.source,
        "received_at": row.received_at.astimezone(CST).isoformat(),
        "received_by": row.received_by,
    }
