"""The `carbonpeak plan` commands, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbonpeak.bootstrap import init_database
from carbonpeak.cli import app

runner = CliRunner()
SEED = (
    Path(__file__).parents[2]
    / "src"
    / "carbonpeak"
    / "data"
    / "liupanshui_carbon_peak_plan_2023.txt"
)


def test_parse_prints_the_json_interface() -> None:
    result = runner.invoke(app, ["plan", "parse", str(SEED)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"title", "nodes", "tasks", "targets", "benchmarks", "units", "warnings"}
    assert set(data["nodes"][0]) >= {"id", "level", "title", "parent"}
    assert set(data["tasks"][0]) >= {
        "id",
        "node",
        "title",
        "text",
        "lead_units",
        "responsible_units",
        "default_units",
    }
    assert set(data["targets"][0]) >= {
        "year",
        "indicator",
        "value",
        "unit",
        "quantity",
        "comparator",
        "aspirational",
        "base_year",
        "change",
        "task",
        "lead_units",
        "source_text",
    }


def test_parse_yaml_and_bad_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "parse", str(SEED), "--format", "yaml"])
    assert result.exit_code == 0 and "format: carbonpeak-plan/1" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    from carbonpeak.cli import main

    with pytest.raises(SystemExit) as exc:
        import sys

        sys.argv = ["carbonpeak", "plan", "parse", str(empty)]
        main()
    assert exc.value.code == 2


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_queries_and_task_sheet(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    from carbonpeak.core.settings import get_settings

    get_settings.cache_clear()
    init_database(url=db_url)
    try:
        result = runner.invoke(
            app, ["plan", "tasks", "--unit", "市能源局", "--role", "lead", "--json"]
        )
        assert result.exit_code == 0, result.output
        tasks = json.loads(result.output)
        assert tasks and all("市能源局" in t["lead_units"] for t in tasks)
        result = runner.invoke(app, ["plan", "targets", "--year", "2030", "--json"])
        assert {t["year"] for t in json.loads(result.output)} == {2030}
        # piped (not a terminal), the table keeps whole lines instead of rich's 80 columns
        monkeypatch.delenv("COLUMNS", raising=False)
        every = json.loads(runner.invoke(app, ["plan", "targets", "--json"]).output)
        longest = max((t["indicator"] for t in every), key=len)
        lines = runner.invoke(app, ["plan", "targets"]).output.splitlines()
        assert any(longest in line and len(line) > 80 for line in lines)
        result = runner.invoke(app, ["plan", "show"])
        assert "能源绿色低碳转型行动" in result.output and "109" in result.output
        out = tmp_path / "sheet.xlsx"
        result = runner.invoke(app, ["plan", "tasksheet", "市生态环境局", "-o", str(out)])
        assert result.exit_code == 0, result.output
        ws = load_workbook(out)["任务清单"]
        assert ws.max_row - 2 == len(
            json.loads(runner.invoke(app, ["plan", "tasksheet", "市生态环境局", "--json"]).output)[
                "tasks"
            ]
        )
    finally:
        get_settings.cache_clear()


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_an_empty_target_list_says_which_filter_emptied_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`plan targets --year 2030 --indicator 非化石 --unit 市能源局 --json` printed [] without a
    word: the JSON stays [] on stdout, and stderr counts what each filter alone matches."""
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    from carbonpeak.core.settings import get_settings

    get_settings.cache_clear()
    init_database(url=db_url)
    try:
        every = json.loads(runner.invoke(app, ["plan", "targets", "--json"]).stdout)
        in_2030 = sum(t["year"] == 2030 for t in every)
        args = ["plan", "targets", "--year", "2030", "--unit", "某不存在局", "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []
        assert "no target matches all of these filters" in result.stderr
        assert (
            f"--year 2030: {in_2030}" in result.stderr and "--unit 某不存在局: 0" in result.stderr
        )
        # a list that is not empty carries no such line
        result = runner.invoke(app, ["plan", "targets", "--year", "2030", "--json"])
        assert "no target matches" not in result.stderr
    finally:
        get_settings.cache_clear()
