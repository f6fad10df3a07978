"""Database tables of the statistics domain.

``stat_imports`` holds one row per imported file (name, sha256, who, when, rows read and rows
added); ``stat_values`` the published values. A value is never overwritten: a row for a
(region, year, indicator) whose value, status or source differs from every stored version is a
new version (1, 2, ...), so a 初步核算 figure and its revision stay side by side. A row equal to a
stored version adds nothing, so loading the bundled file again is harmless.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime


class StatImportRow(Base):
    __tablename__ = "stat_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_added: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))


class StatValueRow(Base):
    __tablename__ = "stat_values"
    __table_args__ = (
        UniqueConstraint("region", "year", "indicator", "version", name="uq_stat_values_version"),
        Index("ix_stat_values_region_year", "region", "year"),
        Index("ix_stat_values_indicator", "indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("stat_imports.id", ondelete="CASCADE"))
    region: Mapped[str] = mapped_column(String(20))
    region_as_published: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(60))
    name_as_published: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    publisher: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    published: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer)
