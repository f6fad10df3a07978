"""ILLUSTRATIVE — the review demo (示意数据): invented projects through the whole loop.

- 乙焦化 焦炉改造（示意）: owned by the monitoring demo's coking plant (六盘水乙焦化, an invented
  enterprise), approved at 105 kgce/t and 95,548 tce/yr, commissioned on 1 January of the
  monitoring demo's year; its metered line runs at about 120 kgce/t, so the monthly comparison
  raises alerts (unit consumption and monthly energy above approval + 10 %);
- 数据中心（示意）: submitted, awaiting a decision;
- 电石（示意）: rejected, its unit consumption above the 基准水平.

Quota credits (示意) make the approval possible. Runs once: a second call does nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from carbonpeak.auth import Principal, Role, check_character, create_user, get_user_by_username
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import list_enterprises
from carbonpeak.review.followup.service import run_check
from carbonpeak.review.ledger.service import add_entry, record_event
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.projects.service import submit
from carbonpeak.review.workflow.service import commission, decide

SOURCE = "示意数据 illustrative review demo"
#: the demo's review officer (local use only, like the other demo logins)
OFFICER = ("shencha", "carbonpeak-demo")
SYSTEM = Principal(user_id=0, username="system", role=Role.ADMIN)


def _code(n: int) -> str:
    first17 = f"91520200MA6DRW0{n:02d}"
    return first17 + check_character(first17)


def _projects(coke_owner: str, year: int) -> list[dict[str, Any]]:
    return [
        {
            "project": "乙焦化焦炉改造项目（示意）",
            "owner_uscc": coke_owner,
            "owner": "六盘水乙焦化（示例 illustrative）",
            "industry": "2521",
            "district": "520204",
            "stage": "在建",
            "start_year": year,
            "value_added_10k_yuan": 60000,
            "products": [
                {"product": "coke_top", "output": 100, "unit": "万t", "unit_consumption": 105}
            ],
            "annual": [
                {"fuel": "原煤", "quantity": 120000, "unit": "t"},
                {"fuel": "电力", "quantity": 8000, "unit": "万kWh"},
            ],
        },
        {
            "project": "钟山区数据中心项目（示意）",
            "owner_uscc": _code(1),
            "owner": "六盘水某数据公司（示例 illustrative）",
            "industry": "6450",
            "district": "520201",
            "start_year": year + 2,
            "value_added_10k_yuan": 80000,
            "annual": [
                {"fuel": "电力", "quantity": 12000, "unit": "万kWh"},
                {"fuel": "柴油", "quantity": 50, "unit": "t"},
            ],
            "renewable": {"quantity": 2000, "unit": "万kWh", "kind": "solar"},
        },
        {
            "project": "电石生产线项目（示意）",
            "owner_uscc": _code(2),
            "owner": "六盘水某化工公司（示例 illustrative）",
            "industry": "2619",
            "district": "520281",
            "start_year": year + 2,
            "value_added_10k_yuan": 20000,
            "products": [
                {"product": "calcium_carbide", "output": 10, "unit": "万t", "unit_consumption": 980}
            ],
            "annual": [
                {"fuel": "焦炭", "quantity": 60000, "unit": "t"},
                {"fuel": "电力", "quantity": 33000, "unit": "万kWh"},
            ],
        },
    ]


def load_review_demo(url: str | None = None, *, today: date | None = None) -> str:
    """Load the review demo once; returns a line to print."""
    today = today or date.today()
    with session_scope(url) as db:
        if db.scalar(select(ProjectRow.id).where(ProjectRow.source == SOURCE)) is not None:
            return "节能审查演示数据已存在 / review demo already loaded (示意数据)"
        coke = next(
            (
                e
                for e in list_enterprises(db_session=db)
                if e.industry_code == "2521" and e.illustrative
            ),
            None,
        )
        if coke is None:
            return "节能审查演示：无监测演示企业，跳过 / review demo skipped (no monitoring demo)"
        if get_user_by_username(db_session=db, username=OFFICER[0]) is None:
            create_user(
                db_session=db,
                username=OFFICER[0],
                password=OFFICER[1],
                role=Role.REVIEW_OFFICER,
                actor="system",
            )
        year = datetime.now(UTC).year - 1  # the monitoring demo's year
        for district, tce in (("520204", 150000.0), ("520201", 50000.0)):
            add_entry(
                db_session=db,
                district=district,
                kind="credit",
                tce=tce,
                reason="淘汰落后产能腾出指标（示意数据）",
                actor="system",
                source=SOURCE,
                evidence="示意数据 illustrative: no document",
            )
        coking, centre, carbide = (
            submit(db_session=db, data=d, principal=SYSTEM, source=SOURCE)
            for d in _projects(coke.code, year)
        )
        decide(db_session=db, project_id=coking.id, outcome="approve", principal=SYSTEM)
        commission(db_session=db, project_id=coking.id, on=date(year, 1, 1), principal=SYSTEM)
        decide(
            db_session=db,
            project_id=carbide.id,
            outcome="reject",
            principal=SYSTEM,
            reasons="单位产品能耗 980 kgce/t 未达到基准水平 940 kgce/t（示意）",
        )
        # a credit the platform derives: new solar supply in 520201 (kWh × 供电标准煤耗)
        solar = record_event(
            db_session=db,
            kind="renewable",
            occurred_on=min(date(year, 1, 1), today),
            evidence="示意数据 illustrative: no 绿证",
            actor="system",
            district="520201",
            renewable_kwh=2e7,
            description="新增分布式光伏（示意数据）",
            today=today,
        )
        db.flush()
        report = run_check(db_session=db, until=today)
        alerts = sum(p["new_alerts"] for p in report["projects"])
    return (
        f"节能审查演示（示意数据）/ review demo (illustrative): 3 projects "
        f"(#{coking.id} approved and commissioned, #{centre.id} submitted, "
        f"#{carbide.id} rejected), {alerts} alerts on approved values, a derived renewable "
        f"credit of {solar.credit_tce:,.0f} tce; "
        f"review officer login {OFFICER[0]}/{OFFICER[1]} (local use only)"
    )
