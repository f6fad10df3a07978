"""``carbonpeak tracking warnings``: early warnings 预警."""

from __future__ import annotations

import typer
from rich.console import Console

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, option_date, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.warnings import service as alerts

app = typer.Typer(no_args_is_help=True, help="预警 early warnings.")

console = Console()


@app.command("check")
def warnings_check(
    plan: str = PLAN_OPT, as_of: str = typer.Option(None, "--as-of"), actor: str = ACTOR_OPT
) -> None:
    """检查预警 Evaluate targets, log status changes, raise and resolve warnings."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(
            alerts.check(
                db_session=db, plan_id=row.id, as_of=option_date(as_of), actor=actor
            ).summary()
        )


@app.command("list")
def warnings_list(
    plan: str = PLAN_OPT,
    unit: str | None = typer.Option(None, "--unit", help="单位 unit."),
    all_: bool = typer.Option(False, "--all", help="含已解除 include resolved."),
    as_json: bool = JSON_OPT,
) -> None:
    """预警列表 Open warnings (or all with --all)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        data = [
            {
                "id": w.id,
                "kind": w.kind,
                "message": w.message,
                "units": w.units,
                "raised_at": w.raised_at,
                "resolved_at": w.resolved_at,
            }
            for w in alerts.open_warnings(
                db_session=db, plan_id=row.id, unit=unit, include_resolved=all_
            )
        ]
    if as_json:
        print_json(data)
        return
    for d in data:
        console.print(f"[bold]{d['id']}[/] {d['kind']}: {d['message']}")
