"""What one run shows (情景运行结果), typed: :class:`ScenarioRun` — series, peaks, target checks,
calibration, Monte Carlo — made by :func:`make_run` from a projection. Its
:meth:`ScenarioRun.as_json` is the JSON the CLI prints (``--json``) and the API returns; pages
read the attributes.

Series are lists of floats (t, tce, GW, kWh, %) with one value per year of ``years``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.analysis.montecarlo import MonteCarlo
from carbonpeak.scenarios.analysis.peak import Peak, peak
from carbonpeak.scenarios.analysis.targets import Check, check_targets
from carbonpeak.scenarios.definition import planlink
from carbonpeak.scenarios.model import Scenario
from carbonpeak.scenarios.projection.calibration import Calibration, summary
from carbonpeak.scenarios.projection.result import Result

#: the emission totals a run reports on (an enum in the API's schema)
Metric = Literal["territorial", "regional_energy_co2", "co2e_net"]
METRICS: tuple[str, ...] = get_args(Metric)
DEFAULT_METRIC = "territorial"

Series = list[float]


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario run: the projection's series, its peak for the chosen ``metric`` and for
    every metric, the plan's targets checked, and a Monte Carlo when draws were asked for."""

    scenario: str
    title: str
    chain: list[str]
    region: str
    years: list[int]
    metric: str
    emissions_t: Series  # the chosen metric
    totals_t: dict[str, Series]
    peak: Peak
    peaks: dict[str, Peak]  # metric -> peak
    targets: list[Check]
    emissions_by_sector_t: dict[str, Series]
    emissions_by_gas_t: dict[str, Series]
    energy_tce: dict[str, Series]  # method -> tce
    energy_by_fuel_tce: dict[str, Series]
    final_energy_by_sector_tce: dict[str, Series]
    nonfossil_share_pct: Series
    capacity_gw: dict[str, Series]
    generation_kwh: dict[str, Series]
    net_import_kwh: Series
    notes: list[str]
    illustrative: str
    base_year_source: str
    base_year_illustrative: bool
    co2_intensity_t_per_wan_yuan: Series | None = None  # with a gdp key assumption
    energy_intensity_tce_per_wan_yuan: Series | None = None
    calibration: Calibration | None = None
    montecarlo: MonteCarlo | None = None
    sensitivity: dict[str, Any] | None = None  # Sobol indices (analysis.sensitivity.sobol)

    def as_json(self) -> dict[str, Any]:
        """The CLI/API payload (keys in this order; optional keys only when present)."""
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "title": self.title,
            "chain": self.chain,
            "region": self.region,
            "years": self.years,
            "metric": self.metric,
            "emissions_t": self.emissions_t,
            "totals_t": self.totals_t,
            "peak": self.peak.as_dict(),
            "peaks": {m: p.as_dict() for m, p in self.peaks.items()},
            "targets": [c.as_dict() for c in self.targets],
            "emissions_by_sector_t": self.emissions_by_sector_t,
            "emissions_by_gas_t": self.emissions_by_gas_t,
            "energy_tce": self.energy_tce,
            "energy_by_fuel_tce": self.energy_by_fuel_tce,
            "final_energy_by_sector_tce": self.final_energy_by_sector_tce,
            "nonfossil_share_pct": self.nonfossil_share_pct,
            "capacity_gw": self.capacity_gw,
            "generation_kwh": self.generation_kwh,
            "net_import_kwh": self.net_import_kwh,
            "notes": self.notes,
            "illustrative": self.illustrative,
            "base_year_source": self.base_year_source,
            "base_year_illustrative": self.base_year_illustrative,
        }
        if self.co2_intensity_t_per_wan_yuan is not None:
            out["co2_intensity_t_per_wan_yuan"] = self.co2_intensity_t_per_wan_yuan
        if self.energy_intensity_tce_per_wan_yuan is not None:
            out["energy_intensity_tce_per_wan_yuan"] = self.energy_intensity_tce_per_wan_yuan
        if self.calibration is not None:
            out["calibration"] = summary(self.calibration)
        if self.montecarlo is not None:
            out["montecarlo"] = self.montecarlo.as_dict()
        if self.sensitivity is not None:
            out["sensitivity"] = self.sensitivity
        return out


