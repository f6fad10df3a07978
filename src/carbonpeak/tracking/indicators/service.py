"""Indicators (指标) and their targets in the database. Keyword-only functions, session first;
none commits: the caller (API request, CLI command) commits once. Every change is audited.

:func:`sync_indicators` makes one indicator per distinct indicator text of the plan's targets
(非化石能源消费比重 carries 2025 ~20%, 2025 力争 21.6% and 2030 ~25%) and attaches each target
to it by its key; running it again after a plan re-import attaches new targets and detaches
removed ones (values stay with their indicator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.plan import PlanRow, TargetRow
from carbonpeak.tracking.indicators import catalog
from carbonpeak.tracking.model import FREQUENCIES, Category, ComputedKind, Trajectory
from carbonpeak.tracking.orm import IndicatorRow, IndicatorTargetRow, IndicatorValueRow


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    detached: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"新建指标 {len(self.created)} 个，关联目标 {len(self.linked)} 个，解除 "
            f"{len(self.detached)} 个 / {len(self.created)} indicators created, "
            f"{len(self.linked)} targets attached, {len(self.detached)} detached"
        )


def indicator_snapshot(row: IndicatorRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "unit": row.unit,
        "category": row.category,
        "computed_kind": row.computed_kind,
        "region": row.region,
        "frequency": row.frequency,
        "lag_days": row.lag_days,
        "description": row.description,
    }


def link_snapshot(row: IndicatorTargetRow) -> dict[str, Any]:
    return {
        "indicator_id": row.indicator_id,
        "target_key": row.target_key,
        "trajectory": row.trajectory,
        "base_year": row.base_year,
        "base_value": row.base_value,
        "tolerance": row.tolerance,
    }


def plan_targets(*, db_session: Session, plan_id: int) -> dict[str, TargetRow]:
    rows = db_session.scalars(
        select(TargetRow).where(TargetRow.plan_id == plan_id).order_by(TargetRow.position)
    )
    return {t.key: t for t in rows}


def _create_indicator(
    db_session: Session, plan: PlanRow, target: TargetRow, region: str | None, actor: str
) -> IndicatorRow:
    """The indicator named by ``target``'s indicator text (its unit unless a relative change)."""
    kind = catalog.computed_kind(target.indicator)
    indicator = IndicatorRow(
        plan_id=plan.id,
        name=target.indicator,
        unit=None if target.change else target.unit,
        category=catalog.category(target.indicator).value,
        computed_kind=kind.value if kind else None,
        region=region,
        frequency="annual",
        lag_days=120,
    )
    db_session.add(indicator)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="create",
        entity="tracking_indicator",
        entity_id=indicator.id,
        after=indicator_snapshot(indicator),
    )
    return indicator


def _attach(
    db_session: Session,
    plan: PlanRow,
    target: TargetRow,
    indicator: IndicatorRow,
    link: IndicatorTargetRow | None,
    actor: str,
) -> bool:
    """Attach ``target`` to ``indicator``: a new link (``True``), or its existing ``link``
    moved to the indicator if it pointed elsewhere."""
    if link is None:
        link = IndicatorTargetRow(
            indicator_id=indicator.id,
            plan_id=plan.id,
            target_key=target.key,
            trajectory=Trajectory.LINEAR.value,
            base_year=target.base_year,
        )
        db_session.add(link)
        db_session.flush()
        record(
            db_session=db_session,
            actor=actor,
            action="create",
            entity="tracking_indicator_target",
            entity_id=link.id,
            after=link_snapshot(link),
        )
        return True
    if link.indicator_id != indicator.id:
        before = link_snapshot(link)
        link.indicator_id = indicator.id
        record(
            db_session=db_session,
            actor=actor,
            action="update",
            entity="tracking_indicator_target",
            entity_id=link.id,
            before=before,
            after=link_snapshot(link),
        )
    return False


def _detach(db_session: Session, link: IndicatorTargetRow, actor: str) -> None:
    record(
        db_session=db_session,
        actor=actor,
        action="delete",
        entity="tracking_indicator_target",
        entity_id=link.id,
        before=link_snapshot(link),
    )
    db_session.delete(link)


def sync_indicators(*, db_session: Session, plan: PlanRow, actor: str) -> SyncResult:
    """Create missing indicators and attach every target of ``plan`` to its indicator."""
    result = SyncResult()
    targets = plan_targets(db_session=db_session, plan_id=plan.id)
    indicators = {i.name: i for i in list_indicators(db_session=db_session, plan_id=plan.id)}
    links = {
        link.target_key: link
        for link in db_session.scalars(
            select(IndicatorTargetRow).where(IndicatorTargetRow.plan_id == plan.id)
        )
    }
    region = catalog.plan_region(plan.title)
    for target in targets.values():
        indicator = indicators.get(target.indicator)
        if indicator is None:
            indicator = _create_indicator(db_session, plan, target, region, actor)
            indicators[target.indicator] = indicator
            result.created.append(indicator.name)
        if _attach(db_session, plan, target, indicator, links.pop(target.key, None), actor):
            result.linked.append(target.key)
    for link in links.values():  # targets no longer in the plan
        result.detached.append(link.target_key)
        _detach(db_session, link, actor)
    db_session.flush()
    for indicator in indicators.values():
        db_session.refresh(indicator, ["targets"])
    return result


