"""``carbonpeak monitor check`` / ``findings`` / ``alerts`` / ``alert-state``: data-quality rules
and alerts (数据质量与预警). Thin: parse options, call the service, commit, print."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import JSON_OPT
from carbonpeak.core.exports import csv_row
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.model import parse_day
from carbonpeak.monitoring.quality import rules as quality

console = Console()
START_OPT = typer.Option(..., "--start", help="起 start date (CST), e.g. 2026-01-01.")
END_OPT = typer.Option(..., "--end", help="止 end date (exclusive).")


def check(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = START_OPT,
    end: str = END_OPT,
    rules_path: Path = typer.Option(
        None,
        "--rules",
        exists=True,
        dir_okay=False,
        help="质量规则 quality-rules .csv (default: the bundled data/quality_rules.csv).",
    ),
) -> None:
    """数据质量检查与预警 run the data-quality rules (incl. daily vs monthly 日/月一致性) and
    raise/close alerts for a month range."""
    lo, hi = parse_day(start), parse_day(end)
    config = quality.load_config(rules_path)
    with session_scope() as db:
        found = watch.run_quality(
            db_session=db, enterprise_code=enterprise, start=lo, end=hi, config=config
        )
        opened, closed = watch.evaluate_alerts(
            db_session=db, enterprise_code=enterprise, month_start=lo, month_end=hi, config=config
        )
        counts: dict[str, int] = {}
        for f in found:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        console.print(f"数据质量 findings: {counts or 'none'}")
        console.print(f"预警 alerts: opened {len(opened)}, closed {len(closed)}")


def findings_command(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    csv_path: Path = typer.Option(None, "--csv", help="导出 export to this .csv file."),
    limit: int = typer.Option(500, help="条数 how many (newest first)."),
) -> None:
    """数据质量问题 list (or export) the stored data-quality findings of an enterprise."""
    with session_scope() as db:
        rows = [
            (f.rule, f.subject, f.start.isoformat(), f.end.isoformat(), f.detail)
            for f in watch.findings(db_session=db, enterprise_code=enterprise, limit=limit)
        ]
    if csv_path is not None:
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["rule", "subject", "start", "end", "detail"])
            writer.writerows(csv_row(r) for r in rows)  # a "=…" text stays text
        console.print(f"已导出 exported {len(rows)} findings to {csv_path}")
        return
    table = Table("rule 规则", "subject 对象", "start 起", "detail 说明")
    for rule, subject, start, _end, detail in rows:
        table.add_row(rule, subject, start[:16], detail)
    console.print(table)


def alerts(
    enterprise: str = typer.Option(None, help="统一社会信用代码 credit code."),
    state: str = typer.Option(None, help="open | acknowledged | closed"),
    as_json: bool = JSON_OPT,
) -> None:
    """预警列表 list alerts."""
    with session_scope() as db:
        rows: list[dict[str, Any]] = [
            {
                "id": a.id,
                "kind": a.kind,
                "subject": a.subject,
                "state": a.state,
                "opened_at": a.opened_at.isoformat(),
                "message": a.message,
            }
            for a in watch.list_alerts(db_session=db, enterprise_code=enterprise, state=state)
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("id", "kind 类型", "subject 对象", "state 状态", "message 内容")
    for r in rows:
        table.add_row(str(r["id"]), r["kind"], r["subject"], r["state"], r["message"])
    console.print(table)


def alert_state(
    alert_id: int = typer.Argument(..., help="预警编号 alert id."),
    state: str = typer.Argument(..., help="acknowledged | closed"),
    by: str = typer.Option(..., "--by", help="处理人 who."),
    note: str = typer.Option(None, help="说明 note."),
) -> None:
    """确认或关闭预警 acknowledge or close an alert."""
    with session_scope() as db:
        row = watch.set_alert_state(
            db_session=db, alert_id=alert_id, state=state, actor=by, note=note
        )
        console.print(f"预警 alert {row.id}: {row.state}")
