"""Database tables of the emission inventory domain: external reference inventories, and the
platform's own activity datasets and stored factor sets.

``ref_datasets`` holds one row per published dataset with its citation and the file it was
imported from (sha256); ``ref_values`` its values in Mt CO2 as published (``Float`` is an
8-byte IEEE double on SQLite and PostgreSQL, so a value reads back as the same float).
A re-import replaces a dataset's values in one transaction and is recorded in the audit log.

Activity data (活动水平) is versioned, never overwritten: ``inv_datasets`` names a dataset,
``inv_dataset_versions`` holds one row per import (file, sha256, who, when, and the factor set
and GWP set its inventory is computed with), ``inv_activity`` the records of that version
(quantity in the pint base unit it was normalised to, e.g. 1 万吨 -> 10000 ``metric_ton``).
``inv_factor_sets`` keeps each stored user factor file (``fuel,parameter,value,unit,source``)
verbatim, versioned by name; it is parsed again when used. Inventories are recomputed on demand
from a version (the calculation is pure and exact), so nothing derived can go stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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


class ActivityDatasetRow(Base):
    """A named activity dataset (its versions are the imports)."""

    __tablename__ = "inv_datasets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class ActivityVersionRow(Base):
    """One import of a dataset: version 1, 2 ... (old versions are kept)."""

    __tablename__ = "inv_dataset_versions"
    __table_args__ = (UniqueConstraint("dataset_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("inv_datasets.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    #: Stored factor set (``inv_factor_sets.name``) used as overrides, or None (defaults only).
    factor_set: Mapped[str | None] = mapped_column(String(100))
    factor_set_version: Mapped[int | None] = mapped_column(Integer)
    gwp_set: Mapped[str] = mapped_column(String(10))
    #: 核算方法 accounting method the version is computed with (``carbonpeak.factors.methods()``).
    method: Mapped[str] = mapped_column(
        String(40), default="provincial-2011", server_default="provincial-2011"
    )
    note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))


class DefaultDatasetRow(Base):
    """The city's default activity dataset (城市默认数据集), set by an administrator: the one
    the pages and the command line use when none is chosen. One row at most; ``version`` None
    means the latest version."""

    __tablename__ = "inv_default_dataset"
    __table_args__ = (CheckConstraint("id = 1", name="single"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("inv_datasets.id", ondelete="CASCADE"))
    version: Mapped[int | None] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by: Mapped[str] = mapped_column(String(64))


class ActivityRow(Base):
    """One activity record of one dataset version (see ``ActivityRecord``)."""

    __tablename__ = "inv_activity"
    __table_args__ = (Index("ix_inv_activity_version_region_year", "version_id", "region", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("inv_dataset_versions.id", ondelete="CASCADE")
    )
    #: Row number in the imported file.
    row: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    #: IPCC category code ("" for GDP, population ...).
    sector: Mapped[str] = mapped_column(String(30))
    use: Mapped[str] = mapped_column(String(30))
    fuel: Mapped[str] = mapped_column(String(60))
    qualifier: Mapped[str] = mapped_column(String(60))
    #: Magnitude in ``unit`` (the pint unit the import normalised to); None with a notation key.
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60))
    notation: Mapped[str | None] = mapped_column(String(4))
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    uncertainty_pct: Mapped[float | None] = mapped_column(Float)


class FactorSetRow(Base):
    """A stored user factor set (file text kept verbatim), versioned by name."""

    __tablename__ = "inv_factor_sets"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    record_count: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))
