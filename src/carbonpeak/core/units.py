"""The one pint unit registry of carbonpeak, and the Chinese unit words plans use.

Every quantity in the package is made here. Chinese unit words (万千瓦, 亿立方米, 万亩 ...)
are data in ``units_zh.csv`` mapping each word to a pint expression, so that "300 万千瓦"
becomes 3 GW without anybody multiplying by a bare 10000.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from carbonpeak.core.bundled import csv_rows
from carbonpeak.core.errors import InputError

ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
ureg.load_definitions(str(resources.files("carbonpeak.core") / "units.txt"))
Q_ = ureg.Quantity
# A pickled quantity (a computed inventory in the shared figure cache, core/shared.py) is read
# back against the application registry: this one, with its gce, tce and 万 units.
pint.set_application_registry(ureg)
Quantity = pint.Quantity


@lru_cache(maxsize=1)
def _unit_table() -> list[dict[str, str]]:
    return csv_rows("carbonpeak.core", "units_zh.csv")


def chinese_units() -> dict[str, str]:
    """Chinese (and plain-text) unit word -> pint expression, from ``units_zh.csv``."""
    return {row["text"]: row["pint"] for row in _unit_table()}


def normal_unit(unit_text: str) -> str | None:
    """The unit values written in ``unit_text`` are normalised to (万千瓦 -> GW)."""
    return next((r["normal"] for r in _unit_table() if r["text"] == unit_text.strip()), None)


def normalised(value: float, unit_text: str) -> Any:
    """``quantity`` converted to the normal unit of its word: (300, 万千瓦) -> 3 GW."""
    q = quantity(value, unit_text)
    target = normal_unit(unit_text)
    return q.to(target) if target else q


def unit_words() -> list[str]:
    """Unit words known to the registry, longest first (for greedy matching in text)."""
    return sorted(chinese_units(), key=len, reverse=True)


_CARBON = re.compile(r"(?<![A-Za-z_])(k?g|t)\s+(CO2e|CO2|C)(?![A-Za-z0-9_])")
_KCAL = re.compile(r"(?<![A-Za-z_])kcal(?![A-Za-z_])")
_POWERS = {"²": "**2", "³": "**3"}


@lru_cache(maxsize=4096)
def field_expression(unit_text: str) -> str:
    """A unit as the field writes it -> a pint expression: a whole Chinese word from
    ``units_zh.csv`` (万千瓦); Chinese words and the 万/亿 prefixes inside an expression
    (``tce/万kWh``, ``万tce``, ``kgce/万吨``); ``m³``; ``t C``/``kg CO2`` with a space; ``kcal``
    as the International Table calorie of Chinese energy statistics.

    >>> field_expression("tce/万kWh")
    'tce/(1e4*kWh)'
    """
    text = unit_text.strip()
    words = chinese_units()
    if text in words:
        return words[text]
    for word in unit_words():  # longest first: 万千瓦时 before 千瓦时
        if word in text and not word.isascii():
            text = text.replace(word, f"({words[word]})")
    text = _PREFIXED.sub(lambda m: f"({_PREFIX[m.group(1)]}*{m.group(2)})", text)
    for sup, power in _POWERS.items():
        text = text.replace(sup, power)
    text = _CARBON.sub(r"\1\2", text)
    return _KCAL.sub("kcal_it", text)


_PREFIX = {"万": "1e4", "亿": "1e8"}
_PREFIXED = re.compile(r"(万|亿)\s*([A-Za-z_][A-Za-z0-9_]*)")


def quantity(value: float, unit_text: str) -> Any:
    """Make a pint quantity from a value and a unit as written (中文 or symbol).

    >>> quantity(300, "万千瓦").to("GW")
    <Quantity(3.0, 'gigawatt')>
    """
    expr = field_expression(unit_text)
    try:
        unit = ureg.parse_expression(expr)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, SyntaxError) as exc:
        raise InputError(f"unknown unit {unit_text!r} / 无法识别的单位 {unit_text!r}") from exc
    if isinstance(unit, pint.Quantity):
        if unit.units == ureg.degC:
            return Q_(value, ureg.degC)
        return Q_(value * unit.magnitude, unit.units)
    return Q_(value, unit)


def short_text(q: Any) -> str:
    """'3 GW', '1.6e+09 m³', '20 %': for people, not for parsing."""
    return f"{q.magnitude:.6g} {q.units:~P}".strip()


@lru_cache(maxsize=8192)
def scale(units: tuple[str, ...], target: str) -> float:
    """Multiplier turning a product of magnitudes in ``units`` into ``target``."""
    q = Q_(1.0, "dimensionless")
    for unit in units:
        q = q * quantity(1.0, unit)
    return float(q.to(target).magnitude)


_UNIT_TEXT: dict[Any, str] = {}


def unit_of(q: Any) -> str:
    """The pint unit of a quantity as text (``metric_ton``, ``meter ** 3``); formatted once per
    unit (pint's formatter is slow). Keyed by pint's hashable units container, which every
    quantity already holds (``q.units`` would build a new Unit object per call)."""
    key = q._units
    text = _UNIT_TEXT.get(key)
    if text is None:
        text = _UNIT_TEXT[key] = str(q.units)
    return text


@lru_cache(maxsize=4096)
def compatible_units(unit: str, target: str) -> bool:
    """Can an amount in ``unit`` be expressed in ``target``? (computed once per pair)"""
    return bool(quantity(1.0, unit).is_compatible_with(target))
