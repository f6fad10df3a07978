"""Indicator values: a time series of versions. Nothing is overwritten: a correction is a new
row that supersedes the old one (the old one stays, and the history shows both).

Values come from people (``manual``), files (``import``), the accounting engine
(``computed``, through :mod:`carbonpeak.tracking.computed.service`), monitoring, or the demo
(``demo``, labelled illustrative). Computed indicators take no typed-in values. The CSV
import format is :mod:`carbonpeak.tracking.values.parse`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from carbonpeak.audit import record
from carbonpeak.core.errors import Conflict, InputError, NotFound, Problem
from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.tracking.indicators import catalog
from carbonpeak.tracking.model import Observation, Origin
from carbonpeak.tracking.orm import IndicatorRow, IndicatorValueRow
from carbonpeak.tracking.values.parse import ImportRow, parse_values_csv

TYPED_ORIGINS = (Origin.MANUAL, Origin.IMPORT)

# The CSV reader is pure (values/parse.py); it is named here too because callers parse a file
# and hand its rows to :func:`import_values`, both from this module.
__all__ = [
    "TYPED_ORIGINS",
    "ImportRow",
    "add_value",
    "correct_value",
    "current_values",
    "current_values_many",
    "history",
    "import_values",
    "is_illustrative",
    "observations",
    "parse_values_csv",
    "value_snapshot",
]


def value_snapshot(row: IndicatorValueRow) -> dict[str, Any]:
    return {
        "indicator_id": row.indicator_id,
        "observed_on": row.observed_on,
        "value": row.value,
        "unit": row.unit,
        "entered": row.entered,
        "source": row.source,
        "origin": row.origin,
        "comment": row.comment,
        "supersedes_id": row.supersedes_id,
    }


def current_values(
    *, db_session: Session, indicator_id: int, until: date | None = None
) -> list[IndicatorValueRow]:
    """The current version of each value (rows that no other row supersedes), by date."""
    newer = aliased(IndicatorValueRow)
    stmt = (
        select(IndicatorValueRow)
        .where(IndicatorValueRow.indicator_id == indicator_id)
        .where(~select(newer.id).where(newer.supersedes_id == IndicatorValueRow.id).exists())
        .order_by(IndicatorValueRow.observed_on, IndicatorValueRow.id)
    )
    if until is not None:
        stmt = stmt.where(IndicatorValueRow.observed_on <= until)
    return list(db_session.scalars(stmt))


def current_values_many(
    *, db_session: Session, indicator_ids: list[int], until: date | None = None
) -> dict[int, list[IndicatorValueRow]]:
    """:func:`current_values` of several indicators in one query."""
    newer = aliased(IndicatorValueRow)
    stmt = (
        select(IndicatorValueRow)
        .where(IndicatorValueRow.indicator_id.in_(indicator_ids))
        .where(~select(newer.id).where(newer.supersedes_id == IndicatorValueRow.id).exists())
        .order_by(IndicatorValueRow.observed_on, IndicatorValueRow.id)
    )
    if until is not None:
        stmt = stmt.where(IndicatorValueRow.observed_on <= until)
    out: dict[int, list[IndicatorValueRow]] = {i: [] for i in indicator_ids}
    for row in db_session.scalars(stmt):
        out[row.indicator_id].append(row)
    return out


def is_illustrative(row: IndicatorValueRow) -> bool:
    """Demo values, and engine values computed from illustrative activity data."""
    return row.origin == "demo" or marks_illustrative(row.source)


def observations(rows: list[IndicatorValueRow]) -> list[Observation]:
    return [Observation(r.observed_on, r.value) for r in rows]


def history(*, db_session: Session, indicator_id: int) -> list[IndicatorValueRow]:
    """Every version of every value, by date and then in the order they were entered."""
    return list(
        db_session.scalars(
            select(IndicatorValueRow)
            .where(IndicatorValueRow.indicator_id == indicator_id)
            .order_by(IndicatorValueRow.observed_on, IndicatorValueRow.id)
        )
    )


def _normalise(indicator: IndicatorRow, value: float, unit: str | None) -> tuple[float, str, str]:
    """(value in the indicator's unit, that unit, the entry as typed if it was converted)."""
    given = (unit or indicator.unit or "").strip()
    if not given:
        raise InputError(
            f"unit: 指标「{indicator.name}」尚无单位，请给出数值单位 / the indicator has no unit "
            "yet: give the value's unit"
        )
    if indicator.unit is None:
        indicator.unit = given  # the first value fixes the unit of a relative-change indicator
    converted = catalog.convert(value, given, indicator.unit)
    entered = f"{value:g} {given}" if given != indicator.unit else ""
    return converted, indicator.unit, entered


def _check_text(name: str, text: str | None, limit: int) -> str:
    if text is None or not text.strip():
        raise InputError(f"{name}: 必填 / required")
    if len(text) > limit:
        raise InputError(f"{name}: 过长（最多 {limit} 字） / too long (at most {limit} chars)")
    return text.strip()


def add_value(
    *,
    db_session: Session,
    indicator: IndicatorRow,
    observed_on: date,
    value: float,
    unit: str | None,
    source: str,
    actor: str,
    comment: str | None = None,
    origin: Origin = Origin.MANUAL,
) -> IndicatorValueRow:
    """Add a new value. A current value for the same date is a conflict: correct it instead."""
    if indicator.computed_kind and origin in TYPED_ORIGINS:
        raise InputError(
            f"indicator: 指标「{indicator.name}」由核算引擎计算，不能手工填报 / indicator "
            f"{indicator.id} is computed by the accounting engine: its values are not typed in"
        )
    source = _check_text("source", source, 2000)
    existing = [
        r
        for r in current_values(db_session=db_session, indicator_id=indicator.id)
        if r.observed_on == observed_on
    ]
    if existing:
        raise Conflict(
            f"observed_on: {observed_on} 已有数值（id {existing[0].id}），请提交更正 / a value for "
            f"{observed_on} exists (id {existing[0].id}): send a correction instead"
        )
    number, unit_, entered = _normalise(indicator, value, unit)
    row = IndicatorValueRow(
        indicator_id=indicator.id,
        observed_on=observed_on,
        value=number,
        unit=unit_,
        entered=entered or None,
        source=source,
        origin=origin.value,
        comment=comment,
        entered_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="create",
        entity="tracking_indicator_value",
        entity_id=row.id,
        after=value_snapshot(row),
    )
    return row


def correct_value(
    *,
    db_session: Session,
    value_id: int,
    value: float,
    unit: str | None,
    comment: str,
    actor: str,
    source: str | None = None,
    origin: Origin | None = None,
) -> IndicatorValueRow:
    """A new version of value ``value_id`` (which must be the current one); the reason for the
    correction goes in ``comment`` and is required."""
    old = db_session.get(IndicatorValueRow, value_id)
    if old is None:
        raise NotFound(f"value: 数值不存在 / no such value: {value_id}")
    newer = db_session.scalar(
        select(IndicatorValueRow.id).where(IndicatorValueRow.supersedes_id == value_id)
    )
    if newer is not None:
        raise Conflict(
            f"value: 数值 {value_id} 已被 {newer} 更正，请更正最新版本 / value {value_id} was "
            f"already corrected by {newer}: correct the latest version"
        )
    comment = _check_text("comment", comment, 2000)
    indicator = db_session.get(IndicatorRow, old.indicator_id)
    assert indicator is not None
    origin = origin or Origin(old.origin)
    if indicator.computed_kind and origin in TYPED_ORIGINS:
        raise InputError(
            f"indicator: 指标「{indicator.name}」由核算引擎计算，不能手工更正 / indicator "
            f"{indicator.id} is computed by the accounting engine: its values are not typed in"
        )
    number, unit_, entered = _normalise(indicator, value, unit)
    row = IndicatorValueRow(
        indicator_id=old.indicator_id,
        observed_on=old.observed_on,
        value=number,
        unit=unit_,
        entered=entered or None,
        source=_check_text("source", source or old.source, 2000),
        origin=origin.value,
        comment=comment,
        entered_by=actor,
        supersedes_id=old.id,
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="correct",
        entity="tracking_indicator_value",
        entity_id=row.id,
        before=value_snapshot(old),
        after=value_snapshot(row),
    )
    return row


def import_values(
    *, db_session: Session, indicator: IndicatorRow, rows: list[ImportRow], actor: str
) -> int:
    """Add the rows as new values (a row for a date that has a value is an error naming it)."""
    problems: list[Problem] = []
    added = 0
    for r in rows:
        try:
            add_value(
                db_session=db_session,
                indicator=indicator,
                observed_on=r.observed_on,
                value=r.value,
                unit=r.unit,
                source=r.source,
                comment=r.comment,
                origin=Origin.IMPORT,
                actor=actor,
            )
            added += 1
        except (InputError, Conflict) as exc:
            problems.append(Problem(r.row, "value", str(exc)))
    if problems:
        lines = "; ".join(str(p) for p in problems[:20])
        raise InputError(f"{len(problems)} 行未能导入 rows not imported: {lines}", problems)
    return added
