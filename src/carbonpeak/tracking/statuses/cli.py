"""``carbonpeak tracking status|override``: target statuses 目标状态 and manual statuses
(registered on the tracking app by :func:`register`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, option_date, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.statuses import service as statuses
from carbonpeak.tracking.statuses.rules import load_rules

console = Console()


def status_(
    plan: str = PLAN_OPT,
    as_of: str = typer.Option(None, "--as-of", help="评估日期 date (default today)."),
    rules: Path | None = typer.Option(None, "--rules", help="状态规则 status rules YAML."),
    only: str | None = typer.Option(None, "--only", help="只显示该状态 only this status."),
    as_json: bool = JSON_OPT,
) -> None:
    """目标状态 Status of every target: achieved / on track / at risk / off track / no data."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        result = statuses.evaluate_plan(
            db_session=db, plan_id=row.id, as_of=option_date(as_of), rules=load_rules(rules)
        )
        data = [s.as_dict() for s in result if only is None or s.result.status == only]
    if as_json:
        print_json(data)
        return
    table = Table("目标 target", "指标 indicator", "状态 status", "说明 explanation")
    for d in data:
        flag = "（人工 override）" if d["overridden"] else ""
        table.add_row(d["target"], d["indicator"], d["status_label"] + flag, d["explanation_zh"])
    console.print(table)


def override(
    target: str = typer.Argument(
        ..., help="目标 key（如 1.3:t1）或关联 id / target key or link id."
    ),
    status_value: str = typer.Option(
        None, "--status", help="achieved|on_track|at_risk|off_track|no_data"
    ),
    reason: str = typer.Option(None, "--reason", help="理由（必填） / reason (required)."),
    clear: bool = typer.Option(False, "--clear", help="撤销人工状态 / lift the manual status."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """人工认定状态 Set (or --clear) a manual status; a reason is always required."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        link = service.find_link(db_session=db, plan_id=row.id, ref=target)
        if clear:
            statuses.clear_override(db_session=db, link=link, actor=actor)
            console.print(f"已撤销 cleared: {link.target_key}")
            return
        if status_value not in [s.value for s in Status]:
            raise typer.BadParameter(f"one of {[s.value for s in Status]}", param_hint="--status")
        statuses.set_override(
            db_session=db, link=link, status=Status(status_value), reason=reason or "", actor=actor
        )
        console.print(f"已设置 set: {link.target_key} → {status_value}")


def register(app: typer.Typer) -> None:
    """Add the commands to the tracking app (top-level command names)."""
    app.command("status")(status_)
    app.command()(override)
