"""The share of the remaining room when tracking says the target is already missed: the old code
took the project's share of the scenario's room only (0.52 % of a 7.58 Mt CO2 room in the demo
while tracking's headroom was −9.95 Mt); now both rooms are shown, the share is of the smaller
one and a room that is not there is flagged, with hand-computed numbers."""

from __future__ import annotations

import pytest

from carbonpeak.review.assessment.impact import Baseline, TrackedHeadroom, impact


def _tracked(latest: float) -> TrackedHeadroom:
    return TrackedHeadroom(
        "co2_intensity", "单位GDP二氧化碳排放", 2024, latest, 2030, 3.2, "t/万元", "t"
    )


def _base(*tracking: TrackedHeadroom) -> Baseline:
    # GDP 100 万元, CO2 300 t, CO2-intensity target 3.2 t/万元: scenario room 3.2 × 100 − 300 = 20 t
    return Baseline(2030, 100.0, 120.0, 300.0, 1.3, 3.2, "demo", tracking=tracking)


def test_target_already_missed_has_no_room() -> None:
    # tracking: latest 3.5 t/万元 against 3.2 → headroom −0.3 × 100 万元 = −30 t
    y = impact(_base(_tracked(3.5)), 2026, 10.0, 5.0, 0.0).as_json()
    assert y["co2_room_t"] == pytest.approx(20.0)
    assert y["co2_room_tracking_t"] == pytest.approx(-30.0)
    assert y["co2_room_left"] is False
    assert y["co2_budget_share_pct"] is None  # not 5 / 20 = 25 % of a room that is not there
    assert "目标已无剩余碳排放空间" in y["co2_room_note"]
    assert "-30.0 t" in y["co2_room_note"] and "20.0 t" in y["co2_room_note"]
    # the energy target has no tracking entry: the scenario's room 1.3 × 100 − 120 = 10 tce
    assert y["energy_room_left"] is True and y["energy_room_note"] == ""
    assert y["energy_budget_share_pct"] == pytest.approx(100 * 10 / 10)


def test_tracking_room_smaller_than_the_scenario_room() -> None:
    # latest 3.1 → headroom 0.1 × 100 = 10 t < 20 t: the share is 5 / 10 = 50 %, not 25 %
    y = impact(_base(_tracked(3.1)), 2026, 10.0, 5.0, 0.0).as_json()
    assert y["co2_room_tracking_t"] == pytest.approx(10.0)
    assert y["co2_budget_share_pct"] == pytest.approx(50.0)
    assert y["co2_room_left"] is True
    assert "跟踪余量 10.0 t" in y["co2_room_note"]


def test_tracking_room_larger_keeps_the_scenario_share() -> None:
    # latest 2.9 → 30 t > 20 t: the scenario's room binds, 5 / 20 = 25 %
    y = impact(_base(_tracked(2.9)), 2026, 10.0, 5.0, 0.0).as_json()
    assert y["co2_budget_share_pct"] == pytest.approx(25.0)
    assert y["co2_room_note"] == ""


def test_baseline_source_is_not_cut_mid_phrase() -> None:
    """outlook.py cut the base year's source at 80 characters ("…for the districts of") in the
    JSON and the .docx; the whole source is given now."""
    from dataclasses import replace

    from carbonpeak.review.assessment.outlook import scenario_baseline
    from carbonpeak.review.assessment.service import plan_scenario_run

    run = plan_scenario_run()
    zh = "示意数据：" + "甲" * 90 + "止"
    en = "illustrative: " + "an inventory for the districts of the city " * 3 + "END."
    rows = scenario_baseline(replace(run, base_year_source=f"{zh} / {en}"))
    assert zh in rows[0].source and en in rows[0].source
