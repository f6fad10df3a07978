"""Data-quality rules (数据质量) for monitoring data, as pure functions returning findings.

Thresholds are the provincial platforms' rules as recorded in
``shared/reference/china_standards.md`` 5.2 (completeness ≥ 90 % of expected uploads, daily vs
monthly deviation ≤ 5 %, daily data aligned to 00:00 within 1 min); spike, flat-line and stale
thresholds are this platform's defaults, settable in :class:`Rules`.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from carbonpeak.monitoring.rollup import CST, CounterEvent, Segment, period_start


@dataclass(frozen=True, slots=True)
class Rules:
    completeness_min: float = 0.90  # actual / expected uploads per day (provincial rule)
    daily_monthly_tolerance: float = 0.05  # |Σ daily − monthly| / monthly (provincial rule)
    alignment_tolerance: timedelta = timedelta(minutes=1)  # time label vs the grid
    spike_factor: float = 10.0  # amount > factor × median amount of the point (platform default)
    spike_min_samples: int = 8
    flatline_hours: float = 24.0  # a counter unchanged this long (platform default)
    stale_hours: float = 6.0  # no data from an endpoint this long (platform default)
    late_hours: float = 24.0  # received this long after its time label (platform default)


@dataclass(frozen=True, slots=True)
class Finding:
    """One quality finding about one point (or enterprise) over [start, end)."""

    rule: str
    subject: str
    start: datetime
    end: datetime
    detail: str


def completeness(
    point: str, stamps: Sequence[datetime], *, minutes: int, days: Sequence[datetime], rules: Rules
) -> tuple[dict[datetime, float], list[Finding]]:
    """Share of expected uploads received per local day (``days``: day starts, UTC instants)."""
    expected = 24 * 60 / minutes
    per_day: dict[datetime, set[datetime]] = defaultdict(set)
    for ts in stamps:
        per_day[period_start(ts, "day")].add(ts)
    ratios: dict[datetime, float] = {}
    findings = []
    for day in days:
        ratio = min(1.0, len(per_day.get(day, ())) / expected)
        ratios[day] = ratio
        if ratio < rules.completeness_min:
            findings.append(
                Finding(
                    "completeness",
                    point,
                    day,
                    day + timedelta(days=1),
                    f"完整率 {ratio:.1%} < {rules.completeness_min:.0%} / completeness "
                    f"{ratio:.1%} below {rules.completeness_min:.0%} "
                    f"({len(per_day.get(day, ()))} of {expected:g} expected)",
                )
            )
    return ratios, findings


def daily_vs_monthly(
    subject: str,
    month: datetime,
    daily: Mapping[datetime, float],
    monthly: float,
    *,
    rules: Rules,
    month_end: datetime,
) -> Finding | None:
    """Σ daily totals of the month vs the month's reported total: finding if > tolerance."""
    total = math.fsum(v for d, v in daily.items() if month <= d < month_end)
    if monthly == 0:
        if total == 0:
            return None
        deviation = math.inf
    else:
        deviation = abs(total - monthly) / abs(monthly)
    if deviation <= rules.daily_monthly_tolerance:
        return None
    return Finding(
        "daily_monthly",
        subject,
        month,
        month_end,
        f"日数据合计 {total:g} 与月数据 {monthly:g} 偏差 {deviation:.1%} > "
        f"{rules.daily_monthly_tolerance:.0%} / sum of daily {total:g} deviates from monthly "
        f"{monthly:g} by {deviation:.1%}",
    )


def gaps(point: str, stamps: Sequence[datetime], *, minutes: int) -> list[Finding]:
    """Missing uploads between consecutive (sorted) time labels."""
    step = timedelta(minutes=minutes)
    out = []
    for a, b in pairwise(stamps):
        if b - a > step:
            missing = round((b - a) / step) - 1
            out.append(
                Finding(
                    "gap",
                    point,
                    a + step,
                    b,
                    f"缺少 {missing} 个数据 / {missing} uploads missing",
                )
            )
    return out


