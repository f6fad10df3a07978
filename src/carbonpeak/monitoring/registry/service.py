"""The monitoring registry in the database: 重点用能单位 enterprises, 计量点 metering points and
工序 processes. Keyword-only functions, session first; every change is audited; nothing here
commits.

Every write calls :func:`registry_changed` (now, and again when the session commits): an
in-process cache of the registry (the ingest path's points) registers its drop with
:func:`on_registry_change`. The .xlsx import (:func:`save_registry`) and the JSON writes
(:func:`create_enterprise`, :func:`update_enterprise`, :func:`create_point`,
:func:`update_point`) validate through the same model (:mod:`carbonpeak.monitoring.model`), so
they refuse a bad credit code, industry code or district with the same messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, event, select, text
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from carbonpeak.audit import record
from carbonpeak.core.errors import Conflict, InputError, NotFound
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Process, Purpose, Registry
from carbonpeak.monitoring.orm import (
    EnterpriseRow,
    PointRow,
    ProcessRow,
)

_LISTENERS: list[Callable[[], None]] = []


def on_registry_change(listener: Callable[[], None]) -> Callable[[], None]:
    """Have ``listener`` (a cache's clear) called on every registry change; returns it."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def registry_changed() -> None:
    """The registry (enterprises, points, processes) changed: drop this process's caches of it.
    Called by every write here, and again after the writing session commits (so a cache
    refilled from the not yet committed state in between is dropped too)."""
    for listener in tuple(_LISTENERS):
        listener()


def _changed_on_commit(db_session: Session) -> None:
    registry_changed()
    if db_session.info.get("registry_changed"):
        return
    db_session.info["registry_changed"] = True

    def committed(session: Session) -> None:
        session.info.pop("registry_changed", None)
        registry_changed()

    event.listen(db_session, "after_commit", committed, once=True)


def to_enterprise(row: EnterpriseRow) -> Enterprise:
    return Enterprise(
        code=row.code,
        name=row.name,
        industry_code=row.industry_code,
        district=row.district,
        capacity=row.capacity,
        key_unit=row.key_unit,
        illustrative=row.illustrative,
    )


def point_of(*columns: Any) -> Point:
    """The point of its column values, in :func:`to_point`'s order (made once, see
    ``_point``): for readers that select the columns instead of loading rows."""
    return _point(*columns)


def to_point(row: PointRow) -> Point:
    return _point(
        row.code,
        row.enterprise.code,
        row.energy,
        row.purpose,
        row.unit,
        row.multiplier,
        row.kind,
        row.product,
        row.rollover,
        row.interval_minutes,
        row.name,
        row.commissioned,
    )


@lru_cache(maxsize=100_000)
def _point(
    code: str,
    enterprise_code: str,
    energy: str,
    purpose: str,
    unit: str,
    multiplier: float,
    kind: str,
    product: str,
    rollover: float | None,
    interval_minutes: int,
    name: str,
    commissioned: date | None = None,
) -> Point:
    """The (frozen) point of these column values, made once: checking a point parses its unit
    with pint, a large share of a gateway-sized batch's time when done at every batch."""
    return Point(
        code=code,
        enterprise_code=enterprise_code,
        energy=energy,
        purpose=Purpose(purpose),
        unit=unit,
        multiplier=multiplier,
        kind=Kind(kind),
        product=product,
        rollover=rollover,
        interval_minutes=interval_minutes,
        name=name,
        commissioned=commissioned,
    )


def to_process(row: ProcessRow) -> Process:
    return Process(
        code=row.code,
        enterprise_code=row.enterprise.code,
        name=row.name,
        energy_points=tuple(sorted(p.code for p in row.energy_points)),
        output_point=row.output_point.code,
        benchmark=row.benchmark,
    )


#: Statements of the after-ingest check's path built once: building a select per call costs
#: more Python than SQLite takes to answer it (and a reused statement keeps its cache key).
_ENTERPRISE_BY_CODE = select(EnterpriseRow).where(EnterpriseRow.code == bindparam("code"))


def get_enterprise(*, db_session: Session, code: str) -> EnterpriseRow:
    row = db_session.scalar(_ENTERPRISE_BY_CODE, {"code": code.strip().upper()})
    if row is None:
        raise NotFound(f"未登记的企业 {code} / no enterprise with credit code {code}")
    return row


def list_enterprises(*, db_session: Session) -> list[EnterpriseRow]:
    return list(db_session.scalars(select(EnterpriseRow).order_by(EnterpriseRow.code)))


def list_points(*, db_session: Session, enterprise_code: str | None = None) -> list[PointRow]:
    query = select(PointRow).join(EnterpriseRow).order_by(PointRow.code)
    if enterprise_code:
        query = query.where(EnterpriseRow.code == enterprise_code)
    return list(db_session.scalars(query))


_PROCESSES = (
    select(ProcessRow)
    .join(EnterpriseRow)
    .options(
        selectinload(ProcessRow.energy_points),
        joinedload(ProcessRow.output_point),
        contains_eager(ProcessRow.enterprise),
    )
    .order_by(ProcessRow.code)
)
_PROCESSES_OF = _PROCESSES.where(EnterpriseRow.code == bindparam("code"))


def list_processes(*, db_session: Session, enterprise_code: str | None = None) -> list[ProcessRow]:
    if enterprise_code:
        return list(db_session.scalars(_PROCESSES_OF, {"code": enterprise_code}))
    return list(db_session.scalars(_PROCESSES))


def registry(*, db_session: Session, enterprise_code: str | None = None) -> Registry:
    enterprises = list_enterprises(db_session=db_session)
    if enterprise_code:
        enterprises = [e for e in enterprises if e.code == enterprise_code]
    return Registry(
        enterprises={e.code: to_enterprise(e) for e in enterprises},
        points={
            p.code: to_point(p)
            for p in list_points(db_session=db_session, enterprise_code=enterprise_code)
        },
        processes={
            p.code: to_process(p)
            for p in list_processes(db_session=db_session, enterprise_code=enterprise_code)
        },
    )


def _changed(row: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: getattr(row, k) for k, v in values.items() if getattr(row, k) != v}


def upsert_enterprise(*, db_session: Session, enterprise: Enterprise, actor: str) -> EnterpriseRow:
    """Add or update an enterprise (audited)."""
    _changed_on_commit(db_session)
    values = asdict(enterprise)
    row = db_session.scalar(select(EnterpriseRow).where(EnterpriseRow.code == enterprise.code))
    if row is None:
        row = EnterpriseRow(**values)
        db_session.add(row)
        db_session.flush()
        record(
            db_session=db_session,
            actor=actor,
            action="create",
            entity="mon_enterprise",
            entity_id=enterprise.code,
            after=values,
        )
        return row
    before = _changed(row, values)
    if before:
        for key in before:
            setattr(row, key, values[key])
        row.updated_at = datetime.now(UTC)
        record(
            db_session=db_session,
            actor=actor,
            action="update",
            entity="mon_enterprise",
            entity_id=enterprise.code,
            before=before,
            after={k: values[k] for k in before},
        )
    return row


def upsert_point(*, db_session: Session, point: Point, actor: str) -> PointRow:
    """Add or update a metering point; a point never moves to another enterprise."""
    _changed_on_commit(db_session)
    ent = get_enterprise(db_session=db_session, code=point.enterprise_code)
    values: dict[str, Any] = {
        "name": point.name,
        "energy": point.energy,
        "purpose": point.purpose.value,
        "unit": point.unit,
        "multiplier": point.multiplier,
        "kind": point.kind.value,
        "product": point.product,
        "rollover": point.rollover,
        "interval_minutes": point.interval_minutes,
        "commissioned": point.commissioned,
    }
    row = db_session.scalar(select(PointRow).where(PointRow.code == point.code))
    if row is None:
        row = PointRow(code=point.code, enterprise_id=ent.id, **values)
        db_session.add(row)
        db_session.flush()
        record(
            db_session=db_session,
            actor=actor,
            action="create",
            entity="mon_point",
            entity_id=point.code,
            after={"enterprise": ent.code, **values},
        )
        return row
    if row.enterprise_id != ent.id:
        raise Conflict(
            f"计量点 {point.code} 已属于另一企业 / point {point.code} belongs to another enterprise"
        )
    before = _changed(row, values)
    if before:
        for key in before:
            setattr(row, key, values[key])
        record(
            db_session=db_session,
            actor=actor,
            action="update",
            entity="mon_point",
            entity_id=point.code,
            before=before,
            after={k: values[k] for k in before},
        )
    return row


def upsert_process(*, db_session: Session, process: Process, actor: str) -> ProcessRow:
    _changed_on_commit(db_session)
    ent = get_enterprise(db_session=db_session, code=process.enterprise_code)
    codes = (*process.energy_points, process.output_point)
    found = {
        p.code: p for p in db_session.scalars(select(PointRow).where(PointRow.code.in_(codes)))
    }
    where = f"工序 process {process.code}"
    for code in codes:
        if code not in found or found[code].enterprise_id != ent.id:
            raise InputError(
                f"{where}: 计量点 {code} 不是本企业的已登记计量点 / point {code} is not a "
                f"registered point of {ent.code}"
            )
    if found[process.output_point].purpose != Purpose.OUTPUT:
        raise InputError(f"{where}: {process.output_point} 不是产量计量点 / not an output point")
    row = db_session.scalar(select(ProcessRow).where(ProcessRow.code == process.code))
    after = {
        "name": process.name,
        "benchmark": process.benchmark,
        "output_point": process.output_point,
        "energy_points": list(process.energy_points),
    }
    if row is None:
        row = ProcessRow(
            code=process.code,
            enterprise_id=ent.id,
            name=process.name,
            benchmark=process.benchmark,
            output_point_id=found[process.output_point].id,
        )
        db_session.add(row)
        action = "create"
    else:
        if row.enterprise_id != ent.id:
            raise Conflict(f"{where} 已属于另一企业 / belongs to another enterprise")
        row.name, row.benchmark = process.name, process.benchmark
        row.output_point_id = found[process.output_point].id
        action = "update"
    row.energy_points = [found[c] for c in process.energy_points]
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action=action,
        entity="mon_process",
        entity_id=process.code,
        after=after,
    )
    return row


