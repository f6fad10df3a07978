"""The projection engine on the small test model: hand-computed values, closed-form peaks,
and a base year that equals the accounting engine's inventory."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.scenarios.analysis.peak import peak
from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.projection import engine
from carbonpeak.scenarios.projection.baseyear import from_inventory
from tests.inventory.helpers import activity
from tests.scenarios.helpers import SMALL, small, sources

# Factor library values the inventory engine uses (factors/data): raw coal 1.9003 tCO2/t
# (provincial guideline 2011), 0.7143 kgce/kg and electricity 0.1229 kgce/kWh (GB/T 2589).
CO2_PER_TCE_COAL = 1.9003 / 0.7143
TCE_PER_KWH = 0.1229e-3


def test_hand_computed_year() -> None:
    r = engine.run(small())
    i = r.years.index(2021)
    # GDP 100 → 110 亿元; activity grows as GDP (elasticity 1): 110 亿元 = 1.1e6 万元
    energy = 1.1e6 * 1.0  # tce (intensity 1 tce/万元)
    coal, elec = 0.8 * energy, 0.2 * energy
    assert r.final_energy["industry"]["raw_coal"][i] == pytest.approx(coal)
    assert r.co2_by_sector["industry"][i] == pytest.approx(coal * CO2_PER_TCE_COAL)
    # power: 1 GW × 5000 h = 5e9 kWh at 300 gce/kWh → 1.5e6 tce of raw coal
    power_fuel = 5e9 * 300e-6
    assert r.co2_by_sector["power"][i] == pytest.approx(power_fuel * CO2_PER_TCE_COAL)
    demand_kwh = elec / TCE_PER_KWH
    supply = (5e9 + 0.5e6 * 3000) * (1 - 0.05)  # coal + hydro, less 5 % own use
    net_import = demand_kwh * 1.05 - supply
    assert r.net_import_kwh[i] == pytest.approx(net_import)
    assert r.totals["territorial"][i] == pytest.approx((coal + power_fuel) * CO2_PER_TCE_COAL)
    calorific = coal + power_fuel + (1.5e9 + net_import) * TCE_PER_KWH
    assert r.energy_total["calorific"][i] == pytest.approx(calorific)
    coal_eq = coal + power_fuel + (1.5e9 + net_import) * 300e-6
    assert r.indicator("nonfossil_share")[i] == pytest.approx(100 * 1.5e9 * 300e-6 / coal_eq)


def test_constant_growth_never_peaks() -> None:
    r = engine.run(small())
    p = peak(r.years, r.totals["territorial"])
    assert (p.year, p.peaked, p.rising_in) == (2030, False, True)


def test_declining_intensity_overtakes_growth_in_a_computable_year() -> None:
    child = """\
scenario: turn
parent: small
parameters:
  g: 10%
key_assumptions:
  gdp: "growth(g, 2025, 2%)"
demand:
  industry:
    intensity: "growth(-3%)"
