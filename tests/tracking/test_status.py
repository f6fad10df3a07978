"""Target status, computed and explained: every comparator and the edge cases, with the
expected values worked out by hand in each test (annual values dated 31 December; the
trajectory runs on whole years: 31 Dec of Y is year Y + 1)."""

from __future__ import annotations

from datetime import date

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Observation, Status, TargetSpec, Trajectory
from carbonpeak.tracking.statuses.rules import StatusRules, rules_from_dict
from carbonpeak.tracking.statuses.status import evaluate, expected_value, with_override

RULES = StatusRules()  # ~ within 5 % of the target; at risk up to 10 % of the planned change
AS_OF = date(2024, 12, 31)


def obs(*pairs: tuple[int, float]) -> list[Observation]:
    return [Observation(date(y, 12, 31), v) for y, v in pairs]


def spec(comparator: str, value: float, **kw: object) -> TargetSpec:
    return TargetSpec(comparator=comparator, value=value, year=2025, unit="%", **kw)  # type: ignore[arg-type]


def test_no_value_is_no_data() -> None:
    r = evaluate(spec(">=", 30), [], as_of=AS_OF, rules=RULES)
    assert r.status == Status.NO_DATA and "尚无数值" in r.explanation_zh
    # values after the as-of date do not count
    r = evaluate(spec(">=", 30), obs((2025, 40)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.NO_DATA


def test_greater_equal_on_track_at_risk_off_track() -> None:
    # base 2020 = 20, target 30 in 2025: the line expects 20 + 10 * 4/5 = 28 at the end of 2024
    s = spec(">=", 30)
    on = evaluate(s, obs((2020, 20), (2024, 28.5)), as_of=AS_OF, rules=RULES)
    assert on.status == Status.ON_TRACK
    assert on.expected == pytest.approx(20 + 10 * 4 / 5)
    # 27.5: behind by 0.5 of a planned change of 10 = 5 % -> at risk (<= 10 %)
    risk = evaluate(s, obs((2020, 20), (2024, 27.5)), as_of=AS_OF, rules=RULES)
    assert risk.status == Status.AT_RISK
    assert risk.shortfall == pytest.approx(0.5 / 10)
    # 26: behind by 2 of 10 = 20 % -> off track
    off = evaluate(s, obs((2020, 20), (2024, 26)), as_of=AS_OF, rules=RULES)
    assert off.status == Status.OFF_TRACK and "20%" in off.explanation_zh


def test_value_exactly_on_the_trajectory_is_on_track() -> None:
    # 2020 -> 2025 over five whole years, despite the leap days of 2024
    r = evaluate(spec(">=", 30), obs((2020, 20), (2024, 28)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ON_TRACK
    assert r.expected == pytest.approx(28.0)


def test_target_already_met_is_achieved_before_the_target_year() -> None:
    r = evaluate(spec(">=", 30), obs((2020, 20), (2022, 31)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ACHIEVED and r.met
    assert r.latest == Observation(date(2022, 12, 31), 31)
    # met exactly (floating point) counts as met
    r = evaluate(spec(">=", 0.3), obs((2023, 0.1 + 0.2)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ACHIEVED


def test_less_equal() -> None:
    # 漏风率 <= 40: base 60, line expects 60 - 20 * 4/5 = 44 at the end of 2024
    s = spec("<=", 40)
    assert evaluate(s, obs((2020, 60), (2024, 43)), as_of=AS_OF, rules=RULES).status == (
        Status.ON_TRACK
    )
    assert evaluate(s, obs((2020, 60), (2024, 45)), as_of=AS_OF, rules=RULES).status == (
        Status.AT_RISK  # behind by 1 of 20 = 5 %
    )
    assert evaluate(s, obs((2020, 60), (2024, 50)), as_of=AS_OF, rules=RULES).status == (
        Status.OFF_TRACK  # behind by 6 of 20 = 30 %
    )
    assert evaluate(s, obs((2020, 60), (2024, 40)), as_of=AS_OF, rules=RULES).status == (
        Status.ACHIEVED
    )


def test_strict_comparators() -> None:
    assert evaluate(spec(">", 30), obs((2024, 30)), as_of=AS_OF, rules=RULES).status != (
        Status.ACHIEVED
    )
    assert evaluate(spec("<", 30), obs((2024, 29.9)), as_of=AS_OF, rules=RULES).status == (
        Status.ACHIEVED
    )


def test_approximately_with_tolerance() -> None:
    # 煤电装机容量 ~1300: within 5 % (65) counts as met
    s = spec("~", 1300)
    assert evaluate(s, obs((2024, 1240)), as_of=AS_OF, rules=RULES).status == Status.ACHIEVED
    # 1230 from a base of 1000: expected 1000 + 300 * 4/5 = 1240; shortfall (1240 - 1230) - 65
    # is negative -> on track
    r = evaluate(s, obs((2020, 1000), (2024, 1230)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ON_TRACK
    # a link's own absolute tolerance replaces the relative one: 10 -> 1240 is not met
    tight = spec("~", 1300, tolerance=10.0)
    r = evaluate(tight, obs((2020, 1000), (2024, 1240)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ON_TRACK and not r.met
    # overshoot in the direction of travel is met (23 % against "20 % 左右" from 15 %)
    r = evaluate(spec("~", 20), obs((2020, 15), (2024, 23)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.ACHIEVED


def test_range_target() -> None:
    s = TargetSpec(comparator="=", value=1, value_max=2, year=None, unit="个")
    assert evaluate(s, obs((2024, 2)), as_of=AS_OF, rules=RULES).status == Status.ACHIEVED
    # no target year and not met: at risk, and it says why
    r = evaluate(s, obs((2024, 0)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.AT_RISK and "未设年份" in r.explanation_zh


def test_no_base_value_is_at_risk_with_the_reason() -> None:
    # only a 2023 value: no value for the default base year 2020, no trajectory
    r = evaluate(spec(">=", 30), obs((2023, 25)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.AT_RISK
    assert "缺少基期" in r.explanation_zh and "no base value" in r.explanation_en
    # a base value set on the link is used instead of the series
    r = evaluate(spec(">=", 30, base_value=20.0), obs((2023, 27)), as_of=AS_OF, rules=RULES)
    # expected at the end of 2023: 20 + 10 * 3/5 = 26 -> on track
    assert r.status == Status.ON_TRACK and r.expected == pytest.approx(26.0)


def test_target_year_over_and_not_met_is_off_track() -> None:
    r = evaluate(spec(">=", 30), obs((2020, 20), (2025, 29)), as_of=date(2026, 6, 30))
    assert r.status == Status.OFF_TRACK and "目标年 2025 已到" in r.explanation_zh


def test_relative_change_target() -> None:
    # 单位GDP二氧化碳排放比2005年下降65% by 2030: 2005 = 5.0, 2024 = 2.0 -> down 60 %
    s = TargetSpec(
        comparator=">=", value=65, year=2030, change="decrease", base_year=2005, unit="t/万元"
    )
    r = evaluate(s, obs((2005, 5.0), (2024, 2.0)), as_of=AS_OF, rules=RULES)
    assert r.measured == pytest.approx((5.0 - 2.0) / 5.0 * 100)
    # the line from 0 % (end of 2005) to 65 % (end of 2030) expects 65 * 19/25 = 49.4 % at the
    # end of 2024
    assert r.expected == pytest.approx(65 * 19 / 25)
    assert r.status == Status.ON_TRACK
    # without the base-year value the change cannot be computed: no data, with the reason
    r = evaluate(s, obs((2024, 2.0)), as_of=AS_OF, rules=RULES)
    assert r.status == Status.NO_DATA and "2005" in r.explanation_zh


def test_step_and_exponential_trajectories() -> None:
    start, end = date(2020, 12, 31), date(2025, 12, 31)
    assert expected_value(Trajectory.STEP, 20, 30, start, end, date(2024, 12, 31)) == 20
    assert expected_value(Trajectory.STEP, 20, 30, start, end, end) == 30
    # constant rate: 10 -> 40 over 4 years doubles every 2 years: 20 after 2
    e = expected_value(
        Trajectory.EXPONENTIAL, 10, 40, start, date(2024, 12, 31), date(2022, 12, 31)
    )
    assert e == pytest.approx(20.0)
    s = spec(">=", 30, trajectory=Trajectory.STEP)
    assert evaluate(s, obs((2020, 20), (2024, 21)), as_of=AS_OF).status == Status.ON_TRACK


def test_manual_override_needs_a_reason_and_keeps_the_computed_status() -> None:
    r = evaluate(spec(">=", 30), obs((2020, 20), (2024, 26)), as_of=AS_OF, rules=RULES)
    o = with_override(r, Status.ON_TRACK, "项目已于2025年1月并网", "admin")
    assert o.status == Status.ON_TRACK and o.overridden
    assert o.computed_status == Status.OFF_TRACK
    assert "人工认定" in o.explanation_zh and "项目已于2025年1月并网" in o.explanation_zh
    with pytest.raises(InputError, match="reason"):
        with_override(r, Status.ON_TRACK, "  ", "admin")


def test_rules_are_data_and_checked() -> None:
    rules = rules_from_dict({"approx": {"relative": 0.1}, "at_risk_margin": 0.2})
    assert rules.approx_relative == 0.1 and rules.at_risk_margin == 0.2
    with pytest.raises(InputError, match="unknown keys"):
        rules_from_dict({"at_risk": 0.2})
    with pytest.raises(InputError, match="at_risk_margin"):
        rules_from_dict({"at_risk_margin": 3})
    with pytest.raises(InputError, match="comparator"):
        evaluate(spec("!=", 1), obs((2024, 1)), as_of=AS_OF)