def misaligned(
    point: str, stamps: Sequence[datetime], *, minutes: int, rules: Rules
) -> list[Finding]:
    """Time labels off the reporting grid (multiples of ``minutes`` from local midnight)."""
    step = timedelta(minutes=minutes)
    out = []
    for ts in stamps:
        offset = (ts - period_start(ts, "day")) % step
        off = min(offset, step - offset)
        if off > rules.alignment_tolerance:
            out.append(
                Finding(
                    "alignment",
                    point,
                    ts,
                    ts,
                    f"时标 {ts.astimezone(CST).isoformat()} 偏离 {off.total_seconds():g} s / "
                    f"time label off the {minutes}-minute grid by {off.total_seconds():g} s",
                )
            )
    return out


_EVENT_ZH = {"rollover": "翻转", "reset": "换表/清零"}


def counter_events(point: str, events: Sequence[CounterEvent]) -> list[Finding]:
    """Every counter decrease (rollover or reset) is a finding to look at."""
    return [
        Finding(
            f"counter_{e.kind}",
            point,
            e.ts,
            e.ts,
            f"累计值由 {e.previous:g} 降至 {e.value:g}，按{_EVENT_ZH[e.kind]}计 {e.delta:g} / "
            f"counter fell from {e.previous:g} to {e.value:g}: read as "
            f"{e.kind}, delta {e.delta:g}",
        )
        for e in events
    ]


def spikes(point: str, segments: Sequence[Segment], *, rules: Rules) -> list[Finding]:
    """Amounts per unit time above ``spike_factor`` × the point's median rate."""
    rates = [
        s.amount / ((s.end - s.start).total_seconds() or math.inf)
        for s in segments
        if s.end > s.start
    ]
    if len(rates) < rules.spike_min_samples:
        return []
    median = statistics.median(rates)
    if median <= 0:
        return []
    return [
        Finding(
            "spike",
            point,
            s.start,
            s.end,
            f"突增：速率为中位数的 {rate / median:.1f} 倍 / "
            f"spike: rate {rate / median:.1f}× median",
        )
        for s, rate in zip(segments, rates, strict=True)
        if rate > rules.spike_factor * median
    ]


def flatlines(
    point: str, readings: Sequence[tuple[datetime, float]], *, kind: str, rules: Rules
) -> list[Finding]:
    """The same value reported for ``flatline_hours`` or longer (a stuck meter or gateway)."""
    out = []
    limit = timedelta(hours=rules.flatline_hours)
    i = 0
    while i < len(readings):
        j = i
        while j + 1 < len(readings) and readings[j + 1][1] == readings[i][1]:
            j += 1
        span = readings[j][0] - readings[i][0]
        stuck = kind == "counter" or readings[i][1] != 0
        if stuck and span >= limit:
            out.append(
                Finding(
                    "flatline",
                    point,
                    readings[i][0],
                    readings[j][0],
                    f"数值 {readings[i][1]:g} 持续 {span.total_seconds() / 3600:g} 小时不变 / "
                    f"value {readings[i][1]:g} unchanged for {span.total_seconds() / 3600:g} h",
                )
            )
        i = j + 1
    return out


def stale(subject: str, last: datetime | None, *, now: datetime, rules: Rules) -> Finding | None:
    """No data for ``stale_hours``: the endpoint (端系统) is silent."""
    if last is not None and now - last < timedelta(hours=rules.stale_hours):
        return None
    since = last.isoformat() if last else "never"
    return Finding(
        "stale",
        subject,
        last or now,
        now,
        f"超过 {rules.stale_hours:g} 小时无数据（最后 {since}） / no data for "
        f"{rules.stale_hours:g} h (last {since})",
    )


def late(
    point: str, received: Sequence[tuple[datetime, datetime]], *, rules: Rules
) -> list[Finding]:
    """Readings (ts, received_at) that arrived more than ``late_hours`` after their label."""
    limit = timedelta(hours=rules.late_hours)
    return [
        Finding(
            "late",
            point,
            ts,
            got,
            f"迟到 {(got - ts).total_seconds() / 3600:.1f} 小时 / arrived "
            f"{(got - ts).total_seconds() / 3600:.1f} h late",
        )
        for ts, got in received
        if got - ts > limit
    ]
