"""LEAP-style accounting projection (情景预测): one scenario, every year, optionally every draw.

Per demand branch b and fuel f (final energy, tce)::

    E[b,f] = activity[b] × intensity[b] × share[b,f] / 100

Power & heat: generation[k] = capacity[k] (GW) × hours[k]; thermal fuel input = generation ×
heat rate (gce/kWh); electricity demand = Σ E[b, electricity] ÷ 0.1229 kgce/kWh (电热当量);
net export = Σ generation × (1 − own use) − demand × (1 + losses) − statistical difference
(the base-year residual, held constant). Heat: heat-plant fuel = Σ E[b, heat] ÷ efficiency.

Emissions: combustion = Σ E × factor per tce (the inventory engine's factors, see
:mod:`.factors`), × k[b] (base-year calibration: inventory ÷ model, 1 without an inventory);
process CO2 = activity × process factor of the branch's kind; fugitive CH4 = coal output × Σ
mine-class share × (mining + post-mining t CH4 per t) − methane utilised (m³) × t CH4 per m³ (all
four from the inventory engine's 1.B.1.a, see :mod:`.factors`); sinks as given. With an
inventory, CH4, N2O and other gases no branch gives are held at their base-year value, so the
base year's CO2e equals the inventory's. Totals follow the inventory
(:data:`carbonpeak.inventory.model.TOTAL_MEANING`): ``territorial`` (scope-1 CO2),
``regional_energy_co2`` (energy CO2 + net imported electricity × grid factor: the assessment
total), ``co2e_net``. Energy totals by the calorific and the coal-equivalent (发电煤耗) method.

Values are numpy arrays with the year as the last axis; with Monte Carlo parameters of shape
(N, 1) the whole model runs once for all N draws (no loop per draw).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale
from carbonpeak.factors import fuels, gwp
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.schema import order_keys
from carbonpeak.scenarios.definition.units import WAN_YUAN, factor
from carbonpeak.scenarios.model import NONFOSSIL_KINDS, DemandBranch, Scenario, Variable
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection import gases
from carbonpeak.scenarios.projection.baseyear import BaseYear, Calibration, calibrate

Arr = np.ndarray
OTHER = "other"


@dataclass
class Result:
    """Projection of one scenario: arrays (…, years) by name; units in the names/docs."""

    scenario: str
    region: str
    years: tuple[int, ...]
    keys: dict[str, Arr]  # key assumptions, in their units
    key_units: dict[str, str]
    final_energy: dict[str, dict[str, Arr]]  # branch -> fuel -> tce
    energy_by_fuel: dict[str, Arr]  # primary view, tce (calorific)
    energy_total: dict[str, Arr]  # method -> tce
    nonfossil: dict[str, Arr]  # method -> tce
    co2_by_sector: dict[str, Arr]  # t
    gases: dict[str, Arr]  # CO2, CH4, N2O (t)
    totals: dict[str, Arr]  # territorial, regional_energy_co2, co2e_gross, co2e_net, sinks (t)
    capacity: dict[str, Arr]  # GW
    generation: dict[str, Arr]  # kWh
    net_import_kwh: Arr
    calibration: Calibration | None = None
    notes: list[str] = field(default_factory=list)

    def total(self, name: str) -> Arr:
        if name not in self.totals:
            raise InputError(f"未知总量 / unknown total {name!r} (known: {', '.join(self.totals)})")
        return self.totals[name]

    def indicator(self, name: str) -> Arr:
        """gdp_wan_yuan, co2_intensity (t/万元), energy_intensity (tce/万元), nonfossil_share."""
        if name == "nonfossil_share":
            return 100.0 * self.nonfossil["coal_equivalent"] / self.energy_total["coal_equivalent"]
        gdp = self.gdp_wan_yuan()
        if name == "co2_intensity":
            return self.totals["regional_energy_co2"] / gdp
        if name == "energy_intensity":
            return self.energy_total["calorific"] / gdp
        raise InputError(f"未知指标 / unknown indicator {name!r}")

    def gdp_wan_yuan(self) -> Arr:
        if "gdp" not in self.keys:
            raise InputError("情景没有关键假设 gdp / the scenario has no key assumption 'gdp'")
        return self.keys["gdp"] * factor((self.key_units["gdp"],), WAN_YUAN)


class _Evaluator:
    def __init__(
        self,
        scenario: Scenario,
        params: Mapping[str, Any],
        bases: Mapping[str, float],
        plan: Callable[[str, str], float],
    ) -> None:
        self.s = scenario
        self.years = np.arange(scenario.base_year, scenario.end_year + 1)
        self.params = params
        self.bases = bases
        self.plan = plan
        self.keys: dict[str, Arr] = {}

    def lookup(self, name: str) -> Any:
        if name in self.params:
            return self.params[name]
        if name in self.keys:
            return self.keys[name]
        raise ex.ExpressionError(f"未知名称 / unknown name {name!r}")

    def __call__(self, var: Variable) -> Arr:
        base = self.bases.get(var.path, var.base)
        if base is None and not ex.uses_base(var.expr):
            # a derived series (``gdp * industry_share / 100``): its own first value is the base
            env = ex.Env(self.years, np.nan, self.lookup, lambda ref: self.plan(ref, var.unit))
            try:
                return ex.evaluate(var.expr, env)
            except ex.ExpressionError as exc:
                raise InputError(f"{var.where} {var.path}.expr: {exc}") from exc
        if base is None:
            raise InputError(
                f"{var.where} {var.path}: 没有基准年数值 / no base-year value: write `base:` or "
                "run with a base-year inventory"
            )
        env = ex.Env(self.years, base, self.lookup, lambda ref: self.plan(ref, var.unit))
        try:
            value = ex.evaluate(var.expr, env)
        except ex.ExpressionError as exc:
            raise InputError(f"{var.where} {var.path}.expr: {exc}") from exc
        return np.where(self.years == self.years[0], base, value)


def run(
    scenario: Scenario,
    *,
    base_year: BaseYear | None = None,
    params: Mapping[str, Any] | None = None,
    plan: Callable[[str, str], float] | None = None,
) -> Result:
    """Project ``scenario``; ``params`` replaces parameter values (arrays (N, 1) for draws)."""
    values: dict[str, Any] = {n: p.value for n, p in scenario.parameters.items()}
    defaults = dict(values)
    values.update(params or {})
    plan_ = plan or _no_plan
    cal = None
    if base_year is not None:
        cal = calibrate(scenario, base_year, lambda c: _project(scenario, defaults, c, plan_))
    return _project(scenario, values, cal, plan_)


def _project(
    scenario: Scenario,
    values: Mapping[str, Any],
    cal: Calibration | None,
    plan: Callable[[str, str], float],
) -> Result:
    ev = _Evaluator(scenario, values, cal.bases if cal else {}, plan)
    region, y0 = scenario.region, scenario.base_year
    for name in order_keys(scenario.key_assumptions):
        ev.keys[name] = ev(scenario.key_assumptions[name])

    final: dict[str, dict[str, Arr]] = {}
    co2: dict[str, Arr] = {}
    ch4: list[Arr] = []
    n2o: list[Arr] = []
    fossil_fuel: dict[str, Arr] = {}
    for b in scenario.demand:
        energy = _branch_energy(b, ev, cal)
        final[b.key] = energy
        k = cal.k.get(b.key, 1.0) if cal else 1.0
        parts_co2, parts_ch4, parts_n2o = [], [], []
        for fuel, e in energy.items():
            if fuels()[fuel].secondary:
                continue
            fossil_fuel[fuel] = fossil_fuel.get(fuel, 0.0) + e
            f = fx.fuel_factor(fuel, _category(b), region, y0)
            parts_co2.append(e * f.co2)
            parts_ch4.append(e * f.ch4)
            parts_n2o.append(e * f.n2o)
        co2[b.key] = k * _sum(parts_co2, ev.years)
        ch4.append(_sum(parts_ch4, ev.years))
        n2o.append(_sum(parts_n2o, ev.years))
        if b.process_kind:
            activity_t = ev(b.activity) * scale((b.activity.unit,), "t")
            kp = cal.k_process.get(b.key, 1.0) if cal else 1.0
            co2[f"{b.key}.process"] = (
                kp * activity_t * fx.process_factor(b.process_kind, region, y0)
            )

    p = scenario.power
    e_kwh = fx.electricity_tce_per_kwh()
    demand_kwh = _sum([e.get("electricity", 0.0) for e in final.values()], ev.years) / e_kwh
    heat_tce = _sum([e.get("heat", 0.0) for e in final.values()], ev.years)
    capacity: dict[str, Arr] = {}
    generation: dict[str, Arr] = {}
    power_co2: list[Arr] = []
    primary = np.zeros(len(ev.years))
    for t in p.technologies:
        cap = ev(t.capacity)
        capacity[t.key] = cap
        if t.hours is None:
            continue
        gen = cap * ev(t.hours) * scale((t.capacity.unit, t.hours.unit), "kWh")
        generation[t.key] = gen
        if t.kind in NONFOSSIL_KINDS:
            primary = primary + gen
        elif t.heat_rate is not None:
            fuel_tce = gen * ev(t.heat_rate) * scale((t.heat_rate.unit, "kWh"), "tce")
            fossil_fuel[t.fuel] = fossil_fuel.get(t.fuel, 0.0) + fuel_tce
            f = fx.fuel_factor(t.fuel, fx.POWER_CATEGORY, region, y0)
            power_co2.append(fuel_tce * f.co2)
            ch4.append(fuel_tce * f.ch4)
            n2o.append(fuel_tce * f.n2o)
    if p.heat_fuel and p.heat_efficiency is not None:
        heat_in = heat_tce / (ev(p.heat_efficiency) / 100.0)
        fossil_fuel[p.heat_fuel] = fossil_fuel.get(p.heat_fuel, 0.0) + heat_in
        f = fx.fuel_factor(p.heat_fuel, fx.POWER_CATEGORY, region, y0)
        power_co2.append(heat_in * f.co2)
        ch4.append(heat_in * f.ch4)
        n2o.append(heat_in * f.n2o)
    k_power = cal.k.get("power", 1.0) if cal else 1.0
    co2["power"] = k_power * _sum(power_co2, ev.years)
    supply = _sum(list(generation.values()), ev.years) * (1 - ev(p.own_use) / 100.0)
    need = demand_kwh * (1 + ev(p.losses) / 100.0)
    residual = cal.statistical_difference_kwh if cal else 0.0
    net_import = need - supply + residual

    notes: list[str] = []
    ch4_fug: list[Arr] = []
    for fg in scenario.fugitive:
        released = gases.mine_ch4(fg, ev, cal)
        if np.any(released < 0):
            notes.append(
                f"{fg.key}: methane utilised exceeds methane released in some years; set to 0 there"
            )
        ch4_fug.append(np.maximum(released, 0.0))
    sinks = _sum([ev(s.value) * scale((s.value.unit,), "t") for s in scenario.sinks], ev.years)
    fugitive = _sum(ch4_fug, ev.years) * (cal.k_fugitive if cal else 1.0)
    if cal:
        co2[OTHER] = np.full(len(ev.years), cal.other_co2)
        co2[f"{OTHER}.process"] = np.full(len(ev.years), cal.other_process_co2)
        sinks = sinks + cal.other_sinks

    grid = fx.grid_factor(region, y0)
    energy_co2 = _sum([v for k, v in co2.items() if not k.endswith(".process")], ev.years)
    territorial = energy_co2 + _sum([v for k, v in co2.items() if k.endswith(".process")], ev.years)
    fossil_ch4 = _sum(ch4, ev.years) + fugitive + (cal.other_ch4 if cal else 0.0)
    other_ch4 = cal.other_ch4_nonfossil if cal else 0.0
    ch4_total = fossil_ch4 + other_ch4
    n2o_total = _sum(n2o, ev.years) + (cal.other_n2o if cal else 0.0)
    gross = (
        territorial
        + fossil_ch4 * fx.gwp_ch4(scenario.gwp_set)
        + other_ch4 * gwp("CH4", scenario.gwp_set).value
        + n2o_total * gwp("N2O", scenario.gwp_set).value
        + gases.other_co2e(cal, scenario.gwp_set)
    )
    coal_rate = ev(p.coal_rate) * scale((p.coal_rate.unit,), "tce/kWh")
    fossil_total = _sum(list(fossil_fuel.values()), ev.years) + (cal.other_energy if cal else 0.0)
    energy_total = {
        "calorific": fossil_total + (primary + net_import) * e_kwh,
        "coal_equivalent": fossil_total + (primary + net_import) * coal_rate,
    }
    by_fuel = dict(fossil_fuel)
    by_fuel["primary_electricity"] = primary * e_kwh
    by_fuel["net_import_electricity"] = net_import * e_kwh
    return Result(
        scenario=scenario.name,
        region=region,
        years=tuple(int(y) for y in ev.years),
        keys=ev.keys,
        key_units={n: v.unit for n, v in scenario.key_assumptions.items()},
        final_energy=final,
        energy_by_fuel=by_fuel,
        energy_total=energy_total,
        nonfossil={"calorific": primary * e_kwh, "coal_equivalent": primary * coal_rate},
        co2_by_sector=co2,
        gases={"CO2": territorial, "CH4": ch4_total, "N2O": n2o_total, "CH4_fugitive": fugitive},
        totals={
            "territorial": territorial,
            "regional_energy_co2": energy_co2 + net_import * grid,
            "co2e_gross": gross,
            "co2e_net": gross + sinks,
            "sinks": sinks * np.ones(len(ev.years)),
        },
        capacity=capacity,
        generation=generation,
        net_import_kwh=net_import,
        calibration=cal,
        notes=notes,
    )


def _no_plan(ref: str, unit: str) -> float:
    raise InputError(f"没有方案目标 / plan({ref!r}) used but no plan targets were given")


def _category(b: DemandBranch) -> str:
    return b.categories[0] if b.categories else "1.A.2.m"


def _sum(parts: list[Any], years: Arr) -> Arr:
    total: Any = np.zeros(len(years))
    for part in parts:
        total = total + part
    return np.asarray(total, dtype=float)


def _branch_energy(b: DemandBranch, ev: _Evaluator, cal: Calibration | None) -> dict[str, Arr]:
    total = ev(b.activity) * ev(b.intensity) * scale((b.activity.unit, b.intensity.unit), "tce")
    shares: dict[str, Arr] = {}
    remainder = None
    for fs in (*b.fuels, *(cal.extra_fuels.get(b.key, ()) if cal else ())):
        if fs.share is None:
            remainder = fs.fuel
        else:
            shares[fs.fuel] = ev(fs.share)
    given = _sum(list(shares.values()), ev.years)
    if remainder is not None:
        rest = 100.0 - given
        if np.any(rest < -1e-6):
            year = int(ev.years[np.argmax(np.any(rest < -1e-6, axis=tuple(range(rest.ndim - 1))))])
            raise InputError(
                f"{b.activity.where} demand.{b.key}.fuels: 燃料比例超过100% / shares exceed 100 % "
                f"in {year} (remainder {remainder} would be negative)"
            )
        shares[remainder] = rest
    else:
        bad = np.abs(given - 100.0) > 0.5
        if np.any(bad):
            year = int(ev.years[np.argmax(np.any(bad, axis=tuple(range(bad.ndim - 1))))])
            raise InputError(
                f"{b.activity.where} demand.{b.key}.fuels: 燃料比例之和应为100% / shares must "
                f"add up to 100 % (or name one fuel `remainder`); they do not in {year}"
            )
    return {fuel: total * share / 100.0 for fuel, share in shares.items()}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
