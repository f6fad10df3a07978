"""Coal-mine methane and the non-CO2 gases of a projection (煤矿瓦斯, CH4, N2O, PFCs).

Coal-mine methane (1.B.1.a) is counted as the inventory counts it: coal output × Σ mine-class
share × (mining + post-mining t CH4 per t) − methane utilised (and flared) × t CH4 per m³, every
factor obtained from the inventory engine (:mod:`.factors`). With a base-year inventory, the coal
output, its mine-class mix (held), the methane utilised and flared come from it, and the CH4 and
N2O no branch gives, and the other gases, are held at their base-year value (:func:`other_gases`)
so the base year's CO2e equals the inventory's.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from carbonpeak.core.errors import FactorNotFound, InputError
from carbonpeak.core.units import scale
from carbonpeak.factors import gwp
from carbonpeak.inventory import CH4_DENSITY_T_PER_M3, MINES, ActivityRecord, amount
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.units import factor
from carbonpeak.scenarios.model import Fugitive, MineShare, Scenario, Variable
from carbonpeak.scenarios.projection import factors as fx

if TYPE_CHECKING:
    from carbonpeak.scenarios.projection.baseyear import BaseYear, Calibration
    from carbonpeak.scenarios.projection.engine import Result, _Evaluator

Arr = np.ndarray


def methane_m3(rec: ActivityRecord) -> float:
    """Methane utilised or flared in m³ (a mass is turned into volume as the inventory does)."""
    if rec.quantity.is_compatible_with("m**3"):
        return amount(rec, "m**3")
    if rec.quantity.is_compatible_with("t"):
        return amount(rec, "t") / CH4_DENSITY_T_PER_M3
    raise InputError(f"{rec.id}: 单位应为体积或质量 / {rec.fuel} needs a volume or mass unit")


def fugitive_bases(scenario: Scenario, base: BaseYear, cal: Calibration) -> None:
    """Coal output, mine-class shares, methane utilised and flared from the inventory."""
    mix = {k: v for k, v in base.activity.items() if k in MINES and v}
    coal_out = math.fsum(mix.values())
    cal.cmm_flared_m3 = base.cmm_flared_m3
    if base.cmm_flared_m3:
        cal.notes.append("coal-mine methane flared is held at its base-year volume")
    for fg in scenario.fugitive:
        if coal_out:
            cal.bases[fg.activity.path] = coal_out * factor(("t",), fg.activity.unit)
            listed = {m.kind for m in fg.mines}
            for m in fg.mines:
                cal.bases[m.share.path] = 100.0 * mix.get(m.kind, 0.0) / coal_out
            cal.extra_mines[fg.key] = tuple(
                MineShare(
                    kind,
                    Variable(
                        f"fugitive.{fg.key}.mines.{kind}",
                        "percent",
                        ex.Name("base"),
                        "base",
                        100.0 * t / coal_out,
                        "inventory",
                    ),
                )
                for kind, t in sorted(mix.items())
                if kind not in listed
            )
        if base.cmm_utilised_m3:
            cal.bases[fg.utilised.path] = base.cmm_utilised_m3 * factor(("m**3",), fg.utilised.unit)


def other_gases(base: BaseYear, first: Result, cal: Calibration, i: int) -> None:
    """CH4 and N2O the branches do not give, and the other gases, held at the base year."""
    combustion_ch4 = float(first.gases["CH4"][i]) - float(first.gases["CH4_fugitive"][i])
    cal.other_ch4 = base.ch4_energy - combustion_ch4
    cal.other_ch4_nonfossil = base.ch4_other
    cal.other_n2o = base.n2o - float(first.gases["N2O"][i])
    cal.other_gases = dict(base.other_gases)
    if cal.other_ch4_nonfossil or cal.other_gases:
        held = ["agriculture and waste CH4"] if cal.other_ch4_nonfossil else []
        cal.notes.append(
            f"held at their base-year value: {', '.join([*held, *sorted(cal.other_gases)])}"
        )


def mine_ch4(fg: Fugitive, ev: _Evaluator, cal: Calibration | None) -> Arr:
    """t CH4 of coal mining (mining + post-mining by mine class) less methane utilised."""
    region, y0 = ev.s.region, ev.s.base_year
    shares = (*fg.mines, *(cal.extra_mines.get(fg.key, ()) if cal else ()))
    if not shares:
        raise InputError(
            f"{fg.activity.where} fugitive.{fg.key}.mines: 需要矿井类型构成 / needs the coal "
            "output share of each mine class (percent), or a base-year inventory with coal output"
        )
    per_t: Any = 0.0
    given: Any = 0.0
    for m in shares:
        share = ev(m.share)
        given = given + share
        per_t = per_t + share / 100.0 * fx.mine_factor(m.kind, region, y0).total
    bad = np.abs(np.asarray(given) - 100.0) > 0.5
    if np.any(bad):
        year = int(ev.years[np.argmax(np.any(bad, axis=tuple(range(bad.ndim - 1))))])
        raise InputError(
            f"{fg.activity.where} fugitive.{fg.key}.mines: 矿井类型比例之和应为100% / mine "
            f"class shares must add up to 100 %; they do not in {year}"
        )
    output_t = ev(fg.activity) * scale((fg.activity.unit,), "t")
    drained_m3 = ev(fg.utilised) * scale((fg.utilised.unit,), "m**3")
    drained_m3 = drained_m3 + (cal.cmm_flared_m3 if cal else 0.0)
    return np.asarray(output_t * per_t - drained_m3 * fx.recovered_ch4_per_m3(region, y0))


def other_co2e(cal: Calibration | None, gwp_set: str) -> float:
    """CO2e of the other gases held at the base year (PFCs ...); gases without a GWP in the set
    are left out, as the inventory leaves them out of its CO2e."""
    out = 0.0
    for gas, tonnes in (cal.other_gases if cal else {}).items():
        try:
            out += tonnes * gwp(gas, gwp_set).value
        except FactorNotFound:
            continue
    return out
