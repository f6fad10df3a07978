"""Target status, computed and explained (pure: no database).

:func:`evaluate` takes a target (:class:`~carbonpeak.tracking.model.TargetSpec`), the current
values of its indicator and a date, and says achieved / on track / at risk / off track /
no data, with the numbers it used and why. The rules (tolerance of ``~``, the at-risk margin,
the default base year and trajectory) are data: ``tracking/data/status_default.yaml``, read
by :mod:`carbonpeak.tracking.statuses.rules`.

The steps, in order (each stops at the first that applies):

1. no value on or before ``as_of`` → **no data**;
2. a relative-change target (比2005年下降65%) without a base-year value → **no data**;
3. the latest value meets the target → **achieved** (also before the target year);
4. no target year → **at risk** (not met, nothing to measure progress against);
5. the latest value is for the target year or later and does not meet it → **off track**;
6. no base value → **at risk** (the trajectory cannot be drawn);
7. on or ahead of the trajectory at the latest value's date → **on track**; behind by at most
   ``at_risk_margin`` × |target − base| → **at risk**; further behind → **off track**.

>>> from datetime import date
>>> from carbonpeak.tracking.model import Observation, TargetSpec
>>> spec = TargetSpec(comparator=">=", value=30.0, year=2025, unit="%")
>>> obs = [Observation(date(2020, 12, 31), 20.0), Observation(date(2022, 12, 31), 24.0)]
>>> evaluate(spec, obs, as_of=date(2023, 6, 30)).status.value
'on_track'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Observation, Status, StatusResult, TargetSpec, Trajectory
from carbonpeak.tracking.statuses.rules import StatusRules, default_rules

COMPARATORS = (">=", ">", "<=", "<", "~", "=")


def year_end(year: int) -> date:
    return date(year, 12, 31)


def decimal_year(d: date) -> float:
    """``d`` as a year count where 31 December of Y is exactly Y + 1 (so that annual values
    sit on whole years whatever the leap days between them).

    >>> decimal_year(date(2024, 12, 31)), decimal_year(date(2023, 12, 31))
    (2025.0, 2024.0)
    """
    days = (date(d.year + 1, 1, 1) - date(d.year, 1, 1)).days
    return d.year + ((d - date(d.year, 1, 1)).days + 1) / days


def expected_value(
    trajectory: Trajectory, base: float, target: float, start: date, end: date, at: date
) -> float:
    """The value the trajectory expects at ``at`` (clipped to [start, end]).

    >>> expected_value(Trajectory.LINEAR, 10.0, 20.0, date(2020, 12, 31), date(2030, 12, 31),
    ...                date(2025, 12, 31))
    15.0
    """
    span = decimal_year(end) - decimal_year(start)
    frac = min(1.0, max(0.0, (decimal_year(at) - decimal_year(start)) / span)) if span > 0 else 1.0
    if trajectory == Trajectory.STEP:
        return target if frac >= 1.0 else base
    if trajectory == Trajectory.EXPONENTIAL and base > 0 and target > 0:
        return float(base * (target / base) ** frac)
    return base + (target - base) * frac


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "-"
    return f"{x:.4g}{(' ' + unit) if unit and unit != '%' else unit}"


def _eps(x: float) -> float:
    return 1e-9 * max(1.0, abs(x))


def tolerance(spec: TargetSpec, rules: StatusRules) -> float:
    """The band around a ``~`` target within which it counts as met (0 for other comparators)."""
    if spec.comparator != "~":
        return 0.0
    if spec.tolerance is not None:
        return spec.tolerance
    return max(rules.approx_relative * abs(spec.value), rules.approx_absolute)


def direction(spec: TargetSpec, base: float | None) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when unknown."""
    if spec.comparator in (">=", ">"):
        return 1
    if spec.comparator in ("<=", "<"):
        return -1
    if base is None or math.isclose(base, spec.value):
        return 0
    return 1 if spec.value > base else -1


def is_met(m: float, spec: TargetSpec, rules: StatusRules, sign: int) -> bool:
    """Whether the measured value ``m`` meets the target."""
    t = spec.value
    if spec.comparator == ">=":
        return m >= t - _eps(t)
    if spec.comparator == ">":
        return m > t
    if spec.comparator == "<=":
        return m <= t + _eps(t)
    if spec.comparator == "<":
        return m < t
    lo, hi = (t, spec.value_max) if spec.value_max is not None else (t, t)
    tol = tolerance(spec, rules)
    if lo - tol - _eps(lo) <= m <= hi + tol + _eps(hi):
        return True
    return rules.overshoot_is_met and ((sign > 0 and m > hi) or (sign < 0 and m < lo))


