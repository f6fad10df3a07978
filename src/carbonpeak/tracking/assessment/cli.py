"""``carbonpeak tracking assess``: the annual assessment 年度评估 (考核)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.assessment import scoring
from carbonpeak.tracking.assessment import service as assessment

app = typer.Typer(no_args_is_help=True, help="年度评估 annual assessment (考核).")

console = Console()


@app.command("run")
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


@app.command("publish")
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


@app.command("show")
def assess_show(
    year: int = typer.Option(..., "--year"), plan: str = PLAN_OPT, as_json: bool = JSON_OPT
) -> None:
    """评估结果 Scores of units and districts (published snapshot, else the draft)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        payload = assessment.payload_of(db_session=db, plan_id=row.id, year=year)
    if as_json:
        print_json(
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
