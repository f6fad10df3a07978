"""``carbonpeak monitor registry-import`` / ``registry-export``: the registry (企业、计量点、工序)
as an .xlsx workbook. Thin: read or write the workbook, call the service, print."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.registry import exchange
from carbonpeak.monitoring.registry import service as registry

console = Console()


def registry_import(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="登记表 registry .xlsx"),
) -> None:
    """导入登记表 import enterprises 企业, metering points 计量点 and processes 工序 (.xlsx)."""
    reg = exchange.read_registry(path)
    with session_scope() as db:
        counts = registry.save_registry(db_session=db, registry=reg, actor="cli")
    console.print(
        f"已导入 imported: {counts[0]} enterprises, {counts[1]} points, {counts[2]} processes"
    )


def registry_export(
    path: Path | None = typer.Argument(None, help="输出 output .xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="输出 output .xlsx"),
) -> None:
    """导出登记表 export the registry (.xlsx; re-importable): PATH or -o PATH."""
    path = output or path
    if path is None:
        raise typer.BadParameter("输出文件 give the output file: PATH or -o PATH")
    with session_scope() as db:
        reg = registry.registry(db_session=db)
    exchange.write_registry(reg, path)
    console.print(f"已导出 exported {len(reg.points)} points to {path}")
