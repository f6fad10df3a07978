"""What every domain's command line shares: the ``--json``, ``--plan`` and ``--actor`` options and
JSON output (UTF-8, Chinese kept as written)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

JSON_OPT = typer.Option(False, "--json", help="输出 JSON / print JSON.")
PLAN_OPT = typer.Option("1", "--plan", "-p", help="方案 id 或 slug / plan id or slug.")
ACTOR_OPT = typer.Option("cli", "--actor", help="记入审计日志的操作人 / actor for the audit log.")


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON; dates and other objects as their text."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def option_date(text: str | None) -> date:
    """A ``YYYY-MM-DD`` option as a date (today when not given); a bad one is a usage error."""
    return optional_date(text or None) or date.today()


def optional_date(text: str | None) -> date | None:
    """A ``YYYY-MM-DD`` option as a date (None when not given); a bad one is a usage error."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期应为 YYYY-MM-DD / not a date: {text}") from None
