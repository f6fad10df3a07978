"""Indicators and targets, the unit's workspace (reports due, writing and submitting a report
with an attachment, entering an indicator value), the task's progress and the assessment:
what the pages show equals the tracking services' (and API's) numbers, and a unit editor
gets the edit forms of its own unit's tasks only (the POSTs check the same rules).

Data: the bundled plan with its indicators attached (``sync_indicators``), 2024's reporting
periods opened, and values written here: 煤电装机容量 (task 2.1.1-6, led by 市能源局) 1,200
万千瓦 at the end of 2023.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.auth.model import Principal, Role
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.db.session import session_scope
from carbonpeak.plan.orm import PlanRow
from carbonpeak.tracking.access.service import require_indicator_editor
from carbonpeak.tracking.assessment import service as assessment
from carbonpeak.tracking.attachments import service as attachments
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.orm import IndicatorRow
from carbonpeak.tracking.progress import service as progress
from carbonpeak.tracking.reporting import service as reporting
from carbonpeak.tracking.statuses import service as statuses
from carbonpeak.tracking.values import service as values
from tests.web.conftest import UNIT, csrf_of, metric, tree

COAL_POWER = "煤电装机容量"
OWN_TASK = "2.1.1-6"  # 市能源局 leads it


@pytest.fixture
def tracked(plan_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(attachments, "attachments_dir", lambda: tmp_path / "attachments")
    with session_scope(plan_db) as db:
        plan = db.scalar(select(PlanRow))
        assert plan is not None
        service.sync_indicators(db_session=db, plan=plan, actor="test")
        reporting.open_year(db_session=db, plan_id=plan.id, year=2024)
        ind = service.find_indicator(db_session=db, plan_id=plan.id, ref=COAL_POWER)
        values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=date(2023, 12, 31),
            value=1200.0,
            unit="万千瓦",
            source="written for the test",
            actor="test",
        )
        progress.update_progress(
            db_session=db,
            plan_id=plan.id,
            task_key=OWN_TASK,
            changes={"state": "in_progress", "percent": 40},
            actor="test",
        )
        progress.add_milestone(
            db_session=db,
            plan_id=plan.id,
            task_key=OWN_TASK,
            title="完成关停机组清单",
            due_on=date(2024, 6, 30),
            actor="test",
        )
    return plan_db


def _indicator_id(db_url: str, name: str) -> int:
    with session_scope(db_url) as db:
        return service.find_indicator(db_session=db, plan_id=1, ref=name).id


def _foreign_indicator(db_url: str) -> int:
    """A hand-entered indicator the unit editor of 市能源局 may not write."""
    editor = Principal(user_id=0, username="x", role=Role.UNIT_EDITOR, unit_name=UNIT)
    with session_scope(db_url) as db:
        for ind in db.scalars(select(IndicatorRow).order_by(IndicatorRow.id)):
            if ind.computed_kind:
                continue
            try:
                require_indicator_editor(db_session=db, principal=editor, indicator=ind)
            except PermissionDenied:
                return ind.id
    raise AssertionError("every indicator is the unit's")


def test_status_counts_equal_the_api(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("viewer")
    page = client.get("/indicators").text
    doc = tree(page)
    api = client.get("/api/v1/tracking/1/statuses").json()
    for key in ("achieved", "on_track", "at_risk", "off_track", "no_data"):
        expected = sum(1 for s in api if s["status"] == key)
        assert metric(page, f"status-{key}") == expected, key
    assert metric(page, "targets-tracked") == len(api)
    rows = doc.xpath("//table[@data-testid='status-table']//tr[@data-target]/@data-target")
    assert rows == [s["target"] for s in api]
    # Filtered by status: only those rows.
    off = client.get("/indicators?status=no_data").text
    assert metric(off, "targets-shown") == sum(1 for s in api if s["status"] == "no_data")
    # The overview shows the same counts.
    home = client.get("/").text
    for key in ("achieved", "on_track", "at_risk", "off_track", "no_data"):
        assert metric(home, f"status-{key}") == sum(1 for s in api if s["status"] == key)


def test_indicator_page_values_and_statuses(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("viewer")
    ind = _indicator_id(tracked, COAL_POWER)
    page = client.get(f"/indicators/{ind}").text
    doc = tree(page)
    shown = doc.xpath("//table[@data-testid='history']//td[@data-value]/@data-value")
    assert [float(v) for v in shown] == [1200.0]
    api = [s for s in client.get("/api/v1/tracking/1/statuses").json() if s["indicator_id"] == ind]
    for s in api:
        badge = doc.xpath(f"//article[@data-target='{s['target']}']//*[@data-status]/@data-status")
        assert badge == [s["status"]]
        assert s["explanation_zh"] in page
    # A viewer gets no entry form.
    assert not doc.xpath("//*[@data-testid='value-entry']")


def test_unit_editor_enters_a_value_for_its_own_indicator_only(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("unit_editor", UNIT)
    ind = _indicator_id(tracked, COAL_POWER)
    page = client.get(f"/indicators/{ind}").text
    assert tree(page).xpath("//*[@data-testid='value-entry']")
    response = client.post(
        f"/indicators/{ind}/values",
        data={
            "observed_on": "2024-12-31",
            "value": "1,150",
            "unit": "万千瓦",
            "source": "市能源局 2024 年统计",
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    api = client.get(f"/api/v1/tracking/indicators/{ind}/values").json()
    assert [(v["observed_on"], v["value"]) for v in api] == [
        ("2023-12-31", 1200.0),
        ("2024-12-31", 1150.0),
    ]
    # A bad value is refused with the reason, nothing stored.
    bad = client.post(
        f"/indicators/{ind}/values",
        data={
            "observed_on": "2025-12-31",
            "value": "abc",
            "source": "x",
            "csrf_token": csrf_of(page),
        },
    )
    assert bad.status_code == 422 and "not a number" in bad.text
    # Another unit's indicator: no form, and the POST is refused.
    other = _foreign_indicator(tracked)
    assert not tree(client.get(f"/indicators/{other}").text).xpath(
        "//*[@data-testid='value-entry']"
    )
    refused = client.post(
        f"/indicators/{other}/values",
        data={
            "observed_on": "2024-12-31",
            "value": "1",
            "source": "x",
            "csrf_token": csrf_of(page),
        },
    )
    assert refused.status_code == 403


def test_unit_editor_submits_a_report_with_an_attachment(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("unit_editor", UNIT)
    home = client.get("/workspace").text
    owed = client.get("/api/v1/tracking/1/reports/owed", params={"unit": UNIT}).json()
    assert metric(home, "reports-owed") == len(owed)
    first = owed[0]  # the first report the unit owes (a task it leads)
    assert UNIT in first["lead_units"]
    period, task = first["period"], first["task"]
    path = f"/workspace/reports/{period}/{task}"
    assert tree(home).xpath(f"//tr[@data-owed='{period}/{task}']//a/@href") == [path]
    form = client.get(path).text
    assert tree(form).xpath("//*[@data-testid='report-edit']")
    response = client.post(
        path,
        data={
            "narrative": "一季度完成煤电机组节能改造 2 台。",
            "percent": "40",
            "action": "submit",
            "csrf_token": csrf_of(form),
        },
        files=[("files", ("evidence.txt", "改造验收记录".encode(), "text/plain"))],
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    (report,) = client.get(
        "/api/v1/tracking/1/reports", params={"period": period, "task": task}
    ).json()
    assert report["state"] == "submitted"
    assert report["percent"] == 40
    assert [a["filename"] for a in report["attachments"]] == ["evidence.txt"]
    page = tree(client.get(path).text)
    assert page.xpath("//*[@data-testid='report-state']/@data-state") == ["submitted"]
    assert not page.xpath("//*[@data-testid='report-edit']")  # submitted: no longer editable
    link = page.xpath("//ul[@data-testid='attachments']//a/@href")[0]
    assert client.get(link).content == "改造验收记录".encode()
    # No longer owed.
    after = client.get("/api/v1/tracking/1/reports/owed", params={"unit": UNIT}).json()
    assert len(after) == len(owed) - 1
    assert metric(client.get("/workspace").text, "reports-owed") == len(after)


def test_unit_editor_cannot_write_another_units_report(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("unit_editor", UNIT)
    tasks = client.get("/api/v1/plans/1/tasks").json()
    other = next(
        t["id"]
        for t in tasks
        if t["kind"] == "measure"
        and t["lead_units"]
        and UNIT not in t["lead_units"] + t["responsible_units"]
    )
    path = f"/workspace/reports/2024Q1/{other}"
    page = client.get(path).text
    assert not tree(page).xpath("//*[@data-testid='report-edit']")
    refused = client.post(
        path, data={"narrative": "x", "action": "submit", "csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/tracking/1/reports", params={"task": other}).json() == []


def test_task_page_shows_progress_and_statuses(
    client: TestClient, login_as: Callable[..., str], tracked: str
) -> None:
    login_as("viewer")
    page = client.get(f"/plans/1/tasks/{OWN_TASK}").text
    api = client.get(f"/api/v1/tracking/1/tasks/{OWN_TASK}/progress").json()
    doc = tree(page)
    assert doc.xpath("//*[@data-testid='task-progress']//*[@data-state]/@data-state") == [
        api["state"]
    ]
    assert metric(page, "percent") == api["percent"] == 40
    assert metric(page, "milestones") == len(api["milestones"]) == 1
    # The plan's task table shows the same progress.
    row = tree(client.get("/plans/1").text).xpath(f"//tr[@data-task='{OWN_TASK}']")[0]
    assert row.xpath(".//*[@data-state]/@data-state") == ["in_progress"]
    with session_scope(tracked) as db:
        found = statuses.evaluate_plan(db_session=db, plan_id=1, as_of=date.today())
    mine = {s.target.key: s.result.status.value for s in found if s.target.task_key == OWN_TASK}
    for key, value in mine.items():
        assert doc.xpath(f"//tr[@data-target='{key}']//*[@data-status]/@data-status") == [value]


def test_assessment_page(client: TestClient, login_as: Callable[..., str], tracked: str) -> None:
    login_as("viewer")
    assert tree(client.get("/assessment").text).xpath("//*[@data-testid='no-assessment']")
    with session_scope(tracked) as db:
        plan = db.scalar(select(PlanRow))
        assert plan is not None
        assessment.run(db_session=db, plan=plan, year=2024, actor="test")
    page = client.get("/assessment").text
    api = client.get("/api/v1/tracking/1/assessments/2024").json()
    assert metric(page, "commend") == len(api["commend"])
    assert metric(page, "notify") == len(api["notify"])
    assert metric(page, "units") == len(api["units"])
    doc = tree(page)
    for unit in api["units"][:5]:
        score = doc.xpath(f"//tr[@data-unit='{unit['name']}']//*[@data-value]/@data-value")
        assert float(score[0]) == pytest.approx(unit["score"])
    assert doc.xpath("//*[@data-testid='assessment-state']/@data-state") == ["draft"]
    docx = client.get(doc.xpath("//a[@data-testid='download-docx']/@href")[0])
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"  # a zip: the .docx
