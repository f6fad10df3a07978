"""ILLUSTRATIVE — the review demo (示意数据): invented projects through the whole loop.

- 乙焦化 焦炉改造（示意）: owned by the monitoring demo's coking plant (六盘水乙焦化, an invented
  enterprise), approved at 105 kgce/t and 95,548 tce/yr, commissioned on 1 January of the
  monitoring demo's year; its metered line runs at about 120 kgce/t, so the monthly comparison
  raises alerts (unit consumption and monthly energy above approval + 10 %). At ≥ 10,000 tce it
  is the province's to review: the city forwarded it and its decision records the province's
  opinion (``PROVINCE_OPINIONS``: an invented 文号 and date, labelled 示意);
- 数据中心（示意）: 6,000万kWh a year (7,446.855 tce 当量值), within the city's authority:
  submitted, awaiting the city's decision;
- 电石（示意）: rejected, its unit consumption above the 基准水平; above the city's authority
  too, so the rejection is the province's opinion (示意), recorded.

Quota credits (示意) make the approval possible.

Budgets (用能预算, 示意) of the monitoring demo's year for the city, 钟山区 and 水城区 and three
of the demo enterprises (当量值, 等价值 and CO2), each set at a chosen share of the usage the
monitoring demo metered that year (``BUDGET_SHARES``), so the budget page shows its 80/90/100 %
warnings whatever number of days the monitoring demo loaded; and three inspection cases
(节能监察, 示意): the coking plant over its approved unit consumption (a penalty, follow-up), the
cement plant's metered kWh/t of clinker over the tiered-price limit (the excess shown; the rates
above the limit are not known, so no amount), and the aluminium smelter's tiered-price (阶梯电价)
check computed from its metered kWh/t (closed after follow-up). Their openings and deadlines
count from the day the demo is made (``schedule``): the coking plant's deadline is weeks ahead,
the cement plant's is past on purpose (its findings say so), so one case shows as overdue.

Runs once: a second call does nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from carbonpeak.auth import Principal, Role, check_character, create_user, get_user_by_username
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import CST, list_enterprises, process_months
from carbonpeak.review.budgets.service import monitored_usage, set_budget
from carbonpeak.review.demo.schedule import OVERDUE, case_dates
from carbonpeak.review.followup.service import run_check
from carbonpeak.review.ledger.service import add_entry, record_event
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.projects.service import submit
from carbonpeak.review.supervision.service import open_case, tiered_surcharge, update_case
from carbonpeak.review.workflow.service import commission, decide

SOURCE = "示意数据 illustrative review demo"
#: the demo's review officer (local use only, like the other demo logins)
OFFICER = ("shencha", "carbonpeak-demo")
SYSTEM = Principal(user_id=0, username="system", role=Role.ADMIN)
#: said in the findings of the case made overdue on purpose (``schedule.OVERDUE``)
OVERDUE_NOTE = "；整改期限有意设在演示数据生成日之前，以演示逾期提示"


#: ILLUSTRATIVE — the province's 审查意见 the city records for the demo projects above its
#: authority (project → 文号, and the years before the monitoring demo's year of its date):
#: invented numbers, said to be so in the 文号 itself
PROVINCE_OPINIONS = {
    "coking": ("黔发改环资〔示意〕1号（示意数据，非真实文号）", 1),
    "carbide": ("黔发改环资〔示意〕2号（示意数据，非真实文号）", 1),
}


def _province(project: str, year: int) -> dict[str, Any]:
    """The decision's fields recording the province's (illustrative) opinion on ``project``."""
    number, years_before = PROVINCE_OPINIONS[project]
    return {
        "on_behalf_of": "provincial",
        "authority_document": number,
        "authority_document_date": date(year - years_before, 12, 1),
    }


def _label(case: str) -> str:
    """The illustrative label ending a demo case's findings (the overdue one says why)."""
    return f"（示意数据{OVERDUE_NOTE if case == OVERDUE else ''}）"


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
                {"fuel": "电力", "quantity": 6000, "unit": "万kWh"},
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


#: (scope, region code or the industry code of the demo enterprise, the share of the budget its
#: metered usage is to fill: budget = usage ÷ share): 0.85 → 黄色 80 %, 0.94 / 0.92 → 橙色 90 %,
#: 1.04 → 红色 100 %, 0.70 → no warning. All illustrative.
BUDGET_SHARES: tuple[tuple[str, str, float], ...] = (
    ("city", "520200", 0.85),
    ("district", "520201", 0.94),
    ("district", "520204", 0.70),
    ("enterprise", "2521", 1.04),
    ("enterprise", "3216", 0.92),
    ("enterprise", "3110", 0.82),
)


def _budgets(db: Any, year: int, plants: dict[str, Any]) -> list[str]:
    scopes = [
        (scope, plants[code].code if scope == "enterprise" else code, share)
        for scope, code, share in BUDGET_SHARES
        if scope != "enterprise" or code in plants
    ]
    used = monitored_usage(db_session=db, year=year, scopes=[(s, c) for s, c, _ in scopes])
    out = []
    for scope, code, share in scopes:
        eq, ev, co2 = used[(scope, code)]
        if eq <= 0:
            continue
        set_budget(
            db_session=db,
            year=year,
            scope=scope,
            code=code,
            equivalent_tce=round(eq / share, -1) or 1.0,
            equal_value_tce=round(ev / share, -1) or 1.0,
            co2_t=round(co2 / share, -1) or 1.0,
            source=f"示意数据 illustrative: set at {share:.0%} of the demo's metered usage",
            actor="system",
        )
        out.append(f"{scope} {code} {share:.0%}")
    return out


