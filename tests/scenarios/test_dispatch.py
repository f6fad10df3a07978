"""Merit-order power balance (issue 12, point 1), with hand arithmetic for a two-technology
system: 0.1 GW coal (300 gce/kWh, floor 500 h) and 0.05 GW solar (1200 h), no own use or losses,
electricity demand 12 290 tce ÷ 0.1229 kgce/kWh = 1e8 kWh in 2020, 1.5e8 in 2021, 2e8 in 2022."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.projection import engine
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.result import Result
from carbonpeak.scenarios.runs import runner

TWO = """\
scenario: two
title: two technologies
region: "520200"
base_year: 2020
end_year: 2022
key_assumptions:
  gdp: {unit: 亿元, base: 100, expr: "base"}
demand:
  industry:
    categories: ["1.A.2.m"]
    activity: {unit: dimensionless, base: 1, expr: "interp(2022, 2)"}
    intensity: {unit: tce, base: 12290, expr: "base"}
    fuels: {electricity: 100}
power:
  own_use: {unit: percent, base: 0}
  losses: {unit: percent, base: 0}
  coal_rate: {unit: gce/kWh, base: 300}
  technologies:
    coal:
      fuel: raw_coal
      capacity: {unit: GW, base: 0.1}
      hours: {unit: h, base: 5000}
      heat_rate: {unit: gce/kWh, base: 300}
      min_hours: {unit: h, base: 500}
    solar: {kind: solar, capacity: {unit: GW, base: 0.05}, hours: {unit: h, base: 1200}}
"""


def _run(text: str) -> Result:
    src = loader.read_source(text, "two.yaml")
    return engine.run(loader.build(src.name, {src.name: src}))


def test_the_electricity_coefficient_is_the_calorific_one() -> None:
    assert fx.electricity_tce_per_kwh() == pytest.approx(0.1229e-3)


def test_two_technologies_by_hand() -> None:
    r = _run(TWO)
    # solar first: 0.05e6 kW × 1200 h = 6e7 kWh every year
    assert r.generation["solar"] == pytest.approx([6e7, 6e7, 6e7])
    # coal takes the residual: 1e8 − 6e7 = 4e7 is below the floor 0.1e6 kW × 500 h = 5e7,
    # so 5e7 (and 1e7 exported); then 1.5e8 − 6e7 = 9e7 and 2e8 − 6e7 = 1.4e8
    assert r.generation["coal"] == pytest.approx([5e7, 9e7, 1.4e8])
    assert r.coal_hours == pytest.approx([500, 900, 1400])
    assert r.net_import_kwh == pytest.approx([-1e7, 0, 0], abs=1e-3)
    assert any("minimum-load floor" in n and "2020" in n for n in r.notes)
    # coal burned: kWh × 300 gce/kWh → 15 000, 27 000, 42 000 tce
    assert r.energy_by_fuel["raw_coal"] == pytest.approx([15000, 27000, 42000])


def test_curtailment_and_storage_by_hand() -> None:
    capped = TWO.replace(
        "  own_use:", "  max_variable_share: {unit: percent, base: 50}\n  own_use:"
    )
    r = _run(capped)
    # 2020: solar may give 50 % of 1e8 = 5e7 of its 6e7 → 1e7 curtailed; coal 5e7 (= floor)
    assert r.generation["solar"] == pytest.approx([5e7, 6e7, 6e7])
    assert np.asarray(r.curtailed_kwh) == pytest.approx([1e7, 0, 0], abs=1e-3)
    stored = capped.replace(
        "  own_use:",
        "  storage_hours: {unit: h, base: 500}\n"
        "  storage_efficiency: {unit: percent, base: 80}\n  own_use:",
    ).replace(
        "    solar: {kind",
        "    battery: {kind: storage, capacity: {unit: GW, base: 0.01}}\n    solar: {kind",
    )
    r = _run(stored)
    # storage gives back min(1e7, 0.01e6 kW × 500 h) × 80 % = 4e6 kWh
    assert r.generation["solar"][0] == pytest.approx(5.4e7)
    assert float(np.asarray(r.curtailed_kwh)[0]) == pytest.approx(6e6)


def test_accounting_mode_is_capacity_times_hours() -> None:
    r = _run(TWO.replace("power:\n", "power:\n  dispatch: accounting\n"))
    assert r.generation["coal"] == pytest.approx([5e8, 5e8, 5e8])  # 0.1e6 kW × 5000 h
    assert r.coal_hours is None


def _solar(times: float) -> float:
    text = (
        f"scenario: solar{int(times)}\ntitle: PV ×{times:g}\nparent: plan\npower:\n"
        f"  technologies:\n    solar:\n      capacity: 'interp(2030, {1.8 * times})'\n"
    )
    run = runner.run_scenario(f"solar{int(times)}", custom=loader.read_source(text, "s.yaml"))
    return run.emissions_t[run.years.index(2030)]


def test_more_solar_moves_emissions() -> None:
    """The issue's test: 4× the 2020 PV capacity in 2030 emits less than 2× (it did not)."""
    four, two = _solar(4), _solar(2)
    assert four < two - 1e5  # at least 0.1 Mt less
