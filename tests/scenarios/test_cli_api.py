"""`carbonpeak scenario …` and /api/v1/scenarios, as a user would call them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbonpeak.cli import app, main

cli = CliRunner()


def test_list_and_show() -> None:
    out = cli.invoke(app, ["scenario", "list", "--json"])
    assert out.exit_code == 0, out.output
    assert {r["name"] for r in json.loads(out.output)} == {"baseline", "plan", "enhanced"}
    out = cli.invoke(app, ["scenario", "show", "plan", "--json"])
    data = json.loads(out.output)
    assert data["chain"] == ["baseline", "plan"]
    assert "power.technologies.coal.capacity" in data["plan_targets"]["2.1.1-6:t1"]["feeds"]


def test_run_json_has_the_promised_keys() -> None:
    out = cli.invoke(app, ["scenario", "run", "plan", "--draws", "200", "--seed", "4", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"years", "emissions_t", "peak", "targets", "montecarlo"} <= set(data)
    assert {"year", "value_t"} <= set(data["peak"])
    assert {"name", "year", "required", "projected", "met"} <= set(data["targets"][0])
    assert {"p_peak_by_2030", "peak_year_quantiles"} <= set(data["montecarlo"])
    again = json.loads(
        cli.invoke(
            app, ["scenario", "run", "plan", "--draws", "200", "--seed", "4", "--json"]
        ).output
    )
    assert again["montecarlo"] == data["montecarlo"]  # seeded: reproducible


def test_run_table_compare_wedges_montecarlo() -> None:
    out = cli.invoke(app, ["scenario", "run", "enhanced"])
    assert out.exit_code == 0 and "peak 峰值" in out.output
    out = cli.invoke(app, ["scenario", "compare", "--json"])
    rows = {r["scenario"]: r for r in json.loads(out.output)["scenarios"]}
    assert rows["enhanced"]["peak"]["year"] <= rows["plan"]["peak"]["year"]
    out = cli.invoke(app, ["scenario", "wedges", "baseline", "plan"])
    assert out.exit_code == 0 and "interaction" in out.output
    out = cli.invoke(app, ["scenario", "montecarlo", "plan", "-n", "100", "--json"])
    assert json.loads(out.output)["draws"] == 100


def test_custom_file_with_an_error_names_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "scenario: mine\ntitle: 我的情景\nparent: plan\nparameters:\n  gdp_growth_2025: 4%\n"
        "demand:\n  transport:\n    intensity: 'growth(-3%'\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("sys.argv", ["carbonpeak", "scenario", "run", "mine", "-f", str(path)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "mine.yaml line 8" in err and "demand.transport.intensity.expr" in err
    path.write_text(path.read_text().replace("'growth(-3%'", "'growth(-3%)'"))
    out = cli.invoke(app, ["scenario", "run", "mine", "-f", str(path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["chain"] == ["baseline", "plan", "mine"]


def test_iamc_export(tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "s.csv", tmp_path / "s.xlsx"
    assert cli.invoke(app, ["scenario", "export", "plan", "-o", str(csv_path)]).exit_code == 0
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert rows[0][:6] == ["model", "scenario", "region", "variable", "unit", "2020"]
    co2 = next(r for r in rows if r[3] == "Emissions|CO2")
    assert co2[:5] == ["carbonpeak", "plan", "520200", "Emissions|CO2", "Mt CO2/yr"]
    assert (
        cli.invoke(app, ["scenario", "export", "baseline", "plan", "-o", str(xlsx_path)]).exit_code
        == 0
    )
    ws = load_workbook(xlsx_path)["data"]
    assert ws.cell(1, 4).value == "variable"
    assert {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)} == {"baseline", "plan"}


@pytest.fixture()
def api(client: TestClient) -> TestClient:
    return client


def test_api_list_run_and_custom(api: TestClient, make_user: Callable[..., str]) -> None:
    assert {r["name"] for r in api.get("/api/v1/scenarios").json()} == {
        "baseline",
        "plan",
        "enhanced",
    }
    r = api.post("/api/v1/scenarios/plan/run", json={"draws": 100, "seed": 1})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["peak"]["year"] == data["peaks"]["territorial"]["year"]
    assert data["montecarlo"]["draws"] == 100
    body = {
        "parent": "plan",
        "name": "faster",
        "title": "faster efficiency",
        "overrides": {"parameters": {"efficiency_gain": "-4%"}},
    }
    r = api.post("/api/v1/scenarios/custom/run", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["emissions_t"][-1] < data["emissions_t"][-1]
    assert api.get("/api/v1/scenarios/plan").json()["parent"] == "baseline"
    assert api.get("/api/v1/scenarios/compare").status_code == 200
    assert api.get("/api/v1/scenarios/plan/wedges").json()["reference"] == "baseline"
    # Sobol indices are heavy: a login is needed (web/access.py)
    assert api.get("/api/v1/scenarios/plan/sensitivity?n=8").status_code == 401
    viewer = {"Authorization": f"Bearer {make_user('viewer')}"}
    sens = api.get("/api/v1/scenarios/plan/sensitivity?n=8", headers=viewer).json()
    assert sens["runs"] == 8 * (2 * len(sens["parameters"]) + 2) and len(sens["top"]) == 5
    r = api.get("/api/v1/scenarios/plan/sensitivity?n=0", headers=viewer)
    assert r.status_code == 422
    r = api.get("/api/v1/scenarios/plan/iamc.csv")
    assert r.status_code == 200 and r.text.startswith("model,scenario,region,variable,unit")


def test_api_bad_yaml_is_422_with_key_and_line(api: TestClient) -> None:
    text = "scenario: bad\ntitle: t\nparent: plan\n"
    text += "demand:\n  transport:\n    intensty: growth(1%)\n"
    r = api.post("/api/v1/scenarios/custom/run", json={"yaml": text})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "line 6, demand.transport.intensty: 未知键 / unknown key" in detail
    assert "did you mean 'intensity'?" in detail
    r = api.post(
        "/api/v1/scenarios/custom/run",
        json={"parent": "plan", "title": "t", "overrides": {"power": {"own_use": "5%"}}},
    )
    assert r.status_code == 422 and "power.own_use.expr" in r.json()["detail"]
    r = api.post("/api/v1/scenarios/custom/run", json={"yaml": "a: [1,\n"})
    assert r.status_code == 422 and "YAML" in r.json()["detail"]
    assert api.post("/api/v1/scenarios/nope/run").status_code == 404
    assert api.post("/api/v1/scenarios/plan/run", json={"draws": 10**6}).status_code == 422


def test_districts_cli_and_api(api: TestClient) -> None:
    out = cli.invoke(app, ["scenario", "districts", "plan"])
    assert out.exit_code == 0 and "钟山区" in out.output
    data = api.get("/api/v1/scenarios/enhanced/districts").json()
    assert len(data["order"]) == 4
