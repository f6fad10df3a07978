"""Consumption (能耗, tce and CO2 through :mod:`.convert`), unit consumption against limits
(:mod:`.limits`) and district totals, from the stored rollups. Keyword-only functions, session
first; nothing here commits."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import cast

from sqlalchemy import Row, Table, bindparam, select
from sqlalchemy.orm import Session

from carbonpeak.core.units import quantity, scale
from carbonpeak.db.types import UTCDateTime
from carbonpeak.monitoring.consumption.convert import Converter, comprehensive_sign, enterprise_co2
from carbonpeak.monitoring.consumption.limits import (
    Classification,
    Limit,
    classify,
    national_limits,
    unit_consumption,
)
from carbonpeak.monitoring.consumption.limits import plan_limits as limits_of_plan
from carbonpeak.monitoring.orm import EnterpriseRow, ProcessRow, RollupRow
from carbonpeak.monitoring.registry.service import get_enterprise, list_processes
from carbonpeak.monitoring.rollups.rollup import Period
from carbonpeak.plan import PlanRow


def totals(
    *, db_session: Session, point_ids: list[int], period: str, start: datetime, end: datetime
) -> list[Row[int, str, datetime, float]]:
    """Stored rollups of ``point_ids`` for periods starting in [start, end): rows with
    ``point_id``, ``period``, ``start`` and ``amount`` (plain rows: reports read thousands)."""
    if not point_ids:
        return []
    params = {"ids": point_ids, "period": period, "lo": start, "hi": end}
    return list(db_session.execute(_TOTALS, params).all())


#: built once: reports run it once per enterprise or process
_ROLLUPS = cast(Table, RollupRow.__table__)
_TOTALS = (
    select(_ROLLUPS.c.point_id, _ROLLUPS.c.period, _ROLLUPS.c.start, _ROLLUPS.c.amount)
    .where(
        _ROLLUPS.c.point_id.in_(bindparam("ids", expanding=True)),
        _ROLLUPS.c.period == bindparam("period"),
        _ROLLUPS.c.start >= bindparam("lo", type_=UTCDateTime),
        _ROLLUPS.c.start < bindparam("hi", type_=UTCDateTime),
    )
    .order_by(_ROLLUPS.c.point_id, _ROLLUPS.c.start)
)


@dataclass(frozen=True, slots=True)
class PointAmount:
    point: str
    energy: str
    purpose: str
    start: datetime
    amount: float
    unit: str
    tce: float | None
    note: str = ""


def consumption(
    *,
    db_session: Session,
    enterprise_code: str,
    period: Period,
    start: datetime,
    end: datetime,
    converter: Converter | None = None,
) -> list[PointAmount]:
    """Per point and period: physical amount (point unit) and tce (None with a note if no
    coefficient). Output points are listed with tce None."""
    conv = converter or Converter()
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    points = {p.id: p for p in ent.points}
    out = []
    for row in totals(
        db_session=db_session, point_ids=list(points), period=period, start=start, end=end
    ):
        p = points[row.point_id]
        tce: float | None = None
        note = ""
        if p.energy:
            got = conv.tce(p.energy, row.amount, p.unit)
            tce, note = (None, got) if isinstance(got, str) else (got, "")
        out.append(
            PointAmount(p.code, p.energy, p.purpose, row.start, row.amount, p.unit, tce, note)
        )
    return out


@dataclass
class EnterpriseSummary:
    """综合能耗 (tce) by period, CO2 (t) over the whole range, and what could not be converted."""

    enterprise: str
    comprehensive_tce: dict[datetime, float] = field(default_factory=dict)
    by_energy_tce: dict[str, float] = field(default_factory=dict)
    co2_combustion_t: float = 0.0
    co2_indirect_t: float = 0.0
    gaps: list[str] = field(default_factory=list)


def summary(
    *,
    db_session: Session,
    enterprise_code: str,
    period: Period,
    start: datetime,
    end: datetime,
    converter: Converter | None = None,
) -> EnterpriseSummary:
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    amounts = consumption(
        db_session=db_session,
        enterprise_code=enterprise_code,
        period=period,
        start=start,
        end=end,
        converter=converter,
    )
    result = EnterpriseSummary(ent.code)
    parts: dict[datetime, list[float]] = defaultdict(list)
    by_energy: dict[str, list[float]] = defaultdict(list)
    net: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for a in amounts:
        if not a.energy:
            continue
        sign = comprehensive_sign(a.purpose, a.energy)
        if a.tce is None:
            if sign:
                result.gaps.append(f"{a.point}: {a.note}")
            continue
        if sign:
            parts[a.start].append(sign * a.tce)
            by_energy[a.energy].append(sign * a.tce)
        burned = a.purpose == "purchased" or (a.purpose == "self_generated" and sign > 0)
        if a.purpose == "transferred_out":
            net[a.energy][a.unit].append(-a.amount)
        elif burned:
            net[a.energy][a.unit].append(a.amount)
    result.comprehensive_tce = {k: math.fsum(v) for k, v in sorted(parts.items())}
    result.by_energy_tce = {k: math.fsum(v) for k, v in sorted(by_energy.items())}
    year = start.astimezone(UTC).year
    fuels: dict[str, tuple[float, str]] = {}
    for energy, units in net.items():
        if len(units) > 1:
            result.gaps.append(f"{energy}: points in several units {sorted(units)}; CO2 not summed")
            continue
        ((unit, values),) = units.items()
        fuels[energy] = (math.fsum(values), unit)
    co2 = enterprise_co2(fuels, district=ent.district, year=year)
    result.co2_combustion_t, result.co2_indirect_t = co2.combustion_t, co2.indirect_t
    result.gaps += list(co2.gaps)
    return result


def plan_limits(*, db_session: Session) -> list[Limit]:
    """Limits of the most recently updated plan's benchmarks, and the national grades."""
    plan = db_session.scalar(select(PlanRow).order_by(PlanRow.updated_at.desc()).limit(1))
    own = limits_of_plan(plan.benchmarks, plan.title) if plan is not None else []
    return [*own, *national_limits()]


