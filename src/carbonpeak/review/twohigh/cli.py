"""``carbonpeak review twohigh``: the two-high list."""

from __future__ import annotations

import typer
from rich.table import Table

from carbonpeak.core.cli import JSON_OPT, optional_date, print_json, print_table
from carbonpeak.db.session import session_scope
from carbonpeak.review.twohigh.service import two_high_list


def twohigh_command(
    until: str = typer.Option(None, "--until", help="截至 YYYY-MM-DD (today)."),
    as_json: bool = JSON_OPT,
) -> None:
    """两高项目清单 Projects and metered plants in the two-high scope, with 分类处置."""
    with session_scope() as db:
        data = two_high_list(db_session=db, until=optional_date(until))
    if as_json:
        print_json(data)
        return
    table = Table("类型", "名称 name", "行业", "阶段", "单耗 unit", "处置 disposal")
    for r in [*data["projects"], *data["plants"]]:
        value = r.get("unit_consumption")
        # a metered process's monthly figure: one decimal is the meters' precision, not 15
        unit = "-" if value is None else f"{value:,.1f} {r.get('unit') or ''}".rstrip()
        # a plant has a row per metered process: name it
        name = f"{r['name']} · {r['process']}" if r.get("process") else r["name"]
        table.add_row(r["kind"], name, r["industry"], r["stage"], unit, r["disposal"])
    print_table(table)
