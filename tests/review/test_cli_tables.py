"""The review commands' tables print whole values: at 80 columns (a terminal, or ``COLUMNS=80``)
each row becomes ``header: value`` lines instead of columns squeezed to "…"; piped (no
``COLUMNS``) the table keeps one line per row. On the review demo's data (示意)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.review import load_review_demo

runner = CliRunner()
YEAR = datetime.now(UTC).year - 1


def run(*args: str) -> str:
    result = runner.invoke(app, ["review", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def _expected(args: tuple[str, ...]) -> list[str]:
    """Whole values each command's table shows, taken from its ``--json``."""
    data = json.loads(run(*args, "--json"))
    name = args[0]
    if name == "budget":
        b = next(b for b in data["budgets"] if b["scope"] == "enterprise")
        return [f"enterprise {b['code']}", f"{b['budget']['equal_value_tce']:,.0f}"]
    if name == "projects":
        p = data[0]
        return [p["name"], p["owner_uscc"], f"{p['equal_value_tce']:,.1f}"]
    if name == "ledger":
        d = data["districts"][0]
        return [f"{d['district']} {d['name']}", f"{d['balance_tce']:,.1f}"]
    if name == "twohigh":
        plant = next(p for p in data["plants"] if p["unit_consumption"] is not None)
        # a plant's row names its process; its figure is shown to one decimal
        return [
            f"{plant['name']} · {plant['process']}",
            f"{plant['unit_consumption']:,.1f} {plant['unit']}",
            plant["disposal"],
        ]
    if name == "inspect":
        c = next(c for c in data if c["penalty_yuan"])
        return [c["enterprise_code"], f"{c['penalty_yuan']:,.0f}"]
    a = data["alerts"][0]  # followup
    return [f"{a['project_id']} {a['project']}", f"{a['monitored']:,.2f}"]


COMMANDS = (
    ("budget", "--year", str(YEAR)),
    ("projects",),
    ("ledger",),
    ("twohigh",),
    ("inspect",),
    ("followup",),
)


def test_review_tables_print_whole_values(cli_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    load_monitoring_demo(cli_db, days=8, year=YEAR)
    load_review_demo(cli_db, today=date(YEAR, 1, 8))
    run("followup")  # the monthly comparison: its alerts are listed below
    for args in COMMANDS:
        values = _expected(args)
        monkeypatch.setenv("COLUMNS", "80")
        narrow = run(*args)
        assert "…" not in narrow, (args, narrow)
        for value in values:
            assert value in narrow, (args, value, narrow)
        monkeypatch.delenv("COLUMNS")
        piped = run(*args).splitlines()
        assert "…" not in "\n".join(piped), args
        # a table: the row's values side by side on one line
        assert any(all(v in line for v in values) for line in piped), (args, values)