def _measure(spec: TargetSpec, value: float, base: float) -> float:
    """The percent change of ``value`` from ``base`` in the target's direction (下降 / 提高)."""
    change = (base - value) if spec.change == "decrease" else (value - base)
    return change / base * 100.0


def _base(
    spec: TargetSpec, obs: Sequence[Observation], rules: StatusRules
) -> tuple[int, Observation | None]:
    year = spec.base_year or rules.default_base_year
    if spec.base_value is not None:
        return year, Observation(year_end(year), spec.base_value)
    in_year = [o for o in obs if o.on.year == year]
    return year, (in_year[-1] if in_year else None)


@dataclass(frozen=True)
class Measured:
    """What a target's status is judged on: the latest value, the measured quantity (the
    level itself, or for a relative-change target the percent change from the base year), the
    base (year, observation, and its measured quantity) and which way is better (``sign``)."""

    latest: Observation
    measured: float
    base_year: int
    base: Observation | None
    base_measured: float | None
    sign: int
    unit: str


def _measure_latest(
    spec: TargetSpec, obs: Sequence[Observation], rules: StatusRules
) -> Measured | StatusResult:
    """The latest value measured against the base, or *no data* when a relative-change
    target has no (or a zero) base-year value."""
    latest = obs[-1]
    base_year, base_obs = _base(spec, obs, rules)
    base_m: float | None
    if spec.change:
        if base_obs is None or base_obs.value == 0:
            why = "缺失" if base_obs is None else "为零"
            return StatusResult(
                Status.NO_DATA,
                f"基期（{base_year}年）值{why}，无法计算变化幅度",
                f"the base-year ({base_year}) value is "
                f"{'missing' if base_obs is None else 'zero'}: the change cannot be computed",
                latest=latest,
            )
        measured = _measure(spec, latest.value, base_obs.value)
        base_m = 0.0
    else:
        measured = latest.value
        base_m = base_obs.value if base_obs else None
    unit = "%" if spec.change else spec.unit
    return Measured(latest, measured, base_year, base_obs, base_m, direction(spec, base_m), unit)


@dataclass(frozen=True)
class _Wording:
    """The bilingual pieces every explanation of one target's status starts from."""

    now_zh: str
    now_en: str
    goal_zh: str
    goal_en: str


def _wording(spec: TargetSpec, m: Measured) -> _Wording:
    what = "变化" if spec.change else "最新值"
    what_en = "change" if spec.change else "latest value"
    target_txt = _fmt(spec.value, m.unit) + (
        f"–{_fmt(spec.value_max, m.unit)}" if spec.value_max is not None else ""
    )
    return _Wording(
        now_zh=f"{what} {_fmt(m.measured, m.unit)}（{m.latest.on}）",
        now_en=f"{what_en} {_fmt(m.measured, m.unit)} ({m.latest.on})",
        goal_zh=f"目标 {spec.comparator} {target_txt}",
        goal_en=f"target {spec.comparator} {target_txt}",
    )


def _result(
    status: Status,
    zh: str,
    en: str,
    m: Measured,
    *,
    met: bool = False,
    expected: float | None = None,
    shortfall: float | None = None,
) -> StatusResult:
    return StatusResult(
        status,
        zh,
        en,
        latest=m.latest,
        measured=m.measured,
        expected=expected,
        base_value=m.base.value if m.base else None,
        base_on=m.base.on if m.base else None,
        met=met,
        shortfall=shortfall,
    )


def _without_trajectory(
    spec: TargetSpec, m: Measured, w: _Wording, rules: StatusRules
) -> StatusResult | None:
    """Steps 3–6: met, no target year, target year reached, no base; ``None`` when the
    trajectory decides."""
    if is_met(m.measured, spec, rules, m.sign):
        return _result(
            Status.ACHIEVED,
            f"{w.now_zh}，已达到{w.goal_zh}",
            f"{w.now_en} meets the {w.goal_en}",
            m,
            met=True,
        )
    if spec.year is None:
        return _result(
            Status.AT_RISK,
            f"{w.now_zh}，尚未达到{w.goal_zh}；目标未设年份，无法判断进度",
            f"{w.now_en} does not yet meet the {w.goal_en}; "
            "the target has no year to judge progress by",
            m,
        )
    if m.latest.on >= year_end(spec.year):
        return _result(
            Status.OFF_TRACK,
            f"{w.now_zh}，目标年 {spec.year} 已到，未达到{w.goal_zh}",
            f"{w.now_en}: the target year {spec.year} is reached and the {w.goal_en} is not met",
            m,
        )
    if m.base_measured is None or m.base is None or m.base.on >= year_end(spec.year):
        return _result(
            Status.AT_RISK,
            f"{w.now_zh}，尚未达到{w.goal_zh}；缺少基期（{m.base_year}年）值，无法计算进度轨迹",
            f"{w.now_en} does not yet meet the {w.goal_en}; no base value ({m.base_year}): "
            "the trajectory cannot be computed",
            m,
        )
    return None


