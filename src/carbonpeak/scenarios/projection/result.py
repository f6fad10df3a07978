"""What a projection produces: the :class:`Ledger` the steps (demand, power, fugitive) fill in
turn, and the :class:`Result` the totals step makes of it. Arrays have the year as last axis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.definition.units import WAN_YUAN, factor
from carbonpeak.scenarios.projection.calibration import Calibration

Arr = np.ndarray


def sum_series(parts: list[Any], years: Arr) -> Arr:
    """Σ parts (floats or arrays) as one array over the years, added in the order given."""
    total: Any = np.zeros(len(years))
    for part in parts:
        total = total + part
    return np.asarray(total, dtype=float)


@dataclass
class Ledger:
    """Flows the steps add to, in the order they add them (sums of floats depend on the order,
    and the tests hold every figure to 1e-12).

    ``final``: branch → fuel → tce; ``co2``: branch (``<branch>.process``, ``power`` …) → t;
    ``ch4``, ``n2o``: parts in t; ``fossil_fuel``: fuel → tce burned (primary view)."""

    final: dict[str, dict[str, Arr]] = field(default_factory=dict)
    co2: dict[str, Arr] = field(default_factory=dict)
    ch4: list[Arr] = field(default_factory=list)
    n2o: list[Arr] = field(default_factory=list)
    fossil_fuel: dict[str, Arr] = field(default_factory=dict)
    #: combustion CO2 by fuel (t, demand branches and plants, at the factors used: no draw)
    co2_fuel: dict[str, Arr] = field(default_factory=dict)

    def burn(self, fuel: str, tce: Arr) -> None:
        self.fossil_fuel[fuel] = self.fossil_fuel.get(fuel, 0.0) + tce

    def emit(self, fuel: str, t_co2: Arr) -> None:
        self.co2_fuel[fuel] = self.co2_fuel.get(fuel, 0.0) + t_co2


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
    coal_hours: Arr | None = None  # derived by merit-order dispatch (h)
    curtailed_kwh: Arr | float = 0.0  # wind and solar above the allowed share
    #: combustion CO2 by fuel burned (t, demand and plants), each fuel's factor draw applied
    co2_by_fuel: dict[str, Arr] = field(default_factory=dict)

    def burned_fuels(self) -> list[str]:
        """The fuels whose combustion emits CO2 in some year (and draw)."""
        return sorted(f for f, v in self.co2_by_fuel.items() if np.any(np.asarray(v) != 0))

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
