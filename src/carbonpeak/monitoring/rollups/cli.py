"""``carbonpeak monitor rebuild``: every rollup recomputed from the raw readings."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import select

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.orm import PointRow
from carbonpeak.monitoring.rollups import service as aggregates

console = Console()


def rebuild() -> None:
    """重算汇总 rebuild every rollup from raw readings (identical to incremental results)."""
    with session_scope() as db:
        points = list(db.scalars(select(PointRow)))
        rows = sum(aggregates.rebuild(db_session=db, point=p) for p in points)
    console.print(f"已重算 rebuilt {rows} rollup rows for {len(points)} points")
