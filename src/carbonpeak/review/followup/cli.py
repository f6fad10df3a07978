"""``carbonpeak review followup``: run the monthly comparison and list the alerts."""

from __future__ import annotations

import typer
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, optional_date, print_json, print_table
from carbonpeak.db.session import session_scope
from carbonpeak.review.followup import service


def followup_command(
    until: str = typer.Option(None, "--until", help="截至 YYYY-MM-DD (today)."),
    margin: float = typer.Option(None, "--margin", help="容差 margin (0.10 = 10 %; data default)."),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """事中事后监管 Compare commissioned projects' monitored consumption with their approval."""
    with session_scope() as db:
        report = service.run_check(
            db_session=db, until=optional_date(until), margin=margin, actor=actor
        )
        db.flush()
        alerts = service.list_review_alerts(db_session=db)
    if as_json:
        print_json({**report, "alerts": alerts})
        return
    table = Table(
        "项目 project", "月份 month", "指标 measure", "核定 approved", "监测 monitored", "超出 %"
    )
    for a in alerts:
        table.add_row(
            f"{a['project_id']} {a['project']}",
            a["month"],
            a["measure"],
            f"{a['approved']:,.2f}",
            f"{a['monitored']:,.2f}",
            f"{a['excess_pct']}",
        )
    print_table(table)
