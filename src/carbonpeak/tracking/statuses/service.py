"""Target statuses from the database: the pure
:func:`carbonpeak.tracking.statuses.status.evaluate` fed with the plan target, its link
settings and the indicator's current values, then the manual override if there is one (always
with its reason, always shown as an override).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.base import utcnow
from carbonpeak.plan import TargetRow
from carbonpeak.tracking.indicators.service import plan_targets
from carbonpeak.tracking.model import Status, StatusResult, TargetSpec, Trajectory
from carbonpeak.tracking.orm import (
    IndicatorRow,
    IndicatorTargetRow,
    IndicatorValueRow,
    StatusOverrideRow,
)
from carbonpeak.tracking.statuses import status as status_calc
from carbonpeak.tracking.statuses.rules import StatusRules
from carbonpeak.tracking.values.service import current_values_many, is_illustrative, observations


@dataclass(frozen=True)
class TargetStatus:
    link: IndicatorTargetRow
    target: TargetRow
    indicator: IndicatorRow
    result: StatusResult
    illustrative: bool

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(u for u in self.target.lead_units.split("、") if u)

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        t = self.target
        return {
            "link_id": self.link.id,
            "target": t.key,
            "task": t.task_key,
            "indicator_id": self.indicator.id,
            "indicator": self.indicator.name,
            "category": self.indicator.category,
            "computed_kind": self.indicator.computed_kind,
            "year": t.year,
            "comparator": t.comparator,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "aspirational": t.aspirational,
            "change": t.change,
            "base_year": self.link.base_year or t.base_year,
            "lead_units": list(self.units),
            "status": r.status.value,
            "status_label": r.status.label,
            "computed_status": (r.computed_status or r.status).value,
            "overridden": r.overridden,
            "override_reason": r.override_reason,
            "latest_value": r.latest.value if r.latest else None,
            "latest_on": r.latest.on.isoformat() if r.latest else None,
            "measured": r.measured,
            "expected": r.expected,
            "base_value": r.base_value,
            "shortfall": r.shortfall,
            "explanation_zh": r.explanation_zh,
            "explanation_en": r.explanation_en,
            "illustrative": self.illustrative,
        }


def spec_of(target: TargetRow, link: IndicatorTargetRow, indicator: IndicatorRow) -> TargetSpec:
    """The status computation's view of a plan target and its link settings."""
    return TargetSpec(
        comparator=target.comparator,
        value=target.value,
        value_max=target.value_max,
        year=target.year,
        change=target.change,
        base_year=link.base_year or target.base_year,
        base_value=link.base_value,
        trajectory=Trajectory(link.trajectory),
        tolerance=link.tolerance,
        aspirational=target.aspirational,
        unit=indicator.unit or target.unit,
    )


def active_overrides(*, db_session: Session, link_ids: list[int]) -> dict[int, StatusOverrideRow]:
    rows = db_session.scalars(
        select(StatusOverrideRow)
        .where(StatusOverrideRow.link_id.in_(link_ids), StatusOverrideRow.cleared_at.is_(None))
        .order_by(StatusOverrideRow.id)
    )
    return {r.link_id: r for r in rows}  # the latest one wins


def evaluate_plan(
    *,
    db_session: Session,
    plan_id: int,
    as_of: date,
    rules: StatusRules | None = None,
    year: int | None = None,
) -> list[TargetStatus]:
    """The status of every attached target of the plan on ``as_of`` (in plan order).
    ``year`` keeps only targets due in that year or later, or without a year."""
    targets = plan_targets(db_session=db_session, plan_id=plan_id)
    indicators = list(
        db_session.scalars(
            select(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_id)
            .options(selectinload(IndicatorRow.targets))
        )
    )
    values = current_values_many(
        db_session=db_session, indicator_ids=[i.id for i in indicators], until=as_of
    )
    links = [(link, ind) for ind in indicators for link in ind.targets]
    overrides = active_overrides(db_session=db_session, link_ids=[link.id for link, _ in links])
    out: list[TargetStatus] = []
    for link, ind in links:
        target = targets.get(link.target_key)
        if target is None or (year is not None and target.year is not None and target.year < year):
            continue
        rows = values[ind.id]
        result = status_calc.evaluate(
            spec_of(target, link, ind), observations(rows), as_of=as_of, rules=rules
        )
        ov = overrides.get(link.id)
        if ov is not None:
            result = status_calc.with_override(result, Status(ov.status), ov.reason, ov.set_by)
        used = [r for r in rows if r.observed_on <= as_of]
        illustrative = any(is_illustrative(r) for r in used)
        out.append(TargetStatus(link, target, ind, result, illustrative))
    order = {key: i for i, key in enumerate(targets)}
    return sorted(out, key=lambda s: order[s.target.key])


