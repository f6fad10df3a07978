"""Every data-quality rule and the alert episodes, on hand-made series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.quality.alerts import AlertKind, Condition, check_transition, reconcile
from carbonpeak.monitoring.rollups.rollup import Segment, counter_segments

DAY = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 1 Jan 2026 00:00 CST
RULES = quality.Rules()


def at(minutes: int) -> datetime:
    return DAY + timedelta(minutes=minutes)


def test_completeness_per_day() -> None:
    full = [at(15 * i) for i in range(96)]
    ratios, findings = quality.completeness("P", full, minutes=15, days=[DAY], rules=RULES)
    assert ratios == {DAY: 1.0} and findings == []
    partial = full[:86]  # 86 / 96 = 89.6 % < 90 %
    ratios, findings = quality.completeness("P", partial, minutes=15, days=[DAY], rules=RULES)
    assert ratios[DAY] == 86 / 96
    assert findings[0].rule == "completeness"
    _, ok = quality.completeness("P", full[:87], minutes=15, days=[DAY], rules=RULES)
    assert ok == []  # 87 / 96 = 90.6 %


def test_daily_vs_monthly_within_five_percent() -> None:
    end = DAY + timedelta(days=31)
    daily = {DAY + timedelta(days=d): 10.0 for d in range(31)}  # 310
    assert quality.daily_vs_monthly("P", DAY, daily, 300.0, rules=RULES, month_end=end) is None
    # |310 - 295| / 295 = 5.08 % > 5 %
    found = quality.daily_vs_monthly("P", DAY, daily, 295.0, rules=RULES, month_end=end)
    assert found is not None and "5.1%" in found.detail
    assert quality.daily_vs_monthly("P", DAY, {}, 0.0, rules=RULES, month_end=end) is None


def test_gaps_count_missing_uploads() -> None:
    (gap,) = quality.gaps("P", [at(0), at(15), at(75)], minutes=15)
    assert (gap.start, gap.end) == (at(30), at(75))
    assert "3 uploads missing" in gap.detail  # 30, 45, 60


def test_alignment_within_one_minute() -> None:
    stamps = [at(0), at(15) + timedelta(seconds=59), at(30) + timedelta(seconds=61)]
    (found,) = quality.misaligned("P", stamps, minutes=15, rules=RULES)
    assert found.start == at(30) + timedelta(seconds=61)


def test_counter_decreases_are_findings() -> None:
    _, events = counter_segments([(at(0), 500.0), (at(15), 2.0)])
    (found,) = quality.counter_events("P", events)
    assert found.rule == "counter_reset"


def test_spike_against_the_median_rate() -> None:
    segs = [Segment(at(15 * i), at(15 * i + 15), 1.0) for i in range(10)]
    segs[4] = Segment(at(60), at(75), 11.0)  # 11 > 10 × median 1
    (found,) = quality.spikes("P", segs, rules=RULES)
    assert found.start == at(60)
    segs[4] = Segment(at(60), at(75), 10.0)  # not above 10 ×
    assert quality.spikes("P", segs, rules=RULES) == []
    assert quality.spikes("P", segs[:3], rules=RULES) == []  # too few samples


def test_flatline_of_a_stuck_counter() -> None:
    readings = [(at(60 * h), 42.0) for h in range(25)]  # 24 h unchanged
    (found,) = quality.flatlines("P", readings, kind="counter", rules=RULES)
    assert found.end - found.start == timedelta(hours=24)
    zeros = [(at(60 * h), 0.0) for h in range(25)]
    assert quality.flatlines("P", zeros, kind="interval", rules=RULES) == []  # plant stopped


def test_stale_endpoint_and_late_data() -> None:
    now = at(60 * 10)
    assert quality.stale("E", at(60 * 5), now=now, rules=RULES) is None  # 5 h < 6 h
    assert quality.stale("E", at(60 * 3), now=now, rules=RULES) is not None
    assert quality.stale("E", None, now=now, rules=RULES) is not None
    late = quality.late("P", [(at(0), at(60 * 25)), (at(0), at(60))], rules=RULES)
    assert [f.end for f in late] == [at(60 * 25)]


def cond(key: str) -> Condition:
    return Condition(key, AlertKind.LIMIT, "E", key, "m")


def test_alerts_are_raised_once_per_episode() -> None:
    first = reconcile([cond("limit:A")], [])
    assert [c.key for c in first.to_open] == ["limit:A"] and first.to_close == ()
    again = reconcile([cond("limit:A")], ["limit:A"])  # still active: nothing new
    assert again.to_open == () and again.to_close == ()
    cleared = reconcile([], ["limit:A"])
    assert cleared.to_close == ("limit:A",)
    scoped = reconcile([], ["limit:A", "stale:B"], scope=["stale:"])
    assert scoped.to_close == ("stale:B",)


def test_alert_state_changes() -> None:
    assert check_transition("open", "acknowledged") is None
    assert check_transition("acknowledged", "closed") is None
    assert check_transition("closed", "open") is not None
