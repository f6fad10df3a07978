"""Reference inventories in the database: import (transactional, audited) and queries.

Module-level, keyword-only functions with the session first; no commits here: the caller
(CLI command, API request) commits once, so an import of all datasets is all-or-nothing.
Values go in with bulk inserts (``session.execute(insert(table), rows)``, executemany).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.inventory.activity import service as activity_service
from carbonpeak.inventory.orm import RefDatasetRow, RefValueRow
from carbonpeak.inventory.reference.compare import (
    T_PER_MT,
    Comparison,
    PlatformRow,
    by_category,
    compare,
    load_crosswalk,
    platform_rows,
)
from carbonpeak.inventory.reference.model import (
    DEFAULT_DATASETS,
    ReferenceValue,
    get_dataset,
    region_filter,
)
from carbonpeak.inventory.reference.read import ReferenceSeries, read_bytes, series

#: Rows per executemany batch (memory stays small; progress is reported per batch).
CHUNK = 20_000
#: progress(dataset key, rows written, rows in the file)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class DatasetImport:
    key: str
    filename: str
    source: str
    sha256: str
    rows: int
    #: Values of the earlier import that this one replaced (0 the first time).
    replaced: int
    seconds: float


@dataclass(frozen=True, slots=True)
class SectorValue:
    year: int
    sector: str
    #: IPCC category name (by="ipcc"), or None for CEADs sectors as published (by="source").
    name: str | None
    value: float


def bundled_directory() -> Traversable:
    """The extract shipped in the package (Guizhou, 六盘水 and its four counties)."""
    return resources.files("carbonpeak.data") / "reference"


def import_reference(
    *,
    db_session: Session,
    directory: Path | None = None,
    datasets: Sequence[str] = DEFAULT_DATASETS,
    actor: str = "cli",
    progress: Progress | None = None,
) -> tuple[DatasetImport, ...]:
    """Import (or re-import, replacing the values) each dataset from ``directory``, or from the
    bundled extract when ``directory`` is None. A malformed row raises ``InputError`` before
    anything of that dataset is written; the caller's rollback undoes earlier datasets."""
    base: Path | Traversable = directory if directory is not None else bundled_directory()
    done = []
    for key in dict.fromkeys(datasets):
        started = time.perf_counter()
        ds = get_dataset(key)
        source = base / ds.filename
        if not source.is_file():
            raise InputError(f"找不到参考数据文件 / reference file not found: {source}")
        data = source.read_bytes()
        values = read_bytes(key, data, ds.filename)
        if progress is not None:
            progress(key, 0, len(values))
        sha256 = hashlib.sha256(data).hexdigest()
        years = [v.year for v in values]
        row = db_session.scalar(select(RefDatasetRow).where(RefDatasetRow.key == key))
        before = None if row is None else _audit_view(row)
        if row is None:
            row = RefDatasetRow(key=key)
            db_session.add(row)
        for field in ("name", "level", "citation", "licence", "source", "unit", "scope"):
            setattr(row, field, getattr(ds, field))
        row.filename, row.sha256, row.row_count = ds.filename, sha256, len(values)
        row.year_min, row.year_max = (min(years), max(years)) if years else (None, None)
        row.imported_by = actor
        db_session.flush()
        replaced = _delete_values(db_session, row.id)
        _insert_values(db_session, row.id, values, key, progress)
        record(
            db_session=db_session,
            actor=actor,
            action="import",
            entity="ref_dataset",
            entity_id=key,
            before=before,
            after={**_audit_view(row), "source": str(source), "replaced": replaced},
        )
        seconds = time.perf_counter() - started
        done.append(
            DatasetImport(key, ds.filename, str(source), sha256, len(values), replaced, seconds)
        )
    return tuple(done)


def _audit_view(row: RefDatasetRow) -> dict[str, Any]:
    return {
        "filename": row.filename,
        "sha256": row.sha256,
        "rows": row.row_count,
        "years": [row.year_min, row.year_max],
    }