def _latest_unit(db: Any, code: str, name: str, year: int) -> float | None:
    """The metered kgce/t of a process line (by name) in its latest month of ``year``."""
    months = [
        m
        for m in process_months(
            db_session=db,
            enterprise_code=code,
            start=datetime(year, 1, 1, tzinfo=CST),
            end=datetime(year + 1, 1, 1, tzinfo=CST),
        )
        if m.name == name and m.kgce_per_t is not None
    ]
    return max(months, key=lambda m: m.month).kgce_per_t if months else None


def _cases(db: Any, year: int, plants: dict[str, Any], coking_id: int, today: date) -> int:
    dates = case_dates(today, year)
    n = 0
    if "2521" in plants:
        unit = _latest_unit(db, plants["2521"].code, "1号焦炉", year)
        shown = "-" if unit is None else f"{unit:.1f}"
        case = open_case(
            db_session=db,
            enterprise_code=plants["2521"].code,
            project_id=coking_id,
            findings=(
                f"焦炉改造项目投产后在线监测单位产品能耗 {shown} kgce/t，高于节能审查批复的 "
                f"105 kgce/t；未按节能审查意见落实节能措施{_label('coking')}"
            ),
            opened_on=dates["coking"].opened_on,
            deadline=dates["coking"].deadline,
            penalty_yuan=100_000,
            actor="system",
        )
        update_case(
            db_session=db,
            case_id=case.id,
            status="rectifying",
            note="跟踪复查：企业已提交整改方案（焦炉加热制度优化），按月报送监测数据（示意数据）",
            actor="system",
        )
        n += 1
    if "3011" in plants:
        owed = tiered_surcharge(db_session=db, enterprise_code=plants["3011"].code, year=year)
        if owed and owed["value"] is not None:
            check = (
                f"{owed['measure']} {owed['value']:,.1f} {owed['unit']}，限额 {owed['threshold']} "
                f"{owed['unit']}（{owed['rule']}），超出 {owed['over_limit_pct']} %；"
                + (
                    f"应加价 {owed['amount_yuan']:,.0f} 元"
                    if owed["computed"]
                    else "超限额部分的加价标准未核实，未计算加价金额"
                )
            )
        else:
            check = "无计量的单位产品电耗"
        open_case(
            db_session=db,
            enterprise_code=plants["3011"].code,
            findings=(
                f"阶梯电价核查（{year} 年，在线监测）：{check}；责令开展节能诊断" + _label("cement")
            ),
            opened_on=dates["cement"].opened_on,
            deadline=dates["cement"].deadline,
            penalty_yuan=0,
            actor="system",
        )
        n += 1
    if "3216" in plants:
        owed = tiered_surcharge(db_session=db, enterprise_code=plants["3216"].code, year=year)
        if owed and owed["computed"] and not owed["surcharge_yuan_per_kwh"]:
            # within the limit: say so, not "加价 0.0 元/kWh"
            check = (
                f"{owed['value']:,.0f} kWh/t，未超过 {owed['rule']} 限额 "
                f"{owed['threshold']:,.0f} kWh/t，不加价"
            )
        elif owed and owed["computed"]:
            check = (
                f"{owed['value']:,.0f} kWh/t，{owed['rule']} 限额 {owed['threshold']:,.0f} "
                f"kWh/t：应加价 {owed['surcharge_yuan_per_kwh']} 元/kWh，"
                f"合计 {owed['amount_yuan']:,.0f} 元"
            )
        else:
            check = "无可计算的阶梯电价" if owed is None else str(owed["reason"])
        case = open_case(
            db_session=db,
            enterprise_code=plants["3216"].code,
            findings=(
                f"阶梯电价核查：{year} 年铝液综合交流电耗（在线监测）{check}{_label('aluminium')}"
            ),
            opened_on=dates["aluminium"].opened_on,
            deadline=dates["aluminium"].deadline,
            penalty_yuan=0,
            actor="system",
        )
        update_case(
            db_session=db,
            case_id=case.id,
            status="closed",
            note="复查：电耗计量器具已校准，核查结果确认，结案（示意数据）",
            actor="system",
        )
        n += 1
    return n


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
        decide(
            db_session=db,
            project_id=coking.id,
            outcome="approve",
            principal=SYSTEM,
            **_province("coking", year),
        )
        commission(db_session=db, project_id=coking.id, on=date(year, 1, 1), principal=SYSTEM)
        decide(
            db_session=db,
            project_id=carbide.id,
            outcome="reject",
            principal=SYSTEM,
            reasons="单位产品能耗 980 kgce/t 未达到基准水平 940 kgce/t（示意）",
            **_province("carbide", year),
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
        plants = {e.industry_code: e for e in list_enterprises(db_session=db) if e.illustrative}
        budgets = _budgets(db, year, plants)
        cases = _cases(db, year, plants, coking.id, today)
    return (
        f"节能审查演示（示意数据）/ review demo (illustrative): 3 projects "
        f"(#{coking.id} approved and commissioned, #{centre.id} submitted, "
        f"#{carbide.id} rejected), {alerts} alerts on approved values, a derived renewable "
        f"credit of {solar.credit_tce:,.0f} tce; {len(budgets)} budgets of {year} "
        f"(usage ÷ budget: {', '.join(budgets)}), {cases} inspection cases; "
        f"review officer login {OFFICER[0]}/{OFFICER[1]} (local use only)"
    )
