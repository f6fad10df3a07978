"""Step 1 of a projection, demand (需求分支): per branch b and fuel f (final energy, tce)::

    E[b,f] = activity[b] × intensity[b] × share[b,f] / 100

combustion emissions = Σ E × the inventory engine's factor per tce (:mod:`.factors`); process
CO2 = output (t) × process CO2 per t of output read from the base-year inventory (category CO2
÷ output), or without an inventory × the factor library's factor of the branch's activity kind.
No multiplier: what a branch cannot match is a visible ``other`` branch (:mod:`.calibrate`).
"""

from __future__ import annotations

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale
from carbonpeak.factors import fuels
from carbonpeak.scenarios.model import DemandBranch, Scenario
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator
from carbonpeak.scenarios.projection.result import Arr, Ledger, sum_series

#: The category of a branch that names none (other manufacturing).
DEFAULT_CATEGORY = "1.A.2.m"


def account(scenario: Scenario, ev: Evaluator, cal: Calibration | None, ledger: Ledger) -> None:
    """Final energy, CO2, CH4 and N2O of every demand branch, added to ``ledger``."""
    region, y0 = scenario.region, scenario.base_year
    for b in scenario.demand:
        energy = branch_energy(b, ev, cal)
        ledger.final[b.key] = energy
        parts_co2, parts_ch4, parts_n2o = [], [], []
        for fuel, e in energy.items():
            if fuels()[fuel].secondary:
                continue
            ledger.burn(fuel, e)
            f = fx.fuel_factor(fuel, category(b), region, y0)
            parts_co2.append(e * f.co2)
            ledger.emit(fuel, parts_co2[-1])
            parts_ch4.append(e * f.ch4)
            parts_n2o.append(e * f.n2o)
        ledger.co2[b.key] = sum_series(parts_co2, ev.years)
        ledger.ch4.append(sum_series(parts_ch4, ev.years))
        ledger.n2o.append(sum_series(parts_n2o, ev.years))
        if b.process_kind:
            activity_t = ev(b.activity) * scale((b.activity.unit,), "t")
            per_t = (
                cal.process_intensity[b.key]
                if cal and b.key in cal.process_intensity
                else fx.process_factor(b.process_kind, region, y0)
            )
            ledger.co2[f"{b.key}.process"] = activity_t * per_t


def category(b: DemandBranch) -> str:
    """The IPCC category whose combustion factors a branch uses (its first)."""
    return b.categories[0] if b.categories else DEFAULT_CATEGORY


def branch_energy(b: DemandBranch, ev: Evaluator, cal: Calibration | None) -> dict[str, Arr]:
    """Final energy (tce) of one branch by fuel; the shares must add up to 100 % (or one fuel
    is the ``remainder``)."""
    total = ev(b.activity) * ev(b.intensity) * scale((b.activity.unit, b.intensity.unit), "tce")
    shares: dict[str, Arr] = {}
    remainder = None
    for fs in (*b.fuels, *(cal.extra_fuels.get(b.key, ()) if cal else ())):
        if fs.share is None:
            remainder = fs.fuel
        else:
            shares[fs.fuel] = ev(fs.share)
    given = sum_series(list(shares.values()), ev.years)
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
