"""Published values in the database: versioned, audited imports; queries; export.

Keyword-only functions, session first; the caller commits, so an import is all rows or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError
from carbonpeak.statistics.model import PublishedValue, Source
from carbonpeak.statistics.orm import StatImportRow, StatValueRow
from carbonpeak.statistics.values.read import BUNDLED, bundled_bytes, read_values

_STATUS_RANK = {"preliminary": 0, "revised": 1}


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: int
    filename: str
    rows_read: int
    rows_added: int
    #: Rows that added a further version of a value already stored (a revision).
    new_versions: int


@dataclass(frozen=True, slots=True)
class StoredValue:
    """A stored version of a published value, and whether it is the one used (current)."""

    value: PublishedValue
    version: int
    current: bool
    imported_at: str


def _same(row: StatValueRow, v: PublishedValue) -> bool:
    return (
        row.value == v.value
        and row.unit == v.unit
        and row.status == v.status
        and row.title == v.source.title
        and row.url == v.source.url
        and row.section == v.source.section
    )


def import_values(
    *, db_session: Session, data: bytes, filename: str, actor: str = "cli"
) -> ImportResult:
    """Validate every row, then add each value that differs from every stored version of its
    (region, year, indicator) as the next version. ``InputError`` (nothing written) if any row
    is refused. Recorded in the audit log."""
    values = read_values(data, filename)
    sha256 = hashlib.sha256(data).hexdigest()
    batch = StatImportRow(
        filename=Path(filename).name,
        sha256=sha256,
        rows_read=len(values),
        rows_added=0,
        imported_by=actor,
    )
    db_session.add(batch)
    db_session.flush()
    existing: dict[tuple[str, int, str], list[StatValueRow]] = {}
    keys = {v.key for v in values}
    regions = {k[0] for k in keys}
    if regions:
        for row in db_session.scalars(select(StatValueRow).where(StatValueRow.region.in_(regions))):
            existing.setdefault((row.region, row.year, row.indicator), []).append(row)
    added = revised = 0
    for v in values:
        versions = existing.setdefault(v.key, [])
        if any(_same(row, v) for row in versions):
            continue
        if versions:
            revised += 1
        row = _row(v, batch.id, version=len(versions) + 1)
        db_session.add(row)
        versions.append(row)
        added += 1
    batch.rows_added = added
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="import",
        entity="stat_import",
        entity_id=batch.id,
        after={
            "filename": batch.filename,
            "sha256": sha256,
            "rows_read": len(values),
            "rows_added": added,
            "new_versions": revised,
        },
    )
    return ImportResult(batch.id, batch.filename, len(values), added, revised)


def import_file(*, db_session: Session, path: Path, actor: str = "cli") -> ImportResult:
    if not path.is_file():
        raise InputError(f"找不到文件 / file not found: {path}")
    return import_values(
        db_session=db_session, data=path.read_bytes(), filename=path.name, actor=actor
    )


def import_bundled(*, db_session: Session, actor: str = "bootstrap") -> ImportResult:
    """Load the bundled published values (idempotent: unchanged rows add nothing)."""
    return import_values(db_session=db_session, data=bundled_bytes(), filename=BUNDLED, actor=actor)


def _row(v: PublishedValue, import_id: int, *, version: int) -> StatValueRow:
    return StatValueRow(
        import_id=import_id,
        region=v.region,
        region_as_published=v.region_as_published,
        year=v.year,
        indicator=v.indicator,
        name_as_published=v.name_as_published,
        value=v.value,
        unit=v.unit,
        status=v.status,
        publisher=v.source.publisher,
        title=v.source.title,
        published=v.source.published,
        url=v.source.url,
        section=v.source.section,
        note=v.note,
        version=version,
    )


def _value(row: StatValueRow) -> PublishedValue:
    return PublishedValue(
        region=row.region,
        region_as_published=row.region_as_published,
        year=row.year,
        indicator=row.indicator,
        name_as_published=row.name_as_published,
        value=row.value,
        unit=row.unit,
        status=row.status,
        source=Source(row.publisher, row.title, row.published, row.url, row.section),
        note=row.note,
    )


def _current_key(row: StatValueRow) -> tuple[int, str, int]:
    return (_STATUS_RANK.get(row.status, 0), row.published, row.version)


def list_values(
    *,
    db_session: Session,
    region: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    all_versions: bool = True,
) -> list[StoredValue]:
    """Stored values (every version, or only the current one of each key), by region, year,
    indicator, version. The current version: a revision over a first release, then the later
    publication, then the later import."""
    query = select(StatValueRow)
    if region is not None:
        query = query.where(StatValueRow.region == region)
    if year is not None:
        query = query.where(StatValueRow.year == year)
    if indicator is not None:
        query = query.where(StatValueRow.indicator == indicator)
    rows = list(db_session.scalars(query))
    by_key: dict[tuple[str, int, str], list[StatValueRow]] = {}
    for row in rows:
        by_key.setdefault((row.region, row.year, row.indicator), []).append(row)
    stamps = {
        b.id: b.imported_at.isoformat(timespec="seconds")
        for b in db_session.scalars(select(StatImportRow))
    }
    out: list[StoredValue] = []
    for key in sorted(by_key):
        versions = sorted(by_key[key], key=lambda r: r.version)
        chosen = max(versions, key=_current_key)
        for row in versions:
            if all_versions or row is chosen:
                stamp = stamps.get(row.import_id, "")
                out.append(StoredValue(_value(row), row.version, row is chosen, stamp))
    return out


def current_values(
    *, db_session: Session, region: str | None = None, indicator: str | None = None
) -> list[PublishedValue]:
    """The current version of every stored value (of a region, an indicator)."""
    return [
        s.value
        for s in list_values(
            db_session=db_session, region=region, indicator=indicator, all_versions=False
        )
    ]


def list_imports(*, db_session: Session) -> Sequence[StatImportRow]:
    return db_session.scalars(select(StatImportRow).order_by(StatImportRow.id.desc())).all()


def count_values(*, db_session: Session) -> int:
    return int(db_session.scalar(select(func.count()).select_from(StatValueRow)) or 0)
