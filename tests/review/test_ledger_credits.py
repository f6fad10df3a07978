"""Derived quota credits (用能指标来源) over the demo (示意数据): a closure of a register project
(its assessed dual-control energy), a closure and a retrofit of a metered plant (its metered
energy, 等价值, annualised over the days metered: Σ × 365 ÷ days), new renewable supply (kWh ×
302.4 gce/kWh, 2024 standing in for later years); manual credits need evidence; all audited;
over HTTP only a review officer records an event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import InputError
from carbonpeak.monitoring import CST, enterprise_summary, list_enterprises
from carbonpeak.review.ledger.service import add_entry, district_balance, ledger, record_event
from carbonpeak.review.orm import ProjectRow
from tests.review.test_lists_budgets_supervision import UNTIL, YEAR, demo  # noqa: F401


def _by_hand(db: Session, code: str, start: date, end: date) -> float:
    s = enterprise_summary(
        db_session=db,
        enterprise_code=code,
        period="day",
        start=datetime(start.year, start.month, start.day, tzinfo=CST),
        end=datetime(end.year, end.month, end.day, tzinfo=CST),
    )
    eq = sum(s.comprehensive_tce.values())
    elec = s.by_energy_tce.get("electricity", 0.0)
    equal_value = eq - elec + elec / 0.1229e-3 * 302.4e-6
    return equal_value * 365 / len(s.comprehensive_tce)


def test_closure_of_a_register_project(demo: Session) -> None:  # noqa: F811
    carbide = demo.scalars(select(ProjectRow).where(ProjectRow.industry == "2619")).one()
    assert carbide.dual_control_tce
    before = district_balance(db_session=demo, district=carbide.district)
    event = record_event(
        db_session=demo,
        kind="closure",
        occurred_on=UNTIL,
        evidence="关停验收（示意）",
        actor="officer",
        project_id=carbide.id,
        today=UNTIL,
    )
    assert event.credit_tce == pytest.approx(carbide.dual_control_tce)
    after = district_balance(db_session=demo, district=carbide.district)
    assert after - before == pytest.approx(carbide.dual_control_tce)
    entry = next(
        e
        for d in ledger(db_session=demo)["districts"]
        for e in d["entries"]
        if e["event_id"] == event.id
    )
    assert entry["origin"] == "closure" and entry["evidence"] == "关停验收（示意）"
    actions = set(demo.scalars(select(AuditRow.action)))
    assert {"review.credit_event.closure", "review.quota.credit"} <= actions
    with pytest.raises(InputError) as err:  # the same closure twice
        record_event(
            db_session=demo,
            kind="closure",
            occurred_on=UNTIL,
            evidence="x",
            actor="officer",
            project_id=carbide.id,
            today=UNTIL,
        )
    assert err.value.problems[0].field == "project_id"


def test_closure_and_retrofit_of_a_metered_plant(demo: Session) -> None:  # noqa: F811
    alu = next(e for e in list_enterprises(db_session=demo) if e.industry_code == "3216")
    event = record_event(
        db_session=demo,
        kind="closure",
        occurred_on=UNTIL,
        evidence="淘汰落后产能公告（示意）",
        actor="officer",
        enterprise_code=alu.code,
        today=UNTIL,
    )
    # the 8 metered days before 8 January (1–7 January), 等价值, × 365 ÷ 7
    expected = _by_hand(demo, alu.code, UNTIL - timedelta(days=365), UNTIL)
    assert event.credit_tce == pytest.approx(expected, rel=1e-6)
    assert event.district == "520201" and "days metered" in event.derivation
    # retrofit on 5 January: before = 1–4 January, after = 5–7 January (the days metered)
    on = date(YEAR, 1, 5)
    before = _by_hand(demo, alu.code, on - timedelta(days=365), on)
    after = _by_hand(demo, alu.code, on, UNTIL)
    kwargs = {
        "db_session": demo,
        "kind": "retrofit",
        "occurred_on": on,
        "evidence": "节能改造验收（示意）",
        "actor": "officer",
        "enterprise_code": alu.code,
        "today": UNTIL,
    }
    if before > after:
        retro = record_event(**kwargs)  # type: ignore[arg-type]
        assert retro.credit_tce == pytest.approx(before - after, rel=1e-6)
    else:  # nothing saved: refused, nothing stored
        with pytest.raises(InputError) as err:
            record_event(**kwargs)  # type: ignore[arg-type]
        assert err.value.problems[0].field == "credit_tce"


def test_renewable_supply_and_bad_input(demo: Session) -> None:  # noqa: F811
    event = record_event(
        db_session=demo,
        kind="renewable",
        occurred_on=UNTIL,
        evidence="绿证 GEC（示意）",
        actor="officer",
        district="520201",
        renewable_kwh=1e7,
        today=UNTIL,
    )
    assert event.credit_tce == pytest.approx(1e7 * 302.4e-6)  # 3024 tce
    with pytest.raises(InputError) as err:
        record_event(
            db_session=demo,
            kind="renewable",
            occurred_on=UNTIL,
            evidence=" ",
            actor="officer",
            district="520201",
            renewable_kwh=-1,
            today=UNTIL,
        )
    assert {p.field for p in err.value.problems} == {"evidence", "renewable_kwh"}
    with pytest.raises(InputError) as err:
        add_entry(db_session=demo, district="520201", kind="credit", tce=10, reason="x", actor="o")
    assert err.value.problems[0].field == "evidence"


def test_event_over_http(db_url: str, client: TestClient, make_user: Callable[..., str]) -> None:
    officer = {"Authorization": f"Bearer {make_user('review_officer')}"}
    viewer = {"Authorization": f"Bearer {make_user('viewer')}"}
    body = {
        "kind": "renewable",
        "occurred_on": "2024-06-30",
        "evidence": "绿证（示意）",
        "district": "520201",
        "renewable_kwh": 2e6,
    }
    assert client.post("/api/v1/review/ledger/events", json=body, headers=viewer).status_code == 403
    r = client.post("/api/v1/review/ledger/events", json=body, headers=officer)
    assert r.status_code == 201, r.text
    assert r.json()["credit_tce"] == pytest.approx(2e6 * 302.4e-6)  # 604.8 tce (2024 itself)
    bad = client.post(
        "/api/v1/review/ledger/events", json={**body, "kind": "gift"}, headers=officer
    )
    assert bad.status_code == 422 and "kind" in bad.text
