"""What every domain's command line shares: the ``--json``, ``--plan`` and ``--actor`` options and
JSON output (UTF-8, Chinese kept as written); the root group that imports a domain only when its
command runs."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from datetime import date
from difflib import get_close_matches
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

import typer
import typer.main
from typer import _click as click  # typer vendors click (Context, Command, HelpFormatter)
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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


# ---- start-up: domains loaded when their command is run, not when the program starts ----------


class LazyDomains(TyperGroup):
    """The root command group: a domain's Typer app is imported only when one of its commands runs
    (``carbonpeak plan parse`` imports the plan domain, ``carbonpeak --help`` imports none), so the
    program answers at once. ``domains`` maps a command name to (module path, one-line help); the
    module has an ``app`` (a ``typer.Typer``). Subclass per table with :func:`lazy_domains`."""

    domains: ClassVar[Mapping[str, tuple[str, str]]] = {}
    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.domains, *(n for n in super().list_commands(ctx) if n not in self.domains)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.domains:
            return super().get_command(ctx, cmd_name)
        module, help_text = self.domains[cmd_name]
        if self._listing:  # the help page lists the domain by its table entry, no import
            return TyperGroup(name=cmd_name, help=help_text)
        wrapper = typer.Typer()
        wrapper.add_typer(import_module(module).app, name=cmd_name, help=help_text)
        group = typer.main.get_command(wrapper)
        assert isinstance(group, TyperGroup)
        command = group.commands[cmd_name]
        self.commands[cmd_name] = command
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _plain_flags(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:  # suggest a domain name too ("plna" → 'plan')
            matches = get_close_matches(args[0], list(self.domains)) if args else []
            if matches and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {matches[0]!r}?"
            raise


def _plain_flags(params: list[click.Parameter]) -> None:
    """The root's flags (``--help``, ``--version``, completion) are plain booleans: checked as
    such, without Typer building a pydantic validator for each (importing pydantic would double
    the start-up time of ``carbonpeak plan --help``). Uses Typer internals; if they change, Typer
    keeps its own behaviour."""
    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # pragma: no cover - another Typer version
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        flag = getattr(descriptor, "annotation", None) is bool
        if flag and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = PassThroughRuntimeParam(  # type: ignore[attr-defined]
                annotation=bool,
                parameter_info=descriptor.parameter_info,  # type: ignore[union-attr]
            )


def lazy_domains(table: Mapping[str, tuple[str, str]]) -> type[LazyDomains]:
    """A :class:`LazyDomains` group class for ``table`` (name → (module path, help)), to pass
    as ``typer.Typer(cls=...)``."""
    return type("Domains", (LazyDomains,), {"domains": dict(table)})


def console(*, stderr: bool = False) -> Console:
    """A rich console for a command's output. Written to a pipe or a file, tables keep whole
    lines (rich would cut them at 80 columns when the output is not a terminal); a terminal's
    width, or a ``COLUMNS`` the user set, is kept."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    piped = not stream.isatty() and not os.environ.get("COLUMNS")
    return Console(stderr=stderr, width=PIPED_COLUMNS if piped else None)


PIPED_COLUMNS = 4096


def print_table(table: Table, out: Console | None = None) -> None:
    """Print ``table`` with every value whole. When each row fits the console on one line (always
    when piped: :func:`console` is then wide) the table is printed as it is; on a narrower
    terminal or ``COLUMNS``, rich would squeeze the columns and cut values to "…", so each row is
    printed instead as a block of ``header: value`` lines, one per column, that the terminal
    may wrap but nothing cuts.

    >>> from rich.console import Console
    >>> from rich.table import Table
    >>> t = Table("区县 district", "余额 balance (tce)", title="台账")
    >>> t.add_row("520201 钟山区", "26,613.6")
    >>> print_table(t, Console(width=20))
    台账
    区县 district: 520201 钟山区
    余额 balance (tce): 26,613.6
    <BLANKLINE>
    """
    from rich.measure import Measurement
    from rich.text import Text

    out = out or console()
    unbounded = out.options.update_width(sys.maxsize)  # the width each row needs on one line
    if Measurement.get(out, unbounded, table).maximum <= out.width:
        out.print(table)
        return
    if table.title:
        out.print(table.title, soft_wrap=True)
    columns = [(_text(c.header), [_text(v) for v in c.cells]) for c in table.columns]
    for row in range(table.row_count):
        for header, values in columns:
            out.print(Text.assemble(header, ": ", values[row]), soft_wrap=True)
        out.print()


def _text(cell: Any) -> Text:
    """A table cell as rich Text: a string is markup, as the table would have read it."""
    from rich.text import Text

    if isinstance(cell, Text):
        return cell
    return Text.from_markup(cell) if isinstance(cell, str) else Text(str(cell))