def list_indicators(*, db_session: Session, plan_id: int) -> list[IndicatorRow]:
    return list(
        db_session.scalars(
            select(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_id)
            .options(selectinload(IndicatorRow.targets))
            .order_by(IndicatorRow.id)
        )
    )


def get_indicator(*, db_session: Session, indicator_id: int) -> IndicatorRow:
    row = db_session.get(IndicatorRow, indicator_id)
    if row is None:
        raise NotFound(f"indicator: 指标不存在 / no such indicator: {indicator_id}")
    return row


def find_indicator(*, db_session: Session, plan_id: int, ref: str) -> IndicatorRow:
    """An indicator by id, exact name, or a name fragment that matches only one."""
    if ref.isdigit():
        return get_indicator(db_session=db_session, indicator_id=int(ref))
    rows = list_indicators(db_session=db_session, plan_id=plan_id)
    exact = [r for r in rows if r.name == ref]
    if exact:
        return exact[0]
    matches = [r for r in rows if ref in r.name]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"indicator: 指标不存在 / no such indicator: {ref}")
    names = "、".join(f"{r.id} {r.name}" for r in matches[:8])
    raise InputError(f"indicator: 「{ref}」匹配多个指标 / matches several indicators: {names}")


def get_link(*, db_session: Session, link_id: int) -> IndicatorTargetRow:
    row = db_session.get(IndicatorTargetRow, link_id)
    if row is None:
        raise NotFound(f"target: 指标目标不存在 / no such indicator target: {link_id}")
    return row


def find_link(*, db_session: Session, plan_id: int, ref: str) -> IndicatorTargetRow:
    """A target link by its id or by the plan target key (``1.3:t1``)."""
    if ref.isdigit():
        return get_link(db_session=db_session, link_id=int(ref))
    row = db_session.scalar(
        select(IndicatorTargetRow).where(
            IndicatorTargetRow.plan_id == plan_id, IndicatorTargetRow.target_key == ref
        )
    )
    if row is None:
        raise NotFound(
            f"target: 目标 {ref} 未关联指标（请先同步指标） / target {ref} is not attached to "
            "an indicator (run the indicator sync first)"
        )
    return row


INDICATOR_FIELDS = ("unit", "category", "computed_kind", "region", "frequency", "lag_days")


def update_indicator(
    *, db_session: Session, indicator: IndicatorRow, changes: dict[str, Any], actor: str
) -> IndicatorRow:
    """Change an indicator's settings (admin). The unit can change only while it has no values."""
    unknown = sorted(set(changes) - {*INDICATOR_FIELDS, "description"})
    if unknown:
        raise InputError(f"{unknown[0]}: 不可修改的字段 / field cannot be changed")
    if "category" in changes:
        _check_enum("category", changes["category"], Category)
    if changes.get("computed_kind") is not None:
        _check_enum("computed_kind", changes["computed_kind"], ComputedKind)
    if "frequency" in changes and changes["frequency"] not in FREQUENCIES:
        raise InputError(f"frequency: 应为 {FREQUENCIES} 之一 / must be one of {FREQUENCIES}")
    if "lag_days" in changes and not 0 <= int(changes["lag_days"]) <= 730:
        raise InputError("lag_days: 应在 0–730 之间 / must be within 0-730")
    if "unit" in changes and changes["unit"] != indicator.unit:
        has_values = db_session.scalar(
            select(IndicatorValueRow.id).where(IndicatorValueRow.indicator_id == indicator.id)
        )
        if has_values is not None:
            raise InputError(
                "unit: 指标已有数值，不能更改单位 / "
                "the indicator has values: its unit cannot change"
            )
    before = indicator_snapshot(indicator)
    for key, value in changes.items():
        setattr(indicator, key, value)
    after = indicator_snapshot(indicator)
    if after != before:
        record(
            db_session=db_session,
            actor=actor,
            action="update",
            entity="tracking_indicator",
            entity_id=indicator.id,
            before=before,
            after=after,
        )
    return indicator


def update_link(
    *, db_session: Session, link: IndicatorTargetRow, changes: dict[str, Any], actor: str
) -> IndicatorTargetRow:
    """Change how a target's progress is judged: trajectory, base year/value, tolerance."""
    allowed = {"trajectory", "base_year", "base_value", "tolerance"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InputError(f"{unknown[0]}: 不可修改的字段 / field cannot be changed")
    if "trajectory" in changes:
        _check_enum("trajectory", changes["trajectory"], Trajectory)
    if changes.get("tolerance") is not None and changes["tolerance"] < 0:
        raise InputError("tolerance: 不能为负 / must not be negative")
    if changes.get("base_year") is not None and not 1990 <= changes["base_year"] <= 2100:
        raise InputError("base_year: 应在 1990–2100 之间 / must be within 1990-2100")
    before = link_snapshot(link)
    for key, value in changes.items():
        setattr(link, key, value)
    record(
        db_session=db_session,
        actor=actor,
        action="update",
        entity="tracking_indicator_target",
        entity_id=link.id,
        before=before,
        after=link_snapshot(link),
    )
    return link


def _check_enum(name: str, value: Any, enum: Any) -> None:
    allowed = [e.value for e in enum]
    if value not in allowed:
        raise InputError(
            f"{name}: 无效值 {value!r}，可选 {allowed} / invalid value; one of {allowed}"
        )
