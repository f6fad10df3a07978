"""Data-quality rules (数据质量) for monitoring data, as pure functions returning findings.

Thresholds, and which rules raise alerts, are data: ``data/quality_rules.csv`` (one row per
parameter, with its unit and source). The provincial platforms' rules come from
``shared/reference/china_standards.md`` 5.2 (completeness ≥ 90 % of expected uploads, daily vs
monthly deviation ≤ 5 %, daily data aligned to 00:00 within 1 min); spike, flat-line, stale and
late thresholds are this platform's defaults. :class:`Rules` defaults to the bundled file;
:func:`load_config` reads another file of the same shape.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity
from carbonpeak.monitoring.rollups.rollup import CST, CounterEvent, Segment, period_start

RULES_FILE = "quality_rules.csv"
#: Rules parameters and how their value is read: a ratio, a count, hours, or a time span.
_PARAMETERS: dict[str, str] = {
    "completeness_min": "ratio",
    "daily_monthly_tolerance": "ratio",
    "alignment_tolerance": "timedelta",
    "spike_factor": "ratio",
    "spike_min_samples": "count",
    "flatline_hours": "hours",
    "stale_hours": "hours",
    "late_hours": "hours",
    "future_tolerance": "timedelta",
}
_YES = {"yes": True, "y": True, "true": True, "1": True, "是": True}
_NO = {"no": False, "n": False, "false": False, "0": False, "否": False}


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule of the data file: whether its findings raise alerts, and where it comes from."""

    rule: str
    alert: bool
    source: str
    note: str = ""


def _parameter(name: str, value: str, unit: str, where: str) -> Any:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{where}: value 数值 {value!r} 不是数字 / is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise InputError(f"{where}: value 数值 {value!r} 须为非负 / must be non-negative")
    how = _PARAMETERS[name]
    if how in ("ratio", "count"):
        if unit:
            raise InputError(f"{where}: unit 单位 {unit!r}: {name} 无量纲 / is dimensionless")
        if how == "count":
            if number != int(number):
                raise InputError(f"{where}: value 数值 {value!r} 须为整数 / must be whole")
            return int(number)
        return number
    try:
        span = quantity(number, unit or "h").to("hour").magnitude
    except Exception as exc:  # pint: not a time unit
        raise InputError(f"{where}: unit 单位 {unit!r} 不是时间单位 / is not a time unit") from exc
    return timedelta(hours=span) if how == "timedelta" else float(span)


def parse_rules_table(text: str) -> tuple[dict[str, Any], dict[str, RuleSpec]]:
    """Parameters (by :class:`Rules` field) and rule specs of a quality-rules CSV text."""
    params: dict[str, Any] = {}
    specs: dict[str, RuleSpec] = {}
    reader = csv.DictReader(io.StringIO(text))
    for number, row in enumerate(reader, start=2):
        where = f"quality rules row 行 {number}"
        rule = (row.get("rule") or "").strip()
        if not rule:
            raise InputError(f"{where}: rule 规则为空 / rule is empty")
        flag = (row.get("alert") or "").strip().lower()
        if flag not in _YES and flag not in _NO:
            raise InputError(f"{where}: alert 预警 {flag!r} 应为 yes/no / must be yes or no")
        spec = RuleSpec(
            rule,
            _YES.get(flag, False),
            (row.get("source") or "").strip(),
            (row.get("note") or "").strip(),
        )
        if not spec.source:
            raise InputError(f"{where}: source 来源为空 / every rule needs its source")
        if rule in specs and specs[rule].alert != spec.alert:
            raise InputError(f"{where}: alert 预警 与上文 {rule} 不一致 / differs for rule {rule}")
        specs.setdefault(rule, spec)
        name = (row.get("parameter") or "").strip()
        if not name:
            continue
        if name not in _PARAMETERS:
            raise InputError(
                f"{where}: parameter 参数 {name!r} 未知 / unknown (one of {', '.join(_PARAMETERS)})"
            )
        if name in params:
            raise InputError(f"{where}: parameter 参数 {name} 重复 / given twice")
        params[name] = _parameter(
            name, (row.get("value") or "").strip(), (row.get("unit") or "").strip(), where
        )
    missing = [n for n in _PARAMETERS if n not in params]
    if missing:
        raise InputError(f"quality rules: 缺少参数 / missing parameters {', '.join(missing)}")
    return params, specs


