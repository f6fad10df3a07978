"""The impact on the city's targets from the platform's own figures: the plan scenario run
(scenarios' public API) and tracking's targets, worked by hand from the run's series; the
illustrative outlook only as the labelled fallback."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from carbonpeak.review import assess, read_text
from carbonpeak.review.assessment.outlook import (
    TrackedIntensity,
    fallback_baseline,
    scenario_baseline,
)
from carbonpeak.review.assessment.service import city_baseline, plan_scenario_run
from tests.review.test_assessment import COKING


def test_scenario_baseline_by_hand() -> None:
    run = plan_scenario_run()
    rows = {b.year: b for b in scenario_baseline(run)}
    assert {2025, 2030} <= set(rows)
    i25, i20 = run.years.index(2025), run.years.index(2020)
    co2 = run.totals_t["regional_energy_co2"]
    ci = run.co2_intensity_t_per_wan_yuan
    assert ci is not None
    energy = run.energy_tce["coal_equivalent"]
    gdp25 = co2[i25] / ci[i25]  # the scenario's own GDP
    b = rows[2025]
    assert b.gdp_10k_yuan == pytest.approx(gdp25)
    assert b.energy_tce == pytest.approx(energy[i25]) and b.co2_t == pytest.approx(co2[i25])
    # the plan scenario's check "单位GDP能耗 … 2025 vs 2020" requires −13 %: applied to the
    # coal-equivalent intensity of 2020
    gdp20 = co2[i20] / ci[i20]
    assert b.energy_intensity_target == pytest.approx(energy[i20] / gdp20 * 0.87)
    assert "2025 vs 2020" in b.energy_target_source
    assert b.co2_intensity_target is None and "no target for 2025" in b.co2_target_source
    # 2030: CO2 intensity −65 % vs 2005 (outside the run): intensity × 0.35 ÷ (1 + projected)
    (check,) = [c for c in run.targets if "二氧化碳" in c.name and c.year == 2030]
    assert check.projected is not None
    i30 = run.years.index(2030)
    c30 = rows[2030]
    assert c30.co2_intensity_target == pytest.approx(ci[i30] * 0.35 / (1 + check.projected / 100))
    assert c30.energy_intensity_target is None
    assert "示意数据" in b.source  # the run's base year is the illustrative demo inventory


def test_project_impact_on_the_scenario_baseline() -> None:
    run = plan_scenario_run()
    rows = scenario_baseline(run)
    data = assess(read_text(COKING), rows).as_json()
    y25, y30 = (y for y in data["impact"] if y["year"] in (2025, 2030))
    assert y25["in_operation"] is False  # starts 2026
    b25 = next(b for b in rows if b.year == 2025)
    assert b25.energy_intensity_target is not None
    room = b25.energy_intensity_target * b25.gdp_10k_yuan - b25.energy_tce
    assert y25["energy_room_tce"] == pytest.approx(room, abs=1e-2)
    b30 = next(b for b in rows if b.year == 2030)
    assert b30.co2_intensity_target is not None
    co2_room = b30.co2_intensity_target * b30.gdp_10k_yuan - b30.co2_t
    # the coking project's CO2: 39213 t (test_assessment); share of the 2030 room
    assert y30["co2_budget_share_pct"] == pytest.approx(100 * 39213 / co2_room, rel=1e-3)
    after = (b30.co2_t + 39213) / (b30.gdp_10k_yuan + 50000)
    assert y30["co2_intensity"]["after"] == pytest.approx(after, abs=1e-6)
    assert y30["energy_budget_share_pct"] is None  # no energy-intensity target for 2030


def test_tracking_target_and_headroom_override() -> None:
    run = plan_scenario_run()
    tracked = TrackedIntensity(
        kind="co2_intensity",
        indicator="单位地区生产总值二氧化碳排放",
        latest_year=2024,
        latest=2.0,
        target_year=2030,
        target=1.8,
        unit="t/万元",
        source="tracking target t4",
    )
    rows = {b.year: b for b in scenario_baseline(run, [tracked])}
    b = rows[2030]
    assert b.co2_intensity_target == 1.8 and "tracking target t4" in b.co2_target_source
    assert b.current_co2_intensity == 2.0
    data = assess(read_text(COKING), [b]).as_json()
    (t,) = data["impact"][0]["tracking"]
    assert t["headroom"] == pytest.approx(-0.2)  # 1.8 − 2.0: above the target now
    assert t["headroom_total"] == pytest.approx(-0.2 * b.gdp_10k_yuan, rel=1e-6)


def test_run_without_gdp_falls_back_labelled() -> None:
    run = replace(plan_scenario_run(), co2_intensity_t_per_wan_yuan=None)
    with pytest.raises(ValueError, match="GDP"):
        scenario_baseline(run)
    rows = fallback_baseline("no GDP")
    assert all(r.source.startswith("备用 fallback: 示意数据") for r in rows)
    assert all("no GDP" in r.source for r in rows)


def test_city_baseline_of_the_database(db_session: Session) -> None:
    # an empty database: no plan, so no tracking targets; the scenario still gives the baseline
    rows = city_baseline(db_session=db_session, plan_ref="1")
    assert {r.year for r in rows} >= {2025, 2030}
    assert all(r.source.startswith("情景「plan」预测的") for r in rows)
    assert all(r.tracking == () for r in rows)


def test_city_baseline_from_the_city_default_dataset(db_session: Session) -> None:
    """With a city default dataset, the baseline is the plan scenario on that dataset (the
    one the pages use), not the bundled demo inventory; the same activity gives the same
    figures as the bundled run, so only the named source differs."""
    from carbonpeak.inventory import demo_activity, set_default_dataset
    from carbonpeak.inventory.activity.service import import_activity
    from carbonpeak.review.assessment.service import city_scenario_run

    import_activity(
        db_session=db_session,
        name="city",
        data=b"the demo activity, stored as the city's",
        filename="city.csv",
        actor="tester",
        records=demo_activity(),
    )
    set_default_dataset(db_session=db_session, dataset="city", version=None, actor="tester")
    run = city_scenario_run(db_session)
    assert run.base_year_source == "city v1" and not run.base_year_illustrative
    bundled = plan_scenario_run()
    assert run.totals_t["regional_energy_co2"] == pytest.approx(
        bundled.totals_t["regional_energy_co2"], rel=1e-9
    )
    rows = city_baseline(db_session=db_session, plan_ref="1")
    assert rows and all("city v1" in r.source for r in rows)
    # the run sits in the shared figure cache (keyed by the dataset version's data_key), once:
    # the second call is the same object; a write (a new generation) drops it
    from carbonpeak.core.shared import figure_cache

    assert city_scenario_run(db_session) is city_scenario_run(db_session)
    figure_cache().invalidate()
    assert city_scenario_run(db_session) is not run


def test_a_city_dataset_without_the_base_year_falls_back_with_the_reason(
    db_session: Session,
) -> None:
    from carbonpeak.inventory import set_default_dataset
    from carbonpeak.inventory.activity.service import import_activity

    one_year = "region,year,sector,fuel,quantity,unit\n520200,2022,1.A.2.a,原煤,1000,t\n"
    import_activity(
        db_session=db_session,
        name="oneyear",
        data=one_year.encode(),
        filename="oneyear.csv",
        actor="tester",
    )
    set_default_dataset(db_session=db_session, dataset="oneyear", version=None, actor="tester")
    rows = city_baseline(db_session=db_session, plan_ref="1")
    assert rows and all(r.source.startswith("备用 fallback: 示意数据") for r in rows)
    assert all("plan scenario failed" in r.source for r in rows)
