"""``carbonpeak tracking reports``: progress reports and reviews 进展报告与审核."""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, optional_date, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.reporting import service as reporting

app = typer.Typer(no_args_is_help=True, help="进展报告 progress reports and review.")

console = Console()


@app.command("open")
def reports_open(year: int = typer.Option(..., "--year"), plan: str = PLAN_OPT) -> None:
    """开放报告期 Open a year's reporting periods (four quarters and the year)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        for p in reporting.open_year(db_session=db, plan_id=row.id, year=year):
            console.print(f"{p.key}: {p.starts_on} – {p.ends_on}, 截止 due {p.due_on}")


@app.command("owed")
def reports_owed(
    unit: str | None = typer.Option(None, help="单位 unit (default: all)."),
    as_of: str | None = typer.Option(None, "--as-of"),
    plan: str = PLAN_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """待交报告 Reports still owed, overdue ones flagged."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        items = reporting.report_ledger(
            db_session=db, plan_id=row.id, as_of=optional_date(as_of) or date.today(), unit=unit
        )
        data = [i.as_dict() for i in items]
    if as_json:
        print_json(data)
        return
    table = Table("期 period", "任务 task", "截止 due", "状态 state", "逾期 overdue")
    for d in data:
        table.add_row(
            d["period"],
            f"{d['task']} {d['task_title']}",
            d["due_on"],
            d["state"] or "未填报 missing",
            "⚠ 逾期" if d["overdue"] else "",
        )
    console.print(table)


@app.command("write")
def reports_write(
    task: str = typer.Argument(...),
    period: str = typer.Option(..., help="2024Q1 … 2024Q4 或 2024"),
    unit: str = typer.Option(..., help="牵头单位 lead unit writing the report."),
    narrative: str = typer.Option(..., help="进展情况 narrative."),
    percent: int | None = typer.Option(None),
    submit: bool = typer.Option(False, "--submit", help="同时提交 submit as well."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """填写进展报告 Write (and optionally submit) a progress report."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        per = reporting.get_period(db_session=db, plan_id=row.id, key=period)
        r = reporting.save_report(
            db_session=db,
            plan_id=row.id,
            period=per,
            task_key=task,
            unit_name=unit,
            narrative=narrative,
            percent=percent,
            actor=actor,
        )
        if submit:
            reporting.submit_report(db_session=db, report=r, actor=actor)
        console.print(f"报告 report {r.id}: {r.state}")


@app.command("review")
def reports_review(
    report_id: int = typer.Argument(...),
    decision: str = typer.Option(..., help="approve | return"),
    comment: str | None = typer.Option(
        None, help="意见（退回必填） / comment (required to return)."
    ),
    actor: str = ACTOR_OPT,
) -> None:
    """审核报告 Approve a submitted report or return it with comments."""
    with session_scope() as db:
        r = reporting.get_report(db_session=db, report_id=report_id)
        reporting.review_report(
            db_session=db, report=r, decision=decision, comment=comment, actor=actor
        )
        console.print(f"报告 report {r.id}: {r.state}")
