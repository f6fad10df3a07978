"""``carbonpeak tracking demo``: load the illustrative tracking data (registered on the
tracking app by :func:`register`)."""

from __future__ import annotations

import typer
from rich.console import Console

from carbonpeak.core.cli import PLAN_OPT
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.demo import service as demo_data

console = Console()


def demo(plan: str = PLAN_OPT) -> None:
    """加载示例数据 Load the illustrative tracking data (invented; labelled illustrative)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        for line in demo_data.load(db_session=db, plan=row):
            console.print(line)


def register(app: typer.Typer) -> None:
    """Add the commands to the tracking app (top-level command names)."""
    app.command()(demo)
