"""``carbonpeak review decide|opinion|commission``: decisions from the command line. The
``--actor`` must be a review officer (or admin)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from carbonpeak.core.cli import ACTOR_OPT, console, option_date
from carbonpeak.core.errors import NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.review.model import Outcome
from carbonpeak.review.projects.cli import cli_principal
from carbonpeak.review.projects.service import detail, get_project
from carbonpeak.review.workflow import service
from carbonpeak.review.workflow.opinion import write_opinion


def decide_command(
    project_id: int = typer.Argument(...),
    outcome: Outcome = typer.Option(..., "--outcome", help="approve | conditional | reject"),
    reasons: str = typer.Option("", "--reasons", help="理由 reasons (reject: required)."),
    conditions: str = typer.Option("", "--conditions", help="条件 (conditional: required)."),
    exception: str = typer.Option(
        "", "--exception", help="用能指标不足时的例外理由 / quota exception reason."
    ),
    actor: str = ACTOR_OPT,
) -> None:
    """审查意见 Decide a submitted project."""
    with session_scope() as db:
        d = service.decide(
            db_session=db,
            project_id=project_id,
            outcome=outcome,
            principal=cli_principal(db, actor),
            reasons=reasons,
            conditions=conditions,
            exception_reason=exception,
        )
        console().print(f"项目 {project_id}: {d.outcome} (decision {d.id})")


def opinion_command(
    project_id: int = typer.Argument(...),
    output: Path = typer.Option(..., "--output", "-o", help="输出 .docx"),
    actor: str = ACTOR_OPT,
) -> None:
    """节能审查意见 Write the opinion of the latest decision as .docx."""
    with session_scope() as db:
        data = detail(
            get_project(db_session=db, project_id=project_id, principal=cli_principal(db, actor))
        )
    if not data["decisions"]:
        raise NotFound("尚无审查意见 / no decision yet")
    output.write_bytes(write_opinion(data))
    console().print(f"已写入 written: {output}")


def commission_command(
    project_id: int = typer.Argument(...),
    on: str = typer.Option(None, "--on", help="投产日期 YYYY-MM-DD (today)."),
    actor: str = ACTOR_OPT,
) -> None:
    """投产 Mark an approved project as in operation (monthly comparison starts)."""
    day: date = option_date(on)
    with session_scope() as db:
        service.commission(
            db_session=db, project_id=project_id, on=day, principal=cli_principal(db, actor)
        )
    console().print(f"项目 {project_id} 已投产 commissioned on {day}")
