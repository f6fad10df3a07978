"""The application → assessment → decision → opinion path over the API: enterprise users
submit their own projects only, only a review officer decides, the quota ledger gates approval
(an audited exception lets it through), every step is in the audit log."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import AuditRow
from tests.conftest import TEST_ENTERPRISE_CODE
from tests.review.test_assessment import DATA_CENTRE

OTHER_USCC = "91520200MA6D00002P"


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_application_to_opinion(
    client: TestClient, make_user: Callable[..., str], db_session: Session
) -> None:
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
    # no quota in district 520201 yet: 30312.855 tce (dual control, 等价值) × 1.0 needed
    r = client.post(url, json=decision, headers=officer)
    assert r.status_code == 409 and "exception_reason" in r.text
    bad = client.post(url, json={"outcome": "reject"}, headers=officer)
    assert bad.status_code == 422 and "reasons" in bad.text

    credit = {"district": "520201", "tce": 40000, "reason": "关停落后焦炉（示意）"}
    no_evidence = client.post("/api/v1/review/ledger", json=credit, headers=officer)
    assert no_evidence.status_code == 422 and "evidence" in no_evidence.text
    credit["evidence"] = "示意 illustrative"
    assert client.post("/api/v1/review/ledger", json=credit, headers=firm).status_code == 403
    assert client.post("/api/v1/review/ledger", json=credit, headers=officer).status_code == 201
    r = client.post(
        url, json={"outcome": "conditional", "conditions": "PUE ≤ 1.25"}, headers=officer
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "conditional"
    ledger = client.get("/api/v1/review/ledger", headers=viewer).json()
    (district,) = ledger["districts"]
    assert district["balance_tce"] == round(40000 - 30312.855, 3)  # ratio 1.0: not two-high
    assert client.post(url, json=decision, headers=officer).status_code == 409  # decided

    r = client.get(f"/api/v1/review/projects/{pid}/opinion", headers=firm)
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "节能审查意见" in text and "有条件通过节能审查" in text and "PUE ≤ 1.25" in text

    actions = set(db_session.scalars(select(AuditRow.action)))
    assert {
        "review.submit",
        "review.decide",
        "review.quota.credit",
        "review.quota.debit",
    } <= actions


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
    body = {"outcome": "approve", "exception_reason": "省重大项目，指标由省统筹（示意）"}
    r = client.post(f"/api/v1/review/projects/{pid}/decision", json=body, headers=officer)
    assert r.status_code == 201
    assert r.json()["decisions"][0]["exception_reason"].startswith("省重大项目")
    bad = {**DATA_CENTRE, "industry": "9999"}
    r = client.post("/api/v1/review/projects", json=bad, headers=firm)
    assert r.status_code == 422 and "industry" in r.text
    assert client.get("/api/v1/review/projects", headers=firm).json()[0]["id"] == pid  # one only