def as_list(a: np.ndarray) -> Series:
    """A series as plain floats (JSON-ready)."""
    return [float(x) for x in np.asarray(a)]


def make_run(
    s: Scenario,
    r: Result,
    *,
    metric: str = DEFAULT_METRIC,
    base_year_source: str,
    base_year_illustrative: bool,
    intensity_2005: float | None = None,
) -> ScenarioRun:
    """Everything one run shows: series, peak, targets, calibration (no Monte Carlo)."""
    if metric not in METRICS:
        raise InputError(f"未知指标 / unknown metric {metric!r} (known: {', '.join(METRICS)})")
    checks = check_targets(r, s, plan=planlink.bundled(), intensity_2005=intensity_2005)
    has_gdp = "gdp" in r.keys
    return ScenarioRun(
        scenario=s.name,
        title=s.title,
        chain=list(s.chain),
        region=s.region,
        years=list(r.years),
        metric=metric,
        emissions_t=as_list(r.total(metric)),
        totals_t={k: as_list(v) for k, v in r.totals.items()},
        peak=peak(r.years, r.total(metric)),
        peaks={m: peak(r.years, r.total(m)) for m in METRICS},
        targets=checks,
        emissions_by_sector_t={k: as_list(v) for k, v in r.co2_by_sector.items()},
        emissions_by_gas_t={k: as_list(v) for k, v in r.gases.items()},
        energy_tce={k: as_list(v) for k, v in r.energy_total.items()},
        energy_by_fuel_tce={k: as_list(v) for k, v in r.energy_by_fuel.items()},
        final_energy_by_sector_tce={
            b: as_list(np.sum(list(f.values()), axis=0)) for b, f in r.final_energy.items()
        },
        nonfossil_share_pct=as_list(r.indicator("nonfossil_share")),
        capacity_gw={k: as_list(v) for k, v in r.capacity.items()},
        generation_kwh={k: as_list(v) for k, v in r.generation.items()},
        net_import_kwh=as_list(r.net_import_kwh),
        notes=r.notes,
        illustrative=s.illustrative,
        base_year_source=base_year_source,
        base_year_illustrative=base_year_illustrative,
        co2_intensity_t_per_wan_yuan=as_list(r.indicator("co2_intensity")) if has_gdp else None,
        energy_intensity_tce_per_wan_yuan=(
            as_list(r.indicator("energy_intensity")) if has_gdp else None
        ),
        calibration=r.calibration,
    )


def describe(s: Scenario) -> dict[str, Any]:
    """The scenario's definition: chain, variables with expressions and sources, plan links."""
    return {
        "name": s.name,
        "title": s.title,
        "parent": s.parent,
        "chain": list(s.chain),
        "description": s.description,
        "illustrative": s.illustrative,
        "region": s.region,
        "base_year": s.base_year,
        "end_year": s.end_year,
        "files": list(s.files),
        "parameters": {
            n: {
                "value": p.value,
                "distribution": None
                if p.distribution is None
                else {"type": p.distribution.kind, "args": list(p.distribution.args)},
                "where": p.where,
            }
            for n, p in s.parameters.items()
        },
        "variables": [
            {
                "path": v.path,
                "unit": v.unit,
                "expr": v.text,
                "base": v.base,
                "where": v.where,
                "source": v.source,
                "illustrative": v.illustrative,
            }
            for v in s.variables()
        ],
        "plan_targets": {
            ref: {"feeds": list(paths), **planlink.bundled().meta.get(ref, {})}
            for ref, paths in sorted(s.plan_refs.items())
        },
    }
