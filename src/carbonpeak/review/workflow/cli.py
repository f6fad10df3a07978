"""``carbonpeak review decide|opinion|commission``: decisions from the command line. The
``--actor`` must be a review officer (or admin); producing an opinion is audited as them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from carbonpeak.core.cli import ACTOR_OPT, console, option_date, optional_date
from carbonpeak.db.session import session_scope
from carbonpeak.review.model import Outcome
from carbonpeak.review.projects.cli import cli_principal
from carbonpeak.review.workflow import service


def decide_command(
    project_id: int = typer.Argument(...),
    outcome: Outcome = typer.Option(..., "--outcome", help="approve | conditional | reject"),
    reasons: str = typer.Option("", "--reasons", help="理由 reasons (reject: required)."),
    conditions: str = typer.Option("", "--conditions", help="条件 (conditional: required)."),
    exception: str = typer.Option(
        "", "--exception", help="用能指标不足时的例外理由 / quota exception reason."
    ),
    on_behalf_of: str = typer.Option(
        "",
        "--on-behalf-of",
        help="上级审查机关 (provincial): a project above this office's authority takes a "
        "decision only as the record of that authority's opinion.",
    ),
    authority_document: str = typer.Option(
        "", "--authority-document", help="上级审查意见文号 (with --on-behalf-of)."
    ),
    authority_date: str = typer.Option(
        None, "--authority-date", help="上级审查意见日期 YYYY-MM-DD (with --on-behalf-of)."
    ),
    actor: str = ACTOR_OPT,
) -> None:
    """审查意见 Decide a submitted project (within this office's authority), or record the
    province's opinion on one above it."""
    document_date = optional_date(authority_date)
    with session_scope() as db:
        d = service.decide(
            db_session=db,
            project_id=project_id,
            outcome=outcome,
            principal=cli_principal(db, actor),
            reasons=reasons,
            conditions=conditions,
            exception_reason=exception,
            on_behalf_of=on_behalf_of,
            authority_document=authority_document,
            authority_document_date=document_date,
        )
        whose = f", 记录 {d.on_behalf_of} 审查意见 {d.authority_document}" if d.on_behalf_of else ""
        console().print(f"项目 {project_id}: {d.outcome} (decision {d.id}{whose})")


def opinion_command(
    project_id: int = typer.Argument(...),
    output: Path = typer.Option(..., "--output", "-o", help="输出 .docx"),
    actor: str = ACTOR_OPT,
) -> None:
    """节能审查意见 Write the opinion of the latest decision as .docx (audited as --actor)."""
    with session_scope() as db:
        data = service.opinion(
            db_session=db, project_id=project_id, principal=cli_principal(db, actor)
        )
        output.write_bytes(data)  # inside: the audit entry commits only once it is written
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
