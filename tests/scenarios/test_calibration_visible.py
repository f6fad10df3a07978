"""Calibration without multipliers: the base year matches the inventory by construction, and what
a branch cannot match is a visible ``other`` branch (issue 12, point 4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from carbonpeak.scenarios.definition import planlink
from carbonpeak.scenarios.projection.calibration import summary
from carbonpeak.scenarios.projection.engine import run
from carbonpeak.scenarios.runs import runner


def test_steel_process_co2_is_output_times_the_inventory_intensity() -> None:
    s = runner.load("plan")
    r = runner.project(s)
    base = runner.base_year_for(s)
    cal = r.calibration
    assert cal is not None
    # 2.C.1 CO2 of the demo inventory ÷ its crude-steel output: t CO2 per t steel
    per_t = base.co2["2.C.1"] / base.activity["crude_steel"]
    assert cal.process_intensity["industry.steel"] == pytest.approx(per_t, rel=1e-12)
    assert float(r.co2_by_sector["industry.steel.process"][0]) == pytest.approx(
        base.co2["2.C.1"], rel=1e-9
    )
    shown = summary(cal)
    assert "k" not in shown and "k_process" not in shown  # no scale factor left
    # every branch matches; only the power plants leave a (visible, sized) remainder
    assert set(shown["other_branches_t"]) <= {"other.power"}
    assert any(n.startswith("other.power:") and "t CO2 held" in n for n in cal.notes)
    assert r.totals["territorial"][0] == pytest.approx(base.totals["territorial"], rel=1e-9)


def test_a_branch_that_cannot_match_becomes_a_visible_other_branch() -> None:
    """The inventory's steel combustion CO2 is 1000 t above what the branch's fuels give with
    the engine's factors: the 1000 t are held in other.industry.steel, not scaled away."""
    s = runner.load("plan")
    base = runner.base_year_for(s)
    co2 = {**base.co2, "1.A.2.a": base.co2["1.A.2.a"] + 1000.0}
    totals = {**base.totals, "territorial": base.totals["territorial"] + 1000.0}
    r = run(s, base_year=replace(base, co2=co2, totals=totals), plan=planlink.bundled().value)
    cal = r.calibration
    assert cal is not None
    assert cal.residual_co2["other.industry.steel"] == pytest.approx(1000.0, rel=1e-6)
    assert float(r.co2_by_sector["other.industry.steel"][-1]) == pytest.approx(1000.0, rel=1e-6)
    assert r.totals["territorial"][0] == pytest.approx(totals["territorial"], rel=1e-9)


def test_coal_mine_methane_the_mines_miss_is_held_not_scaled() -> None:
    """The inventory's coal-mine methane is 500 t CH4 above what the mine branches give: the
    500 t are a visible other.fugitive residual in every year, and the branches themselves are
    not scaled (a later year moves by the branches' change alone)."""
    s = runner.load("plan")
    base = runner.base_year_for(s)
    plain = run(s, base_year=base, plan=planlink.bundled().value)
    more = replace(base, ch4_fugitive=base.ch4_fugitive + 500.0)
    r = run(s, base_year=more, plan=planlink.bundled().value)
    cal = r.calibration
    assert cal is not None
    assert "k_fugitive" not in summary(cal)
    assert cal.other_ch4_fugitive == pytest.approx(
        500.0 + (plain.calibration.other_ch4_fugitive if plain.calibration else 0.0)
    )
    assert any(n.startswith("other.fugitive:") for n in cal.notes)
    assert float(r.gases["CH4_fugitive"][0]) == pytest.approx(more.ch4_fugitive, rel=1e-9)
    # 2030: the same branches plus the same 500 t held (no factor on the branches)
    i = r.years.index(2030)
    assert float(r.gases["CH4_fugitive"][i]) == pytest.approx(
        float(plain.gases["CH4_fugitive"][i]) + 500.0, rel=1e-9
    )
