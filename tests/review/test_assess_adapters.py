"""``carbonpeak review assess`` and ``POST /api/v1/review/assess``: the same numbers as the
pure assessment; bad input → one line (CLI, exit 2) or 422 naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.cli import app
from tests.review.test_assessment import COKING, DATA_CENTRE

runner = CliRunner()


def test_cli_assess_json(cli_db: str, tmp_path: Path) -> None:
    path = tmp_path / "coke.yaml"
    path.write_text(COKING, encoding="utf-8")
    result = runner.invoke(app, ["review", "assess", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["energy_tce"]["equivalent"] == pytest.approx(13288)  # 7143 + 6145
    assert data["energy_tce"]["equal_value"] == pytest.approx(22263)  # 7143 + 15120
    assert data["two_high"]["value"] is True


def test_cli_assess_text_says_which_year_stands_in_and_shows_the_trace(
    cli_db: str, tmp_path: Path
) -> None:
    path = tmp_path / "coke.yaml"
    path.write_text(COKING, encoding="utf-8")
    result = runner.invoke(app, ["review", "assess", str(path), "--trace"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "2024 stands in" in text and "302.4 gce/kWh" in text
    # the trace: 5e7 kWh × 302.4 gce/kWh = 15120 tce of the 等价值
    assert "energy.equal_value = 22263.0 tce" in text and "= 15120.0 tce" in text


def test_cli_bad_industry_names_the_field(cli_db: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(COKING.replace('"2521"', '"9999"'), encoding="utf-8")
    result = runner.invoke(app, ["review", "assess", str(path)])
    assert result.exit_code != 0
    assert "industry" in str(result.exception)


def test_api_assess(client: TestClient, make_user: Callable[..., str]) -> None:
    token = make_user("viewer")
    headers = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/v1/review/assess", json=DATA_CENTRE, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["energy_tce"]["equivalent"] == pytest.approx(14820.855)  # 14748 + 72.855
    bad = {**DATA_CENTRE, "annual": [{"fuel": "原煤", "quantity": -1, "unit": "t"}]}
    r = client.post("/api/v1/review/assess", json=bad, headers=headers)
    assert r.status_code == 422
    assert "annual[0].quantity" in r.text
    assert client.post("/api/v1/review/assess", json=DATA_CENTRE).status_code == 401
