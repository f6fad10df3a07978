"""Values the accounting engine computes (能耗强度, 碳排放强度, 非化石能源消费比重), pure.

:func:`from_indicator_table` turns an ``inventory.accounting.indicators.IndicatorTable`` into the
rows
:func:`carbonpeak.tracking.computed.service.store_computed` takes (methods: 等价值
coal-equivalent for energy, 地区能源活动 CO2 for the intensity, as the provincial assessment
uses them); :func:`computed_values_from_inventory` does it for the years of a finished
``Inventory``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from carbonpeak.inventory import IndicatorTable, Inventory, indicators
from carbonpeak.tracking.model import ComputedKind

#: ComputedKind -> (inventory indicator name, method)
INVENTORY_NAMES: dict[ComputedKind, tuple[str, str]] = {
    ComputedKind.ENERGY_INTENSITY: ("energy_intensity", "coal_equivalent"),
    ComputedKind.CO2_INTENSITY: ("co2_intensity", "regional_energy_co2"),
    ComputedKind.NON_FOSSIL_SHARE: ("nonfossil_share", "coal_equivalent"),
}


@dataclass(frozen=True)
class ComputedValue:
    """One value from the engine: ``key`` is a :class:`ComputedKind` value."""

    region: str
    year: int
    key: str
    value: float
    unit: str
    source: str = "inventory"
    note: str | None = None


@dataclass(frozen=True)
class StoreResult:
    added: int
    corrected: int
    unchanged: int
    skipped: tuple[str, ...]


def from_indicator_table(
    table: IndicatorTable, *, source: str = "inventory"
) -> list[ComputedValue]:
    """The tracked kinds from an ``IndicatorTable`` (values that are *not available* are left
    out: tracking shows *no data* rather than a made-up number)."""
    out = []
    for kind, (name, method) in INVENTORY_NAMES.items():
        measure = table.get(name, method)
        value = getattr(measure, "value", None)
        if value is None:
            continue
        out.append(
            ComputedValue(
                region=table.region,
                year=table.year,
                key=kind.value,
                value=float(value),
                unit=measure.unit,
                source=source,
                note=getattr(measure, "formula", None),
            )
        )
    return out


def computed_values_from_inventory(
    inventory: Inventory,
    region: str,
    years: Sequence[int],
    *,
    region_name: str | None = None,
    source: str = "inventory",
) -> list[ComputedValue]:
    """Engine values of ``region`` (an inventory region code, e.g. 520200) for ``years`` from
    a finished ``Inventory``; ``region_name`` is the tracked indicators' region (六盘水市)."""
    out: list[ComputedValue] = []
    for year in years:
        for v in from_indicator_table(indicators(inventory, region, year), source=source):
            out.append(replace(v, region=region_name or v.region))
    return out
