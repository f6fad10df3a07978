"""``carbonpeak tracking values``: indicator values 数值 (versioned)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, PLAN_OPT, option_date, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.values import service as values

app = typer.Typer(no_args_is_help=True, help="指标数值 indicator values (versioned).")

console = Console()


@app.command("show")
def values_show(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    plan: str = PLAN_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """数值历史 Every version of every value (corrections included)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        current = {r.id for r in values.current_values(db_session=db, indicator_id=ind.id)}
        data = [
            {
                **values.value_snapshot(r),
                "id": r.id,
                "current": r.id in current,
                "entered_by": r.entered_by,
                "entered_at": r.entered_at,
            }
            for r in values.history(db_session=db, indicator_id=ind.id)
        ]
    if as_json:
        print_json(data)
        return
    table = Table("id", "日期 date", "数值 value", "来源 source", "录入 by", "当前 current", "说明")
    for d in data:
        table.add_row(
            str(d["id"]),
            str(d["observed_on"]),
            f"{d['value']:g} {d['unit']}",
            str(d["source"])[:40],
            f"{d['entered_by']} ({d['origin']})",
            "✓" if d["current"] else "→ superseded",
            d["comment"] or "",
        )
    console.print(table)


@app.command("add")
def values_add(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    on: str = typer.Option(..., "--date", help="数值所属日期 date the value stands for."),
    value: float = typer.Option(..., "--value"),
    unit: str | None = typer.Option(None, "--unit", help="单位 unit (default: the indicator's)."),
    source: str = typer.Option(..., "--source", help="来源 source (required)."),
    comment: str | None = typer.Option(None, "--comment"),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """填报数值 Add a value (a new date; to change a value use `values correct`)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        v = values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=option_date(on),
            value=value,
            unit=unit,
            source=source,
            comment=comment,
            actor=actor,
        )
        console.print(f"已添加 added value {v.id}: {v.value:g} {v.unit} ({v.observed_on})")


@app.command("correct")
def values_correct(
    value_id: int = typer.Argument(..., help="要更正的数值 id / id of the value to correct."),
    value: float = typer.Option(..., "--value"),
    comment: str = typer.Option(..., "--comment", help="更正理由（必填） / reason (required)."),
    unit: str | None = typer.Option(None, "--unit"),
    source: str | None = typer.Option(None, "--source"),
    actor: str = ACTOR_OPT,
) -> None:
    """更正数值 Correct a value: a new version; the old one stays in the history."""
    with session_scope() as db:
        v = values.correct_value(
            db_session=db,
            value_id=value_id,
            value=value,
            unit=unit,
            comment=comment,
            source=source,
            actor=actor,
        )
        console.print(f"已更正 corrected: value {v.id} supersedes {v.supersedes_id}")


@app.command("import")
def values_import(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    file: Path = typer.Argument(..., help="CSV: date,value,unit,source[,comment]"),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """导入数值 Import values from a CSV (all rows or none)."""
    rows = values.parse_values_csv(file.read_bytes(), name=file.name)
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        n = values.import_values(db_session=db, indicator=ind, rows=rows, actor=actor)
        console.print(f"已导入 imported {n} values")
