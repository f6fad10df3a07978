"""``carbonpeak monitor rejected``: readings refused for an impossible value 拒收的读数 (隔离表
``mon_rejected_readings``, see :mod:`.service`), registered on the ``monitor`` group by
:mod:`carbonpeak.monitoring.cli`.

Thin: parse the window, read the rows, print them as sent (``--json`` for scripts).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.model import parse_day
from carbonpeak.monitoring.rejected import service as rejections
from carbonpeak.monitoring.rollups.rollup import CST

console = Console()
#: Without ``--start``: this many days before the window's end (a month of a meter's faults).
DEFAULT_DAYS = 30


def window(start: str | None, end: str | None, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) from the options: end defaults to the local day after ``now`` (today
    included), start to :data:`DEFAULT_DAYS` days before end."""
    today = now.astimezone(CST).date().isoformat()
    hi = parse_day(end) if end else parse_day(today) + timedelta(days=1)
    lo = parse_day(start) if start else hi - timedelta(days=DEFAULT_DAYS)
    if lo >= hi:
        raise InputError(f"--start {lo.date()} 须早于 --end {hi.date()} / must be before --end")
    return lo, hi


def rejected_command(
    enterprise: str = typer.Argument(..., help="统一社会信用代码 credit code."),
    start: str = typer.Option(
        None, "--start", help=f"起 start date (CST; default: {DEFAULT_DAYS} days before --end)."
    ),
    end: str = typer.Option(None, "--end", help="止 end date (exclusive; default: tomorrow)."),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON."),
) -> None:
    """拒收读数 readings refused for an impossible value (负值、非有限数、非数字) of a known
    point, as sent; a row whose time label was unreadable counts on the day it arrived."""
    lo, hi = window(start, end, datetime.now(CST))
    with session_scope() as db:
        rows = [
            rejections.as_json(code, r)
            for code, r in rejections.rejected_readings(
                db_session=db, enterprise_code=enterprise, start=lo, end=hi
            )
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(
        "point 计量点",
        "ts 时间",
        "value 数值",
        "error 原因",
        "source 来源",
        "received_at 接收",
        "received_by 报送人",
    )
    for r in rows:
        table.add_row(
            r["point"],
            r["ts"] or f"{r['ts_text']!r} (无法识别 unreadable)",
            r["value"],
            r["error"],
            r["source"],
            r["received_at"][:19],
            r["received_by"],
        )
    console.print(table)
    console.print(f"拒收 refused: {len(rows)} ({lo.date()} – {hi.date()}, end exclusive)")


__all__ = ["rejected_command", "window"]
