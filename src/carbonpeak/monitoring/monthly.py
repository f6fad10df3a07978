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
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Float, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from carbonpeak.audit.service import record
from carbonpeak.core.errors import InputError
from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime
from carbonpeak.monitoring import quality
from carbonpeak.monitoring.orm import PointRow, RollupRow
from carbonpeak.monitoring.registry import get_enterprise
from carbonpeak.monitoring.rollup import CST, next_period

SOURCES = ("http", "mqtt", "file", "manual", "simulator")


class MonthlyTotalRow(Base):
    __tablename__ = "mon_monthly_totals"

    point_id: Mapped[int] = mapped_column(
        ForeignKey("mon_points.id", ondelete="CASCADE"), primary_key=True
    )
    #: start of the local (CST) month, as a UTC instant
    month: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by: Mapped[str] = mapped_column(String(64))


def parse_month(text: str) -> datetime:
    """``YYYY-MM`` -> the start of that month in China Standard Time, as a UTC instant."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return datetime(year, month, 1, tzinfo=CST).astimezone(UTC)
    except ValueError:
        raise InputError(f"月份应为 YYYY-MM / month must be YYYY-MM, got {text!r}") from None


def month_label(month: datetime) -> str:
    return month.astimezone(CST).strftime("%Y-%m")


@dataclass
class MonthlyResult:
    accepted: int = 0
    duplicates: int = 0
    corrected: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def _value(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("value 数值须为数字 / value must be a number")
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"value 数值 {raw!r} 不是数字 / value {raw!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"value 数值 {raw!r} 须为非负有限数 / must be finite and non-negative")
    return number


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
            code = str(item.get("point") or "").strip()
            if not code:
                raise ValueError("point 计量点为空 / point is empty")
            point = db_session.scalar(select(PointRow).where(PointRow.code == code))
            if point is None:
                raise ValueError(f"point 未登记的计量点 {code} / unknown point {code}")
            if enterprise_scope and point.enterprise.code != enterprise_scope:
                raise ValueError(f"point {code} 不属于本企业 / belongs to another enterprise")
            month = parse_month(str(item.get("month") or ""))
            value = _value(item.get("value"))
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


def read_csv(path: Path) -> list[dict[str, Any]]:
    """Rows of a monthly-totals CSV (columns point, month, value; optional correction, reason)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise InputError(f"无法读取 cannot read {path}: {exc.strerror}") from None
    if rows and not {"point", "month", "value"} <= set(rows[0]):
        raise InputError(f"{path}: 需要列 point, month, value / needs columns point, month, value")
    for row in rows:
        row["correction"] = (row.get("correction") or "").strip().lower() in ("1", "yes", "true")
    return rows


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
    ent = get_enterprise(db_session=db_session, code=enterprise_code)
    totals = db_session.execute(
        select(PointRow.id, PointRow.code, MonthlyTotalRow.month, MonthlyTotalRow.value)
        .join(PointRow, PointRow.id == MonthlyTotalRow.point_id)
        .where(
            PointRow.enterprise_id == ent.id,
            MonthlyTotalRow.month >= start,
            MonthlyTotalRow.month < end,
        )
        .order_by(PointRow.code, MonthlyTotalRow.month)
    ).all()
    found = []
    for point_id, code, month, value in totals:
        month_end = next_period(month, "month")
        daily = dict(
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
        finding = quality.daily_vs_monthly(
            code, month, daily, value, rules=rules, month_end=month_end
        )
        if finding is not None:
            found.append(finding)
    return found
