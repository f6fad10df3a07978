"""The review page's decision route (``POST /review/{id}/decision``) takes the province's
opinion as the API does: a project above the city's authority (2e8 kWh × 0.1229e-3 = 24,580
tce ≥ 10,000) is refused without it, naming ``authority``; a bad date names its field; with it
the decision is recorded; the opinion downloaded from the page is audited as its user."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.audit import AuditRow
from carbonpeak.auth import Principal, Role
from carbonpeak.db.session import session_scope
from carbonpeak.review import submit
from carbonpeak.review.orm import DecisionRow
from tests.conftest import add_user_with_token
from tests.web.conftest import csrf_of, login, tree

PROJECT = {
    "project": "大数据中心项目（示意）",
    "owner_uscc": "91520200MA6D00001L",
    "owner": "某数据公司（示意）",
    "industry": "6450",
    "district": "520201",
    "start_year": 2027,
    "annual": [{"fuel": "电力", "quantity": 20000, "unit": "万kWh"}],
}


def test_the_page_records_the_province_opinion(db_url: str, client: TestClient) -> None:
    with session_scope(db_url) as db:
        pid = submit(
            db_session=db, data=PROJECT, principal=Principal(0, "t", Role.REVIEW_OFFICER)
        ).id
    add_user_with_token(db_url, "review_officer", username="officer-web")
    login(client, "officer-web")
    page = client.get(f"/review/{pid}").text
    # the page's form asks for the province's opinion on a project above the city's authority
    form_html = tree(page).xpath('//form[@data-testid="review-decision-form"]')[0]
    names = {i.get("name"): i.get("value") for i in form_html.xpath(".//input")}
    assert names["on_behalf_of"] == "provincial"
    assert {"authority_document", "authority_document_date"} <= set(names)
    form = {
        "outcome": "approve",
        "exception_reason": "示意",
        "csrf_token": csrf_of(page),
    }
    url = f"/review/{pid}/decision"
    refused = client.post(url, data=form, follow_redirects=False)
    assert refused.status_code == 409 and "authority" in refused.text
    province = {
        "on_behalf_of": "provincial",
        "authority_document": "黔发改环资〔2026〕5号（示意）",
        "authority_document_date": "2026-11-30",
    }
    bad = client.post(
        url,
        data={**form, **province, "authority_document_date": "30/11/2026"},
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "authority_document_date" in bad.text
    done = client.post(url, data={**form, **province}, follow_redirects=False)
    assert done.status_code == 303
    docx = client.get(f"/review/{pid}/opinion.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    with session_scope(db_url) as db:
        (d,) = db.scalars(select(DecisionRow))
        assert (d.on_behalf_of, d.authority_document, str(d.authority_document_date)) == (
            "provincial",
            "黔发改环资〔2026〕5号（示意）",
            "2026-11-30",
        )
        taken = db.scalars(select(AuditRow.actor).where(AuditRow.action == "review.opinion"))
        assert list(taken) == ["officer-web"]


def test_an_exempt_project_page(db_url: str, client: TestClient) -> None:
    """300万kWh (368.7 tce, under 1,000 tce and 500万kWh): the zh page names the end state and
    why there is no decision, and offers no decision form."""
    small = {**PROJECT, "project": "小型机房（示意）"}
    small["annual"] = [{"fuel": "电力", "quantity": 300, "unit": "万kWh"}]
    with session_scope(db_url) as db:
        pid = submit(db_session=db, data=small, principal=Principal(0, "t", Role.REVIEW_OFFICER)).id
    add_user_with_token(db_url, "review_officer", username="officer-exempt")
    login(client, "officer-exempt")
    page = tree(client.get(f"/review/{pid}").text)
    assert page.xpath('string(//*[@data-testid="review-status"])') == "不单独进行节能审查"
    assert page.xpath('string(//*[@data-testid="review-exempt"])') == (
        "不单独进行节能审查（低于审查标准）：不出具审查意见，不扣减用能指标。"
    )
    assert not page.xpath('//form[@data-testid="review-decision-form"]')
    listed = tree(client.get("/review").text)
    assert listed.xpath(f'string(//a[@href="/review/{pid}"]/../../td[@data-status])') == (
        "不单独进行节能审查"
    )
