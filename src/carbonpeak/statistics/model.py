"""Plain types of the statistics domain (统计数据): the indicator catalogue, a published value
and its source.

A published value (公报/年鉴数据) is one number as a statistical bureau printed it: a region
(administrative code), a year, an indicator (a stable id and the Chinese name as published), the
value and unit as printed, whether it is preliminary (初步核算) or revised (修订/最终核实), and
where it was read (publisher, document title, date, address, table or section). The catalogue
of indicators is data (``data/indicators.csv``), each with a unit family (``data/families.csv``)
that decides which units fit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows, listed
from carbonpeak.core.errors import InputError
from carbonpeak.core.units import compatible_units, quantity

PACKAGE = "carbonpeak.statistics"
#: 初步核算 (first release in the year's bulletin) and revised (a later bulletin, yearbook or
#: the economic census revision). Both stay visible: a revision is a new version.
STATUSES = ("preliminary", "revised")
STATUS_ZH = {"preliminary": "初步核算", "revised": "修订"}


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    family: str
    #: The unit the catalogue shows values in (as a Chinese unit word).
    unit: str
    note: str


@dataclass(frozen=True, slots=True)
class UnitFamily:
    family: str
    #: pint unit every value of the family converts to.
    pint: str
    #: Accepted unit words where pint alone cannot tell (dimensionless counts and shares);
    #: empty: any unit convertible to ``pint``.
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    title: str
    #: Publication date as printed (YYYY-MM-DD, YYYY-MM or YYYY); may be empty if not printed.
    published: str
    url: str
    #: Table or section the number was read from (一、综合; 表1 ...).
    section: str

    @property
    def line(self) -> str:
        """The source as one line: publisher《title》date section address."""
        parts = (self.publisher, f"《{self.title}》", self.published, self.section, self.url)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class PublishedValue:
    region: str
    #: The region's name as the source printed it (水城县 for 520204 before 2020).
    region_as_published: str
    year: int
    indicator: str
    #: The indicator's name as the source printed it.
    name_as_published: str
    value: float
    unit: str
    status: str
    source: Source
    note: str = ""

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.region, self.year, self.indicator)


@lru_cache(maxsize=1)
def unit_families() -> dict[str, UnitFamily]:
    return {
        r["family"]: UnitFamily(r["family"], r["pint"], listed(r["units"]))
        for r in csv_rows(PACKAGE, "data", "families.csv")
    }


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """The indicator catalogue, by stable id."""
    return {
        r["id"]: Indicator(r["id"], r["name_zh"], r["name_en"], r["family"], r["unit"], r["note"])
        for r in csv_rows(PACKAGE, "data", "indicators.csv")
    }


def get_indicator(indicator_id: str) -> Indicator:
    found = indicators().get(indicator_id.strip())
    if found is None:
        raise InputError(f"未知指标 / unknown indicator {indicator_id!r}")
    return found


def unit_fits(indicator: Indicator, unit: str) -> bool:
    """Does a value in ``unit`` fit ``indicator`` (亿元 fits GDP; 万吨 and % do not)?"""
    family = unit_families()[indicator.family]
    text = unit.strip()
    if family.units:
        return text in family.units
    try:
        quantity(1.0, text)
    except InputError:
        return False
    return compatible_units(text, family.pint)


def in_catalogue_unit(indicator: Indicator, value: float, unit: str) -> float:
    """``value`` (in ``unit``) in the catalogue unit of ``indicator`` (1 万亿元 -> 10000 亿元)."""
    if unit.strip() == indicator.unit:
        return value
    ratio = quantity(value, unit) / quantity(1.0, indicator.unit)
    return float(ratio.to("dimensionless").magnitude)
