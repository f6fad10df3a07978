"""The review demo (示意数据) through the whole loop: the approved coking project (approved
at 105 kgce/t and 95,548 tce/yr: 120000 t × 0.7143 + 8e7 kWh × 0.1229e-3) is commissioned on
1 January; the monitoring demo's coking line runs at 120–122 kgce/t and about 2,700 t/day, so
January (≈ 2700 × 31 × 0.121 ≈ 10,100 tce, less in winter) exceeds 95,548 / 12 × 1.1 = 8,758
tce, and its unit consumption exceeds 105 × 1.1 = 115.5 kgce/t: alerts. A second run adds none.

The project is the plant's one metered process (one product, one process), so its monthly energy
is that process's energy (工序能耗), the basis of the approval; the plant's total also counts the
coking coal it buys (洗精煤, ≈ 1.3 t per t of coke, ≈ 90,000 tce a month), which the approval
does not, and compared with it every month would show a tenfold "excess".

At 95,548 tce (≥ 10,000) the project is the province's to review: its approval records the
province's opinion (an illustrative 文号, labelled 示意), and so does the carbide line's
rejection (60,000 t coke and 33,000万kWh: far above 10,000 tce); the data centre (6,000万kWh ×
0.1229 + 50 t diesel × 1.4571 = 7,374 + 72.855 = 7,446.855 tce) is the city's own."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.monitoring import CST, list_enterprises, load_monitoring_demo, process_months
from carbonpeak.review import load_review_demo
from carbonpeak.review.followup.service import list_review_alerts, run_check
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.workflow.service import opinion


def test_demo_loop_raises_alerts(db_url: str, db_session: Session) -> None:
    year = datetime.now(UTC).year - 1
    load_monitoring_demo(db_url, days=32, year=year)
    line = load_review_demo(db_url, today=date(year, 2, 1))
    assert "示意数据" in line and "approved and commissioned" in line
    alerts = list_review_alerts(db_session=db_session)
    jan = {a["measure"]: a for a in alerts if a["month"] == f"{year}-01"}
    assert set(jan) == {"energy_tce", "unit:coke_top"}
    assert jan["energy_tce"]["approved"] == pytest.approx((120000 * 0.7143 + 8e7 * 0.1229e-3) / 12)
    assert jan["energy_tce"]["monitored"] > jan["energy_tce"]["approved"] * 1.1
    coke = next(e for e in list_enterprises(db_session=db_session) if e.industry_code == "2521")
    start = datetime(year, 1, 1, tzinfo=CST)
    (process,) = [
        p
        for p in process_months(
            db_session=db_session,
            enterprise_code=coke.code,
            start=start,
            end=datetime(year, 2, 1, tzinfo=CST),
        )
        if p.month.astimezone(CST).month == 1
    ]
    # the process's energy, not the plant's total with its coking coal:
    # 2700 t/day × 31 days × 0.120–0.122 tce/t × 0.9–1.05 (season, noise) ≈ 9,000–10,700 tce
    assert jan["energy_tce"]["monitored"] == pytest.approx(process.energy_tce, abs=1e-3)
    assert 9000 < jan["energy_tce"]["monitored"] < 10700
    assert 115.5 < jan["unit:coke_top"]["monitored"] < 130
    again = run_check(db_session=db_session, until=date(year, 2, 1))
    assert sum(p["new_alerts"] for p in again["projects"]) == 0
    assert "工序能耗" in again["projects"][0]["note"]  # the basis compared is said
    assert "already loaded" in load_review_demo(db_url)

    coking, centre, carbide = db_session.scalars(select(ProjectRow).order_by(ProjectRow.id))
    assert [p.authority for p in (coking, centre, carbide)] == ["provincial", "local", "provincial"]
    assert centre.equivalent_tce == pytest.approx(7446.855) and centre.status == "submitted"
    for p in (coking, carbide):
        (d,) = p.decisions
        assert d.on_behalf_of == "provincial" and "示意" in d.authority_document
        assert d.authority_document_date == date(year - 1, 12, 1)
    officer = Principal(user_id=0, username="shencha", role=Role.REVIEW_OFFICER)
    docx = opinion(db_session=db_session, project_id=coking.id, principal=officer)
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    text = "\n".join(paragraphs)
    # whose opinion it records, not "审查权限 省级 … 同意通过" signed by the city as its own
    assert "省级节能审查机关（省发展改革委）审查意见：同意通过节能审查。" in paragraphs
    assert "同意通过节能审查。" not in paragraphs
    assert "黔发改环资〔示意〕1号（示意数据，非真实文号）" in text and "记录人：system" in text
    assert "六盘水乙焦化（示例 illustrative）：" in paragraphs
    # the 标杆/基准 values carry their standing (the coke rows of 1609号 are UNVERIFIED)
    (bench,) = [p for p in paragraphs if p.startswith("焦炭")]
    assert "（数值未经原文核实：UNVERIFIED）" in bench
    # each target year says a share, that the target has no room left, or that the year has
    # no such target — the last only where the assessment has no room for it at all
    impact = [p for p in paragraphs if p.startswith(("2025年：", "2030年："))]
    assessed = json.loads(coking.assessment or "{}")["impact"]
    assert len(impact) == len(assessed) == 2
    for y, line in zip(assessed, impact, strict=True):
        for key, what in (("energy", "能耗"), ("co2", "碳排放")):
            if y[f"{key}_budget_share_pct"] is not None:
                assert f"占剩余{what}空间 {y[f'{key}_budget_share_pct']}%" in line
            elif y[f"{key}_room_left"] is False:
                assert f"目标已无剩余{what}空间" in line and f"该年无{what}强度目标" not in line
            else:
                assert f"该年无{what}强度目标" in line