#: PostgreSQL: the registry tables whose planner statistics a bulk save refreshes. Until
#: autovacuum analyzes them (a minute or more after an import) the planner takes them for the
#: size they had (empty at first) and finds a package's points by a hash join over every
#: enterprise: measured 337 µs a lookup of 10 points among 20,000 against 63 µs with statistics
#: (issue 17, stop 31). ``ANALYZE`` may run in the transaction and counts its own new rows.
_REGISTRY_TABLES = "mon_enterprises, mon_points, mon_processes, mon_process_points"


def save_registry(*, db_session: Session, registry: Registry, actor: str) -> tuple[int, int, int]:
    """Upsert enterprises, then points, then processes; returns the three counts. On
    PostgreSQL the registry tables are then analyzed (their planner statistics made current,
    as after any bulk load), so that the ingest path's lookups are planned for their size."""
    for ent in registry.enterprises.values():
        upsert_enterprise(db_session=db_session, enterprise=ent, actor=actor)
    for point in registry.points.values():
        upsert_point(db_session=db_session, point=point, actor=actor)
    for proc in registry.processes.values():
        upsert_process(db_session=db_session, process=proc, actor=actor)
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.flush()
        db_session.execute(text(f"ANALYZE {_REGISTRY_TABLES}"))
    return len(registry.enterprises), len(registry.points), len(registry.processes)


