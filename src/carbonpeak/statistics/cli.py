"""``carbonpeak stats``: the domain's Typer ``app``: published values (list, show, import,
export, coverage) and reconciliation (reconcile)."""

from __future__ import annotations

import typer

from carbonpeak.statistics.reconcile import cli as reconcile
from carbonpeak.statistics.values import cli as values

app = typer.Typer(
    no_args_is_help=True,
    help="统计公报数据 published statistics with their sources: 列表 list, 查看 show, "
    "导入 import, 导出 export, 覆盖 coverage, 核对 reconcile.",
)
app.command("list")(values.list_command)
app.command("show")(values.show_command)
app.command("import")(values.import_command)
app.command("export")(values.export_command)
app.command("coverage")(values.coverage_command)
app.command("reconcile")(reconcile.reconcile_command)
