"""审查权限 (issue 14 audit): the city's review office decides within its authority
(固定资产投资项目节能审查办法 2023: under 10,000 tce/yr 当量值, review/data/authority.csv); a
project at or above it gets a decision only as the record of the province's opinion (tested in
test_workflow_api and test_cli_workflow); one below 1,000 tce and 500万kWh needs no separate
review, so the office records no decision for it: it is stored ``exempt`` (its end state,
audited) and a budget names it without counting it. Hand-computed sizes: 300万kWh × 0.1229 kgce/kWh
= 368.7 tce (none); 5,000万kWh → 6,145 tce (local)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import AuditRow
from carbonpeak.auth import Principal, Role
from carbonpeak.core.errors import Conflict, InputError
from carbonpeak.review import submit
from carbonpeak.review.budgets.service import budget_view, set_budget
from carbonpeak.review.model import Status
from carbonpeak.review.workflow.service import commission, decide, opinion

OFFICER = Principal(user_id=0, username="officer", role=Role.REVIEW_OFFICER)
USCC = "91520200MA6D00001L"


def _project(name: str, wan_kwh: float) -> dict[str, object]:
    return {
        "project": name,
        "owner_uscc": USCC,
        "industry": "6450",
        "district": "520201",
        "start_year": 2027,
        "annual": [{"fuel": "电力", "quantity": wan_kwh, "unit": "万kWh"}],
    }


def test_no_decision_on_a_project_without_separate_review(db_session: Session) -> None:
    row = submit(db_session=db_session, data=_project("小型机房（示意）", 300), principal=OFFICER)
    assert row.authority == "none" and row.equivalent_tce == pytest.approx(368.7)
    # its end state at once: nothing to wait for
    assert row.status == "exempt" and Status(row.status).label == "不单独进行节能审查"
    with pytest.raises(Conflict, match="authority") as refused:
        decide(db_session=db_session, project_id=row.id, outcome="approve", principal=OFFICER)
    assert "不单独进行节能审查" in str(refused.value)
    with pytest.raises(Conflict, match="authority"):  # nor a rejection
        decide(
            db_session=db_session,
            project_id=row.id,
            outcome="reject",
            principal=OFFICER,
            reasons="x",
        )
    with pytest.raises(Conflict, match="只有审查通过"):  # nor commissioning
        commission(db_session=db_session, project_id=row.id, on=date(2027, 1, 1), principal=OFFICER)
    assert row.status == "exempt" and row.decisions == []
    assert db_session.scalar(select(AuditRow).where(AuditRow.action == "review.decide")) is None
    entries = db_session.scalars(
        select(AuditRow).where(AuditRow.entity_id == str(row.id)).order_by(AuditRow.id)
    ).all()
    assert [(e.action, e.actor) for e in entries] == [
        ("review.submit", "officer"),
        ("review.exempt", "officer"),
    ]
    assert json.loads(entries[0].after or "{}")["status"] == "submitted"
    assert json.loads(entries[1].before or "{}") == {"status": "submitted"}
    after = json.loads(entries[1].after or "{}")
    assert (after["status"], after["authority"]) == ("exempt", "none")
    # 300万kWh: below 1,000 tce and 500万kWh (authority.csv's none row)
    assert after["reason"] == (
        "年综合能耗（当量值）368.7 tce，年用电 300.0 万kWh："
        "年综合能源消费量不满1000吨标准煤且年电力消费量不满500万千瓦时"
    )


def test_a_project_at_the_threshold_waits_for_a_decision(db_session: Session) -> None:
    # 500万kWh is not under 500万kWh: reviewed (local) although 614.5 tce < 1,000 tce
    row = submit(db_session=db_session, data=_project("机房（示意）", 500), principal=OFFICER)
    assert (row.authority, row.status) == ("local", "submitted")
    assert row.equivalent_tce == pytest.approx(614.5)
    assert db_session.scalar(select(AuditRow).where(AuditRow.action == "review.exempt")) is None


def test_a_budget_names_an_exempt_project_and_does_not_count_it(db_session: Session) -> None:
    small = submit(db_session=db_session, data=_project("小型机房（示意）", 300), principal=OFFICER)
    big = submit(db_session=db_session, data=_project("数据中心（示意）", 5000), principal=OFFICER)
    decide(
        db_session=db_session,
        project_id=big.id,
        outcome="approve",
        principal=OFFICER,
        exception_reason="示意",
    )
    set_budget(
        db_session=db_session,
        year=2027,
        scope="district",
        code="520201",
        equivalent_tce=1e6,
        equal_value_tce=1e6,
        co2_t=1e6,
        source="示意",
        actor="t",
    )
    (row,) = budget_view(db_session=db_session, year=2027, until=date(2027, 1, 8))["budgets"]
    add = row["approved_projects_add"]
    assert add["projects"] == [big.id]
    assert add["exempt"] == [{"id": small.id, "name": "小型机房（示意）", "start_year": 2027}]
    # 等价值 at 302.4 gce/kWh (2024, the latest rate): 5e7 kWh × 302.4e-6 = 15,120 tce counted;
    # the exempt 3e6 kWh × 302.4e-6 = 907.2 tce not
    assert small.dual_control_tce == pytest.approx(907.2)
    assert add["dual_control_tce"] == pytest.approx(15120.0)


def test_the_city_decides_a_local_project_itself(db_session: Session) -> None:
    row = submit(db_session=db_session, data=_project("数据中心（示意）", 5000), principal=OFFICER)
    assert row.authority == "local" and row.equivalent_tce == pytest.approx(6145.0)
    province = {
        "on_behalf_of": "provincial",
        "authority_document": "黔发改环资〔2026〕1号（示意）",
        "authority_document_date": date(2026, 11, 2),
    }
    with pytest.raises(InputError, match="on_behalf_of"):  # within the city's authority
        decide(
            db_session=db_session,
            project_id=row.id,
            outcome="approve",
            principal=OFFICER,
            exception_reason="示意",
            **province,
        )
    d = decide(
        db_session=db_session,
        project_id=row.id,
        outcome="approve",
        principal=OFFICER,
        exception_reason="示意",
    )
    assert (d.on_behalf_of, d.authority_document, d.authority_document_date) == ("", "", None)
    paragraphs = [
        p.text
        for p in Document(
            io.BytesIO(opinion(db_session=db_session, project_id=row.id, principal=OFFICER))
        ).paragraphs
    ]
    text = "\n".join(paragraphs)
    # its own opinion: its own number, "经审查", signed by the reviewer; no recorded document
    assert f"审查意见编号：节审〔{d.decided_at.year}〕{row.id}号" in paragraphs
    assert "经审查，现提出审查意见如下" in text and "审查人：officer" in text
    assert "同意通过节能审查。" in paragraphs and "记录人" not in text and "转报" not in text
    assert f"{USCC}：" in paragraphs  # no name given and none registered: the code


def test_the_province_opinion_must_be_complete_and_dated(db_session: Session) -> None:
    data = _project("大数据中心（示意）", 20000)
    row = submit(db_session=db_session, data=data, principal=OFFICER)
    assert row.authority == "provincial"  # 2e8 kWh × 0.1229e-3 = 24,580 tce
    base = {"on_behalf_of": "provincial", "exception_reason": "示意"}
    cases = [
        ({"authority_document": "", "authority_document_date": date(2026, 11, 2)}, "文号"),
        ({"authority_document": "黔发改环资〔2026〕1号", "authority_document_date": None}, "日期"),
        (
            {
                "authority_document": "黔发改环资〔2026〕1号",
                "authority_document_date": date.today() + timedelta(days=1),
            },
            "晚于今天",
        ),
    ]
    for fields, said in cases:
        with pytest.raises(InputError, match=said):
            decide(
                db_session=db_session,
                project_id=row.id,
                outcome="approve",
                principal=OFFICER,
                **base,
                **fields,
            )
    assert row.status == "submitted"
