"""The application → assessment → decision → opinion path over the API: enterprise users
submit their own projects only, only a review officer decides, the office decides within its
authority (a provincial project's decision records the province's opinion), the quota ledger
gates approval (an audited exception lets it through), the opinion is addressed to the
enterprise by name, every step (the opinion produced too) is in the audit log."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import AuditRow
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.model import Enterprise
from carbonpeak.monitoring.registry import service as registry
from tests.conftest import TEST_ENTERPRISE_CODE
from tests.review.test_assessment import DATA_CENTRE

OTHER_USCC = "91520200MA6D00002P"
#: the province's opinion the city records on a project above its authority (示意)
PROVINCE = {
    "on_behalf_of": "provincial",
    "authority_document": "黔发改环资〔2026〕9号（示意）",
    "authority_document_date": "2026-11-16",
}


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_application_to_opinion(
    client: TestClient, make_user: Callable[..., str], db_session: Session, db_url: str
) -> None:
    with session_scope(db_url) as db:  # the enterprise's record: the opinion's addressee
        registry.upsert_enterprise(
            db_session=db,
            enterprise=Enterprise(TEST_ENTERPRISE_CODE, "六盘水测试数据公司（示意）"),
            actor="t",
        )
    firm = _h(make_user("enterprise"))
    officer = _h(make_user("review_officer"))
    viewer = _h(make_user("viewer"))

    r = client.post("/api/v1/review/projects", json=DATA_CENTRE, headers=firm)
    assert r.status_code == 201, r.text
    project = r.json()
    pid = project["id"]
    assert project["owner_uscc"] == TEST_ENTERPRISE_CODE  # taken from the user
    assert project["status"] == "submitted"
    assert project["equivalent_tce"] == 14820.855  # 1.2e8 kWh × 0.1229e-3 + 50 t × 1.4571
    assert project["assessment"]["two_high"]["value"] is False

    foreign = {**DATA_CENTRE, "owner_uscc": OTHER_USCC}
    assert client.post("/api/v1/review/projects", json=foreign, headers=firm).status_code == 403

    decision = {"outcome": "approve"}
    url = f"/api/v1/review/projects/{pid}/decision"
    assert client.post(url, json=decision, headers=viewer).status_code == 403
    assert client.post(url, json=decision, headers=firm).status_code == 403
    # 14,820.855 tce ≥ 10,000: the province's to review, not the city's
    r = client.post(url, json=decision, headers=officer)
    assert r.status_code == 409 and "authority" in r.text and "provincial" in r.text
    wrong = {**decision, **PROVINCE, "on_behalf_of": "local"}
    r = client.post(url, json=wrong, headers=officer)
    assert r.status_code == 422 and "on_behalf_of" in r.text
    undated = {**decision, **PROVINCE, "authority_document_date": None}
    r = client.post(url, json=undated, headers=officer)
    assert r.status_code == 422 and "authority_document_date" in r.text
    # no quota in district 520201 yet: 30312.855 tce (dual control, 等价值) × 1.0 needed
    r = client.post(url, json={**decision, **PROVINCE}, headers=officer)
    assert r.status_code == 409 and "exception_reason" in r.text
    bad = client.post(url, json={"outcome": "reject", **PROVINCE}, headers=officer)
    assert bad.status_code == 422 and "reasons" in bad.text

    credit = {"district": "520201", "tce": 40000, "reason": "关停落后焦炉（示意）"}
    no_evidence = client.post("/api/v1/review/ledger", json=credit, headers=officer)
    assert no_evidence.status_code == 422 and "evidence" in no_evidence.text
    credit["evidence"] = "示意 illustrative"
    assert client.post("/api/v1/review/ledger", json=credit, headers=firm).status_code == 403
    assert client.post("/api/v1/review/ledger", json=credit, headers=officer).status_code == 201
    body = {"outcome": "conditional", "conditions": "PUE ≤ 1.25", **PROVINCE}
    r = client.post(url, json=body, headers=officer)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "conditional"
    (recorded,) = r.json()["decisions"]
    assert recorded["on_behalf_of"] == "provincial"
    assert recorded["authority_document"] == "黔发改环资〔2026〕9号（示意）"
    assert recorded["authority_document_date"] == "2026-11-16"
    ledger = client.get("/api/v1/review/ledger", headers=viewer).json()
    (district,) = ledger["districts"]
    assert district["balance_tce"] == round(40000 - 30312.855, 3)  # ratio 1.0: not two-high
    assert client.post(url, json=decision, headers=officer).status_code == 409  # decided

    r = client.get(f"/api/v1/review/projects/{pid}/opinion", headers=firm)
    assert r.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(r.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert "节能审查意见" in text and "PUE ≤ 1.25" in text
    # addressed to the enterprise's registered name, not its code (the API sends no name)
    assert "六盘水测试数据公司（示意）：" in paragraphs and f"{TEST_ENTERPRISE_CODE}：" not in text
    # the province's opinion, recorded: its number and date, its conclusion, a recorder
    number = (
        "审查意见文号：黔发改环资〔2026〕9号（示意）"
        "（省级节能审查机关（省发展改革委），2026-11-16）"
    )
    assert number in paragraphs
    assert "省级节能审查机关（省发展改革委）审查意见：有条件通过节能审查。" in paragraphs
    assert "审查人" not in text and "记录人" in text

    actions = set(db_session.scalars(select(AuditRow.action)))
    assert {
        "review.submit",
        "review.decide",
        "review.quota.credit",
        "review.quota.debit",
        "review.opinion",
    } <= actions
    (taken,) = db_session.scalars(select(AuditRow).where(AuditRow.action == "review.opinion"))
    assert taken.entity_id == str(pid) and "六盘水测试数据公司" in str(taken.after)


def test_enterprise_sees_own_projects_and_exception(
    client: TestClient, make_user: Callable[..., str]
) -> None:
    firm = _h(make_user("enterprise"))
    other = _h(make_user("enterprise", enterprise_code=OTHER_USCC))
    officer = _h(make_user("review_officer"))
    pid = client.post("/api/v1/review/projects", json=DATA_CENTRE, headers=firm).json()["id"]
    assert client.get("/api/v1/review/projects", headers=other).json() == []
    assert client.get(f"/api/v1/review/projects/{pid}", headers=other).status_code == 404
    assert [p["id"] for p in client.get("/api/v1/review/projects", headers=officer).json()] == [pid]
    body = {
        "outcome": "approve",
        "exception_reason": "省重大项目，指标由省统筹（示意）",
        **PROVINCE,
    }
    r = client.post(f"/api/v1/review/projects/{pid}/decision", json=body, headers=officer)
    assert r.status_code == 201
    assert r.json()["decisions"][0]["exception_reason"].startswith("省重大项目")
    bad = {**DATA_CENTRE, "industry": "9999"}
    r = client.post("/api/v1/review/projects", json=bad, headers=firm)
    assert r.status_code == 422 and "industry" in r.text
    assert client.get("/api/v1/review/projects", headers=firm).json()[0]["id"] == pid  # one only


def test_an_exempt_project_over_the_api(client: TestClient, make_user: Callable[..., str]) -> None:
    """300万kWh × 0.1229e-3 = 368.7 tce, under 1,000 tce and 500万kWh: stored ``exempt``
    with its words, listed under that status, and no decision is taken on it (409)."""
    firm = _h(make_user("enterprise"))
    officer = _h(make_user("review_officer"))
    small = {
        **DATA_CENTRE,
        "project": "小型机房（示意）",
        "annual": [{"fuel": "电力", "quantity": 300, "unit": "万kWh"}],
    }
    small.pop("renewable")
    r = client.post("/api/v1/review/projects", json=small, headers=firm)
    assert r.status_code == 201, r.text
    project = r.json()
    assert (project["status"], project["status_label"], project["authority"]) == (
        "exempt",
        "不单独进行节能审查",
        "none",
    )
    assert project["equivalent_tce"] == pytest.approx(368.7)
    listed = client.get("/api/v1/review/projects?status=exempt", headers=officer).json()
    assert [p["id"] for p in listed] == [project["id"]]
    assert client.get("/api/v1/review/projects?status=submitted", headers=officer).json() == []
    refused = client.post(
        f"/api/v1/review/projects/{project['id']}/decision",
        json={"outcome": "approve"},
        headers=officer,
    )
    assert refused.status_code == 409 and "不单独进行节能审查" in refused.text
