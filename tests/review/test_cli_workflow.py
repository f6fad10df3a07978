"""``carbonpeak review submit|projects|decide|opinion|export|ledger``: a project file and a
register sheet round trip; a decision by a user without the review role is refused, and one on
a project above the city's authority unless it records the province's opinion; the opinion is
a Chinese .docx saying whose opinion it is, and producing it is audited as ``--actor``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

from carbonpeak.audit import AuditRow
from carbonpeak.cli import app
from carbonpeak.core.errors import Conflict, PermissionDenied
from carbonpeak.db.session import session_scope
from tests.conftest import add_user_with_token
from tests.review.test_assessment import COKING

runner = CliRunner()
USCC = "91520200MA6D00001L"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_submit_decide_opinion_export_import(cli_db: str, tmp_path: Path) -> None:
    add_user_with_token(cli_db, "viewer", username="reader")
    add_user_with_token(cli_db, "review_officer", username="officer")
    path = tmp_path / "coke.yaml"
    path.write_text(COKING + f"owner_uscc: {USCC}\nowner: 某焦化公司\n", encoding="utf-8")
    assert "submitted: 1" in run("review", "submit", str(path))
    (row,) = json.loads(run("review", "projects", "--json"))
    assert row["two_high"] is True and row["equivalent_tce"] == 13288.0  # 7143 + 6145

    with pytest.raises(PermissionDenied):
        run("review", "decide", "1", "--outcome", "approve", "--actor", "reader")
    # two-high: debit 22263 tce (等价值) × 1.2 = 26715.6 tce; credit 30000 covers it
    run(
        "review",
        "ledger",
        "--district",
        "520201",
        "--credit",
        "30000",
        "--reason",
        "关停（示意）",
        "--evidence",
        "示意 illustrative",
        "--actor",
        "officer",
    )
    # 13,288 tce ≥ 10,000 tce: the province reviews it; the city may only record its opinion
    with pytest.raises(Conflict, match="authority"):
        run("review", "decide", "1", "--outcome", "approve", "--actor", "officer")
    out = run(
        "review",
        "decide",
        "1",
        "--outcome",
        "approve",
        "--on-behalf-of",
        "provincial",
        "--authority-document",
        "黔发改环资〔2026〕3号（示意）",
        "--authority-date",
        "2026-02-10",
        "--actor",
        "officer",
    )
    assert "provincial" in out
    ledger = json.loads(run("review", "ledger", "--json"))
    assert ledger["districts"][0]["balance_tce"] == pytest.approx(30000 - 22263 * 1.2)

    docx = tmp_path / "opinion.docx"
    run("review", "opinion", "1", "-o", str(docx), "--actor", "officer")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.read_bytes())).paragraphs]
    text = "\n".join(paragraphs)
    assert "某焦化项目" in text and "某焦化公司：" in paragraphs
    assert "省级节能审查机关（省发展改革委）审查意见：同意通过节能审查。" in paragraphs
    assert "黔发改环资〔2026〕3号（示意）" in text and "2026-02-10" in text
    with session_scope(cli_db) as db:
        taken = db.scalars(select(AuditRow).where(AuditRow.action == "review.opinion")).all()
        assert [(a.actor, a.entity_id) for a in taken] == [("officer", "1")]

    sheet = tmp_path / "register.xlsx"
    run("review", "export", "-o", str(sheet))
    assert "submitted: 2" in run("review", "submit", str(sheet))
    rows = json.loads(run("review", "projects", "--json"))
    assert [r["equivalent_tce"] for r in rows] == [13288.0, 13288.0]  # the copy assesses alike


def test_budget_file_and_credit_event_cli(cli_db: str, tmp_path: Path) -> None:
    add_user_with_token(cli_db, "review_officer", username="officer")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "scope,code,equivalent_tce,equal_value_tce,co2_t,source\n"
        "district,520201,1000,1200,2500,示意\n"
        "district,nowhere,1000,x,2500,示意\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception) as err:
        run("review", "budget", "--year", "2025", "--file", str(bad), "--actor", "officer")
    assert "row 3, equal_value_tce" in str(err.value)
    good = tmp_path / "budgets.csv"
    good.write_text(
        "scope,code,equivalent_tce,equal_value_tce,co2_t,source\n"
        "district,520201,1000,1200,2500,示意\n"
        "city,520200,9000,11000,30000,示意\n",
        encoding="utf-8",
    )
    out = json.loads(
        run(
            "review",
            "budget",
            "--year",
            "2025",
            "--file",
            str(good),
            "--json",
            "--actor",
            "officer",
        )
    )
    assert {(b["scope"], b["code"]) for b in out["budgets"]} == {
        ("district", "520201"),
        ("city", "520200"),
    }
    assert out["equal_value_basis"]["power_supply_coal_gce_per_kwh"] == 302.4
    credit = json.loads(
        run(
            "review",
            "credit",
            "renewable",
            "--on",
            "2025-06-30",
            "--district",
            "520201",
            "--kwh",
            "1e7",
            "--evidence",
            "绿证（示意）",
            "--json",
            "--actor",
            "officer",
        )
    )
    assert credit["credit_tce"] == pytest.approx(3024.0)  # 1e7 kWh × 302.4 gce/kWh (2024)
    assert credit["balance_tce"] == pytest.approx(3024.0)


def test_an_exempt_project_from_the_command_line(cli_db: str, tmp_path: Path) -> None:
    """300万kWh × 0.1229e-3 = 368.7 tce (< 1,000 tce and < 500万kWh): `review submit` says it is
    not reviewed separately, `review projects --status exempt` lists it with its words, and
    `review decide` refuses it naming authority."""
    path = tmp_path / "small.yaml"
    path.write_text(
        "project: 小型机房（示意）\nindustry: '6450'\ndistrict: '520201'\nstart_year: 2027\n"
        f"owner_uscc: {USCC}\nannual:\n  - {{fuel: 电力, quantity: 300, unit: 万kWh}}\n",
        encoding="utf-8",
    )
    out = run("review", "submit", str(path))
    assert "不单独进行节能审查 exempt (below the thresholds, no review): 1" in out
    assert "submitted:" not in out
    (row,) = json.loads(run("review", "projects", "--status", "exempt", "--json"))
    assert (row["id"], row["status"], row["status_label"]) == (1, "exempt", "不单独进行节能审查")
    assert json.loads(run("review", "projects", "--status", "submitted", "--json")) == []
    with pytest.raises(Conflict, match="authority"):
        run("review", "decide", "1", "--outcome", "approve")
