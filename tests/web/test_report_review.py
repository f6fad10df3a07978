"""The climate office's review of progress reports in the browser (审核): the admin approves
or returns a submitted report with a comment on the report's page, the reporting unit is
notified (outbox message and a notice on its workspace), and a resubmitted report drops the
old review comment and the 示意数据 badge once it holds no invented text or number.

Data: the bundled plan, 2024's periods, one illustrative report (as the demo writes it) on
task 2.1.1-6 (led by 市能源局), submitted; 市能源局's contact address set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.notify import service as notify
from carbonpeak.tracking.orm import OutboxRow
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.web.routes.workspace import numbers_text, parse_numbers
from carbonpeak.web.templating import beijing
from tests.web.conftest import UNIT, csrf_of, login, metric, tree

TASK = "2.1.1-6"  # 市能源局 leads it
PATH = f"/workspace/reports/2024Q1/{TASK}"
INVENTED = [{"label": "（示例）完成投资", "value": 101, "unit": "万元"}]


@pytest.fixture
def submitted(plan_db: str) -> str:
    with session_scope(plan_db) as db:
        plan = db.scalar(select(PlanRow))
        assert plan is not None
        period = reporting.get_period(db_session=db, plan_id=plan.id, key="2024Q1")
        report = reporting.save_report(
            db_session=db,
            plan_id=plan.id,
            period=period,
            task_key=TASK,
            unit_name=UNIT,
            actor="demo",
            narrative="【示例】一季度工作进展（虚构示例文本）",
            percent=30,
            numbers=INVENTED,
            illustrative=True,
        )
        reporting.submit_report(db_session=db, report=report, actor="demo")
        notify.set_contact(db_session=db, unit_name=UNIT, email="nyj@example.org", actor="t")
    return plan_db


def _outbox(db_url: str) -> list[tuple[str, str, str]]:
    with session_scope(db_url) as db:
        rows = db.scalars(select(OutboxRow).where(OutboxRow.kind == "report_review"))
        return [(r.unit_name, r.subject, r.body) for r in rows]


def _review(client: TestClient, decision: str, comment: str = "") -> int:
    page = client.get(PATH).text
    response = client.post(
        f"{PATH}/review",
        data={"decision": decision, "comment": comment, "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    return response.status_code


def test_return_resubmit_approve(
    client: TestClient, login_as: Callable[..., str], submitted: str
) -> None:
    editor = login_as("unit_editor", UNIT)
    admin = login_as("admin")
    home = client.get("/workspace").text
    assert metric(home, "reports-to-review") == 1
    assert tree(home).xpath("//*[@data-testid='review-queue']//a/@href") == [f"{PATH}#h-review"]
    page = tree(client.get(PATH).text)
    assert page.xpath("//*[@data-testid='report-review']//button/@value") == ["return", "approve"]
    assert page.xpath("//*[@data-testid='report-state']//span[@class='tag tag--accent']")

    assert _review(client, "return", "请补充机组改造验收材料") == 303
    page = tree(client.get(PATH).text)
    assert page.xpath("//*[@data-testid='report-state']/@data-state") == ["returned"]
    assert page.xpath("//*[@data-testid='review-comment']/text()") == ["请补充机组改造验收材料"]
    assert not page.xpath("//*[@data-testid='report-review']")  # reviewed: no second review
    assert metric(client.get("/workspace").text, "reports-to-review") == 0
    ((unit, subject, body),) = _outbox(submitted)
    assert unit == UNIT and "退回" in subject and "请补充机组改造验收材料" in body

    # The unit sees the return on its workspace and resubmits with real text and figures.
    login(client, editor)
    home = tree(client.get("/workspace").text)
    notice = home.xpath("//*[@data-testid='returned-reports']")[0].text_content()
    assert "2024Q1" in notice and "请补充机组改造验收材料" in notice
    form = client.get(PATH).text
    assert tree(form).xpath("//textarea[@id='r-numbers']/text()") == [
        "（示例）完成投资 | 101 | 万元"
    ]
    response = client.post(
        PATH,
        data={
            "narrative": "一季度完成 2 台煤电机组节能改造，验收材料见附件。",
            "percent": "45",
            "numbers": "完成投资 | 1,250 | 万元\n改造机组 | 2 | 台",
            "action": "submit",
            "csrf_token": csrf_of(form),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = tree(client.get(PATH).text)
    assert page.xpath("//*[@data-testid='report-state']/@data-state") == ["submitted"]
    assert not page.xpath("//*[@data-testid='review-comment']")  # the old comment is gone
    assert not page.xpath("//*[@data-testid='report-state']//span")  # and the 示意数据 badge
    assert page.xpath("//*[@data-testid='report-numbers']/li/text()") == [
        "完成投资: 1,250 万元",
        "改造机组: 2 台",
    ]

    login(client, admin)
    assert _review(client, "approve") == 303
    (report,) = client.get(
        "/api/v1/tracking/1/reports", params={"period": "2024Q1", "task": TASK}
    ).json()
    assert report["state"] == "approved" and report["review_comment"] is None
    subjects = [s for _u, s, _b in _outbox(submitted)]
    assert len(subjects) == 2 and "通过" in subjects[1]
    # The audit log names the actions and records in Chinese, at Beijing time.
    log = tree(client.get("/audit", params={"entity": "tracking_progress_report"}).text)
    actions = log.xpath("//td[@data-action]")
    assert {a.get("data-action"): a.text_content() for a in actions}["approve"] == "已通过"
    assert "进展报告" in log.xpath("//td[@data-entity]")[0].text_content()
    assert (
        "北京时间"
        in log.xpath("//table[@data-testid='audit-table']//tbody/tr/td")[0].text_content()
    )


def test_return_needs_a_comment_and_the_climate_office(
    client: TestClient, login_as: Callable[..., str], submitted: str
) -> None:
    login_as("unit_editor", UNIT)
    assert _review(client, "approve") == 403
    login_as("admin")
    page = client.get(PATH).text
    refused = client.post(
        f"{PATH}/review",
        data={"decision": "return", "comment": "  ", "csrf_token": csrf_of(page)},
    )
    assert refused.status_code == 422
    assert "退回须说明意见" in tree(refused.text).xpath("//*[@id='review-error']")[0].text_content()
    assert tree(client.get(PATH).text).xpath("//*[@data-testid='report-state']/@data-state") == [
        "submitted"
    ]
    assert _outbox(submitted) == []


def test_keeping_an_invented_figure_keeps_the_badge() -> None:
    before = {"narrative": "【示例】", "numbers": INVENTED}
    assert reporting.still_illustrative(before, {"narrative": "实际", "numbers": INVENTED})
    assert not reporting.still_illustrative(before, {"narrative": "实际", "numbers": []})


def test_key_figures_round_trip() -> None:
    text = "完成投资 | 1,250.5 | 万元\n\n改造机组｜2"
    parsed = parse_numbers(text)
    assert parsed == [
        {"label": "完成投资", "value": 1250.5, "unit": "万元"},
        {"label": "改造机组", "value": 2, "unit": ""},
    ]
    import json

    assert numbers_text(json.dumps(parsed)) == "完成投资 | 1250.5 | 万元\n改造机组 | 2"
    with pytest.raises(Exception, match="第 1 行"):
        parse_numbers("只有名称")


def test_beijing_time() -> None:
    # 2024-12-31 16:30 UTC is 2025-01-01 00:30 in Beijing (UTC+8).
    moment = datetime(2024, 12, 31, 16, 30, tzinfo=UTC)
    assert beijing(moment) == "2025年1月1日 00:30（北京时间）"
    assert beijing(moment.replace(tzinfo=None), with_time=False) == "2025年1月1日"
    assert beijing(moment, "en") == "2025-01-01 00:30 (Beijing time)"
    assert beijing(date(2024, 12, 31)) == "2024年12月31日"


def test_no_negative_zero_and_year_end_values_at_their_year() -> None:
    from carbonpeak.web.charts import Series
    from carbonpeak.web.routes.indicator_pages import year_axis
    from carbonpeak.web.templating import number

    assert number(-0.0) == "0" and number(-0.00001) == "0" and number(-0.5) == "-0.5"
    assert number(1300.0) == "1,300"
    annual = [Series("v", [("2024-12-31", 1.0), ("2025-12-31", 2.0)])]
    assert year_axis(annual) and annual[0].points == [(2024, 1.0), (2025, 2.0)]
    monthly = [Series("v", [("2025-06-30", 1.0), ("2025-12-31", 2.0)])]
    assert not year_axis(monthly) and monthly[0].points[0] == ("2025-06-30", 1.0)


def test_one_word_per_idea_across_pages_and_report() -> None:
    """表彰 (not 表扬) and 滞后 (not 延期): the pages use the words of the assessment and the
    annual report (tracking.RESULT_ZH, TASK_STATE_ZH)."""
    from carbonpeak.tracking import RESULT_ZH, TASK_STATE_ZH, TaskState
    from carbonpeak.web.i18n import translator

    zh = translator("zh")
    assert zh("commend") == RESULT_ZH["commend"] == "表彰"
    assert zh("Proposed for commendation") == "拟表彰"
    assert zh("delayed") == TASK_STATE_ZH[TaskState.DELAYED] == "滞后"
