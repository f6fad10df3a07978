"""``carbonpeak tracking sync|indicators``: indicators 指标 (registered on the tracking app by
:func:`register`, so that the command names stay top-level)."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.indicators import service

console = Console()


def sync(plan: str = PLAN_OPT, actor: str = ACTOR_OPT) -> None:
    """同步指标 Create indicators for the plan's targets and attach each target to one."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(service.sync_indicators(db_session=db, plan=row, actor=actor).summary())


def indicators(plan: str = PLAN_OPT, as_json: bool = JSON_OPT) -> None:
    """指标列表 List indicators with their targets."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        data: list[dict[str, Any]] = [
            {
                "id": i.id,
                "name": i.name,
                "unit": i.unit,
                "category": i.category,
                "computed": i.computed_kind,
                "targets": [t.target_key for t in i.targets],
            }
            for i in service.list_indicators(db_session=db, plan_id=row.id)
        ]
    if as_json:
        print_json(data)
        return
    table = Table(
        "id", "指标 indicator", "单位 unit", "类别 category", "计算 computed", "目标 targets"
    )
    for d in data:
        table.add_row(
            str(d["id"]),
            d["name"],
            d["unit"] or "",
            d["category"],
            d["computed"] or "",
            ", ".join(d["targets"]),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the commands to the tracking app (top-level command names)."""
    app.command()(sync)
    app.command()(indicators)
