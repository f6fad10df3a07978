"""Values the accounting engine computes (能耗强度, 碳排放强度, 非化石能源消费比重).

:func:`computed_values` is the adapter between tracking and the accounting engine. Until the
engine is wired in it returns nothing: tracking never makes up a number for a computed
indicator, and such an indicator shows *no data* until real values arrive.
"""

from __future__ import annotations

from datetime import date

from carbonpeak.tracking.model import ComputedKind

#: (date the value stands for, value, unit as the engine gives it, source description)
ComputedValue = tuple[date, float, str, str]


def computed_values(region: str | None, indicator_kind: ComputedKind) -> list[ComputedValue]:
    """The engine's values of ``indicator_kind`` for ``region``, oldest first.

    Not wired yet: returns an empty list (no numbers are invented here).
    """
    del region, indicator_kind
    return []
