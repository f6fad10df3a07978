"""``carbonpeak monitor``: registry .xlsx round trip, file import, simulate, rebuild, reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.core.errors import InputError
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.demo.simulate import demo_code
from carbonpeak.monitoring.orm import ReadingRow, RollupRow
from tests.monitoring.conftest import CODE, seed

runner = CliRunner()


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def run(*args: str) -> str:
    result = runner.invoke(app, ["monitor", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_registry_round_trip_and_file_import(cli_db: str, tmp_path: Path) -> None:
    with session_scope(cli_db) as db:
        seed(db)
    book = tmp_path / "registry.xlsx"
    run("registry-export", str(book))
    assert "5 points" in run("registry-import", str(book))  # idempotent upsert
    csv = tmp_path / "readings.csv"
    csv.write_text(
        "point,ts,value\n"
        "C1,2026-01-02T10:00:00+08:00,2.5\n"
        "C1,2026-01-02T10:15:00+08:00,abc\n"
        "C1,2026-01-02 10:30,1\n"
        "C1,2026-01-02T10:00:00+08:00,2.5\n",
        encoding="utf-8",
    )
    reply = json.loads(run("import", str(csv), "--json"))
    assert reply["accepted"] == 1 and reply["duplicates"] == 1
    assert [r["index"] for r in reply["rejected"]] == [1, 2]
    text = run("import", str(csv))
    assert "row 3" in text and "row 4" in text  # file rows (header is row 1)


def test_bad_registry_rows_are_all_reported(cli_db: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "enterprises"
    ws.append(["code", "name"])
    ws.append(["91520200MA6D00001A", "bad check"])
    ws.append([CODE, "ok"])
    pts = wb.create_sheet("points")
    pts.append(["code", "enterprise", "energy", "purpose", "unit"])
    pts.append(["P1", CODE, "煤饼", "外购", "t"])
    wb.create_sheet("processes").append(["code", "enterprise"])
    book = tmp_path / "bad.xlsx"
    wb.save(book)
    result = runner.invoke(app, ["monitor", "registry-import", str(book)])
    assert isinstance(result.exception, InputError)
    problems = [(p.row, p.field) for p in result.exception.problems]
    assert problems == [(2, "enterprises"), (2, "points")]
    assert "check character" in str(result.exception) and "煤饼" in str(result.exception)


def test_simulate_rebuild_and_reports(cli_db: str, tmp_path: Path) -> None:
    run("simulate", "--days", "3", "--start", "2026-01-01")
    steel = demo_code(1)
    with session_scope(cli_db) as db:
        before = {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}
    assert "rebuilt" in run("rebuild")
    with session_scope(cli_db) as db:
        after = {(r.point_id, r.period, r.start): r.amount for r in db.scalars(select(RollupRow))}
    assert after == before  # incremental == rebuilt from raw readings
    procs = json.loads(
        run("processes", steel, "--start", "2026-01-01", "--end", "2026-02-01", "--json")
    )
    sinter = next(p for p in procs if p["process"] == "D1-SINTER")
    assert 40 < sinter["kgce_per_t"] < 47  # 43 kgce/t at the start, +1 % lost output uploads
    cons = json.loads(
        run("consumption", steel, "--start", "2026-01-01", "--end", "2026-02-01", "--json")
    )
    assert cons["co2_t"]["combustion"] > 0 and cons["gaps"] == []
    assert "alerts" in run("check", steel, "--start", "2026-01-01", "--end", "2026-01-04")
    assert "stale" in run("alerts", "--enterprise", steel)
    export = tmp_path / "findings.csv"
    assert "exported" in run("findings", steel, "--csv", str(export))
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "rule,subject,start,end,detail" and len(lines) > 1


def test_simulate_over_http_and_mqtt(cli_db: str) -> None:
    """The simulator against a real server process and the local broker (mqtt part skipped
    when no broker answers)."""
    import uuid

    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    from carbonpeak.monitoring.demo import service as demo
    from carbonpeak.monitoring.demo import simulate
    from carbonpeak.monitoring.readings.service import subscriber as Subscriber
    from tests.conftest import add_user_with_token
    from tests.monitoring.test_crash import free_port, start_server
    from tests.monitoring.test_mqtt import broker_up

    with session_scope(cli_db) as db:
        demo.save_registry(db_session=db, registry=simulate.registry(), actor="t")
    token = add_user_with_token(cli_db, "admin")
    port = free_port()
    server = start_server(cli_db, port)
    try:
        out = run(
            "simulate",
            "--days",
            "1",
            "--start",
            "2026-01-01",
            "--to",
            "http",
            "--url",
            f"http://127.0.0.1:{port}",
            "--token",
            token,
        )
    finally:
        server.terminate()
        server.wait(10)
    sent = int(out.split("sent ")[1].split()[0])
    assert sent > 0
    if not broker_up():
        pytest.skip("no MQTT broker at 127.0.0.1:1883")
    prefix, client_id = f"cp-test-{uuid.uuid4().hex[:8]}/readings", f"cp-sim-{uuid.uuid4().hex[:8]}"
    sub = Subscriber(url=cli_db, topic=prefix, client_id=client_id)
    sub.run(timeout=1.0)  # persistent session ready
    run("simulate", "--days", "1", "--start", "2026-01-02", "--to", "mqtt", "--topic", prefix)
    again = Subscriber(url=cli_db, topic=prefix, client_id=client_id)
    again.run(until=lambda: again.handled >= 6, timeout=20)  # one message per enterprise
    assert again.handled == 6
    forget = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    forget.connect("127.0.0.1", 1883)
    forget.disconnect()
    with session_scope(cli_db) as db:
        assert (db.scalar(select(func.count()).select_from(ReadingRow)) or 0) > sent


def test_partitions_and_retention_commands(cli_db: str, tmp_path: Path) -> None:
    with session_scope(cli_db) as db:
        seed(db)
    run("partitions", "--ahead", "1")  # PostgreSQL: this month and the next; SQLite: a note
    out = json.loads(run("retention", "--older-than", "2y", "--dry-run", "--json"))
    assert out["dry_run"] and out["deleted"] == 0
    archive = tmp_path / "a.csv.gz"
    out = json.loads(
        run(
            "retention", "--older-than", "2y", "--archive", str(archive), "--actor", "ops", "--json"
        )
    )
    assert out["deleted"] == 0 and not out["dry_run"]
    result = runner.invoke(app, ["monitor", "retention", "--older-than", "3d"])
    assert isinstance(result.exception, InputError)  # the root command prints it, no traceback
    assert "too recent" in str(result.exception)