def _behind(spec: TargetSpec, m: Measured, expected: float, rules: StatusRules) -> float:
    """How far the measured value is behind the trajectory, as a share of the planned change
    (of the tolerance band for a ``~`` target of unknown direction); ≤ 0 is on or ahead."""
    tol = tolerance(spec, rules)
    if m.sign == 0:
        shortfall = abs(m.measured - spec.value) - tol
        span = tol or abs(spec.value) or 1.0
    else:
        assert m.base_measured is not None
        shortfall = m.sign * (expected - m.measured) - tol
        span = abs(spec.value - m.base_measured) or abs(spec.value) or 1.0
    return shortfall / span


def _on_trajectory(spec: TargetSpec, m: Measured, w: _Wording, rules: StatusRules) -> StatusResult:
    """Step 7: on track, at risk or off track against the trajectory at the latest date."""
    assert spec.year is not None and m.base is not None and m.base_measured is not None
    expected = expected_value(
        spec.trajectory, m.base_measured, spec.value, m.base.on, year_end(spec.year), m.latest.on
    )
    ratio = _behind(spec, m, expected, rules)
    traj = {"linear": "线性", "step": "阶梯", "exponential": "等比"}[spec.trajectory.value]
    exp_zh = f"按{traj}轨迹应达 {_fmt(expected, m.unit)}"
    exp_en = f"the {spec.trajectory.value} trajectory expects {_fmt(expected, m.unit)}"
    now_zh, now_en = f"{w.now_zh}，{exp_zh}", f"{w.now_en}; {exp_en}"
    if ratio <= _eps(1.0):
        status, zh, en = (
            Status.ON_TRACK,
            f"{now_zh}，进度正常（{w.goal_zh}，{spec.year}年）",
            f"{now_en}: on track ({w.goal_en} in {spec.year})",
        )
    elif ratio <= rules.at_risk_margin:
        status, zh, en = (
            Status.AT_RISK,
            f"{now_zh}，落后计划变化量的 {ratio:.0%}，存在风险",
            f"{now_en}: behind by {ratio:.0%} of the planned change, at risk",
        )
    else:
        status, zh, en = (
            Status.OFF_TRACK,
            f"{now_zh}，落后计划变化量的 {ratio:.0%}，进度滞后",
            f"{now_en}: behind by {ratio:.0%} of the planned change, off track",
        )
    return _result(status, zh, en, m, expected=expected, shortfall=ratio)


def evaluate(
    spec: TargetSpec,
    observations: Sequence[Observation],
    *,
    as_of: date,
    rules: StatusRules | None = None,
) -> StatusResult:
    """The status of ``spec`` on ``as_of`` from the indicator's current ``observations``
    (the steps of the module docstring, in order)."""
    rules = rules or default_rules()
    if spec.comparator not in COMPARATORS:
        raise InputError(f"comparator: 未知比较符 unknown comparator {spec.comparator!r}")
    obs = sorted((o for o in observations if o.on <= as_of), key=lambda o: o.on)
    if not obs:
        return StatusResult(
            Status.NO_DATA,
            f"截至 {as_of} 尚无数值",
            f"no value on or before {as_of}",
        )
    m = _measure_latest(spec, obs, rules)
    if isinstance(m, StatusResult):
        return m
    w = _wording(spec, m)
    return _without_trajectory(spec, m, w, rules) or _on_trajectory(spec, m, w, rules)


def with_override(result: StatusResult, status: Status, reason: str, by: str) -> StatusResult:
    """``result`` replaced by a manual status, which always carries its reason and is shown as
    an override (the computed status is kept beside it)."""
    if not reason.strip():
        raise InputError("reason: 人工调整状态必须说明理由 / a manual status needs a reason")
    return StatusResult(
        status,
        f"人工认定为「{status.zh}」（{by}）：{reason}；计算结果为「{result.status.zh}」：{result.explanation_zh}",
        f"set manually to {status.value} by {by}: {reason}; computed: {result.status.value}: "
        f"{result.explanation_en}",
        latest=result.latest,
        measured=result.measured,
        expected=result.expected,
        base_value=result.base_value,
        base_on=result.base_on,
        met=result.met,
        shortfall=result.shortfall,
        overridden=True,
        computed_status=result.status,
        override_reason=reason,
    )
