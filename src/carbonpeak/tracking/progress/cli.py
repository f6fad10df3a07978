"""``carbonpeak tracking tasks``: task progress and milestones 任务进展."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

from carbonpeak.core.cli import ACTOR_OPT, PLAN_OPT, optional_date
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.progress import service as progress

app = typer.Typer(no_args_is_help=True, help="任务进展与节点 task progress, milestones.")

console = Console()


@app.command("set")
def task_set(
    task: str = typer.Argument(..., help="任务 key, e.g. 2.1.1-1"),
    state: str | None = typer.Option(
        None, help="not_started|in_progress|completed|delayed|cancelled"
    ),
    percent: int | None = typer.Option(None, help="完成百分比 0-100."),
    completed_on: str | None = typer.Option(None, help="完成日期 (completed 必填)."),
    person: str | None = typer.Option(None, help="负责人 responsible person."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """更新任务进展 Set a task's state, percentage, completion date, responsible person."""
    changes: dict[str, Any] = {}
    for key, value in (
        ("state", state),
        ("percent", percent),
        ("completed_on", optional_date(completed_on)),
        ("responsible_person", person),
    ):
        if value is not None:
            changes[key] = value
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        p = progress.update_progress(
            db_session=db, plan_id=row.id, task_key=task, changes=changes, actor=actor
        )
        console.print(f"{task}: {p.state} {p.percent}% {p.completed_on or ''}")


@app.command("milestone")
def task_milestone(
    task: str = typer.Argument(...),
    title: str = typer.Option(..., help="节点名称 milestone title."),
    due: str = typer.Option(..., help="到期日 due date YYYY-MM-DD."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """添加节点 Add a milestone to a task."""
    due_on = optional_date(due)
    assert due_on is not None
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        m = progress.add_milestone(
            db_session=db, plan_id=row.id, task_key=task, title=title, due_on=due_on, actor=actor
        )
        console.print(f"已添加 milestone {m.id}: {m.title} ({m.due_on})")