def _find_point(db_session: Session, code: str) -> PointRow | None:
    return db_session.scalar(
        select(PointRow).options(joinedload(PointRow.enterprise)).where(PointRow.code == code)
    )


def get_point(*, db_session: Session, code: str) -> PointRow:
    row = _find_point(db_session, code.strip())
    if row is None:
        raise NotFound(f"未登记的计量点 {code} / no metering point {code}")
    return row


def create_enterprise(*, db_session: Session, enterprise: Enterprise, actor: str) -> EnterpriseRow:
    """A new enterprise (audited); Conflict if its credit code is registered."""
    found = db_session.scalar(select(EnterpriseRow).where(EnterpriseRow.code == enterprise.code))
    if found is not None:
        raise Conflict(
            f"企业 {enterprise.code} 已登记 / enterprise {enterprise.code} is already registered "
            "(PUT /enterprises/{code} updates it)"
        )
    return upsert_enterprise(db_session=db_session, enterprise=enterprise, actor=actor)


def update_enterprise(*, db_session: Session, enterprise: Enterprise, actor: str) -> EnterpriseRow:
    """Change a registered enterprise (audited: the fields before and after)."""
    get_enterprise(db_session=db_session, code=enterprise.code)
    return upsert_enterprise(db_session=db_session, enterprise=enterprise, actor=actor)


def create_point(*, db_session: Session, point: Point, actor: str) -> PointRow:
    """A new metering point of a registered enterprise (audited); Conflict if its code is
    registered (point codes are unique across enterprises)."""
    found = _find_point(db_session, point.code)
    if found is not None:
        raise Conflict(
            f"计量点 {point.code} 已登记（企业 {found.enterprise.code}）/ point {point.code} is "
            f"already registered (enterprise {found.enterprise.code})"
        )
    return upsert_point(db_session=db_session, point=point, actor=actor)


def update_point(*, db_session: Session, point: Point, actor: str) -> PointRow:
    """Change a registered point (audited); it stays with its enterprise."""
    get_point(db_session=db_session, code=point.code)
    return upsert_point(db_session=db_session, point=point, actor=actor)
