"""What the inventory's sub-packages share: the activity record (活动水平 activity data), read by
:mod:`~carbonpeak.inventory.activity` and the demo, computed on by
:mod:`~carbonpeak.inventory.accounting`, and the notation keys (NO/NE/IE/C) that stand where a
number is not given. The results (rows, totals, the inventory) are
:mod:`carbonpeak.inventory.accounting.result`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

Notation = Literal["NO", "NE", "IE", "C"]
NOTATION_KEYS: tuple[str, ...] = get_args(Notation)
NOTATION_MEANING: dict[str, str] = {
    "NO": "not occurring 不发生",
    "NE": "not estimated 未估算",
    "IE": "included elsewhere 已包含在其他类别",
    "C": "confidential 保密",
}


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """One row of activity data (one region, year, sector, fuel or kind).

    ``sector`` is the IPCC category code (1.A.2.a; empty for GDP/population); ``fuel`` a fuel id
    (``raw_coal``) or an activity kind (``clinker``); ``use`` how the fuel is used (see
    :mod:`carbonpeak.inventory.accounting.sectors`); ``qualifier`` what follows ``@`` in the kind
    (``gdp@2020`` -> ``2020``). ``quantity`` is a pint quantity from the shared registry; None
    only where a notation key (NO/NE/IE/C, with its explanation in ``note``) stands instead.
    """

    region: str
    year: int
    sector: str
    fuel: str
    quantity: Any
    source: str = ""
    note: str = ""
    row: int | None = None
    use: str = "combustion"
    qualifier: str = ""
    notation: str | None = None
    uncertainty_pct: float | None = None

    @property
    def key(self) -> tuple[str, int, str, str, str, str]:
        """What makes a row unique (a second row with the same key is a duplicate)."""
        return (self.region, self.year, self.sector, self.use, self.fuel, self.qualifier)

    @property
    def id(self) -> str:
        """``520201/2020/1.A.2.a/raw_coal`` (+ ``/transformation``, ``@2020`` where set)."""
        text = f"{self.region}/{self.year}/{self.sector or '-'}/{self.fuel}"
        if self.qualifier:
            text += f"@{self.qualifier}"
        if self.use != "combustion":
            text += f"/{self.use}"
        return text
