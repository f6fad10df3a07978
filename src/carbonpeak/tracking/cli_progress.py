"""``carbonpeak tracking tasks|reports|assess``: task progress and milestones 任务进展,
progress reports and reviews 进展报告与审核, and the annual assessment 年度评估."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking import assessment, progress, reporting, scoring

tasks_app = typer.Typer(no_args_is_help=True, help="任务进展与节点 task progress, milestones.")
reports_app = typer.Typer(no_args_is_help=True, help="进展报告 progress reports and review.")
assess_app = typer.Typer(no_args_is_help=True, help="年度评估 annual assessment (考核).")
console = Console()

PLAN_OPT = typer.Option("1", "--plan", "-p", help="方案 id 或 slug / plan id or slug.")
JSON_OPT = typer.Option(False, "--json", help="输出 JSON / print JSON.")
ACTOR_OPT = typer.Option("cli", "--actor", help="记入审计日志的操作人 / actor for the audit log.")


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期应为 YYYY-MM-DD / not a date: {text}") from None


@tasks_app.command("set")
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
        ("completed_on", _date(completed_on)),
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


@tasks_app.command("milestone")
def task_milestone(
    task: str = typer.Argument(...),
    title: str = typer.Option(..., help="节点名称 milestone title."),
    due: str = typer.Option(..., help="到期日 due date YYYY-MM-DD."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """添加节点 Add a milestone to a task."""
    due_on = _date(due)
    assert due_on is not None
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        m = progress.add_milestone(
            db_session=db, plan_id=row.id, task_key=task, title=title, due_on=due_on, actor=actor
        )
        console.print(f"已添加 milestone {m.id}: {m.title} ({m.due_on})")


@reports_app.command("open")
def reports_open(year: int = typer.Option(..., "--year"), plan: str = PLAN_OPT) -> None:
    """开放报告期 Open a year's reporting periods (four quarters and the year)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        for p in reporting.open_year(db_session=db, plan_id=row.id, year=year):
            console.print(f"{p.key}: {p.starts_on} – {p.ends_on}, 截止 due {p.due_on}")


@reports_app.command("owed")
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
            db_session=db, plan_id=row.id, as_of=_date(as_of) or date.today(), unit=unit
        )
        data = [i.as_dict() for i in items]
    if as_json:
        _json(data)
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


@reports_app.command("write")
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


@reports_app.command("review")
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


@assess_app.command("run")
def assess_run(
    year: int = typer.Option(..., "--year"),
    scheme: Path | None = typer.Option(None, "--scheme", help="考核办法 scoring scheme YAML."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """计算年度评估（草稿） Compute the year's assessment as a draft."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        a = assessment.run(
            db_session=db, plan=row, year=year, actor=actor, scheme=scoring.load_scheme(scheme)
        )
        payload = json.loads(a.draft)
    commend = "、".join(payload["commend"]) or "-"
    notify = "、".join(payload["notify"]) or "-"
    console.print(
        f"{year} 年度评估草稿 draft: {len(payload['units'])} units; 表彰 commend: {commend}; "
        f"通报 notify: {notify}"
    )


@assess_app.command("publish")
def assess_publish(
    year: int = typer.Option(..., "--year"), plan: str = PLAN_OPT, actor: str = ACTOR_OPT
) -> None:
    """发布并冻结 Publish the draft: frozen into a snapshot that later edits do not change."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        a = assessment.get_assessment(db_session=db, plan_id=row.id, year=year)
        if a is None:
            raise typer.BadParameter(f"no assessment for {year}: run it first", param_hint="--year")
        snap = assessment.publish(db_session=db, assessment=a, actor=actor)
        console.print(f"已发布 published {year}; snapshot sha256 {snap.sha256}")


@assess_app.command("show")
def assess_show(
    year: int = typer.Option(..., "--year"), plan: str = PLAN_OPT, as_json: bool = JSON_OPT
) -> None:
    """评估结果 Scores of units and districts (published snapshot, else the draft)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        payload = assessment.payload_of(db_session=db, plan_id=row.id, year=year)
    if as_json:
        _json(
            {k: v for k, v in payload.items() if k != "scheme"}
            | {"scheme": payload["scheme"]["name"]}
        )
        return
    table = Table("单位 unit", "类型 kind", "得分 score", "结果 result", "原因 reasons")
    for u in payload["units"]:
        score = "-" if u["score"] is None else f"{u['score']:.1f}"
        table.add_row(
            u["name"], u["kind"], score, scoring.RESULT_ZH[u["result"]], "；".join(u["reasons_zh"])
        )
    console.print(f"{year} 年度评估（{payload['state']}）")
    console.print(table)
