"""The non-CO2 gases of a projection from its base-year inventory (煤矿瓦斯, CH4, N2O, PFCs).

With a base-year inventory, the coal output, its mine-class mix (held), the methane utilised and
flared come from it (:func:`fugitive_bases`; the coal-mine methane itself is the
:mod:`.fugitive` step), and the CH4 and N2O no branch gives, and the other gases, are held at
their base-year value (:func:`other_gases`, :func:`other_co2e`) so the base year's CO2e equals
the inventory's.
"""

from __future__ import annotations

import math

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.factors import gwp
from carbonpeak.inventory import MINES
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.units import factor
from carbonpeak.scenarios.model import MineShare, Scenario, Variable
from carbonpeak.scenarios.projection.baseyear import BaseYear
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.result import Result


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
