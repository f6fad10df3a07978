"""The `carbonpeak inventory` reference commands, run as a user would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonpeak.core.settings import get_settings
from carbonpeak.inventory.cli import app

runner = CliRunner()


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        yield db_url
    finally:
        get_settings.cache_clear()


def test_import_list_show_compare(cli_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["reference-import"])
    assert result.exit_code == 0, result.output
    assert "5,334" in result.output and "ceads-city" in result.output
    assert "Guizhou 2019: 261.129 Mt CO2" in result.output

    result = runner.invoke(app, ["reference-list", "--json"])
    assert result.exit_code == 0, result.output
    assert {d["key"] for d in json.loads(result.output)} == {
        "ceads-province",
        "ceads-city",
        "chen2020-county",
    }

    result = runner.invoke(
        app,
        ["reference-show", "-d", "chen2020-county", "-r", "六盘水", "--years", "2016-2017"],
    )
    assert result.exit_code == 0, result.output
    assert "34.004" in result.output and "35.408" in result.output
    assert "Scientific Data 7:391" in result.output

    result = runner.invoke(
        app, ["reference-show", "-d", "ceads-province", "-r", "贵州", "-y", "2019", "--json"]
    )
    body = json.loads(result.output)
    assert round(body["points"][0]["value"], 2) == 261.13

    platform = tmp_path / "platform.csv"
    platform.write_text("year,sector,co2_t\n2019,,30000000\n2018,,0\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "compare",
            "-d",
            "ceads-city",
            "-r",
            "六盘水",
            "-y",
            "2018-2019",
            "--platform",
            str(platform),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "30.000" in result.output and "33.167" in result.output and "-9.5%" in result.output

    result = runner.invoke(
        app,
        ["compare", "-d", "chen2020-county", "-r", "六盘水", "--against", "ceads-city", "--json"],
    )
    body = json.loads(result.output)
    assert body["subject"] == "ceads-city"
    rows = {r["year"]: r for r in body["totals"]}
    assert rows[2012]["platform"] > 2 * rows[2012]["reference"]


def test_errors_are_reported(cli_db: str) -> None:
    result = runner.invoke(app, ["reference-show", "-d", "ceads-city", "-r", "六盘水"])
    assert result.exit_code != 0 and "not imported" in str(result.exception)
    result = runner.invoke(
        app, ["compare", "-d", "ceads-city", "-r", "x", "--platform", "a", "--against", "b"]
    )
    assert result.exit_code == 2