def _delete_values(db_session: Session, dataset_id: int) -> int:
    result = db_session.execute(
        delete(RefValueRow).where(RefValueRow.dataset_id == dataset_id),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _insert_values(
    db_session: Session,
    dataset_id: int,
    values: list[ReferenceValue],
    key: str,
    progress: Progress | None,
) -> None:
    table = RefValueRow.metadata.tables[RefValueRow.__tablename__]
    for start in range(0, len(values), CHUNK):
        batch = [
            {
                "dataset_id": dataset_id,
                "region": v.region,
                "region_code": v.region_code,
                "year": v.year,
                "sector": v.sector,
                "fuel": v.fuel,
                "value": v.value,
            }
            for v in values[start : start + CHUNK]
        ]
        db_session.execute(insert(table), batch)
        if progress is not None:
            progress(key, start + len(batch), len(values))


def list_datasets(*, db_session: Session) -> list[RefDatasetRow]:
    """Imported datasets with their citations, by key."""
    return list(db_session.scalars(select(RefDatasetRow).order_by(RefDatasetRow.key)))


def get_dataset_row(*, db_session: Session, dataset: str) -> RefDatasetRow:
    """The imported dataset ``dataset``; ``NotFound`` if it has not been imported."""
    get_dataset(dataset)  # unknown key: InputError listing the known ones
    row = db_session.scalar(select(RefDatasetRow).where(RefDatasetRow.key == dataset))
    if row is None:
        raise NotFound(
            f"参考数据集 {dataset} 尚未导入 / reference dataset {dataset} is not imported: "
            f"run `carbonpeak inventory reference-import`"
        )
    return row


def reference_values(
    *, db_session: Session, dataset: str, region: str, years: Iterable[int] | None = None
) -> list[ReferenceValue]:
    """Values of ``dataset`` for ``region`` (code, alias or source name; a city or province
    code sums its counties in ``chen2020-county``); ``NotFound`` when there are none."""
    row = get_dataset_row(db_session=db_session, dataset=dataset)
    selector = region_filter(row.level, region)
    where: ColumnElement[bool]
    if selector.kind == "name":
        where = RefValueRow.region == selector.value
    elif selector.kind == "prefix":
        where = RefValueRow.region_code.startswith(selector.value, autoescape=True)
    else:
        where = RefValueRow.region_code == selector.value
    stmt = select(
        RefValueRow.region,
        RefValueRow.region_code,
        RefValueRow.year,
        RefValueRow.sector,
        RefValueRow.fuel,
        RefValueRow.value,
    ).where(RefValueRow.dataset_id == row.id, where)
    if years is not None:
        stmt = stmt.where(RefValueRow.year.in_(sorted(set(years))))
    values = [
        ReferenceValue(dataset, region_, code, year, sector, fuel, value)
        for region_, code, year, sector, fuel, value in db_session.execute(stmt)
    ]
    if not values:
        raise NotFound(
            f"{dataset} 中没有地区 {region!r} 的数据 / no values for region {region!r} in "
            f"{dataset} (a code such as 520200, or the name as in the source, e.g. 贵州六盘水)"
        )
    return values


def region_series(
    *, db_session: Session, dataset: str, region: str, years: Iterable[int] | None = None
) -> ReferenceSeries:
    """Totals by year of ``dataset`` for ``region`` (sums of the published values)."""
    values = reference_values(db_session=db_session, dataset=dataset, region=region, years=years)
    return series(values, dataset_key=dataset, region=region)


def sector_breakdown(
    *,
    db_session: Session,
    dataset: str,
    region: str,
    years: Iterable[int] | None = None,
    by: str = "ipcc",
) -> list[SectorValue]:
    """Values by IPCC category (``by="ipcc"``, through the crosswalk) or by CEADs sector as
    published (``by="source"``), per year; only datasets with sectors have any."""
    if not get_dataset(dataset).has_sectors:
        raise InputError(f"{dataset} 无分行业数据 / has no sector breakdown")
    if by not in ("ipcc", "source"):
        raise InputError(f"by 应为 ipcc 或 source / by must be ipcc or source, got {by!r}")
    values = reference_values(db_session=db_session, dataset=dataset, region=region, years=years)
    if by == "ipcc":
        cw = load_crosswalk()
        names = cw.names()
        parts = by_category(values, cw)
        return [SectorValue(y, c, names.get(c), v) for (y, c), v in sorted(parts.items())]
    sums: dict[tuple[int, str], list[float]] = {}
    for v in values:
        sums.setdefault((v.year, v.sector or ""), []).append(v.value)
    return [SectorValue(y, s, None, math.fsum(p)) for (y, s), p in sorted(sums.items())]


def compare_with_reference(
    *,
    db_session: Session,
    dataset: str,
    region: str,
    years: Iterable[int] | None = None,
    platform_rows: Iterable[PlatformRow] = (),
    subject: str = "platform",
) -> Comparison:
    """The platform's rows compared with ``dataset`` for ``region`` (see ``compare``)."""
    wanted = list(years) if years is not None else None
    values = reference_values(db_session=db_session, dataset=dataset, region=region, years=wanted)
    return compare(
        platform_rows, values, dataset=dataset, region=region, years=wanted, subject=subject
    )


def series_as_platform_rows(
    *, db_session: Session, dataset: str, region: str, years: Iterable[int] | None = None
) -> list[PlatformRow]:
    """Another reference series in the platform's shape (year, None, t CO2), to compare two
    published series side by side (e.g. ``ceads-city`` against ``chen2020-county``)."""
    s = region_series(db_session=db_session, dataset=dataset, region=region, years=years)
    return [(year, None, value * T_PER_MT) for year, value in s.points]


def stored_platform_rows(*, db_session: Session, dataset: str, region: str) -> list[PlatformRow]:
    """The platform side of a reference comparison from a stored dataset (its latest version):
    scope-1 CO2 by IPCC category and year of ``region`` (a code; see :func:`platform_rows`)."""
    stored = activity_service.compute(db_session=db_session, dataset=dataset)
    return platform_rows(stored.inventory, region)
