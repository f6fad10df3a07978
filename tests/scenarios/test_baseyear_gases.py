"""Coal-mine methane from the accounting engine's factors, and a base year equal to the
inventory in every gas and in CO2e (a literal inventory with mining, recovery, flaring, PFCs and
agriculture CH4, under AR6 so fossil and non-fossil methane differ)."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.projection import engine
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.baseyear import from_inventory
from tests.inventory.helpers import activity, measured
from tests.scenarios.helpers import small
from tests.scenarios.test_engine import CALIBRATED, INVENTORY_ROWS

R, Y = "520200", 2020
# IPCC 2006 Tier 1 defaults in factors/data/ipcc2006.csv (kg CH4 per t of coal):
# underground 18 m³/t × 0.67 = 12.06 (mining) + 2.5 m³/t × 0.67 = 1.675 (post-mining);
# surface 1.2 × 0.67 = 0.804 + 0.1 × 0.67 = 0.067
UNDERGROUND_T = (12.06 + 1.675) / 1000
SURFACE_T = (0.804 + 0.067) / 1000
# utilised methane in normal m³ (0 °C, 101.325 kPa), as the inventory converts it
RHO_T_M3 = 16.043e-6 * 101.325e3 / (8.314462618 * 273.15)

MINING_ROWS = (
    (R, Y, "", "coal_output_high_gas", 500, "万吨"),
    (R, Y, "", "coal_output_open_pit", 100, "万吨"),
    (R, Y, "", "cmm_recovered", 5000, "万立方米"),
    (R, Y, "", "cmm_flared", 1000, "万立方米"),
    (R, Y, "", "aluminium", 10, "万吨"),  # process CO2, CF4, C2F6 (no branch: held)
    (R, Y, "", "cattle", 10, "万头"),  # enteric CH4 (non-fossil), measured factor below
)
CATTLE = measured(("cattle", "ch4_factor", 50.0, "kg"), variant="enteric")

WITH_MINES = (
    CALIBRATED.replace("end_year: 2030", "end_year: 2030\ngwp_set: AR6")
    + """\
fugitive:
  coal:
    activity: {unit: 万吨, expr: "growth(-2%)"}
    utilised: {unit: 亿立方米, expr: "base"}
"""
)


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    rows = activity(*INVENTORY_ROWS, *MINING_ROWS)
    return calculate(rows, overrides=CATTLE, gwp_set="AR6")


def test_mine_factors_are_the_engines() -> None:
    high = fx.mine_factor("coal_output_high_gas", R, Y)
    assert (high.mining, high.post_mining) == pytest.approx((12.06e-3, 1.675e-3), rel=1e-12)
    assert fx.mine_factor("coal_output_open_pit", R, Y).total == pytest.approx(SURFACE_T)
    assert fx.recovered_ch4_per_m3(R, Y) == pytest.approx(RHO_T_M3, rel=1e-9)
    with pytest.raises(InputError, match="unknown mine class"):
        fx.mine_factor("clinker", R, Y)


def test_base_year_equals_the_inventory_in_every_gas(inventory: Inventory) -> None:
    base = from_inventory(inventory, R, Y)
    s = loader.build("cal", {"cal": loader.read_source(WITH_MINES, "cal.yaml")})
    r = engine.run(s, base_year=base)
    totals = inventory.totals[(R, Y)]
    gas = {g: 0.0 for g in ("CO2", "CH4", "N2O")}
    for row in inventory.rows_for(R, Y):
        if row.value is not None and row.scope == 1 and row.gas in gas:
            gas[row.gas] += row.value.value
    assert r.totals["territorial"][0] == pytest.approx(totals.value("territorial"), rel=1e-12)
    assert r.gases["CO2"][0] == pytest.approx(gas["CO2"], rel=1e-12)
    assert r.gases["CH4"][0] == pytest.approx(gas["CH4"], rel=1e-12)
    assert r.gases["N2O"][0] == pytest.approx(gas["N2O"], rel=1e-12)
    assert r.totals["co2e_gross"][0] == pytest.approx(totals.value("co2e_gross_t"), rel=1e-12)
    assert r.totals["co2e_net"][0] == pytest.approx(totals.value("co2e_t"), rel=1e-12)
    # coal-mine methane by hand: 5e6 t underground + 1e6 t surface, less (5e7 m³ utilised +
    # 1e7 m³ flared) × ρ; the scenario's own branch gives it (nothing held, nothing scaled)
    mined = 5e6 * UNDERGROUND_T + 1e6 * SURFACE_T
    assert base.ch4_fugitive == pytest.approx(mined - 6e7 * RHO_T_M3, rel=1e-9)
    assert r.gases["CH4_fugitive"][0] == pytest.approx(base.ch4_fugitive, rel=1e-12)
    cal = r.calibration
    assert cal is not None and cal.other_ch4_fugitive == pytest.approx(0.0, abs=1e-6)
    assert cal.bases["fugitive.coal.activity"] == pytest.approx(600.0)  # 万吨
    assert cal.bases["fugitive.coal.utilised"] == pytest.approx(0.5)  # 亿立方米
    assert {m.kind: m.share.base for m in cal.extra_mines["coal"]} == pytest.approx(
        {"coal_output_high_gas": 100 * 5 / 6, "coal_output_open_pit": 100 * 1 / 6}
    )
    assert cal.other_ch4_nonfossil == pytest.approx(10e4 * 0.05)  # 10 万头 × 50 kg
    assert set(cal.other_gases) == {"CF4", "C2F6"}  # no AR6 GWP: left out of CO2e, as inventory
    # the year after: output −2 %, same mix, utilised and flared held
    i = r.years.index(2021)
    assert r.gases["CH4_fugitive"][i] == pytest.approx(0.98 * mined - 6e7 * RHO_T_M3, rel=1e-9)


def test_mines_written_in_the_file_without_an_inventory() -> None:
    child = """\
scenario: mines
parent: small
fugitive:
  pits:
    activity: {unit: 万吨, base: 1000}
    mines: {coal_output_low_gas: 75, coal_output_open_pit: 25}
    utilised: {unit: 亿立方米, base: 0.5}
"""
    r = engine.run(small(child, name="mines"))
    expected = 1e7 * (0.75 * UNDERGROUND_T + 0.25 * SURFACE_T) - 0.5e8 * RHO_T_M3
    assert r.gases["CH4_fugitive"][0] == pytest.approx(expected, rel=1e-9)
    bad = child.replace("coal_output_open_pit: 25", "coal_output_open_pit: 20")
    with pytest.raises(InputError, match=r"fugitive\.pits\.mines: .*add up to 100 %"):
        engine.run(small(bad, name="mines"))
    none = child.replace("    mines: {coal_output_low_gas: 75, coal_output_open_pit: 25}\n", "")
    with pytest.raises(InputError, match=r"fugitive\.pits\.mines: 需要矿井类型构成"):
        engine.run(small(none, name="mines"))
    unknown = child.replace("coal_output_low_gas", "coal_output_deep")
    with pytest.raises(InputError, match="unknown mine class"):
        small(unknown, name="mines")
    old = child.replace("    mines: {", "    ch4_factor: {unit: m**3/t, base: 10}\n    mines: {")
    with pytest.raises(InputError, match="ch4_factor"):
        small(old, name="mines")
