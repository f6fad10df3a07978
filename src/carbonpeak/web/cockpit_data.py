"""What the leaders' cockpit (领导驾驶舱) shows, gathered from the overview's figures, the
tracking statuses and warnings: the headline targets as traffic lights (latest value, trend),
territorial CO2 since 2005 with the plan scenario's projection chained onto the latest actual
year (its Monte Carlo p5–p95 band scaled the same way), the districts (map values, ranking),
the five warnings that matter most by kind, and how many tracked figures are published
statistics rather than illustrative.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carbonpeak.plan.orm import TargetRow
from carbonpeak.scenarios import ScenarioRun
from carbonpeak.tracking import TargetStatus
from carbonpeak.tracking.orm import EarlyWarningRow
from carbonpeak.web.i18n import N_

#: Traffic-light colour of each status.
LIGHTS = {
    "achieved": "green",
    "on_track": "green",
    "at_risk": "amber",
    "off_track": "red",
    "no_data": "grey",
}
#: Warning kinds by how much they matter to the leaders (worst first), with their labels.
WARNING_KINDS: tuple[tuple[str, str], ...] = (
    ("status_off_track", N_("Targets off track")),
    ("status_at_risk", N_("Targets at risk")),
    ("report_overdue", N_("Progress reports overdue")),
    ("value_overdue", N_("Indicator values overdue")),
)
SHOWN_WARNINGS = 5
#: Where the English half of a bilingual warning starts (" / target warning: ...").
_ENGLISH_HALF = re.compile(r" / (?=[a-z][a-z ]+:)")


@dataclass(frozen=True)
class Light:
    target: TargetRow
    status: str
    colour: str
    latest: float | None
    latest_year: int | None
    #: "up", "down", "flat" (the last two values), or None with fewer than two.
    trend: str | None
    illustrative: bool


def lights(
    headline: Iterable[TargetRow],
    statuses: Iterable[TargetStatus],
    history: dict[int, list[float]],
) -> list[Light]:
    """One light per headline target that is tracked (``history``: indicator id → its
    current values by date)."""
    by_key = {s.target.key: s for s in statuses}
    out = []
    for t in headline:
        s = by_key.get(t.key)
        if s is None:
            continue
        values = history.get(s.indicator.id, [])
        trend = None
        if len(values) >= 2:
            a, b = values[-2], values[-1]
            trend = "flat" if abs(b - a) <= 1e-9 * max(1.0, abs(a)) else ("up" if b > a else "down")
        latest = s.result.latest
        out.append(
            Light(
                t,
                s.result.status.value,
                LIGHTS[s.result.status.value],
                latest.value if latest else None,
                latest.on.year if latest else None,
                trend,
                s.illustrative,
            )
        )
    return out


def chain(
    actual: Sequence[tuple[int, float | None]], years: Sequence[int], path: Sequence[float]
) -> list[tuple[int, float]]:
    """``path`` (by ``years``) from the latest actual year on, scaled to start at the actual
    value; empty when ``years`` do not reach that year.

    >>> chain([(2023, 90.0), (2024, 120.0)], [2020, 2024, 2025], [80.0, 100.0, 110.0])
    [(2024, 120.0), (2025, 132.0)]
    """
    known = [(y, v) for y, v in actual if v is not None]
    if not known or known[-1][0] not in years:
        return []
    year, value = known[-1]
    i = list(years).index(year)
    if not path[i]:
        return []
    k = value / path[i]
    return [(y, round(v * k, 6)) for y, v in zip(years[i:], path[i:], strict=True)]


def chained_projection(
    actual: Sequence[tuple[int, float | None]], run: ScenarioRun
) -> tuple[list[tuple[int, float]], list[tuple[int, float, float]]]:
    """The scenario path from the latest actual year on, scaled so that it starts at the
    actual value (the scenario's growth applied to the latest observation), and its p5–p95
    band scaled alike; empty when the run does not cover that year.

    A run whose base year is 2020 and whose path says 100 → 110 for 2024 → 2025, chained on an
    actual 2024 value of 120, gives 120 → 132.
    """
    known = [(y, v) for y, v in actual if v is not None]
    if not known:
        return [], []
    year, value = known[-1]
    if year not in run.years:
        return [], []
    i = run.years.index(year)
    base = run.emissions_t[i]
    if not base:
        return [], []
    k = value / base
    path = [(y, v * k) for y, v in zip(run.years[i:], run.emissions_t[i:], strict=True)]
    band: list[tuple[int, float, float]] = []
    mc = run.montecarlo
    if mc is not None and "p5" in mc.fan and year in mc.years:
        j = mc.years.index(year)
        mid = mc.fan["p50"][j] or base
        kb = value / mid
        band = [
            (y, lo * kb, hi * kb)
            for y, lo, hi in zip(mc.years[j:], mc.fan["p5"][j:], mc.fan["p95"][j:], strict=True)
        ]
    return path, band


@dataclass(frozen=True)
class DistrictRow:
    code: str
    name: str
    value_t: float | None
    previous_t: float | None

    @property
    def change_pct(self) -> float | None:
        if self.value_t is None or not self.previous_t:
            return None
        return (self.value_t / self.previous_t - 1) * 100


def ranking(rows: Iterable[DistrictRow]) -> list[DistrictRow]:
    """Highest emissions first; districts without a value last."""
    return sorted(rows, key=lambda r: (r.value_t is None, -(r.value_t or 0.0), r.code))


def chinese_half(message: str) -> str:
    """The Chinese half of a bilingual warning ("中文 / English").

    >>> chinese_half("报告逾期：任务 1 进展报告应于 2025-01-31 前提交 / report overdue: x")
    '报告逾期：任务 1 进展报告应于 2025-01-31 前提交'
    """
    return _ENGLISH_HALF.split(message, maxsplit=1)[0]


def warning_text(message: str, lang: str) -> str:
    """The half of a bilingual warning in the page's language.

    >>> warning_text("报告逾期：任务 1 / report overdue: task 1", "en")
    'report overdue: task 1'
    """
    parts = _ENGLISH_HALF.split(message, maxsplit=1)
    return parts[0] if lang == "zh" or len(parts) == 1 else parts[1]


def first_sentence(text: str) -> str:
    """What a warning says before its explanation (up to the first 。).

    >>> first_sentence("目标预警：甲由「无」变为「进度滞后」。最新值 8.3 万亩")
    '目标预警：甲由「无」变为「进度滞后」'
    """
    return text.split("。", 1)[0]


@dataclass
class WarningGroup:
    kind: str
    label: str
    count: int
    shown: list[EarlyWarningRow] = field(default_factory=list)


def top_warnings(
    warnings: Iterable[EarlyWarningRow], limit: int = SHOWN_WARNINGS
) -> list[WarningGroup]:
    """The ``limit`` warnings that matter most, grouped by kind (worst kind first, newest
    first within a kind); every group keeps its full count."""
    rows = sorted(warnings, key=lambda w: w.raised_at, reverse=True)
    counts = Counter(w.kind for w in rows)
    order = [k for k, _ in WARNING_KINDS] + sorted(set(counts) - {k for k, _ in WARNING_KINDS})
    labels = dict(WARNING_KINDS)
    groups, left = [], limit
    for kind in order:
        if not counts.get(kind):
            continue
        group = WarningGroup(kind, labels.get(kind, N_("Other warnings")), counts[kind])
        group.shown = [w for w in rows if w.kind == kind][: max(0, left)]
        left -= len(group.shown)
        groups.append(group)
    return groups


def published_share(statuses: Iterable[TargetStatus]) -> tuple[int, int]:
    """(published, illustrative) among the tracked targets that have a value."""
    with_value = [s for s in statuses if s.result.latest is not None]
    shown = sum(1 for s in with_value if s.illustrative)
    return len(with_value) - shown, shown
