"""``carbonpeak report``: generated documents (报告)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.reports.annual import write_annual
from carbonpeak.reports.service import annual_payload

app = typer.Typer(no_args_is_help=True, help="报告 generated reports (.docx, .xlsx).")
console = Console()


@app.command()
def annual(
    year: int = typer.Option(..., "--year", help="评估年度 year."),
    output: Path = typer.Option(..., "--output", "-o", help="输出 .docx（.xlsx 写在旁边）."),
    plan: str = typer.Option("1", "--plan", "-p", help="方案 id 或 slug / plan id or slug."),
) -> None:
    """年度评估报告 The annual evaluation report (碳达峰目标任务年度评估报告) as .docx, with its
    data as .xlsx beside it. A published year is taken from its frozen snapshot."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        payload = annual_payload(db_session=db, plan=row, year=year)
    doc, data = write_annual(payload, output)
    state = "已发布 published" if payload.get("state") == "published" else "草稿 draft"
    console.print(f"已写入 written: {doc} 与 and {data} ({state})")
