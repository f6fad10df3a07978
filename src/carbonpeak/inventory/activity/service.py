"""The platform's activity datasets, stored factor sets and computed inventories in the database.

Module-level, keyword-only functions with the session first; nothing commits here (the CLI
command or API request commits once, so an import is all-or-nothing).

- :func:`import_activity`: a tidy CSV/.xlsx (or records already parsed, e.g. from an energy
  balance) as a new version of a named dataset; every row is checked before anything is written;
  audited. Old versions are kept.
- :func:`import_factor_set`: a user factor file stored under a name (new version each time).
- :func:`compute`: the inventory of a dataset version, recomputed on demand with the factor set
  and GWP set the version records (or others asked for); the result names both.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, object_session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.core.shared import figure_cache
from carbonpeak.core.units import Q_, ureg
from carbonpeak.factors import GWP_SETS, FactorSet, find_method, read_user_factors
from carbonpeak.inventory.accounting.engine import calculate, with_gwp
from carbonpeak.inventory.accounting.queries import district_check
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.activity.parse import read_activity
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.inventory.orm import (
    ActivityDatasetRow,
    ActivityRow,
    ActivityVersionRow,
    FactorSetRow,
)
from carbonpeak.regions import DistrictSum, region_code

_NAME = re.compile(r"^[\w.\-]{1,100}$")
_CACHE_SIZE = 8
#: (database URL, version id, its sha256, factor set sha256) -> inventory: versions never change,
#: and the hashes guard against a recreated database reusing ids.
_cache: OrderedDict[
    tuple[str, int, str, str | None, str, tuple[tuple[int, int], ...]], Inventory
] = OrderedDict()


@dataclass(frozen=True, slots=True)
class ActivityImport:
    dataset: str
    version: int
    rows: int
    sha256: str
    #: True when ``skip_unchanged`` found the latest version with the same content (no write).
    unchanged: bool = False


@dataclass(frozen=True)
class StoredInventory:
    """An inventory computed from a stored dataset version, and what it was computed with."""

    dataset: str
    version: ActivityVersionRow
    factor_set: str | None
    factor_set_version: int | None
    inventory: Inventory
    method: str = ""
    grid_factor_years: str = ""

    def about(self) -> dict[str, Any]:
        """What the inventory was computed from, as shown with it (the JSON's first keys, the
        export's about sheet)."""
        return {
            "dataset": self.dataset,
            "version": self.version.version,
            "sha256": self.version.sha256,
            "note": self.version.note,
            "stored_factor_set": self.factor_set,
            "stored_factor_set_version": self.factor_set_version,
            "stored_method": self.version.method,
            "method": self.method or self.version.method,
            "grid_factor_years": self.grid_factor_years or None,
        }


def data_key(stored: StoredInventory) -> tuple[Any, ...]:
    """What figures computed from ``stored`` depend on, as a cache key shared by server
    processes (the web pages' and the energy review's runs): the database, the dataset version
    and its sha256, the factor set, the method and the GWP set."""
    session = object_session(stored.version)
    where = ""
    if session is not None:
        where = session.get_bind().engine.url.render_as_string(hide_password=True)
    v = stored.version
    return (
        where,
        stored.dataset,
        v.id,
        v.sha256,
        stored.factor_set,
        stored.factor_set_version,
        stored.method,
        stored.inventory.gwp_set,
    )


def _check_name(name: str, zh: str, en: str) -> None:
    if not _NAME.match(name):
        raise InputError(
            f"{zh}名称无效 / invalid {en} name {name!r}: 1-100 letters, digits, '.', '-', '_'"
        )


def _check_gwp(gwp_set: str) -> None:
    if gwp_set not in GWP_SETS:
        raise InputError(f"未知GWP集 / unknown GWP set {gwp_set!r} ({', '.join(GWP_SETS)})")


def import_activity(
    *,
    db_session: Session,
    name: str,
    data: bytes,
    filename: str,
    actor: str,
    records: Sequence[ActivityRecord] | None = None,
    factor_set: str | None = None,
    gwp_set: str = "AR5",
    note: str = "",
    skip_unchanged: bool = False,
    method: str | None = None,
) -> ActivityImport:
    """Store ``data`` (tidy CSV or .xlsx; or ``records`` parsed from it by another importer) as
    the next version of dataset ``name``. Any bad row raises ``InputError`` (row, field, reason)
    before anything is written. ``skip_unchanged``: do nothing when the latest version has the
    same sha256."""
    _check_name(name, "数据集", "dataset")
    _check_gwp(gwp_set)
    method_name = find_method(method).name
    fs_row = None if factor_set is None else _factor_set_row(db_session, factor_set, None)
    parsed = list(records) if records is not None else read_activity(data, filename=filename)
    if not parsed:
        raise InputError(f"{filename}: 没有数据行 / no activity rows")
    sha256 = hashlib.sha256(data).hexdigest()
    dataset = db_session.scalar(select(ActivityDatasetRow).where(ActivityDatasetRow.name == name))
    latest = None if dataset is None else _latest(db_session, dataset.id)
    if skip_unchanged and latest is not None and latest.sha256 == sha256:
        return ActivityImport(name, latest.version, latest.row_count, sha256, unchanged=True)
    if dataset is None:
        dataset = ActivityDatasetRow(name=name, created_by=actor)
        db_session.add(dataset)
        db_session.flush()
    version = ActivityVersionRow(
        dataset_id=dataset.id,
        version=(latest.version + 1) if latest else 1,
        filename=filename[:200],
        sha256=sha256,
        row_count=len(parsed),
        factor_set=fs_row.name if fs_row else None,
        factor_set_version=fs_row.version if fs_row else None,
        gwp_set=gwp_set,
        method=method_name,
        note=note,
        imported_by=actor,
    )
    db_session.add(version)
    db_session.flush()
    table = ActivityRow.metadata.tables[ActivityRow.__tablename__]
    db_session.execute(insert(table), [_activity_values(version.id, r) for r in parsed])
    regions = sorted({r.region for r in parsed})
    years = sorted({r.year for r in parsed})
    record(
        db_session=db_session,
        actor=actor,
        action="import",
        entity="inv_dataset",
        entity_id=f"{name}@v{version.version}",
        before=None if latest is None else {"version": latest.version, "sha256": latest.sha256},
        after={
            "version": version.version,
            "filename": version.filename,
            "sha256": sha256,
            "rows": len(parsed),
            "regions": regions,
            "years": years,
            "factor_set": version.factor_set,
            "gwp_set": gwp_set,
            "method": method_name,
        },
    )
    return ActivityImport(name, version.version, len(parsed), sha256)


def _activity_values(version_id: int, rec: ActivityRecord) -> dict[str, Any]:
    q = rec.quantity
    return {
        "version_id": version_id,
        "row": rec.row,
        "region": rec.region,
        "year": rec.year,
        "sector": rec.sector,
        "use": rec.use,
        "fuel": rec.fuel,
        "qualifier": rec.qualifier,
        "quantity": None if q is None else float(q.magnitude),
        "unit": "" if q is None else str(q.units),
        "notation": rec.notation,
        "source": rec.source,
        "note": rec.note,
        "uncertainty_pct": rec.uncertainty_pct,
    }


def _latest(db_session: Session, dataset_id: int) -> ActivityVersionRow | None:
    return db_session.scalar(
        select(ActivityVersionRow)
        .where(ActivityVersionRow.dataset_id == dataset_id)
        .order_by(ActivityVersionRow.version.desc())
        .limit(1)
    )


def list_datasets(*, db_session: Session) -> list[tuple[ActivityDatasetRow, ActivityVersionRow]]:
    """Every dataset with its latest version, by name."""
    out = []
    for ds in db_session.scalars(select(ActivityDatasetRow).order_by(ActivityDatasetRow.name)):
        latest = _latest(db_session, ds.id)
        if latest is not None:
            out.append((ds, latest))
    return out


def list_versions(*, db_session: Session, dataset: str) -> list[ActivityVersionRow]:
    ds = _dataset(db_session, dataset)
    return list(
        db_session.scalars(
            select(ActivityVersionRow)
            .where(ActivityVersionRow.dataset_id == ds.id)
            .order_by(ActivityVersionRow.version)
        )
    )


def _dataset(db_session: Session, name: str) -> ActivityDatasetRow:
    ds = db_session.scalar(select(ActivityDatasetRow).where(ActivityDatasetRow.name == name))
    if ds is None:
        raise NotFound(
            f"没有名为 {name} 的活动数据集 / no activity dataset named {name!r}: "
            "import it with `carbonpeak inventory import FILE --dataset NAME`"
        )
    return ds


def get_version(
    *, db_session: Session, dataset: str, version: int | None = None
) -> ActivityVersionRow:
    """A version of ``dataset`` (the latest when ``version`` is None); ``NotFound`` if none."""
    ds = _dataset(db_session, dataset)
    if version is None:
        row = _latest(db_session, ds.id)
    else:
        row = db_session.scalar(
            select(ActivityVersionRow).where(
                ActivityVersionRow.dataset_id == ds.id, ActivityVersionRow.version == version
            )
        )
    if row is None:
        raise NotFound(f"数据集 {dataset} 没有版本 {version} / dataset {dataset} has no v{version}")
    return row


def activity_records(
    *, db_session: Session, version: ActivityVersionRow, fuels: Collection[str] | None = None
) -> list[ActivityRecord]:
    """The records of a version, as the importer made them (only those of ``fuels``, the
    activity kinds, when given)."""
    query = select(ActivityRow).where(ActivityRow.version_id == version.id)
    if fuels is not None:
        query = query.where(ActivityRow.fuel.in_(sorted(fuels)))
    rows = db_session.scalars(query.order_by(ActivityRow.id))
    units: dict[str, Any] = {}
    out = []
    for r in rows:
        q = None
        if r.quantity is not None:
            unit = units.get(r.unit)
            if unit is None:
                unit = units[r.unit] = ureg.Unit(r.unit)
            q = Q_(r.quantity, unit)
        out.append(
            ActivityRecord(
                region=r.region,
                year=r.year,
                sector=r.sector,
                fuel=r.fuel,
                quantity=q,
                source=r.source,
                note=r.note,
                row=r.row,
                use=r.use,
                qualifier=r.qualifier,
                notation=r.notation,
                uncertainty_pct=r.uncertainty_pct,
            )
        )
    return out


def import_factor_set(
    *, db_session: Session, name: str, data: bytes, filename: str, actor: str
) -> FactorSetRow:
    """Store a user factor file under ``name`` (the next version); bad rows raise before any
    write."""
    _check_name(name, "因子集", "factor set")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    parsed = read_user_factors(text, name=name, source=filename)
    latest = db_session.scalar(
        select(func.max(FactorSetRow.version)).where(FactorSetRow.name == name)
    )
    row = FactorSetRow(
        name=name,
        version=(latest or 0) + 1,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        record_count=len(parsed),
        content=text,
        imported_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="import",
        entity="inv_factor_set",
        entity_id=f"{name}@v{row.version}",
        after={"filename": row.filename, "sha256": row.sha256, "records": len(parsed)},
    )
    return row


def list_factor_sets(*, db_session: Session) -> list[FactorSetRow]:
    return list(
        db_session.scalars(select(FactorSetRow).order_by(FactorSetRow.name, FactorSetRow.version))
    )


def _factor_set_row(db_session: Session, name: str, version: int | None) -> FactorSetRow:
    stmt = select(FactorSetRow).where(FactorSetRow.name == name)
    stmt = (
        stmt.where(FactorSetRow.version == version)
        if version is not None
        else stmt.order_by(FactorSetRow.version.desc()).limit(1)
    )
    row = db_session.scalar(stmt)
    if row is None:
        raise NotFound(
            f"没有名为 {name} 的因子集 / no stored factor set named {name!r}"
            + (f" (version {version})" if version is not None else "")
        )
    return row


def get_factor_set(*, db_session: Session, name: str, version: int | None = None) -> FactorSet:
    row = _factor_set_row(db_session, name, version)
    return read_user_factors(row.content, name=f"{row.name}@v{row.version}", source=row.filename)


def compute(
    *,
    db_session: Session,
    dataset: str,
    version: int | None = None,
    gwp_set: str | None = None,
    factor_set: str | None = None,
    method: str | None = None,
    grid_years: Mapping[int, int] | None = None,
    grid_years_text: str = "",
) -> StoredInventory:
    """The inventory of a dataset version, recomputed from its records (cached per version,
    factor set, method and ``grid_years`` — the years whose grid factor the user chose,
    ``--grid-factor-years``; switching the GWP set recomputes CO2e and the totals only)."""
    row = get_version(db_session=db_session, dataset=dataset, version=version)
    gwp = gwp_set or row.gwp_set
    _check_gwp(gwp)
    method_name = find_method(method or row.method).name
    fs_row: FactorSetRow | None = None
    if factor_set is not None:
        fs_row = _factor_set_row(db_session, factor_set, None)
    elif row.factor_set is not None:
        fs_row = _factor_set_row(db_session, row.factor_set, row.factor_set_version)
    bind = db_session.get_bind()
    url = str(bind.engine.url)
    chosen = tuple(sorted((grid_years or {}).items()))
    key = (url, row.id, row.sha256, fs_row.sha256 if fs_row else None, method_name, chosen)
    base = _cache.get(key)
    if base is None:

        def calc() -> Inventory:
            overrides = None
            if fs_row is not None:
                overrides = get_factor_set(
                    db_session=db_session, name=fs_row.name, version=fs_row.version
                )
            records = activity_records(db_session=db_session, version=row)
            return calculate(
                records,
                overrides=overrides,
                gwp_set=gwp,
                method=method_name,
                grid_years=dict(chosen) or None,
            )

        # shared by every server process through Redis when configured (one process
        # computes, the others read it); the key is the content (version sha256, factor set
        # sha256), so no write elsewhere needs to drop it. Without Redis: this process only.
        shared = figure_cache()
        if shared.shared:
            base = shared.get_or_compute("inventory", (*key, gwp), calc, generational=False)
        else:
            base = calc()
        _cache[key] = base
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    inv = base if base.gwp_set == gwp else with_gwp(base, gwp)
    return StoredInventory(
        dataset=dataset,
        version=row,
        factor_set=fs_row.name if fs_row else None,
        factor_set_version=fs_row.version if fs_row else None,
        inventory=inv,
        method=method_name,
        grid_factor_years=grid_years_text if chosen else "",
    )


def district_sum(
    *,
    db_session: Session,
    dataset: str,
    parent: str,
    year: int,
    total_name: str = "territorial",
    version: int | None = None,
) -> DistrictSum:
    """The district-sum rule for one total of a stored dataset (city vs its districts)."""
    code = region_code(parent)
    stored = compute(db_session=db_session, dataset=dataset, version=version)
    return district_check(stored.inventory, code, year, total_name)
