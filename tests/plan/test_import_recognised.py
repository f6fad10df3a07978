"""`carbonpeak plan import` of the plan the database already holds (issue 19, point 2): the
bundled text after bootstrap updates the bootstrap's plan (its slug differs from the title),
and an unchanged text or YAML export keeps the version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from carbonpeak.bootstrap import DEFAULT_SLUG, init_database
from carbonpeak.cli import app
from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow

runner = CliRunner()
SEED = Path(__file__).parents[2] / "src" / "carbonpeak" / "data"
SEED = SEED / "liupanshui_carbon_peak_plan_2023.txt"


def _plans(db_url: str) -> list[tuple[str, int]]:
    with session_scope(db_url) as db:
        return [(r.slug, r.version) for r in db.scalars(select(PlanRow).order_by(PlanRow.id))]


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_importing_the_stored_plan_again(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    from carbonpeak.core.settings import get_settings

    get_settings.cache_clear()
    init_database(url=db_url)
    try:
        assert _plans(db_url) == [(DEFAULT_SLUG, 1)]
        # the same text: recognised, nothing written
        result = runner.invoke(app, ["plan", "import", str(SEED)])
        assert result.exit_code == 0, result.output
        assert "unchanged" in result.output and "version 1 kept" in result.output
        assert _plans(db_url) == [(DEFAULT_SLUG, 1)]
        # its YAML export, unchanged: version kept
        out = tmp_path / "plan.yaml"
        assert runner.invoke(app, ["plan", "export", DEFAULT_SLUG, "-o", str(out)]).exit_code == 0
        result = runner.invoke(app, ["plan", "import", str(out)])
        assert result.exit_code == 0, result.output
        assert "version 1 kept" in result.output
        assert _plans(db_url) == [(DEFAULT_SLUG, 1)]
        # a corrected export is a new version of the same plan
        text = out.read_text(encoding="utf-8").replace("全市森林覆盖率", "全市森林覆盖率(校正)", 1)
        out.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["plan", "import", str(out)])
        assert result.exit_code == 0, result.output
        assert _plans(db_url) == [(DEFAULT_SLUG, 2)]
        # the same plan text saved under another name (another hash): found by its title
        other = tmp_path / "方案.txt"
        other.write_text(SEED.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
        result = runner.invoke(app, ["plan", "import", str(other)])
        assert result.exit_code == 0, result.output
        assert _plans(db_url) == [(DEFAULT_SLUG, 3)]
        result = runner.invoke(app, ["plan", "import", str(other)])
        assert "version 3 kept" in result.output
        assert _plans(db_url) == [(DEFAULT_SLUG, 3)]
    finally:
        get_settings.cache_clear()