"""
    r = engine.run(small(child, name="turn"))
    # energy ∝ Π (1 + g)(1 − 0.03): 1.10 × 0.97 = 1.067 > 1 up to 2025, then
    # 1.02 × 0.97 = 0.9894 < 1: the industry (and total, power being constant) peaks in 2025
    p = peak(r.years, r.totals["territorial"])
    assert (p.year, p.peaked, p.rising_in) == (2025, True, False)
    i = r.years.index(2025)
    assert r.final_energy["industry"]["raw_coal"][i] == pytest.approx(0.8 * 1e6 * (1.1 * 0.97) ** 5)


def test_shares_that_do_not_add_up_are_an_error() -> None:
    bad = SMALL.replace("electricity: remainder", "electricity: 10")
    with pytest.raises(InputError, match=r"shares must add up to 100 %.*2020"):
        engine.run(loader.build("small", {"small": loader.read_source(bad, "f.yaml")}))
    over = (
        "scenario: o\nparent: small\ndemand:\n  industry:\n    fuels:\n"
        "      raw_coal: 'interp(2025, 120)'\n"
    )
    with pytest.raises(InputError, match="exceed 100 % in 2023"):
        engine.run(small(over, name="o"))


def test_missing_base_value_names_the_variable() -> None:
    text = SMALL.replace(
        'intensity: {unit: tce/万元, base: 1, expr: "base"}',
        'intensity: {unit: tce/万元, expr: "base"}',
    )
    s = loader.build("small", {"small": loader.read_source(text, "f.yaml")})
    with pytest.raises(InputError, match=r"demand\.industry\.intensity: 没有基准年数值"):
        engine.run(s)


# ---------------------------------------------------------------- base year = inventory

INVENTORY_ROWS = (
    ("520200", 2020, "1.A.2.m", "raw_coal", 100, "万吨"),
    ("520200", 2020, "1.A.2.m", "electricity", 50000, "万千瓦时"),
    ("520200", 2020, "1.A.2.f", "raw_coal", 20, "万吨"),
    ("520200", 2020, "1.A.4.b", "natural_gas", 1, "亿立方米"),  # no branch: held as "other"
    ("520200", 2020, "火力发电", "raw_coal", -300, "万吨"),
    ("520200", 2020, "", "electricity_generated_thermal", 800000, "万千瓦时"),
    ("520200", 2020, "", "electricity_generated_hydro", 100000, "万千瓦时"),
    ("520200", 2020, "", "electricity_exported", 700000, "万千瓦时"),
    ("520200", 2020, "", "clinker", 100, "万吨"),
    ("520200", 2020, "", "gdp@2020", 500, "亿元"),
    ("520200", 2020, "", "population", 300, "万人"),
)

CALIBRATED = """\
scenario: cal
region: "520200"
base_year: 2020
end_year: 2030
key_assumptions:
  gdp: {unit: 亿元, expr: "growth(5%)"}
  population: {unit: 万人, expr: "base"}
demand:
  industry:
    categories: ["1.A.2.m"]
    activity: {unit: 亿元, base: 300, expr: "growth_as(gdp, 1)"}
    intensity: {unit: tce/万元, expr: "growth(-2%)"}
    fuels: {raw_coal: "interp(2030, 60)", electricity: remainder}
  cement:
    categories: ["1.A.2.f"]
    process: clinker
    activity: {unit: 万吨, expr: "base"}
    intensity: {unit: tce/t, expr: "base"}
    fuels: {raw_coal: remainder}
power:
  own_use: {unit: percent, base: 5}
  losses: {unit: percent, base: 4}
  coal_rate: {unit: gce/kWh, base: 300}
  technologies:
    coal: {fuel: raw_coal, capacity: {unit: GW, base: 2}, hours: {unit: h, base: 4500},
           heat_rate: {unit: gce/kWh, base: 300}}
    hydro: {kind: hydro, capacity: {unit: GW, base: 0.5}, hours: {unit: h, base: 3000}}
