"""Column types shared by every domain's ``orm.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator, TypeEngine


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


#: The origin of :class:`EpochMicros` (an aware instant: differences with it are exact)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def epoch_micros(ts: datetime) -> int:
    """``ts`` (timezone-aware) as whole microseconds since 1970-01-01 UTC, exactly (integer
    timedelta arithmetic, no float seconds): what :class:`EpochMicros` stores on SQLite."""
    return (ts - EPOCH) // _MICRO


def from_epoch_micros(value: int) -> datetime:
    """The aware UTC instant of ``value`` microseconds since the epoch (the inverse of
    :func:`epoch_micros`, exactly)."""
    return EPOCH + timedelta(microseconds=value)


class EpochMicros(UTCDateTime):
    """A timezone-aware instant that SQLite stores as an INTEGER of microseconds since
    1970-01-01 UTC; every other database as :class:`UTCDateTime` (PostgreSQL ``timestamptz``).

    For the raw readings (``mon_readings.ts``, ``received_at``, migration 0023): SQLite
    compares and stores an 8-byte integer faster and smaller than the 26-character text
    SQLAlchemy's ``DateTime`` writes, and the bulk paths bind and read the integers straight
    through the driver (:func:`epoch_micros`, :func:`from_epoch_micros`). Integer order is
    instant order; the round trip is exact to the microsecond. Only SQLite's integer is its
    own; the rest (naive values refused, UTC attached) is :class:`UTCDateTime`'s.
    """

    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Integer())
        return super().load_dialect_impl(dialect)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        instant = super().process_bind_param(value, dialect)  # refuses naive values
        if instant is not None and dialect.name == "sqlite":
            return epoch_micros(instant)
        return instant

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is not None and dialect.name == "sqlite":
            return from_epoch_micros(value)
        return super().process_result_value(value, dialect)
