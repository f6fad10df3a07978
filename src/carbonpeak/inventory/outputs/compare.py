"""Published product outputs against the activity data that stand for the same product (pure).

Both figures and their difference are shown, never averaged. A published output of the city is
put against the sum of its districts' activity records (the city has no records of its own); a
district's against its own records. Only the city and its districts are compared: the province
has no activity data here.

Which activity kinds stand for which published product is written in :data:`OUTPUT_KINDS`
(the sum of the kinds listed). Cement and coke are left out: the activity data record clinker,
and coke as a fuel, which are not the published products.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from carbonpeak.core.units import quantity
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.regions import CITY, members
from carbonpeak.statistics import Pair, PublishedValue, get_indicator, in_catalogue_unit, pairs

#: Published product output (statistics indicator id) -> activity kinds standing for it.
OUTPUT_KINDS: dict[str, tuple[str, ...]] = {
    "output_raw_coal": ("coal_output_outburst", "coal_output_low_gas", "coal_output_high_gas"),
    "output_electricity": (
        "electricity_generated_thermal",
        "electricity_generated_hydro",
        "electricity_generated_wind",
        "electricity_generated_solar",
    ),
    "output_crude_steel": ("crude_steel",),
    "output_pig_iron": ("pig_iron",),
    "output_aluminium": ("aluminium",),
}
KINDS = frozenset(k for kinds in OUTPUT_KINDS.values() for k in kinds)

Amounts = Mapping[tuple[str, int, str], float]


@lru_cache(maxsize=64)
def _base(unit: str) -> float:
    """One ``unit`` in base units of the registry (t → kg, 亿千瓦时 → J)."""
    return float(quantity(1.0, unit).to_base_units().magnitude)


def activity_amounts(
    records: Iterable[ActivityRecord], *, city: str = CITY
) -> dict[tuple[str, int, str], float]:
    """(region, year, kind) → amount in base units, for the kinds of :data:`OUTPUT_KINDS`; each
    district's records also counted into ``city``. A record with no quantity (a notation key)
    adds nothing."""
    districts = set(members(city))
    out: dict[tuple[str, int, str], float] = {}
    for rec in records:
        if rec.fuel not in KINDS or rec.quantity is None or rec.notation:
            continue
        amount = abs(float(rec.quantity.to_base_units().magnitude))
        codes = (rec.region, city) if rec.region in districts else (rec.region,)
        for code in codes:
            key = (code, rec.year, rec.fuel)
            out[key] = out.get(key, 0.0) + amount
    return out


def output_pairs(
    published: Iterable[PublishedValue],
    amounts: Amounts,
    *,
    activity_label: str,
    city: str = CITY,
    region: str | None = None,
    year: int | None = None,
) -> list[Pair]:
    """One pair per published product output of ``city`` or one of its districts (of
    ``region`` and ``year`` when given): the published figure (catalogue unit) against the sum
    of the activity kinds standing for it, in the same unit; the right side is missing (None)
    where the activity data have none of those kinds for that region and year."""
    wanted = {city, *members(city)}
    out: list[Pair] = []
    chosen = sorted(
        (
            v
            for v in published
            if v.indicator in OUTPUT_KINDS
            and v.region in wanted
            and (region is None or v.region == region)
            and (year is None or v.year == year)
        ),
        key=lambda v: (v.indicator, v.region, v.year),
    )
    for v in chosen:
        ind = get_indicator(v.indicator)
        parts = [amounts.get((v.region, v.year, k)) for k in OUTPUT_KINDS[v.indicator]]
        found = [p for p in parts if p is not None]
        activity = {v.year: sum(found) / _base(ind.unit)} if found else {}
        out.extend(
            pairs(
                f"{ind.name_zh} {v.region}",
                {v.year: in_catalogue_unit(ind, v.value, v.unit)},
                activity,
                left_label="published 公报",
                right_label=activity_label,
                unit=ind.unit,
                note=v.source.line,
            )
        )
    return out
