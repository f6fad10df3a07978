"""``carbonpeak tracking``: indicators 指标, values 数值, statuses 目标状态, warnings 预警,
notifications 通知, tasks 任务进展, progress reports 进展报告 and the assessment 考核. Each
sub-package has its commands (``<sub>/cli.py``); this app adds them and keeps the tracking
audit log command.

Commands act as the operator of the database (actor ``--actor``, default ``cli``), as an
administrator would; the API enforces per-unit permissions for everyone else.
"""

from __future__ import annotations

import typer
from rich.console import Console

from carbonpeak.audit import list_entries
from carbonpeak.core.cli import JSON_OPT, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.tracking.assessment import cli as assessment_cli
from carbonpeak.tracking.demo import cli as demo_cli
from carbonpeak.tracking.indicators import cli as indicators_cli
from carbonpeak.tracking.notify import cli as notify_cli
from carbonpeak.tracking.progress import cli as progress_cli
from carbonpeak.tracking.reporting import cli as reporting_cli
from carbonpeak.tracking.statuses import cli as statuses_cli
from carbonpeak.tracking.values import cli as values_cli
from carbonpeak.tracking.warnings import cli as warnings_cli

app = typer.Typer(no_args_is_help=True, help="目标跟踪与考核 target tracking and assessment.")
console = Console()


def audit(
    entity: str | None = typer.Option(None, help="如 e.g. tracking_indicator_value"),
    limit: int = typer.Option(50),
    as_json: bool = JSON_OPT,
) -> None:
    """审计日志 Audit log of tracking changes (latest first)."""
    with session_scope() as db:
        rows = list_entries(db_session=db, entity=entity, limit=limit)
        data = [
            {
                "id": r.id,
                "at": r.at,
                "actor": r.actor,
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "before": r.before,
                "after": r.after,
            }
            for r in rows
            if entity or r.entity.startswith("tracking")
        ]
    if as_json:
        print_json(data)
        return
    for d in data:
        console.print(
            f"{d['at']:%Y-%m-%d %H:%M} {d['actor']} {d['action']} {d['entity']} {d['entity_id']}"
        )


# Registered in the order the commands were always listed: top-level commands, then groups.
indicators_cli.register(app)
statuses_cli.register(app)
app.command()(audit)
demo_cli.register(app)
app.add_typer(values_cli.app, name="values")
app.add_typer(warnings_cli.app, name="warnings")
app.add_typer(notify_cli.app, name="notify")
app.add_typer(progress_cli.app, name="tasks")
app.add_typer(reporting_cli.app, name="reports")
app.add_typer(assessment_cli.app, name="assess")
