"""The review pages show this round's figures: the budget page the 等价值 columns, the coal
rate and the alerts (projected overrun); the project page the impact against the plan
scenario's baseline with tracking's headroom."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.review import decide, load_review_demo, quota_ledger
from carbonpeak.review.assessment.reference import coal_rate
from carbonpeak.review.budgets.service import budget_view, set_budget
from carbonpeak.review.orm import ProjectRow
from tests.conftest import add_user_with_token
from tests.web.conftest import csrf_of, login

YEAR = datetime.now(UTC).year - 1


def test_budget_and_project_pages(db_url: str, db_session: Session, client: TestClient) -> None:
    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url, today=date(YEAR, 1, 8))
    set_budget(
        db_session=db_session,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=1.0,
        equal_value_tce=1e12,
        co2_t=1e12,
        source="示意",
        actor="t",
    )
    db_session.commit()
    (row,) = [
        b
        for b in budget_view(db_session=db_session, year=YEAR)["budgets"]
        if (b["scope"], b["code"]) == ("district", "520201")
    ]
    assert row["alerts"]  # 1 tce of budget: every threshold crossed
    add_user_with_token(db_url, "review_officer", username="officer-pages")
    login(client, "officer-pages")
    page = client.get(f"/review/budget?year={YEAR}")
    assert page.status_code == 200
    assert "302.4 gce/kWh" in page.text
    assert 'data-testid="budget-alerts"' in page.text and "预计年末超预算" in page.text
    detail = client.get("/review/1")
    assert detail.status_code == 200
    assert 'data-testid="impact-source"' in detail.text
    assert "情景「plan」预测的 GDP" in detail.text  # the baseline note, its Chinese half
    # the trace of the 等价值 names the coal rate used and the year standing in for YEAR
    assert "= 302.4 gce/kWh" in detail.text and "2024 stands in" in detail.text


def test_ledger_page(db_url: str, db_session: Session, client: TestClient) -> None:
    """用能指标来源台账: credits by origin, debits with the ratio they applied, the running
    balance and an approval with a quota exception, who approved it; in both languages."""
    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url, today=date(YEAR, 1, 8))
    centre = db_session.scalar(select(ProjectRow).where(ProjectRow.industry == "6450"))
    assert centre is not None and centre.dual_control_tce and not centre.two_high
    officer = Principal(user_id=0, username="officer-ledger", role=Role.REVIEW_OFFICER)
    decide(
        db_session=db_session,
        project_id=centre.id,
        outcome="approve",
        principal=officer,
        exception_reason="市重点项目，指标由市统筹（示意）",
    )
    db_session.commit()
    data = quota_ledger(db_session=db_session)
    assert data["ratios"]["two_high"]["ratio"] == 1.2 and data["ratios"]["other"]["ratio"] == 1.0
    d = {x["district"]: x for x in data["districts"]}["520201"]
    # demo credits: 50,000 tce by hand + 2e7 kWh of new solar × the year's 供电标准煤耗 × 1e-6
    renewable = round(2e7 * coal_rate(YEAR)[0].gce_per_kwh * 1e-6, 3)
    assert d["credits_by_origin_tce"] == {
        "manual": 50000.0,
        "closure": 0.0,
        "retrofit": 0.0,
        "renewable": renewable,
    }
    debit = centre.dual_control_tce * 1.0  # not two-high: 等量替代 1.0
    assert d["debits_tce"] == round(debit, 3)
    assert d["balance_tce"] == round(50000.0 + renewable - debit, 3)
    last = d["entries"][-1]
    assert (last["kind"], last["ratio"], last["project_id"]) == ("debit", 1.0, centre.id)
    assert last["balance_after_tce"] == d["balance_tce"]
    (exc,) = d["exceptions"]
    assert exc["approved_by"] == "officer-ledger" and "市统筹" in exc["exception_reason"]
    # the coking project (两高) in 520204: 150,000 tce by hand, debit × 1.2, no exception
    coking = {x["district"]: x for x in data["districts"]}["520204"]
    (coke_debit,) = [e for e in coking["entries"] if e["kind"] == "debit"]
    assert coke_debit["ratio"] == 1.2 and coking["exceptions"] == []

    add_user_with_token(db_url, "viewer", username="viewer-ledger")
    login(client, "viewer-ledger")
    page = client.get("/review/ledger")
    assert page.status_code == 200
    assert "用能指标来源台账" in page.text and "市统筹" in page.text
    assert "officer-ledger" in page.text and 'data-district="520201"' in page.text
    assert 'href="/review/ledger"' in client.get("/review").text  # linked from the tabs
    client.post("/lang", data={"lang": "en", "csrf_token": csrf_of(page.text)})
    english = client.get("/review/ledger")
    assert "Quota source ledger" in english.text
    assert "Approvals with a quota exception" in english.text


def test_ledger_page_is_for_staff(db_url: str, client: TestClient) -> None:
    add_user_with_token(db_url, "enterprise", username="ent-ledger")
    login(client, "ent-ledger")
    assert client.get("/review/ledger").status_code == 403


def test_twohigh_inspections_and_budget_pages_say_what_is_known(
    db_url: str, db_session: Session, client: TestClient
) -> None:
    from tests.web.conftest import tree

    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url, today=date(YEAR, 1, 8))
    add_user_with_token(db_url, "review_officer", username="officer-lists")
    login(client, "officer-lists")
    doc = tree(client.get("/review/twohigh").text)
    heads = [th.text_content() for th in doc.xpath("//table[@data-testid='review-twohigh']//th")]
    assert heads[7:] == ["监测工序", "产能", "能耗（吨标准煤，当量值 / 等价值）"]
    rows = {
        tr.xpath("td[2]")[0].text_content(): [td.text_content() for td in tr.xpath("td")]
        for tr in doc.xpath("//table[@data-testid='review-twohigh']/tbody/tr")
    }
    carbide = rows["电石生产线项目（示意）"]
    # rejected: 不予审批, no deadline (it was 限期改造或淘汰 (2025-12-31))
    assert carbide[6] == "不予审批（节能审查不予通过，不在建）"
    # 10 万t of carbide; its 当量值 / 等价值 from the register
    assert carbide[8] == "电石 10 万t" and carbide[9] != "-"
    coke = rows["乙焦化焦炉改造项目（示意）"]
    # commissioned: the metered 1号焦炉 beside the approved 105
    assert coke[7] == "1号焦炉", coke
    assert coke[4].endswith("审批值 105") and f"({YEAR}-01)" in coke[4], coke
    # the cement case: its surcharge is not computed (75号 rates not known), not "0.00"
    cases = tree(client.get("/review/inspections").text).xpath(
        "//table[@data-testid='review-inspections']/tbody/tr/td[7]"
    )
    shown = [td.text_content() for td in cases]
    # coking (no tiered rule), cement (not computed), aluminium (computed: within 13,450 kWh/t)
    assert shown == ["未计算", "未计算", "0.00"]
    # the budget page names the approved projects counted and those starting after its year:
    # the data centre (#2, 520201) starts in YEAR + 2 (it was added to YEAR's budgets)
    system = Principal(user_id=0, username="system", role=Role.ADMIN)
    decide(db_session=db_session, project_id=2, outcome="approve", principal=system)
    db_session.commit()
    listed = tree(client.get(f"/review/budget?year={YEAR}").text).xpath(
        "//*[@data-testid='budget-projects']"
    )
    # in the city's budget and 520201's
    assert [e.text_content() for e in listed] == [
        f"未计入（开工晚于预算年度）: #2 ({YEAR + 2})"
    ] * 2