_BUNDLED = (resources.files("carbonpeak.monitoring") / "data" / RULES_FILE).read_text("utf-8")
_DEFAULT_PARAMS, _DEFAULT_SPECS = parse_rules_table(_BUNDLED)


@dataclass(frozen=True, slots=True)
class Rules:
    """Thresholds of the rules; defaults from the bundled ``data/quality_rules.csv``."""

    completeness_min: float = _DEFAULT_PARAMS["completeness_min"]
    daily_monthly_tolerance: float = _DEFAULT_PARAMS["daily_monthly_tolerance"]
    alignment_tolerance: timedelta = _DEFAULT_PARAMS["alignment_tolerance"]
    spike_factor: float = _DEFAULT_PARAMS["spike_factor"]
    spike_min_samples: int = _DEFAULT_PARAMS["spike_min_samples"]
    flatline_hours: float = _DEFAULT_PARAMS["flatline_hours"]
    stale_hours: float = _DEFAULT_PARAMS["stale_hours"]
    late_hours: float = _DEFAULT_PARAMS["late_hours"]
    #: readings stamped further ahead of the receiving clock are refused at ingestion
    future_tolerance: timedelta = _DEFAULT_PARAMS["future_tolerance"]


@dataclass(frozen=True, slots=True)
class Config:
    """Thresholds plus, per rule, whether its findings raise alerts (and the rule's source)."""

    rules: Rules = field(default_factory=Rules)
    specs: Mapping[str, RuleSpec] = field(default_factory=lambda: dict(_DEFAULT_SPECS))

    def alerts(self, rule: str) -> bool:
        """Whether findings of ``rule`` raise alerts; a rule not in the file does not."""
        spec = self.specs.get(rule)
        return spec is not None and spec.alert


def load_config(path: Path | None = None) -> Config:
    """The bundled rules file, or ``path`` (same columns), as a :class:`Config`."""
    if path is None:
        return Config()
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise InputError(f"无法读取 cannot read quality rules {path}: {exc.strerror}") from None
    params, specs = parse_rules_table(text)
    return Config(Rules(**params), specs)


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


def negative(point: str, readings: Sequence[tuple[datetime, float]]) -> list[Finding]:
    """Stored values that cannot be: negative or not finite (ingestion rejects them; this
    catches any that reached the table another way)."""
    return [
        Finding(
            "negative",
            point,
            ts,
            ts,
            f"不可能的数值 {value:g} / impossible value {value:g} (negative or not finite)",
        )
        for ts, value in readings
        if not math.isfinite(value) or value < 0
    ]


def refused(
    point: str, rows: Sequence[tuple[datetime, str]], *, start: datetime, end: datetime
) -> list[Finding]:
    """Impossible values of ``point`` refused at ingestion (kept by
    :mod:`carbonpeak.monitoring.rejected`), as (time label, value as sent): one ``negative``
    finding per local day, with the count and the day's earliest value as an example. A finding
    spans its day cut to [start, end), so a rerun over the same range replaces it."""
    per_day: dict[datetime, list[tuple[datetime, str]]] = defaultdict(list)
    for ts, text in rows:
        per_day[period_start(ts, "day")].append((ts, text))
    out = []
    for day, got in sorted(per_day.items()):
        ts, example = min(got, key=lambda r: r[0])
        at = ts.astimezone(CST).isoformat()
        out.append(
            Finding(
                "negative",
                point,
                max(day, start),
                min(day + timedelta(days=1), end),
                f"拒收 {len(got)} 个不可能的数值（如 {at} 的 {example}） / {len(got)} impossible "
                f"value(s) refused at ingestion (e.g. {example} at {at})",
            )
        )
    return out


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
