"""Small builders for hand-written activity data in the tests."""

from __future__ import annotations

from carbonpeak.factors import FactorRecord, FactorSet
from carbonpeak.inventory.activity.parse import parse_activity_rows
from carbonpeak.inventory.model import ActivityRecord

COLUMNS = ("region", "year", "sector", "fuel", "quantity", "unit")


def activity(*rows: tuple[object, ...], **extra: str) -> list[ActivityRecord]:
    """Records from (region, year, sector, fuel, quantity, unit) tuples, via the importer."""
    return parse_activity_rows(
        [dict(zip(COLUMNS, r, strict=True)) | extra for r in rows], source="test"
    )


def measured(*rows: tuple[str, str, float, str], variant: str = "", name: str = "lab") -> FactorSet:
    """A measured factor set from (fuel, parameter, value, unit) tuples."""
    return FactorSet(
        name,
        tuple(
            FactorRecord(
                id=f"{name}/{fuel}/{parameter}/{variant or i}",
                set_name=name,
                parameter=parameter,
                value=value,
                unit=unit,
                fuel=fuel,
                variant=variant,
                tier="measured",
                publisher="test",
                document="values written for this test",
            )
            for i, (fuel, parameter, value, unit) in enumerate(rows)
        ),
    )
