"""What dimension each factor parameter must have, and the one-line message when it has not.

A factor row whose unit cannot mean what its parameter says (an NCV in t/TJ, a carbon content in
GJ/t) is refused naming the row, the field ``unit`` and the expected dimension, so nothing is
computed with a number read the wrong way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity

#: parameter -> (pint dimensionality check, words for people) alternatives. Parameters not listed
#: (process factors per head or per area and year, sink fluxes ...) are checked only for parsing.
EXPECTED: dict[str, tuple[tuple[str, str], ...]] = {
    "ncv": (
        ("[energy]/[mass]", "energy per mass (GJ/t, kJ/kg, kcal/kg)"),
        ("[energy]/[volume]", "energy per volume (MJ/m³, GJ/万m³)"),
    ),
    "carbon_content": (("[mass]/[energy]", "carbon mass per energy (tC/TJ, tC/GJ, kgC/GJ)"),),
    "oxidation": (("[]", "a dimensionless fraction (0.94, 94 percent)"),),
    "co2_factor": (
        ("[mass]/[energy]", "mass per energy (tCO2/TJ)"),
        ("[mass]/[mass]", "mass per mass (tCO2/t)"),
        ("[mass]/[volume]", "mass per volume (tCO2/万m³)"),
    ),
    "grid_factor": (("[mass]/[energy]", "mass per energy (tCO2/MWh, kgCO2/kWh)"),),
    "coal_coefficient": (
        ("[energy]/[mass]", "standard coal per mass (kgce/kg)"),
        ("[energy]/[volume]", "standard coal per volume (kgce/m³)"),
        ("[]", "standard coal per energy (tce/万kWh, kgce/MJ)"),
    ),
    "gwp": (("[]", "a dimensionless number"),),
}


#: A carbon mass and a CO2 mass are both masses to pint (``core/units.txt``): the unit text is
#: what tells them apart. ``tCO2``/``kg CO2``/``tCO2e`` name CO2; ``tC``/``kgC``/``t C`` name
#: carbon (``tce``, standard coal, does not).
_NAMES_CO2 = re.compile(r"CO2")
_NAMES_CARBON = re.compile(r"(?<![A-Za-z_])(?:k?g|t)\s*C(?![A-Za-z0-9_])")
_CO2_PARAMETERS = ("co2_factor", "grid_factor")


def _species_problem(parameter: str, unit: str) -> str | None:
    if parameter == "carbon_content" and _NAMES_CO2.search(unit):
        return (
            f"{unit!r} is a mass of CO2 per energy; carbon_content expects carbon mass per "
            "energy (tC/TJ, tC/GJ, kgC/GJ): give a CO2 factor as co2_factor"
        )
    if parameter in _CO2_PARAMETERS and _NAMES_CARBON.search(unit):
        return (
            f"{unit!r} is a mass of carbon; {parameter} expects a mass of CO2 "
            "(tCO2/TJ, tCO2/t, tCO2/MWh): give a carbon content as carbon_content"
        )
    return None


@lru_cache(maxsize=4096)
def dimension_problem(parameter: str, unit: str) -> str | None:
    """``None`` if ``unit`` can carry ``parameter``; else what was expected, in one line.

    Raises :class:`InputError` if pint cannot read ``unit`` at all.
    """
    allowed = EXPECTED.get(parameter)
    q = quantity(1.0, unit)
    if allowed is None:
        return None
    if any(q.check(dim) for dim, _ in allowed):
        return _species_problem(parameter, unit)
    words = " or ".join(w for _, w in allowed)
    return f"{unit!r} is {_describe(q)}; {parameter} expects {words}"


_NAMED = (
    ("[mass]/[energy]", "mass per energy"),
    ("[energy]/[mass]", "energy per mass"),
    ("[energy]/[volume]", "energy per volume"),
    ("[mass]/[volume]", "mass per volume"),
    ("[]", "dimensionless"),
    ("[mass]", "a mass"),
    ("[energy]", "an energy"),
    ("[volume]", "a volume"),
)


def _describe(q: object) -> str:
    name = next((words for dim, words in _NAMED if q.check(dim)), None)  # type: ignore[attr-defined]
    return name or str(q.dimensionality)  # type: ignore[attr-defined]


def check_dimension(parameter: str, unit: str) -> None:
    """Raise :class:`InputError` naming the expected dimension (see :func:`dimension_problem`)."""
    problem = dimension_problem(parameter, unit)
    if problem:
        raise InputError(f"单位量纲不符 / wrong dimension: {problem}")
