"""Target status, computed and explained (pure: no database).

:func:`evaluate` takes a target (:class:`~carbonpeak.tracking.model.TargetSpec`), the current
values of its indicator and a date, and says achieved / on track / at risk / off track /
no data, with the numbers it used and why. The rules (tolerance of ``~``, the at-risk margin,
the default base year and trajectory) are data: ``tracking/data/status_default.yaml``.

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
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Observation, Status, StatusResult, TargetSpec, Trajectory

COMPARATORS = (">=", ">", "<=", "<", "~", "=")


@dataclass(frozen=True)
class StatusRules:
    """The rules of :func:`evaluate`; see ``tracking/data/status_default.yaml``."""

    name: str = "default"
    approx_relative: float = 0.05
    approx_absolute: float = 0.0
    overshoot_is_met: bool = True
    at_risk_margin: float = 0.10
    default_base_year: int = 2020
    default_trajectory: Trajectory = Trajectory.LINEAR


def rules_from_dict(data: dict[str, Any], *, source: str = "rules") -> StatusRules:
    """Status rules from parsed YAML; unknown or ill-typed keys are errors naming the key."""
    known = {"name", "approx", "at_risk_margin", "default_base_year", "default_trajectory"}
    extra = sorted(set(data) - known)
    if extra:
        raise InputError(f"{source}: 未知配置项 unknown keys {extra}; allowed: {sorted(known)}")
    approx = data.get("approx") or {}
    try:
        rules = StatusRules(
            name=str(data.get("name", "default")),
            approx_relative=float(approx.get("relative", 0.05)),
            approx_absolute=float(approx.get("absolute", 0.0)),
            overshoot_is_met=bool(approx.get("overshoot_is_met", True)),
            at_risk_margin=float(data.get("at_risk_margin", 0.10)),
            default_base_year=int(data.get("default_base_year", 2020)),
            default_trajectory=Trajectory(data.get("default_trajectory", "linear")),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"{source}: 配置值无效 / invalid value: {exc}") from exc
    if not 0 <= rules.at_risk_margin <= 1:
        raise InputError(f"{source}, at_risk_margin: 应在 0 到 1 之间 / must be within 0..1")
    return rules


@lru_cache(maxsize=1)
def default_rules() -> StatusRules:
    text = (resources.files("carbonpeak.tracking") / "data" / "status_default.yaml").read_text(
        encoding="utf-8"
    )
    return rules_from_dict(yaml.safe_load(text), source="status_default.yaml")


def load_rules(path: Path | None) -> StatusRules:
    if path is None:
        return default_rules()
    return rules_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))


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


def evaluate(
    spec: TargetSpec,
    observations: Sequence[Observation],
    *,
    as_of: date,
    rules: StatusRules | None = None,
) -> StatusResult:
    """The status of ``spec`` on ``as_of`` from the indicator's current ``observations``."""
    rules = rules or default_rules()
    if spec.comparator not in COMPARATORS:
        raise InputError(f"comparator: 未知比较符 unknown comparator {spec.comparator!r}")
    obs = sorted((o for o in observations if o.on <= as_of), key=lambda o: o.on)
    unit = "%" if spec.change else spec.unit
    if not obs:
        return StatusResult(
            Status.NO_DATA,
            f"截至 {as_of} 尚无数值",
            f"no value on or before {as_of}",
        )
    latest = obs[-1]
    base_year, base_obs = _base(spec, obs, rules)
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
        base_m: float | None = 0.0
    else:
        measured = latest.value
        base_m = base_obs.value if base_obs else None
    sign = direction(spec, base_m)
    common: dict[str, Any] = {
        "latest": latest,
        "measured": measured,
        "base_value": base_obs.value if base_obs else None,
        "base_on": base_obs.on if base_obs else None,
    }
    what = "变化" if spec.change else "最新值"
    what_en = "change" if spec.change else "latest value"
    now_zh = f"{what} {_fmt(measured, unit)}（{latest.on}）"
    now_en = f"{what_en} {_fmt(measured, unit)} ({latest.on})"
    target_txt = _fmt(spec.value, unit) + (
        f"–{_fmt(spec.value_max, unit)}" if spec.value_max is not None else ""
    )
    goal = f"目标 {spec.comparator} {target_txt}"
    goal_en = f"target {spec.comparator} {target_txt}"
    if is_met(measured, spec, rules, sign):
        return StatusResult(
            Status.ACHIEVED,
            f"{now_zh}，已达到{goal}",
            f"{now_en} meets the {goal_en}",
            met=True,
            **common,
        )
    if spec.year is None:
        return StatusResult(
            Status.AT_RISK,
            f"{now_zh}，尚未达到{goal}；目标未设年份，无法判断进度",
            f"{now_en} does not yet meet the {goal_en}; "
            "the target has no year to judge progress by",
            **common,
        )
    end = year_end(spec.year)
    if latest.on >= end:
        return StatusResult(
            Status.OFF_TRACK,
            f"{now_zh}，目标年 {spec.year} 已到，未达到{goal}",
            f"{now_en}: the target year {spec.year} is reached and the {goal_en} is not met",
            **common,
        )
    if base_m is None or base_obs is None or base_obs.on >= end:
        return StatusResult(
            Status.AT_RISK,
            f"{now_zh}，尚未达到{goal}；缺少基期（{base_year}年）值，无法计算进度轨迹",
            f"{now_en} does not yet meet the {goal_en}; no base value ({base_year}): "
            "the trajectory cannot be computed",
            **common,
        )
    expected = expected_value(spec.trajectory, base_m, spec.value, base_obs.on, end, latest.on)
    tol = tolerance(spec, rules)
    if sign == 0:
        shortfall = abs(measured - spec.value) - tol
        span = tol or abs(spec.value) or 1.0
    else:
        shortfall = sign * (expected - measured) - tol
        span = abs(spec.value - base_m) or abs(spec.value) or 1.0
    ratio = shortfall / span
    traj = {"linear": "线性", "step": "阶梯", "exponential": "等比"}[spec.trajectory.value]
    exp_zh = f"按{traj}轨迹应达 {_fmt(expected, unit)}"
    exp_en = f"the {spec.trajectory.value} trajectory expects {_fmt(expected, unit)}"
    common.update(expected=expected, shortfall=ratio)
    if ratio <= _eps(1.0):
        return StatusResult(
            Status.ON_TRACK,
            f"{now_zh}，{exp_zh}，进度正常（{goal}，{spec.year}年）",
            f"{now_en}; {exp_en}: on track ({goal_en} in {spec.year})",
            **common,
        )
    behind = f"{ratio:.0%}"
    if ratio <= rules.at_risk_margin:
        return StatusResult(
            Status.AT_RISK,
            f"{now_zh}，{exp_zh}，落后计划变化量的 {behind}，存在风险",
            f"{now_en}; {exp_en}: behind by {behind} of the planned change, at risk",
            **common,
        )
    return StatusResult(
        Status.OFF_TRACK,
        f"{now_zh}，{exp_zh}，落后计划变化量的 {behind}，进度滞后",
        f"{now_en}; {exp_en}: behind by {behind} of the planned change, off track",
        **common,
    )


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
