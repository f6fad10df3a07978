"""Monthly totals (月数据) reported by a metering point, and the daily-vs-monthly check.

The provincial platforms take, besides real-time and daily indicators, **monthly** indicators
(每月指标; manual entry goes through the enterprise's monthly report), and require the month's
daily data to agree with the monthly total within 5 % (``shared/reference/china_standards.md``
5.2). A point's monthly total is stored apart from its readings, in ``mon_monthly_totals`` (one
row per point and local month, in the point's unit *after* its 倍率 multiplier, the unit of its
rollups), so it never enters consumption twice. :func:`consistency` compares it with the sum of
the point's stored daily rollups of that month.

A repeated identical total is a duplicate; a different total for a stored month is a conflict,
rejected unless sent as a correction, which is audited (who, when, old and new value).

Paths in: the CLI (``carbonpeak monitor monthly FILE``, :func:`.check.read_csv` then
:func:`record_totals`) and HTTP (``POST /api/v1/monitoring/monthly``, :func:`record_payload`,
the body ``{"enterprise", "totals": [{"point", "month", "value", "correction"?, "reason"?}]}``:
the same item fields as the CSV columns). :func:`month_report` gives every stored total of a
month with its check, for ``GET .../enterprises/{code}/monthly``. The month label, the value
and the CSV file are checked in :mod:`.check` (no database).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError, PermissionDenied
from carbonpeak.monitoring.model import check_uscc
from carbonpeak.monitoring.monthly.check import (
    SOURCES,
    MonthCheck,
    MonthlyResult,
    month_label,
    parse_month,
    total_value,
)
from carbonpeak.monitoring.orm import MonthlyTotalRow, PointRow, RollupRow
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.registry.service import get_enterprise
from carbonpeak.monitoring.rollups.rollup import next_period

#: the most foreign point codes named in one refusal
_LISTED = 10
#: point codes per IN (...) query, well under SQLite's bound-parameter limit
_CHUNK = 500


def record_totals(
    *,
    db_session: Session,
    items: Iterable[Mapping[str, Any]],
    actor: str,
    source: str,
    enterprise_scope: str | None = None,
) -> MonthlyResult:
    """Store monthly totals ``{"point", "month": "YYYY-MM", "value", "correction"?, "reason"?}``.

    ``enterprise_scope``: only points of this enterprise may be written (others are rejected).
    Each bad item is rejected with its index and reason; nothing is silently skipped.
    """
    if source not in SOURCES:
        raise InputError(f"未知来源 {source!r} / unknown source (one of {', '.join(SOURCES)})")
    result = MonthlyResult()
    for index, item in enumerate(items):
        try:
            if not isinstance(item, Mapping):
                raise ValueError("每项应为对象 / each item must be an object")
            flag = item.get("correction")
            if flag is not None and not isinstance(flag, bool):
                raise ValueError("correction 应为 true/false / correction must be true or false")
            code = str(item.get("point") or "").strip()
            if not code:
                raise ValueError("point 计量点为空 / point is empty")
            point = db_session.scalar(select(PointRow).where(PointRow.code == code))
            if point is None:
                raise ValueError(f"point 未登记的计量点 {code} / unknown point {code}")
            if enterprise_scope and point.enterprise.code != enterprise_scope:
                raise ValueError(f"point {code} 不属于本企业 / belongs to another enterprise")
            month = parse_month(str(item.get("month") or ""))
            value = total_value(item.get("value"))
        except (ValueError, InputError) as exc:
            result.rejected.append({"index": index, "error": str(exc)})
            continue
        row = db_session.get(MonthlyTotalRow, (point.id, month))
        if row is None:
            db_session.add(
                MonthlyTotalRow(
                    point_id=point.id, month=month, value=value, source=source, received_by=actor
                )
            )
            db_session.flush()
            result.accepted += 1
        elif row.value == value:
            result.duplicates += 1
        elif not item.get("correction"):
            result.rejected.append(
                {
                    "index": index,
                    "error": f"{code} {month_label(month)}: 已有月数据 {row.value:g}，"
                    f"与 {value:g} 冲突 / conflicts with stored total {row.value:g} "
                    "(send as a correction)",
                }
            )
        else:
            before = {"point": code, "month": month_label(month), "value": row.value}
            row.value, row.source, row.received_by = value, source, actor
            row.received_at = datetime.now(UTC)
            record(
                db_session=db_session,
                actor=actor,
                action="monitoring.monthly.correct",
                entity="mon_monthly_totals",
                entity_id=f"{code}:{month_label(month)}",
                before=before,
                after={**before, "value": value, "reason": str(item.get("reason") or "")},
            )
            result.corrected += 1
    db_session.flush()
    return result


def record_payload(
    *,
    db_session: Session,
    payload: Any,
    actor: str,
    source: str,
    enterprise_scope: str | None,
) -> MonthlyResult:
    """Check and store a body ``{"enterprise", "totals": [...]}`` (items as for
    :func:`record_totals`).

    ``enterprise_scope`` is the enterprise an enterprise token may write for (None: an admin,
    any). Writing for another enterprise, or sending another enterprise's points, raises
    :class:`PermissionDenied` before anything is stored, as for readings; other bad items are
    rejected one by one with their index.
    """
    if not isinstance(payload, Mapping):
        raise InputError("请求体应为 JSON 对象 / the body must be a JSON object")
    unknown = sorted(set(payload) - {"enterprise", "totals"})
    if unknown:
        raise InputError(f"未知字段 {', '.join(unknown)} / unknown fields {', '.join(unknown)}")
    raw_code = payload.get("enterprise")
    if not isinstance(raw_code, str):
        raise InputError("enterprise 缺失或不是字符串 / enterprise (credit code) is missing")
    enterprise = check_uscc(raw_code)
    if enterprise_scope is not None and enterprise != enterprise_scope:
        raise PermissionDenied(
            f"令牌只能报送本企业 {enterprise_scope} 的数据 / this token may only write for "
            f"enterprise {enterprise_scope}, not {enterprise}"
        )
    items = payload.get("totals")
    if not isinstance(items, list):
        raise InputError("totals 应为数组 / totals must be an array")
    ent = get_enterprise(db_session=db_session, code=enterprise)
    foreign = _foreign_points(db_session, items, enterprise_id=ent.id)
    if foreign:
        listed = ", ".join(foreign[:_LISTED])
        raise PermissionDenied(
            f"计量点不属于企业 {enterprise}: {listed} / points not of enterprise {enterprise}: "
            f"{listed}"
        )
    return record_totals(
        db_session=db_session,
        items=items,
        actor=actor,
        source=source,
        enterprise_scope=enterprise,
    )


def _foreign_points(db_session: Session, items: Sequence[Any], *, enterprise_id: int) -> list[str]:
    """Registered points among ``items`` that belong to another enterprise, sorted."""
    codes = sorted(
        {
            i["point"].strip()
            for i in items
            if isinstance(i, Mapping) and isinstance(i.get("point"), str)
        }
    )
    found: list[str] = []
    for k in range(0, len(codes), _CHUNK):
        found += db_session.scalars(
            select(PointRow.code).where(
                PointRow.code.in_(codes[k : k + _CHUNK]), PointRow.enterprise_id != enterprise_id
            )
        )
    return sorted(found)


def _stored(
    db_session: Session, enterprise_code: str, start: datetime, end: datetime
) -> list[tuple[PointRow, MonthlyTotalRow]]:
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    rows = db_session.execute(
        select(PointRow, MonthlyTotalRow)
        .join(PointRow, PointRow.id == MonthlyTotalRow.point_id)
        .where(
            PointRow.enterprise_id == ent.id,
            MonthlyTotalRow.month >= start,
            MonthlyTotalRow.month < end,
        )
        .order_by(PointRow.code, MonthlyTotalRow.month)
    ).all()
    return [(point, total) for point, total in rows]


def _daily(
    db_session: Session, point_id: int, month: datetime, month_end: datetime
) -> dict[datetime, float]:
    return dict(
        db_session.execute(
            select(RollupRow.start, func.sum(RollupRow.amount))
            .where(
                RollupRow.point_id == point_id,
                RollupRow.period == "day",
                RollupRow.start >= month,
                RollupRow.start < month_end,
            )
            .group_by(RollupRow.start)
        ).all()
    )


def consistency(
    *,
    db_session: Session,
    enterprise_code: str,
    start: datetime,
    end: datetime,
    rules: quality.Rules,
) -> list[quality.Finding]:
    """Daily-vs-monthly findings for every monthly total of the enterprise whose month starts
    in [start, end): Σ stored daily rollups of the point in that month vs the total."""
    found = []
    for point, total in _stored(db_session, enterprise_code, start, end):
        month_end = next_period(total.month, "month")
        daily = _daily(db_session, point.id, total.month, month_end)
        finding = quality.daily_vs_monthly(
            point.code, total.month, daily, total.value, rules=rules, month_end=month_end
        )
        if finding is not None:
            found.append(finding)
    return found


def month_report(
    *, db_session: Session, enterprise_code: str, month: datetime, rules: quality.Rules
) -> list[MonthCheck]:
    """Every stored total of the enterprise for the local ``month`` (its start, as from
    :func:`.check.parse_month`), each with its daily sum and the :func:`quality.daily_vs_monthly`
    verdict. Points without a stored total are not listed."""
    month_end = next_period(month, "month")
    checks = []
    for point, total in _stored(db_session, enterprise_code, month, month_end):
        daily = _daily(db_session, point.id, total.month, month_end)
        daily_sum = math.fsum(daily.values())
        if total.value:
            deviation: float | None = abs(daily_sum - total.value) / total.value
        else:
            deviation = 0.0 if daily_sum == 0 else None
        checks.append(
            MonthCheck(
                point=point.code,
                unit=point.unit,
                month=total.month,
                value=total.value,
                daily_sum=daily_sum,
                days=len(daily),
                deviation=deviation,
                finding=quality.daily_vs_monthly(
                    point.code, total.month, daily, total.value, rules=rules, month_end=month_end
                ),
                source=total.source,
                received_by=total.received_by,
                received_at=total.received_at,
            )
        )
    return checks
