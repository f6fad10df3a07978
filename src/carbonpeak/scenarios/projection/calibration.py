"""How a scenario was fitted to its base-year inventory (:class:`Calibration`, shown with the
results) — filled by :func:`~.calibrate.calibrate`, read by the projection steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carbonpeak.scenarios.model import FuelShare, MineShare


@dataclass
class Calibration:
    """Base-year values by variable path (read from the inventory), process CO2 per tonne of
    output (read from the inventory), and what is held at its base-year value: the visible
    ``other`` branches (inventory − model of a branch that cannot match, with its size), the
    categories and gases no branch gives. No multiplier scales a branch."""

    region: str
    year: int
    bases: dict[str, float] = field(default_factory=dict)
    #: t process CO2 per t of the branch's output (inventory category CO2 ÷ output)
    process_intensity: dict[str, float] = field(default_factory=dict)
    #: "other.<branch>" (energy) / "other.<branch>.process" → t CO2 held (inventory − model)
    residual_co2: dict[str, float] = field(default_factory=dict)
    extra_fuels: dict[str, tuple[FuelShare, ...]] = field(default_factory=dict)
    statistical_difference_kwh: float = 0.0
    #: net electricity sent out in the base year (kWh), held when the file has no ``exports``
    exports_kwh: float = 0.0
    #: set while calibrating: plants run capacity × hours (to find the base-year exports)
    accounting_only: bool = False
    other_co2: float = 0.0
    other_process_co2: float = 0.0
    other_energy: float = 0.0
    other_sinks: float = 0.0
    #: t CH4 of coal-mine methane the inventory has and the mine branches do not (inventory −
    #: model in the base year): a visible ``other.fugitive`` branch held at that size
    other_ch4_fugitive: float = 0.0
    extra_mines: dict[str, tuple[MineShare, ...]] = field(default_factory=dict)
    cmm_flared_m3: float = 0.0
    other_ch4: float = 0.0  # t fossil CH4 (combustion) no branch gives, held
    other_ch4_nonfossil: float = 0.0  # t CH4 of agriculture and waste, held
    other_n2o: float = 0.0  # t N2O no branch gives, held
    other_gases: dict[str, float] = field(default_factory=dict)  # t of PFCs ..., held
    notes: list[str] = field(default_factory=list)


def summary(cal: Calibration) -> dict[str, Any]:
    """The calibration for people and JSON."""
    return {
        "base_year": cal.year,
        "process_intensity_t_per_t": cal.process_intensity,
        "other_branches_t": cal.residual_co2,
        "statistical_difference_kwh": cal.statistical_difference_kwh,
        "exports_kwh": cal.exports_kwh,
        "other_energy_co2_t": cal.other_co2,
        "other_process_co2_t": cal.other_process_co2,
        "other_energy_tce": cal.other_energy,
        "other_fugitive_ch4_t": cal.other_ch4_fugitive,
        "other_ch4_t": cal.other_ch4 + cal.other_ch4_nonfossil,
        "other_n2o_t": cal.other_n2o,
        "other_gases_t": cal.other_gases,
        "notes": cal.notes,
    }
