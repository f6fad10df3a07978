"""The ``carbonpeak`` command: init, demo, serve, and one sub-command per domain."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from carbonpeak.auth.cli import app as user_app
from carbonpeak.core.errors import CarbonpeakError
from carbonpeak.inventory.cli import app as inventory_app
from carbonpeak.monitoring.cli import app as monitor_app
from carbonpeak.plan.cli import app as plan_app
from carbonpeak.reports.cli import app as report_app
from carbonpeak.scenarios.cli import app as scenario_app
from carbonpeak.tracking.cli import app as tracking_app

app = typer.Typer(
    help="carbonpeak 碳达峰实施方案平台: plan registry 方案, accounting 核算, monitoring 监测, "
    "scenarios 情景, assessment 考核.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(plan_app, name="plan", help="实施方案 plan registry: parse, import, export, query.")
app.add_typer(user_app, name="user", help="用户与令牌 users, roles and API tokens.")
app.add_typer(inventory_app, name="inventory", help="碳排放核算 inventory and reference data.")
app.add_typer(monitor_app, name="monitor", help="能耗在线监测 online energy monitoring.")
app.add_typer(tracking_app, name="tracking", help="目标跟踪与考核 tracking and assessment.")
app.add_typer(report_app, name="report", help="报告 annual report (.docx/.xlsx).")
app.add_typer(scenario_app, name="scenario", help="情景分析 scenarios, peak, Monte Carlo.")

console = Console()


@app.command()
def init(
    no_default_plan: bool = typer.Option(
        False, "--no-default-plan", help="Do not load the bundled default plan 不加载默认方案."
    ),
) -> None:
    """Create or migrate the database 创建/升级数据库, and load the default plan 默认方案."""
    from carbonpeak.bootstrap import init_database

    summary = init_database(load_default_plan=not no_default_plan)
    console.print(summary)


@app.command()
def demo(
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Start the server 启动服务."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on 监听地址."),
    port: int = typer.Option(8000, help="Port 端口."),
) -> None:
    """Load the default plan and every demo dataset 演示数据, then serve unless --no-serve."""
    from carbonpeak.bootstrap import load_demo

    for line in load_demo():
        console.print(line)
    if serve_after:
        _serve(host, port)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on 监听地址."),
    port: int = typer.Option(8000, help="Port 端口."),
    workers: int = typer.Option(
        1,
        min=1,
        help="Server processes 进程数 (readings ingest in parallel across processes; one per "
        "CPU core is a good start).",
    ),
) -> None:
    """Start the web/API server 启动服务 (OpenAPI at /docs)."""
    _serve(host, port, workers)


def _serve(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from carbonpeak.web.app import create_app

    console.print(f"carbonpeak 已启动 / serving at [bold]http://{host}:{port}/[/] (API: /docs)")
    if workers == 1:
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")
    else:  # each process builds its own app from the same settings
        uvicorn.run(
            "carbonpeak.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )


def main() -> None:
    """Entry point: domain errors are printed as one clear line, never as a traceback."""
    try:
        app()  # standalone mode: usage errors and --help are handled by Typer
    except CarbonpeakError as exc:
        message = str(exc)
        if len(message) > 2000:  # a file with a million bad rows: the first of them
            message = message[:2000] + " …"
        Console(stderr=True).print("[red]错误 / error:[/]", escape(message), soft_wrap=True)
        sys.exit(2)
