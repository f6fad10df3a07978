"""Database tables of online energy monitoring (能耗在线监测).

- ``mon_enterprises``, ``mon_points``, ``mon_processes`` (+ ``mon_process_points``): the
  registry (企业, 计量点, 工序);
- ``mon_readings``: raw readings, one row per (point, ts): the primary key makes a repeat
  impossible to double count. A value is changed only by an authorised correction, which adds a
  row to ``mon_reading_history`` (old and new value, reason, who, when);
- ``mon_rollups``: consumption per point and local hour/day/month in the point's unit, kept up
  to date as readings arrive and rebuildable from ``mon_readings``;
- ``mon_dead_letters``: messages that could not be read at all (MQTT, files), with the reason;
- ``mon_findings``: data-quality findings; ``mon_alerts``: alerts with state and who/when;
- ``mon_rejected_readings``: readings of known points refused for an impossible value (负值,
  非有限数, 非数字), kept as sent with the reason (隔离表) so the quality run can report the meter;
- ``mon_monthly_totals``: monthly totals (月数据) reported per point, kept apart from the
  readings so they never enter consumption twice (see :mod:`.monthly`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import EpochMicros, UTCDateTime


class EnterpriseRow(Base):
    __tablename__ = "mon_enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    industry_code: Mapped[str] = mapped_column(String(10), default="")
    district: Mapped[str] = mapped_column(String(12), default="")
    capacity: Mapped[str] = mapped_column(String(200), default="")
    key_unit: Mapped[bool] = mapped_column(Boolean, default=True)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    points: Mapped[list[PointRow]] = relationship(back_populates="enterprise")


class PointRow(Base):
    __tablename__ = "mon_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("mon_enterprises.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    energy: Mapped[str] = mapped_column(String(40), default="")
    purpose: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(40))
    multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    kind: Mapped[str] = mapped_column(String(10))
    product: Mapped[str] = mapped_column(String(100), default="")
    rollover: Mapped[float | None] = mapped_column(Float)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=15)
    #: 投运日期 commissioning date: readings stamped before it are refused (migration 0017)
    commissioned: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: bumped by every batch that changes the point's readings (see store.service.store)
    readings_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    enterprise: Mapped[EnterpriseRow] = relationship(back_populates="points")


class ProcessRow(Base):
    __tablename__ = "mon_processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("mon_enterprises.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    benchmark: Mapped[str] = mapped_column(String(200), default="")
    output_point_id: Mapped[int] = mapped_column(ForeignKey("mon_points.id", ondelete="CASCADE"))

    enterprise: Mapped[EnterpriseRow] = relationship()
    output_point: Mapped[PointRow] = relationship(foreign_keys=[output_point_id])
    energy_points: Mapped[list[PointRow]] = relationship(secondary="mon_process_points")


class ProcessPointRow(Base):
    __tablename__ = "mon_process_points"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("mon_processes.id", ondelete="CASCADE"), primary_key=True
    )
    point_id: Mapped[int] = mapped_column(
        ForeignKey("mon_points.id", ondelete="CASCADE"), primary_key=True
    )


class ReadingRow(Base):
    """Raw readings. PostgreSQL: partitioned by CST month (migration 0018,
    :mod:`carbonpeak.monitoring.storage`), ``ts`` and ``received_at`` ``timestamptz``; SQLite:
    WITHOUT ROWID (rows kept in the key's tree), ``ts`` and ``received_at`` INTEGER
    microseconds since 1970-01-01 UTC (:class:`~carbonpeak.db.types.EpochMicros`, migration
    0023; the raw-SQL paths bind and read them with ``epoch_micros``/``from_epoch_micros``)."""

    __tablename__ = "mon_readings"
    __table_args__ = ({"sqlite_with_rowid": False},)

    point_id: Mapped[int] = mapped_column(
        ForeignKey("mon_points.id", ondelete="CASCADE"), primary_key=True
    )
    ts: Mapped[datetime] = mapped_column(EpochMicros, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(EpochMicros, default=utcnow)
    #: http | mqtt | file | simulator
    source: Mapped[str] = mapped_column(String(10))


class RetentionRow(Base):
    """One run of ``carbonpeak monitor retention``: raw readings before ``cutoff`` deleted
    (rollups kept); readings before ``cutoff`` (and just after) are refused from then on."""

    __tablename__ = "mon_retention"

    id: Mapped[int] = mapped_column(primary_key=True)
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[int] = mapped_column(Integer)
    archive: Mapped[str | None] = mapped_column(Text)


class ReadingHistoryRow(Base):
    __tablename__ = "mon_reading_history"
    __table_args__ = (Index("ix_mon_reading_history_point_ts", "point_id", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("mon_points.id", ondelete="CASCADE"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    old_value: Mapped[float] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RollupRow(Base):
    __tablename__ = "mon_rollups"

    point_id: Mapped[int] = mapped_column(
        ForeignKey("mon_points.id", ondelete="CASCADE"), primary_key=True
    )
    #: hour | day | month (China Standard Time)
    period: Mapped[str] = mapped_column(String(5), primary_key=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    amount: Mapped[float] = mapped_column(Float)


class DeadLetterRow(Base):
    __tablename__ = "mon_dead_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str] = mapped_column(String(200), default="")
    payload: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "mon_findings"
    __table_args__ = (Index("ix_mon_findings_enterprise_start", "enterprise_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("mon_enterprises.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(60))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    detail: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertRow(Base):
    __tablename__ = "mon_alerts"
    __table_args__ = (Index("ix_mon_alerts_key_state", "key", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("mon_enterprises.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    #: open | acknowledged | closed
    state: Mapped[str] = mapped_column(String(12), default="open")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class RejectedReadingRow(Base):
    """A reading refused at ingestion for its value, as sent (see :mod:`.rejected`)."""

    __tablename__ = "mon_rejected_readings"
    __table_args__ = (Index("ix_mon_rejected_readings_point_ts", "point_id", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("mon_points.id", ondelete="CASCADE"))
    #: None when the time label itself could not be read (then only ``ts_text`` has it)
    ts: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ts_text: Mapped[str] = mapped_column(String(100), default="")
    #: the value as sent, as JSON text (``-5``, ``"abc"``, ``NaN``, ``null``)
    value_text: Mapped[str] = mapped_column(String(200))
    error: Mapped[str] = mapped_column(Text)
    #: http | mqtt | file | simulator
    source: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by: Mapped[str] = mapped_column(String(64))


class MonthlyTotalRow(Base):
    """A point's monthly total (月数据), in its unit after its multiplier (see :mod:`.monthly`)."""

    __tablename__ = "mon_monthly_totals"

    point_id: Mapped[int] = mapped_column(
        ForeignKey("mon_points.id", ondelete="CASCADE"), primary_key=True
    )
    #: start of the local (CST) month, as a UTC instant
    month: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by: Mapped[str] = mapped_column(String(64))
