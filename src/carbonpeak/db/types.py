"""Column types shared by every domain's ``orm.py``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC, read back timezone-aware on every database.

    ``DateTime(timezone=True)`` is ``timestamptz`` on PostgreSQL, but SQLite drops the offset
    and returns naive datetimes, which then cannot be compared with ``utcnow()``. This type
    converts to UTC on the way in (naive values are refused: their meaning is unknown) and
    attaches UTC on the way out. The migration column type is ``sa.DateTime(timezone=True)``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
