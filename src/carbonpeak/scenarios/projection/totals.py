"""Step 4 of a projection, totals: what the earlier steps put in the :class:`~.result.Ledger`,
plus sinks (碳汇) and what the calibration holds at its base-year value, as a :class:`Result`.

Totals follow the inventory (:data:`carbonpeak.inventory.accounting.result.TOTAL_MEANING`):
``territorial``
(scope-1 CO2), ``regional_energy_co2`` (energy CO2 + net imported electricity × grid factor: the
assessment total), ``co2e_gross`` and ``co2e_net`` (with sinks). Energy totals by the calorific
and the coal-equivalent (发电煤耗) method.
"""

from __future__ import annotations

import numpy as np

from carbonpeak.core.units import scale
from carbonpeak.factors import gwp
from carbonpeak.scenarios.definition.uncertainty import CO2_FACTOR, fuel_factor_name
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection import gases
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator
from carbonpeak.scenarios.projection.power import PowerFlows
from carbonpeak.scenarios.projection.result import Arr, Ledger, Result, sum_series

#: The co2 key of the categories no branch stands for (held at the base year).
OTHER = "other"


def result(
    scenario: Scenario,
    ev: Evaluator,
    cal: Calibration | None,
    ledger: Ledger,
    power: PowerFlows,
    ch4_fugitive: Arr,
    notes: list[str],
) -> Result:
    """The projection's result from the ledger of the demand, power and fugitive steps."""
    sinks = _sinks_and_held(scenario, ev, cal, ledger)
    emissions, by_gas = _emissions(scenario, ev, cal, ledger, power, ch4_fugitive, sinks)
    f = ev.params.get(CO2_FACTOR, 1.0)
    co2_by_fuel = {
        fuel: ev.params.get(fuel_factor_name(fuel), f) * v for fuel, v in ledger.co2_fuel.items()
    }
    energy_total, by_fuel, nonfossil = _energy(scenario, ev, cal, ledger, power)
    return Result(
        scenario=scenario.name,
        region=scenario.region,
        years=tuple(int(y) for y in ev.years),
        keys=ev.keys,
        key_units={n: v.unit for n, v in scenario.key_assumptions.items()},
        final_energy=ledger.final,
        energy_by_fuel=by_fuel,
        energy_total=energy_total,
        nonfossil=nonfossil,
        co2_by_sector=ledger.co2,
        gases=by_gas,
        totals=emissions,
        capacity=power.capacity,
        generation=power.generation,
        net_import_kwh=power.net_import_kwh,
        calibration=cal,
        notes=[*notes, *power.notes],
        coal_hours=power.coal_hours,
        curtailed_kwh=power.curtailed_kwh,
        co2_by_fuel=co2_by_fuel,
    )


def _sinks_and_held(
    scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger
) -> Arr:
    """Sinks (t, negative), and with a calibration the CO2 of categories without a branch and
    the other removals, held at their base-year value."""
    parts = [ev(s.value) * scale((s.value.unit,), "t") for s in scenario.sinks]
    sinks = sum_series(parts, ev.years)
    if cal:
        ledger.co2[OTHER] = np.full(len(ev.years), cal.other_co2)
        ledger.co2[f"{OTHER}.process"] = np.full(len(ev.years), cal.other_process_co2)
        for key, value in cal.residual_co2.items():  # other.<branch>[.process], visible
            ledger.co2[key] = np.full(len(ev.years), value)
        sinks = sinks + cal.other_sinks
    return sinks


def _emissions(
    scenario: Scenario,
    ev: Evaluator,
    cal: Calibration | None,
    ledger: Ledger,
    power: PowerFlows,
    ch4_fugitive: Arr,
    sinks: Arr,
) -> tuple[dict[str, Arr], dict[str, Arr]]:
    """Totals (territorial, regional_energy_co2, co2e_gross, co2e_net, sinks) and gases (t)."""
    co2, years, gwp_set = ledger.co2, ev.years, scenario.gwp_set
    grid = fx.grid_factor(scenario.region, scenario.base_year)
    # emission factors and base-year inventory together (1 unless drawn, see uncertainty.yaml);
    # a fuel with a sourced range has its own multiplier instead (0 × its CO2 when both are 1)
    f = ev.params.get(CO2_FACTOR, 1.0)
    energy_co2 = f * sum_series([v for k, v in co2.items() if not k.endswith(".process")], years)
    for fuel, v in ledger.co2_fuel.items():
        own = fuel_factor_name(fuel)
        if own in ev.params:
            energy_co2 = energy_co2 + (ev.params[own] - f) * v
    territorial = energy_co2 + f * sum_series(
        [v for k, v in co2.items() if k.endswith(".process")], years
    )
    fossil_ch4 = sum_series(ledger.ch4, years) + ch4_fugitive + (cal.other_ch4 if cal else 0.0)
    other_ch4 = cal.other_ch4_nonfossil if cal else 0.0
    ch4_total = fossil_ch4 + other_ch4
    n2o_total = sum_series(ledger.n2o, years) + (cal.other_n2o if cal else 0.0)
    gross = (
        territorial
        + fossil_ch4 * fx.gwp_ch4(gwp_set)
        + other_ch4 * gwp("CH4", gwp_set).value
        + n2o_total * gwp("N2O", gwp_set).value
        + gases.other_co2e(cal, gwp_set)
    )
    totals = {
        "territorial": territorial,
        "regional_energy_co2": energy_co2 + f * power.net_import_kwh * grid,
        "co2e_gross": gross,
        "co2e_net": gross + sinks,
        "sinks": sinks * np.ones(len(years)),
    }
    by_gas = {"CO2": territorial, "CH4": ch4_total, "N2O": n2o_total, "CH4_fugitive": ch4_fugitive}
    return totals, by_gas


def _energy(
    scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger, power: PowerFlows
) -> tuple[dict[str, Arr], dict[str, Arr], dict[str, Arr]]:
    """Energy total by method, energy by fuel (primary view) and non-fossil energy (tce)."""
    p = scenario.power
    e_kwh = fx.electricity_tce_per_kwh()
    primary, net_import = power.primary_kwh, power.net_import_kwh
    coal_rate = ev(p.coal_rate) * scale((p.coal_rate.unit,), "tce/kWh")
    fossil_total = sum_series(list(ledger.fossil_fuel.values()), ev.years) + (
        cal.other_energy if cal else 0.0
    )
    energy_total = {
        "calorific": fossil_total + (primary + net_import) * e_kwh,
        "coal_equivalent": fossil_total + (primary + net_import) * coal_rate,
    }
    by_fuel = dict(ledger.fossil_fuel)
    by_fuel["primary_electricity"] = primary * e_kwh
    by_fuel["net_import_electricity"] = net_import * e_kwh
    nonfossil = {"calorific": primary * e_kwh, "coal_equivalent": primary * coal_rate}
    return energy_total, by_fuel, nonfossil
