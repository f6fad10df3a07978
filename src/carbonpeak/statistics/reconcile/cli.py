"""``carbonpeak stats reconcile``: the city's published figures against the sum of its
districts' (GDP, year-end and census population), both and the difference, never averaged.
The comparisons that need another domain's data (CEADs city against the county sum; product
outputs against activity data) are on the /stats page and in ``carbonpeak inventory compare``.
"""

from __future__ import annotations

import dataclasses

from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import JSON_OPT, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.regions import CITY
from carbonpeak.statistics.reconcile.compare import district_pairs
from carbonpeak.statistics.values import service

console = Console()
#: Indicators whose city figure is checked against the district sum.
SUMMED = ("gdp", "population_resident", "population_census")


def reconcile_command(as_json: bool = JSON_OPT) -> None:
    """核对 City against the sum of its districts (both figures and the difference)."""
    with session_scope() as db:
        values = service.current_values(db_session=db)
    found = [p for ind in SUMMED for p in district_pairs(values, parent=CITY, indicator=ind)]
    if as_json:
        print_json(
            [{**dataclasses.asdict(p), "difference": p.difference, "ratio": p.ratio} for p in found]
        )
        return
    table = Table(
        "指标 what", "年 year", "市 city", "区县合计 district sum", "差 difference", "说明 note"
    )
    for p in found:
        table.add_row(
            p.topic,
            str(p.year),
            "—" if p.left is None else f"{p.left:.2f}",
            "—" if p.right is None else f"{p.right:.2f}",
            "—" if p.difference is None else f"{p.difference:+.2f} {p.unit}",
            p.note,
        )
    console.print(table)
    if not found:
        console.print("没有可核对的年份 / no year with district figures")
