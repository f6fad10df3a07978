"""Monthly totals (月数据) as sent, checked without a database: the month label, the value,
the CSV file, and what a check of a stored total tells (:class:`MonthCheck`). The database side
(storing, the daily-vs-monthly check against the stored rollups) is :mod:`.service`."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carbonpeak.core.errors import InputError
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.rollups.rollup import CST

SOURCES = ("http", "mqtt", "file", "manual", "simulator")
#: ``YYYY-MM`` (a one-digit month is tolerated, as spreadsheets write it)
_MONTH = re.compile(r"\d{4}-\d{1,2}")


def parse_month(text: str) -> datetime:
    """``YYYY-MM`` -> the start of that month in China Standard Time, as a UTC instant."""
    bad = f"月份应为 YYYY-MM / month must be YYYY-MM, got {text!r}"
    if not _MONTH.fullmatch(text.strip()):
        raise InputError(bad)
    year, month = (int(part) for part in text.strip().split("-"))
    try:
        return datetime(year, month, 1, tzinfo=CST).astimezone(UTC)
    except (ValueError, OverflowError):  # month 13; year 0001 has no UTC start
        raise InputError(bad) from None


def month_label(month: datetime) -> str:
    return month.astimezone(CST).strftime("%Y-%m")


@dataclass
class MonthlyResult:
    accepted: int = 0
    duplicates: int = 0
    corrected: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reply(self) -> dict[str, Any]:
        """The HTTP reply: ``accepted`` counts new totals, ``corrected`` replaced ones."""
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "corrected": self.corrected,
            "rejected": self.rejected,
        }


def total_value(raw: Any) -> float:
    """A monthly total as sent: a finite, non-negative number, or ValueError saying why."""
    if isinstance(raw, bool):
        raise ValueError("value 数值须为数字 / value must be a number")
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON integer > 1e308
        raise ValueError(f"value 数值 {raw!r} 不是数字 / value {raw!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"value 数值 {raw!r} 须为非负有限数 / must be finite and non-negative")
    return number


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


@dataclass(frozen=True, slots=True)
class MonthCheck:
    """A stored monthly total and Σ of its point's stored daily rollups (日/月一致性)."""

    point: str
    unit: str
    month: datetime
    value: float
    daily_sum: float
    days: int  # local days of the month with a daily rollup
    #: |Σ daily − total| / total; 0 when both are 0, None when only the total is 0
    deviation: float | None
    finding: quality.Finding | None  # None: within the tolerance
    source: str
    received_by: str
    received_at: datetime
