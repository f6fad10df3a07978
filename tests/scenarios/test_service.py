"""Saved scenario runs: migration 0007, the service, the API (who may save) and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from carbonpeak.audit.orm import AuditRow
from carbonpeak.cli import app
from carbonpeak.core.errors import NotFound
from carbonpeak.core.settings import get_settings
from carbonpeak.db.migrate import downgrade, upgrade
from carbonpeak.db.models import metadata
from carbonpeak.db.session import get_engine
from carbonpeak.scenarios import service
from carbonpeak.scenarios.runs import runner


def test_downgrade_upgrade_and_metadata(db_url: str) -> None:
    engine = get_engine(db_url)
    assert "scn_runs" in inspect(engine).get_table_names()
    downgrade(db_url, "0006")
    assert "scn_runs" not in inspect(engine).get_table_names()
    upgrade(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, metadata) if "scn_runs" in repr(d)]
    assert diff == []


def test_save_list_get(db_session: Session) -> None:
    rep = runner.run_named("plan", draws=50, seed=2)
    row = service.save_run(
        db_session=db_session, report=rep, options={"draws": 50, "seed": 2}, actor="tester"
    )
    db_session.commit()
    assert row.peak_year == rep["peak"]["year"] and row.illustrative is True
    assert row.p_peak_by_2030 == rep["montecarlo"]["p_peak_by_2030"]
    [listed] = service.list_runs(db_session=db_session, scenario="plan")
    assert service.summary(listed)["chain"] == ["baseline", "plan"]
    again = service.get_run(db_session=db_session, run_id=row.id)
    assert json.loads(again.result)["emissions_t"] == rep["emissions_t"]  # floats round-trip
    audit = db_session.query(AuditRow).filter_by(action="scenario.run.save").one()
    assert audit.actor == "tester"
    with pytest.raises(NotFound):
        service.get_run(db_session=db_session, run_id=999)


def test_api_save_needs_an_editor(client: TestClient, make_user: Callable[..., str]) -> None:
    r = client.post("/api/v1/scenarios/plan/run", json={"save": True})
    assert r.status_code == 401
    viewer = make_user("viewer")
    r = client.post(
        "/api/v1/scenarios/plan/run",
        json={"save": True},
        headers={"Authorization": f"Bearer {viewer}"},
    )
    assert r.status_code == 403
    admin = make_user("admin")
    r = client.post(
        "/api/v1/scenarios/custom/run",
        json={
            "save": True,
            "parent": "plan",
            "name": "mine",
            "title": "mine",
            "overrides": {"parameters": {"efficiency_gain": "-3%"}},
        },
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert r.status_code == 200, r.text
    run_id = r.json()["run_id"]
    client.headers["Authorization"] = f"Bearer {viewer}"  # saved runs: staff
    runs = client.get("/api/v1/scenarios/runs").json()
    assert [x["id"] for x in runs] == [run_id] and runs[0]["custom"] is True
    one = client.get(f"/api/v1/scenarios/runs/{run_id}").json()
    assert one["result"]["scenario"] == "mine"
    assert json.loads(one["definition"])["overrides"]["parameters"]["efficiency_gain"] == "-3%"
    assert client.get("/api/v1/scenarios/runs/12345").status_code == 404


def test_cli_save_and_list(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        cli = CliRunner()
        out = cli.invoke(app, ["scenario", "run", "enhanced", "--save", "--json"])
        assert out.exit_code == 0, out.output
        run_id = json.loads(out.output)["run_id"]
        out = cli.invoke(app, ["scenario", "runs", "--json"])
        assert [r["id"] for r in json.loads(out.output)] == [run_id]
    finally:
        get_settings.cache_clear()


def test_base_year_from_a_stored_activity_dataset(db_url: str, client: TestClient) -> None:
    from carbonpeak.db.session import session_scope
    from carbonpeak.inventory.accounting.engine import calculate
    from carbonpeak.inventory.activity import service as inventory_service
    from tests.inventory.helpers import activity
    from tests.scenarios.test_engine import CALIBRATED, INVENTORY_ROWS

    lines = ["region,year,sector,fuel,quantity,unit"]
    lines += [",".join(str(x) for x in row) for row in INVENTORY_ROWS]
    with session_scope(db_url) as db:
        inventory_service.import_activity(
            db_session=db,
            name="mine",
            data="\n".join(lines).encode(),
            filename="mine.csv",
            actor="tester",
        )
    yaml_text = CALIBRATED.replace("scenario: cal", "scenario: mycity\ntitle: my city")
    r = client.post("/api/v1/scenarios/custom/run", json={"yaml": yaml_text, "dataset": "mine"})
    assert r.status_code == 200, r.text
    data = r.json()
    expected = calculate(activity(*INVENTORY_ROWS)).totals[("520200", 2020)]
    assert data["emissions_t"][0] == pytest.approx(expected.value("territorial"), rel=1e-12)
    assert data["base_year_source"] == "activity dataset mine v1"
    assert data["base_year_illustrative"] is False
    r = client.post("/api/v1/scenarios/plan/run", json={"dataset": "nope"})
    assert r.status_code == 404
