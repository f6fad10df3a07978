"""``carbonpeak plan``: parse, import, export and query plans (实施方案). The registry's and the
tasks' commands, under one Typer app."""

from __future__ import annotations

import typer

from carbonpeak.plan.registry.cli import app as registry_app
from carbonpeak.plan.tasks.cli import app as tasks_app

app = typer.Typer(no_args_is_help=True, help="实施方案 plan registry.")
app.add_typer(registry_app)
app.add_typer(tasks_app)
