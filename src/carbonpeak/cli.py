"""The ``carbonpeak`` command: init, demo, serve, and one sub-command per domain."""

from __future__ import annotations

import os
import sys

import typer

from carbonpeak import __version__
from carbonpeak.core.cli import console, lazy_domains
from carbonpeak.core.errors import CarbonpeakError

# One line per domain: command name → (module with a Typer ``app``, one-line help). The module
# is imported only when one of its commands runs, so ``carbonpeak --help`` answers at once.
DOMAINS: dict[str, tuple[str, str]] = {
    "plan": ("carbonpeak.plan.cli", "实施方案 plan registry: parse, import, export, query."),
    "user": ("carbonpeak.auth.cli", "用户与令牌 users, roles and API tokens."),
    "inventory": ("carbonpeak.inventory.cli", "碳排放核算 inventory and reference data."),
    "monitor": ("carbonpeak.monitoring.cli", "能耗在线监测 online energy monitoring."),
    "tracking": ("carbonpeak.tracking.cli", "目标跟踪与考核 tracking and assessment."),
    "report": ("carbonpeak.reports.cli", "报告 annual report (.docx/.xlsx)."),
    "scenario": ("carbonpeak.scenarios.cli", "情景分析 scenarios, peak, Monte Carlo."),
    "stats": ("carbonpeak.statistics.cli", "统计公报数据 published statistics with sources."),
    "review": ("carbonpeak.review.cli", "节能审查 energy review of new projects."),
}

app = typer.Typer(
    cls=lazy_domains(DOMAINS),
    help="carbonpeak 碳达峰实施方案平台: plan registry 方案, accounting 核算, monitoring 监测, "
    "scenarios 情景, assessment 考核.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _print(message: object) -> None:
    console().print(message)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"carbonpeak {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="显示版本 / print the version and exit.",
    ),
) -> None:
    """carbonpeak 碳达峰实施方案平台."""


@app.command()
def init(
    no_default_plan: bool = typer.Option(
        False, "--no-default-plan", help="Do not load the bundled default plan 不加载默认方案."
    ),
) -> None:
    """Create or migrate the database 创建/升级数据库, and load the default plan 默认方案."""
    from carbonpeak.bootstrap import init_database

    summary = init_database(load_default_plan=not no_default_plan)
    _print(summary)


@app.command()
def demo(
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Start the server 启动服务."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on 监听地址."),
    port: int = typer.Option(8000, help="Port 端口."),
) -> None:
    """Load the default plan and every demo dataset 演示数据, then serve unless --no-serve."""
    from carbonpeak.bootstrap import load_demo

    for line in load_demo():
        _print(line)
    if serve_after:
        _serve(host, port)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on 监听地址."),
    port: int = typer.Option(8000, help="Port 端口."),
    workers: int = typer.Option(
        0,
        min=0,
        help="Server processes 进程数 (default 0: one per CPU core; pages and ingest run in "
        "parallel across processes).",
    ),
) -> None:
    """Start the web/API server 启动服务 (OpenAPI at /docs)."""
    _serve(host, port, workers or os.cpu_count() or 1)


@app.command()
def worker(
    burst: bool = typer.Option(False, "--burst", help="Stop when the queue is empty 队列空时退出."),
    queue: str = typer.Option("", help="Queue name (default CARBONPEAK_JOB_QUEUE, carbonpeak)."),
) -> None:
    """Run long jobs 后台任务 (Monte Carlo runs, annual reports) from the Redis queue
    (CARBONPEAK_REDIS_URL); start as many as you like, on any machine that reaches the
    database and Redis."""
    from carbonpeak.core import jobs

    if not jobs.queue_configured():
        _print("[red]CARBONPEAK_REDIS_URL 未设置 / is not set: no queue to work on[/]")
        raise typer.Exit(2)
    jobs.work(burst=burst, queue=queue or None)


def _serve(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from carbonpeak.web.app import create_app

    # every process computes the inventory and the overview's figures at start-up, in the
    # background, and again after each import (carbonpeak.web.warm)
    os.environ.setdefault("CARBONPEAK_WARM", "1")
    _print(f"carbonpeak 已启动 / serving at [bold]http://{host}:{port}/[/] (API: /docs)")
    if workers == 1:
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")
    else:  # each process builds its own app from the same settings
        import shutil
        import tempfile

        from carbonpeak.web import pacing

        # the processes' shared page counts: viewers spread evenly (web/pacing.py)
        where = tempfile.mkdtemp(prefix="carbonpeak-pages-")
        slots = os.path.join(where, "slots")
        pacing.make_slots(slots, workers)
        os.environ[pacing.SLOTS_ENV] = slots
        try:
            uvicorn.run(
                "carbonpeak.web.app:create_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="warning",
            )
        finally:
            shutil.rmtree(where, ignore_errors=True)


def main() -> None:
    """Entry point: domain errors are printed as one clear line, never as a traceback."""
    try:
        app()  # standalone mode: usage errors and --help are handled by Typer
    except CarbonpeakError as exc:
        from rich.markup import escape

        message = str(exc)
        if len(message) > 2000:  # a file with a million bad rows: the first of them
            message = message[:2000] + " …"
        console(stderr=True).print("[red]错误 / error:[/]", escape(message), soft_wrap=True)
        sys.exit(2)
    except Exception as exc:  # a database that is missing, unreachable or not yet initialised
        problem = _database_problem(exc)
        if problem is None:
            raise
        from rich.markup import escape

        console(stderr=True).print("[red]错误 / error:[/]", escape(problem), soft_wrap=True)
        sys.exit(2)


def _database_problem(exc: Exception) -> str | None:
    """One line for a database error a user can fix, or None for a real bug (re-raised).

    sqlalchemy is not imported here: the command line starts without it."""
    if not type(exc).__module__.startswith("sqlalchemy"):
        return None
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    missing = ("no such table", "does not exist", "undefinedtable")
    if any(m in text.lower() for m in missing):
        return (
            "数据库尚未初始化或版本过旧，请先运行 `carbonpeak init` / the database has no "
            f"carbonpeak tables or an old schema: run `carbonpeak init` first ({text})"
        )
    if type(exc).__name__ == "OperationalError":
        return f"无法使用数据库 / the database cannot be used: {text}"
    return None