@dataclass(frozen=True, slots=True)
class ProcessMonth:
    process: str
    name: str
    benchmark: str
    month: datetime
    energy_tce: float
    electricity_kwh: float
    output_t: float
    kgce_per_t: float | None
    kwh_per_t: float | None
    classification: Classification
    gaps: tuple[str, ...]


def process_months(
    *,
    db_session: Session,
    enterprise_code: str,
    start: datetime,
    end: datetime,
    limits: list[Limit] | None = None,
    converter: Converter | None = None,
) -> list[ProcessMonth]:
    """Monthly unit consumption of every process of the enterprise, classified."""
    processes = list_processes(db_session=db_session, enterprise_code=enterprise_code)
    if not processes:  # nothing to classify: the limits are not read (the after-ingest check)
        return []
    conv = converter or Converter()
    limits = plan_limits(db_session=db_session) if limits is None else limits
    out = []
    for proc in processes:
        out += _process_months(db_session, proc, start, end, limits, conv)
    return out


def _process_months(
    db: Session,
    proc: ProcessRow,
    start: datetime,
    end: datetime,
    limits: list[Limit],
    conv: Converter,
) -> list[ProcessMonth]:
    ids = [p.id for p in proc.energy_points] + [proc.output_point_id]
    rows = totals(db_session=db, point_ids=ids, period="month", start=start, end=end)
    by_point = {p.id: p for p in (*proc.energy_points, proc.output_point)}
    months: dict[datetime, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    gaps: dict[datetime, list[str]] = defaultdict(list)
    for r in rows:
        p = by_point[r.point_id]
        sign = -1.0 if p.purpose == "transferred_out" else 1.0
        if p.id == proc.output_point_id:
            months[r.start]["output"].append(
                float(_to(r.amount, p.unit, "t")) if _mass(p.unit) else math.nan
            )
            continue
        got = conv.tce(p.energy, r.amount, p.unit)
        if isinstance(got, str):
            gaps[r.start].append(got)
        else:
            months[r.start]["tce"].append(sign * got)
        if p.energy == "electricity":
            months[r.start]["kwh"].append(sign * _to(r.amount, p.unit, "kWh"))
    out = []
    for month, parts in sorted(months.items()):
        output = math.fsum(parts["output"])
        energy = math.fsum(parts["tce"])
        kwh = math.fsum(parts["kwh"])
        values = unit_consumption(
            energy_tce=energy, electricity_kwh=kwh if parts["kwh"] else None, output_t=output
        )
        if gaps[month]:  # an incomplete numerator must not be classified
            values = {"energy": None, "electricity": values["electricity"]}
        out.append(
            ProcessMonth(
                process=proc.code,
                name=proc.name,
                benchmark=proc.benchmark,
                month=month,
                energy_tce=energy,
                electricity_kwh=kwh,
                output_t=output,
                kgce_per_t=values["energy"],
                kwh_per_t=values["electricity"],
                classification=classify(proc.benchmark or proc.name, values, limits),
                gaps=tuple(gaps[month]),
            )
        )
    return out


@lru_cache(maxsize=256)
def _mass(unit: str) -> bool:
    return bool(quantity(1.0, unit).is_compatible_with("t"))


def _to(value: float, unit: str, target: str) -> float:
    return value * scale((unit,), target)


CITY = "*"


@dataclass(frozen=True, slots=True)
class DistrictTotal:
    """综合能耗 of the monitored enterprises of one district (区县) in [start, end)."""

    district: str
    enterprises: int
    comprehensive_tce: float
    co2_t: float
    illustrative: bool


def district_totals(
    *, db_session: Session, start: datetime, end: datetime
) -> tuple[list[DistrictTotal], list[str]]:
    """Totals per district (``""``: no district registered) and the city total (district
    :data:`CITY`, last), with the gaps: the
    monitored part of industry (1.A.2), to set beside the inventory's industrial sectors."""
    conv = Converter()
    groups: dict[str, list[EnterpriseSummary]] = defaultdict(list)
    flags: dict[str, bool] = defaultdict(bool)
    gaps: list[str] = []
    for ent in db_session.scalars(select(EnterpriseRow).order_by(EnterpriseRow.code)):
        s = summary(
            db_session=db_session,
            enterprise_code=ent.code,
            period="month",
            start=start,
            end=end,
            converter=conv,
        )
        groups[ent.district].append(s)
        flags[ent.district] |= ent.illustrative
        gaps += [f"{ent.code} {g}" for g in s.gaps]

    def total(district: str, items: list[EnterpriseSummary], illustrative: bool) -> DistrictTotal:
        return DistrictTotal(
            district,
            len(items),
            math.fsum(v for s in items for v in s.comprehensive_tce.values()),
            math.fsum(s.co2_combustion_t + s.co2_indirect_t for s in items),
            illustrative,
        )

    rows = [total(d, items, flags[d]) for d, items in sorted(groups.items())]
    everything = [s for items in groups.values() for s in items]
    rows.append(total(CITY, everything, any(flags.values())))
    return rows, gaps
