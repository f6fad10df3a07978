"""Database tables of the emission inventory domain: external reference inventories.

``ref_datasets`` holds one row per published dataset with its citation and the file it was
imported from (sha256); ``ref_values`` its values in Mt CO2 as published (``Float`` is an
8-byte IEEE double on SQLite and PostgreSQL, so a value reads back as the same float).
A re-import replaces a dataset's values in one transaction and is recorded in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime


class RefDatasetRow(Base):
    __tablename__ = "ref_datasets"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "ceads-province", "ceads-city", "chen2020-county".
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    #: province | city | county
    level: Mapped[str] = mapped_column(String(20))
    citation: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    year_min: Mapped[int | None] = mapped_column(Integer)
    year_max: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))


class RefValueRow(Base):
    __tablename__ = "ref_values"
    __table_args__ = (
        Index("ix_ref_values_dataset_region_year", "dataset_id", "region", "year"),
        Index("ix_ref_values_dataset_code_year", "dataset_id", "region_code", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("ref_datasets.id", ondelete="CASCADE"))
    #: As written in the source ("Guizhou", "贵州六盘水", "钟山区").
    region: Mapped[str] = mapped_column(String(100))
    #: GB/T 2260 code where known (distcode for counties).
    region_code: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(String(120))
    fuel: Mapped[str | None] = mapped_column(String(60))
    #: Mt CO2, exactly as published.
    value: Mapped[float] = mapped_column(Float)
