"""``carbonpeak monitor monthly``: monthly totals (月数据) from a CSV file. Thin: read, store,
print."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from carbonpeak.core.cli import JSON_OPT
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.monthly import check
from carbonpeak.monitoring.monthly import service as monthly

console = Console()


def monthly_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="月数据 monthly .csv"),
    by: str = typer.Option("cli", "--by", help="报送人 who."),
    as_json: bool = JSON_OPT,
) -> None:
    """导入月数据 import monthly totals 月数据 per metering point (CSV: point, month YYYY-MM,
    value in the point's unit after its multiplier; optional correction, reason). `check`
    compares them with the month's daily data (日/月一致性 ≤ 5 %)."""
    rows = check.read_csv(path)
    with session_scope() as db:
        result = monthly.record_totals(db_session=db, items=rows, actor=by, source="file")
    rejected = [{**r, "row": r["index"] + 2} for r in result.rejected]  # header is row 1
    summary = {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "corrected": result.corrected,
        "rejected": rejected,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    console.print(
        f"月数据 monthly totals: accepted {result.accepted}, duplicates {result.duplicates}, "
        f"corrected {result.corrected}, rejected {len(result.rejected)}"
    )
    for r in rejected:
        console.print(f"  行 row {r['row']}: {r['error']}")
