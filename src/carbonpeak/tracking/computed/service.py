"""Values the accounting engine computes, stored (能耗强度, 碳排放强度, 非化石能源消费比重).

The engine (``carbonpeak.inventory``) pushes its results here with :func:`store_computed`:
each value becomes a version of the plan's indicator of that kind with origin ``computed``
and a source that says it came from the accounting engine; a changed number for a year that
already has one becomes a correction (the old version stays). People never type these values.
The engine's results as rows (:class:`ComputedValue`) come from
:mod:`carbonpeak.tracking.computed.engine`. Monitoring roll-ups are stored the same way
(:func:`store_monitoring`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.computed.engine import ComputedValue, StoreResult
from carbonpeak.tracking.indicators import catalog
from carbonpeak.tracking.model import ComputedKind, Origin
from carbonpeak.tracking.orm import IndicatorRow, IndicatorValueRow
from carbonpeak.tracking.values.service import add_value, correct_value, current_values

ENGINE_SOURCE = "核算引擎 accounting engine"


def upsert_value(
    *,
    db_session: Session,
    indicator: IndicatorRow,
    observed_on: date,
    value: float,
    unit: str,
    source: str,
    origin: Origin,
    actor: str,
    comment: str | None,
    correction: str,
) -> str:
    """Add a machine-delivered value, or a correction when the number for that date changed
    (``correction`` is its comment). Returns ``added``, ``corrected`` or ``unchanged``."""
    current = {
        r.observed_on: r for r in current_values(db_session=db_session, indicator_id=indicator.id)
    }
    old: IndicatorValueRow | None = current.get(observed_on)
    if old is None:
        add_value(
            db_session=db_session,
            indicator=indicator,
            observed_on=observed_on,
            value=value,
            unit=unit,
            source=source,
            origin=origin,
            actor=actor,
            comment=comment,
        )
        return "added"
    number = catalog.convert(value, unit, old.unit)
    if abs(number - old.value) <= 1e-9 * max(1.0, abs(old.value)):
        return "unchanged"
    correct_value(
        db_session=db_session,
        value_id=old.id,
        value=value,
        unit=unit,
        comment=correction,
        source=source,
        origin=origin,
        actor=actor,
    )
    return "corrected"


def store_monitoring(
    *,
    db_session: Session,
    indicator: IndicatorRow,
    observed_on: date,
    value: float,
    unit: str,
    source: str,
    actor: str = "monitoring",
) -> str:
    """A value from the monitoring module (e.g. a roll-up of metered consumption) for an
    indicator: stored with origin ``monitoring``; a changed roll-up becomes a correction."""
    return upsert_value(
        db_session=db_session,
        indicator=indicator,
        observed_on=observed_on,
        value=value,
        unit=unit,
        source=f"在线监测 monitoring ({source})",
        origin=Origin.MONITORING,
        actor=actor,
        comment=None,
        correction="监测数据重新汇总 / monitoring roll-up recomputed",
    )


def store_computed(
    *,
    db_session: Session,
    plan_id: int,
    values: Iterable[ComputedValue],
    actor: str = "accounting-engine",
) -> StoreResult:
    """Store engine values as versions of the plan's computed indicators (value for year Y is
    dated 31 December of Y). A value for a region or kind the plan does not track is listed
    in ``skipped`` (never silently dropped)."""
    indicators = list(
        db_session.scalars(
            select(IndicatorRow).where(
                IndicatorRow.plan_id == plan_id, IndicatorRow.computed_kind.is_not(None)
            )
        )
    )
    added = corrected = unchanged = 0
    skipped: list[str] = []
    for v in values:
        try:
            kind = ComputedKind(v.key)
        except ValueError:
            allowed = [k.value for k in ComputedKind]
            raise InputError(f"key: 未知指标 {v.key!r}，可选 {allowed} / unknown key") from None
        matches = [
            i for i in indicators if i.computed_kind == kind and i.region in (None, v.region)
        ]
        if not matches:
            skipped.append(f"{v.region} {v.year} {v.key}")
            continue
        source = f"{ENGINE_SOURCE} ({v.source})" + (f": {v.note}" if v.note else "")
        on = date(v.year, 12, 31)
        for ind in matches:
            outcome = upsert_value(
                db_session=db_session,
                indicator=ind,
                observed_on=on,
                value=v.value,
                unit=v.unit,
                source=source,
                origin=Origin.COMPUTED,
                actor=actor,
                comment=f"{v.region} {v.year}",
                correction="核算引擎重新计算 / recomputed by the accounting engine",
            )
            added += outcome == "added"
            corrected += outcome == "corrected"
            unchanged += outcome == "unchanged"
    return StoreResult(added, corrected, unchanged, tuple(skipped))