"""


@pytest.fixture(scope="module")
def inventory():  # type: ignore[no-untyped-def]
    return calculate(activity(*INVENTORY_ROWS))


def test_base_year_equals_the_inventory(inventory) -> None:  # type: ignore[no-untyped-def]
    base = from_inventory(inventory, "520200", 2020)
    assert base.generation == {"thermal": 8e9, "hydro": 1e9}
    assert base.net_import_kwh == pytest.approx(-7e9)
    assert base.activity["clinker"] == pytest.approx(1e6)
    s = loader.build("cal", {"cal": loader.read_source(CALIBRATED, "cal.yaml")})
    r = engine.run(s, base_year=base)
    totals = inventory.totals[("520200", 2020)]
    for name in ("territorial", "regional_energy_co2"):
        assert r.totals[name][0] == pytest.approx(totals.value(name), rel=1e-12)
    calorific = inventory.energy[("520200", 2020)].total["calorific"].value
    assert r.energy_total["calorific"][0] == pytest.approx(calorific, rel=1e-12)
    assert r.net_import_kwh[0] == pytest.approx(-7e9)
    assert r.keys["gdp"][0] == pytest.approx(500.0)
    assert r.keys["population"][0] == pytest.approx(300.0)
    # the calibration set the base values from the inventory: 8e9 kWh / 2e6 kW = 4000 h,
    # 300 万吨 raw coal × 0.7143 = 2.1429e6 tce over 8e9 kWh = 267.86 gce/kWh
    cal = r.calibration
    assert cal is not None
    assert cal.bases["power.technologies.coal.hours"] == pytest.approx(4000.0)
    assert cal.bases["power.technologies.hydro.hours"] == pytest.approx(2000.0)
    assert cal.bases["power.technologies.coal.heat_rate"] == pytest.approx(3e6 * 0.7143 / 8e9 * 1e6)
    # industry: 100 万吨 coal × 0.7143 = 714300 tce, + 5e8 kWh × 0.1229e-3 = 61450 tce,
    # over 300 亿元 = 3e6 万元
    assert cal.bases["demand.industry.intensity"] == pytest.approx((714300 + 61450) / 3e6)
    assert cal.bases["demand.industry.fuels.raw_coal"] == pytest.approx(100 * 714300 / 775750)
    assert "other.industry" not in cal.residual_co2  # matches the inventory by construction
    assert cal.other_co2 > 0  # residential natural gas has no branch
    # the projection moves on from there: industry coal share reaches 60 % in 2030
    i = r.years.index(2030)
    e = r.final_energy["industry"]
    assert e["raw_coal"][i] / (e["raw_coal"][i] + e["electricity"][i]) == pytest.approx(0.6)


def test_base_year_must_match(inventory) -> None:  # type: ignore[no-untyped-def]
    base = from_inventory(inventory, "520200", 2020)
    s = loader.build(
        "cal",
        {
            "cal": loader.read_source(
                CALIBRATED.replace("base_year: 2020", "base_year: 2021"), "c.yaml"
            )
        },
    )
    with pytest.raises(InputError, match="base year 2020 of the inventory"):
        engine.run(s, base_year=base)
    with pytest.raises(InputError, match="has no 520200 2019"):
        from_inventory(inventory, "520200", 2019)


def test_sources_helper_is_consistent() -> None:
    assert set(sources()) == {"small"}
    assert np.asarray(engine.run(small()).years).tolist() == list(range(2020, 2031))


def test_heat_fugitive_and_sinks() -> None:
    child = """\
scenario: more
parent: small
demand:
  industry:
    fuels:
      raw_coal: 70
      heat: 10
power:
  heat_fuel: raw_coal
  heat_efficiency: {unit: percent, base: 80}
fugitive:
  mines:
    activity: {unit: 万吨, base: 1000}
    mines: {coal_output_high_gas: 100}
    utilised: {unit: 亿立方米, base: 0.5}
sinks:
  forest: {unit: t, base: -1000, expr: "interp(2030, -2000)"}
"""
    r = engine.run(small(child, name="more"))
    i = r.years.index(2021)
    heat = 0.1 * 1.1e6  # tce of heat used by industry in 2021
    power_fuel = 5e9 * 300e-6 + heat / 0.8  # coal plant + heat plant at 80 %
    assert r.co2_by_sector["power"][i] == pytest.approx(power_fuel * CO2_PER_TCE_COAL)
    # CH4: 1e7 t × (12.06 + 1.675) kg/t (IPCC 2006 Tier 1 underground, mining + post-mining,
    # the engine's factors) − 0.5e8 m³ utilised × ρ; ideal gas at 0 °C, 101.325 kPa:
    # 16.043 g/mol × 101.325 kPa / (8.314462618 J/mol/K × 273.15 K) = 0.7158 kg/m³
    density = 16.043e-6 * 101.325e3 / (8.314462618 * 273.15)
    expected = 1e7 * (12.06 + 1.675) / 1000 - 5e7 * density
    assert r.gases["CH4_fugitive"][i] == pytest.approx(expected, rel=1e-9)
    assert r.totals["sinks"][-1] == pytest.approx(-2000.0)
    assert r.totals["co2e_net"][-1] - r.totals["co2e_gross"][-1] == pytest.approx(-2000.0)
