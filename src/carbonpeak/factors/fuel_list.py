"""The fuel list (能源品种) of the China energy balance table, from ``data/fuels.csv``.

Each fuel has its Chinese name as in the energy balance (原煤, 洗精煤 ... 电力, 其他能源),
an English id (``raw_coal``), its class in Chinese statistics (coal, oil, gas, electricity,
heat, other), its IPCC class for CH4/N2O defaults (coal, oil, gas, derived_gas, none), a fossil
flag and the default physical unit of the energy balance (万吨, 亿立方米, 万千瓦时, 百万千焦).
A few enterprise-level
subtypes (无烟煤, 烟煤 ...) follow with ``in_energy_balance = False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows, listed, name_index


@dataclass(frozen=True, slots=True)
class Fuel:
    id: str
    name_zh: str
    name_en: str
    fuel_class: str
    ipcc_class: str
    fossil: bool
    default_unit: str
    in_energy_balance: bool
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def secondary(self) -> bool:
        """Electricity and heat: used, not burned, so no scope-1 CO2 where consumed."""
        return self.fuel_class in ("electricity", "heat")


@lru_cache(maxsize=1)
def fuels() -> dict[str, Fuel]:
    """All fuels by id, in the order of the energy balance table."""
    rows = csv_rows("carbonpeak.factors", "data", "fuels.csv")
    return {
        r["id"]: Fuel(
            id=r["id"],
            name_zh=r["name_zh"],
            name_en=r["name_en"],
            fuel_class=r["class"],
            ipcc_class=r["ipcc_class"],
            fossil=r["fossil"] == "1",
            default_unit=r["default_unit"],
            in_energy_balance=r["in_energy_balance"] == "1",
            aliases=listed(r["aliases"]),
            note=r["note"],
        )
        for r in rows
    }


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return name_index((f.id, (f.id, f.name_zh, f.name_en, *f.aliases)) for f in fuels().values())


def find_fuel(text: str) -> Fuel | None:
    """The fuel written as its id, Chinese name, English name or an alias; None if unknown."""
    fid = _names().get(text.strip().lower())
    return fuels()[fid] if fid else None


def fuel_class_key(fuel_id: str) -> str | None:
    """``class:<ipcc_class>`` for a fuel id (matches class-level factor records), else None."""
    f = fuels().get(fuel_id)
    return f"class:{f.ipcc_class}" if f and f.ipcc_class != "none" else None
