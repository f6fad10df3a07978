"""The README's coverage table is the coverage of the bundled published values (regenerate it
with ``carbonpeak stats coverage --bundled --readme README.md``); the rewrite touches only the
text between the markers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.regions import regions
from carbonpeak.statistics import bundled_values, coverage
from carbonpeak.statistics.values.coverage import (
    README_END,
    README_START,
    markdown,
    readme_table,
    with_table,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def _table() -> str:
    return markdown(coverage(bundled_values()), {c: r.name_zh for c, r in regions().items()})


def test_the_readme_table_is_the_coverage_of_the_bundled_values() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_table(text) == _table(), (
        "README coverage table is stale: run "
        "`carbonpeak stats coverage --bundled --readme README.md`"
    )


def test_with_table_replaces_only_the_block() -> None:
    text = f"intro\n{README_START}\nold\n{README_END}\noutro\n"
    assert with_table(text, "| new |") == f"intro\n{README_START}\n| new |\n{README_END}\noutro\n"
    assert readme_table(with_table(text, "| new |")) == "| new |"
    with pytest.raises(ValueError):
        readme_table("no markers")


def test_the_command_rewrites_a_file_and_refuses_one_without_markers(tmp_path: Path) -> None:
    target = tmp_path / "R.md"
    target.write_text(f"a\n{README_START}\nstale\n{README_END}\nb\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["stats", "coverage", "--bundled", "--readme", str(target)])
    assert done.exit_code == 0, done.output
    assert readme_table(target.read_text(encoding="utf-8")) == _table()
    (tmp_path / "plain.md").write_text("nothing here\n", encoding="utf-8")
    refused = runner.invoke(
        app, ["stats", "coverage", "--bundled", "--readme", str(tmp_path / "plain.md")]
    )
    assert isinstance(refused.exception, InputError)
    assert "no coverage markers" in str(refused.exception)