def status_version(*, db_session: Session, plan_id: int) -> tuple[int | None, ...]:
    """What the plan's statuses are computed from, in one small query: count and highest id
    of the indicator values (rows are only added: a correction is a new row), of the manual
    overrides and of those cleared, of the links and of the plan's targets; then a digest of
    the links' and indicators' settings (trajectory, base, tolerance, unit...), which are
    edited in place. A cache of :func:`evaluate_plan` keyed by it (with the day) sees any
    write, also one from the command line that no web write hook saw."""
    links = select(IndicatorTargetRow.id).where(IndicatorTargetRow.plan_id == plan_id)
    indicators = select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_id)

    def count_max(table: Any, *where: Any) -> list[Any]:
        return [
            select(func.count()).select_from(table).where(*where).scalar_subquery(),
            select(func.max(table.c.id)).where(*where).scalar_subquery(),
        ]

    values = IndicatorValueRow.__table__
    overrides = StatusOverrideRow.__table__
    row = db_session.execute(
        select(
            *count_max(values, values.c.indicator_id.in_(indicators)),
            *count_max(overrides, overrides.c.link_id.in_(links)),
            select(func.count())
            .select_from(overrides)
            .where(overrides.c.link_id.in_(links), overrides.c.cleared_at.is_not(None))
            .scalar_subquery(),
            *count_max(
                IndicatorTargetRow.__table__, IndicatorTargetRow.__table__.c.plan_id == plan_id
            ),
            *count_max(TargetRow.__table__, TargetRow.__table__.c.plan_id == plan_id),
        )
    ).one()
    settings = db_session.execute(
        select(IndicatorTargetRow, IndicatorRow)
        .join(IndicatorRow, IndicatorRow.id == IndicatorTargetRow.indicator_id)
        .where(IndicatorTargetRow.plan_id == plan_id)
        .order_by(IndicatorTargetRow.id)
    ).all()
    digest = hashlib.sha256(
        repr([(_columns(link), _columns(ind)) for link, ind in settings]).encode()
    ).hexdigest()
    # the first 15 hex digits: an int, like the counts, for the cache key
    return (*row, int(digest[:15], 16))


def _columns(row: Any) -> tuple[Any, ...]:
    return tuple(getattr(row, c.key) for c in row.__table__.columns)


def evaluate_link(
    *,
    db_session: Session,
    link: IndicatorTargetRow,
    as_of: date,
    rules: StatusRules | None = None,
) -> TargetStatus:
    for s in evaluate_plan(db_session=db_session, plan_id=link.plan_id, as_of=as_of, rules=rules):
        if s.link.id == link.id:
            return s
    raise NotFound(f"target: 目标 {link.target_key} 不在方案中 / not in the plan any more")


def _override_snapshot(row: StatusOverrideRow) -> dict[str, Any]:
    return {"link_id": row.link_id, "status": row.status, "reason": row.reason}


def set_override(
    *, db_session: Session, link: IndicatorTargetRow, status: Status, reason: str, actor: str
) -> StatusOverrideRow:
    """Set a manual status for a target. ``reason`` is required (and the database requires it)."""
    if not reason or not reason.strip():
        raise InputError("reason: 人工调整状态必须说明理由 / a manual status needs a reason")
    previous = active_overrides(db_session=db_session, link_ids=[link.id]).get(link.id)
    if previous is not None:
        clear_override(db_session=db_session, link=link, actor=actor)
    row = StatusOverrideRow(
        link_id=link.id, status=Status(status).value, reason=reason.strip(), set_by=actor
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="override",
        entity="tracking_status_override",
        entity_id=row.id,
        before=_override_snapshot(previous) if previous else None,
        after=_override_snapshot(row),
    )
    return row


def clear_override(
    *, db_session: Session, link: IndicatorTargetRow, actor: str
) -> StatusOverrideRow:
    """Lift the manual status: the computed one applies again (the override stays on record)."""
    row = active_overrides(db_session=db_session, link_ids=[link.id]).get(link.id)
    if row is None:
        raise NotFound(
            f"override: 目标 {link.target_key} 没有人工状态 / target has no manual status"
        )
    row.cleared_at = utcnow()
    row.cleared_by = actor
    record(
        db_session=db_session,
        actor=actor,
        action="clear_override",
        entity="tracking_status_override",
        entity_id=row.id,
        before=_override_snapshot(row),
    )
    return row


def overrides_of(*, db_session: Session, link_id: int) -> list[StatusOverrideRow]:
    """Every manual status a target ever had, oldest first (lifted ones included)."""
    return list(
        db_session.scalars(
            select(StatusOverrideRow)
            .where(StatusOverrideRow.link_id == link_id)
            .order_by(StatusOverrideRow.id)
        )
    )


def latest_value_dates(*, db_session: Session, indicator_ids: list[int]) -> dict[int, date]:
    rows = db_session.execute(
        select(IndicatorValueRow.indicator_id, IndicatorValueRow.observed_on).where(
            IndicatorValueRow.indicator_id.in_(indicator_ids)
        )
    )
    out: dict[int, date] = {}
    for ind, on in rows:
        if ind not in out or on > out[ind]:
            out[ind] = on
    return out
