"""The two-high list, energy budgets and supervision over the demo (示意数据): the monitoring
demo's plants for 32 days of the previous year and the review demo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role
from carbonpeak.core.errors import InputError
from carbonpeak.monitoring import list_enterprises, load_monitoring_demo
from carbonpeak.review import load_review_demo
from carbonpeak.review.budgets.service import budget_view, set_budget
from carbonpeak.review.supervision.service import list_cases, open_case, tiered_surcharge
from carbonpeak.review.supervision.tiered import rule, surcharge
from carbonpeak.review.twohigh.service import two_high_list
from carbonpeak.review.workflow.service import decide

YEAR = datetime.now(UTC).year - 1
UNTIL = date(YEAR, 1, 8)


def _district_row(view: dict[str, Any]) -> dict[str, Any]:
    """The 520201 budget (the demo sets budgets of its own, 示意)."""
    (row,) = [b for b in view["budgets"] if (b["scope"], b["code"]) == ("district", "520201")]
    return row


@pytest.fixture
def demo(db_url: str, db_session: Session) -> Session:
    load_monitoring_demo(db_url, days=8, year=YEAR)
    load_review_demo(db_url, today=UNTIL)
    return db_session


def test_tiered_surcharge_by_hand() -> None:
    # 13,812 kWh/t, 1e8 kWh: 2013 rule above 13,800 → 0.08 yuan/kWh = 8,000,000 yuan;
    # 2021 rule: (13812 − 13650) / 20 = 8.1 → 9 steps × 0.01 = 0.09 yuan/kWh = 9,000,000 yuan
    assert surcharge(rule("aluminium_2013"), 13812.0, 1e8) == (0.08, 8_000_000.0)
    assert surcharge(rule("aluminium_2021"), 13812.0, 1e8) == (0.09, 9_000_000.0)
    assert surcharge(rule("aluminium_2013"), 13700.0, 1e8) == (0.0, 0.0)  # at the threshold
    # from 2023: (13500 − 13450) / 20 = 2.5 → 3 steps × 0.01 = 0.03 yuan/kWh
    assert surcharge(rule("aluminium_2023"), 13500.0, 1e8) == (0.03, 3_000_000.0)
    # steel 差别电价 (发改价格〔2016〕2803号): 淘汰类 +0.5, 限制类 +0.1 yuan/kWh
    steel = rule("steel_2016_differential")
    assert surcharge(steel, None, 1e6, category="限制类") == (0.1, 100_000.0)
    assert surcharge(steel, None, 1e6, category="鼓励类") == (0.0, 0.0)
    # cement 差别电价 (发改价格〔2014〕880号, SECONDARY): 淘汰类 clinker +0.4 yuan/kWh;
    # 2.5e6 kWh × 0.4 = 1,000,000 yuan; other categories (75号 stopped them) pay nothing here
    cement_diff = rule("cement_2014_differential")
    assert surcharge(cement_diff, None, 2.5e6, category="淘汰类") == (0.4, 1_000_000.0)
    assert surcharge(cement_diff, None, 2.5e6, category="限制类") == (0.0, 0.0)
    # cement (75号) and steel tiers: limits and rates not verified → nothing computed
    assert surcharge(rule("cement_2016"), 70.0, 1e6) is None
    # cement from 2023: within GB 16780-2021 3级 (61 kWh/t) → 第一档, nothing owed; at the
    # limit too; above it the rates are not known → None
    assert surcharge(rule("cement_2023"), 55.0, 3e7) == (0.0, 0.0)
    assert surcharge(rule("cement_2023"), 61.0, 3e7) == (0.0, 0.0)
    assert surcharge(rule("cement_2023"), 61.5, 3e7) is None
    assert surcharge(rule("steel_2016_tiered"), 500.0, 1e6) is None


def test_project_disposal_by_stage_and_status() -> None:
    from carbonpeak.review.twohigh.rules import project_disposal

    # 拟建/在建, not commissioned: judged against 标杆 only (110), never a 2025-12-31 deadline
    assert project_disposal("拟建", "submitted", 108.0, 110.0, 135.0)[:2] == (
        "达到标杆 meets the benchmark (新建项目按标杆水平建设)",
        "",
    )
    action, deadline, _ = project_disposal("在建", "approved", 140.0, 110.0, 135.0)
    assert action.startswith("未达标杆") and deadline == ""
    # rejected: not built, whatever its figures
    assert project_disposal("拟建", "rejected", 980.0, 805.0, 940.0)[:2] == (
        "不予审批 rejected (节能审查不予通过，不在建)",
        "",
    )
    # in operation (commissioned, or 存量): 分类处置 — 140 > 135 (基准) → by end-2025
    assert project_disposal("在建", "commissioned", 140.0, 110.0, 135.0)[1] == "2025-12-31"
    assert project_disposal("存量", "approved", 120.0, 110.0, 135.0)[0].startswith("改造升级")


def test_two_high_list(demo: Session) -> None:
    data = two_high_list(db_session=demo, until=UNTIL)
    names = {p["name"] for p in data["projects"]}
    assert names == {"乙焦化焦炉改造项目（示意）", "电石生产线项目（示意）"}  # not the data centre
    # the rejected carbide project (980 kgce/t) is not built: 不予审批, no deadline (it was
    # listed 限期改造或淘汰, 2025-12-31, like a plant in operation)
    carbide = next(p for p in data["projects"] if p["name"].startswith("电石"))
    assert carbide["unit_consumption"] == 980 and carbide["disposal"].startswith("不予审批")
    assert carbide["deadline"] == ""
    # the commissioned coking project: approved at 105 kgce/t (≤ 110 标杆, it was listed 保留),
    # its owner's 1号焦炉 is metered at 120–122 kgce/t (the demo line; less output in a
    # metering gap raises it): classified on the metered value, 110 < x ≤ 135 → 改造升级
    coke = next(p for p in data["projects"] if p["name"].startswith("乙焦化"))
    assert coke["approved_unit_consumption"] == 105 and coke["basis"].startswith("metered")
    assert coke["process"] == "1号焦炉" and coke["month"] == f"{YEAR}-01"
    assert 110 < coke["unit_consumption"] <= 135 and coke["disposal"].startswith("改造升级")
    # districts by their current code: the demo's coking plant is registered as 520221 (水城县,
    # abolished 2020) and listed as 520204 (水城区)
    assert {p["district"] for p in data["plants"] if p["industry"] == "2521"} == {"520204"}
    plants = {p["industry"] for p in data["plants"]}
    assert {"2521", "3216", "3011"} <= plants and "0610" not in plants  # the coal mine is out
    # metered plants against 标杆/基准 (benchmarks.csv, by the plan process they are metered as)
    by_process = {p["process"]: p for p in data["plants"]}
    kiln = by_process["2号窑"]  # the demo kiln runs at 96–97 kgce/t (less with its meter
    # outage in these 8 days): ≤ 100 (标杆)
    assert (kiln["benchmark"], kiln["baseline"]) == (100, 117)
    assert kiln["unit_consumption"] <= 100 and kiln["disposal"].startswith("保留")
    pots = by_process["电解系列"]  # electricity per t of aluminium, not kgce/t
    assert pots["unit"] == "kWh/t" and 12_700 < pots["unit_consumption"] < 12_850
    assert (pots["benchmark"], pots["baseline"]) == (13000, 13350)
    assert pots["disposal"].startswith("保留")  # ≤ 13,000 kWh/t
    furnace = by_process["1号高炉"]  # 395–400 kgce/t: between 361 (标杆) and 435 (基准)
    assert furnace["disposal"].startswith("改造升级") and not furnace["plan_limit_exceeded"]
    sinter = by_process["1号烧结机"]  # 43–48 kgce/t against 45 / 55: between
    assert sinter["benchmark"] == 45 and sinter["baseline"] == 55
    # the coking plant is metered as 已建焦化工序; top-charging or stamp-charging is not known,
    # and the two rows differ in their 基准 (135 / 140): no level is claimed
    oven = by_process["1号焦炉"]
    assert oven["benchmark"] is None and oven["disposal"].startswith("待核定")


def test_budget_warnings_and_approved_additions(demo: Session) -> None:
    system = Principal(user_id=0, username="system", role=Role.ADMIN)
    set_budget(
        db_session=demo,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=1.0,
        equal_value_tce=1.0,
        co2_t=1.0,
        source="示意",
        actor="t",
    )
    row = _district_row(budget_view(db_session=demo, year=YEAR, until=UNTIL))
    used = row["used"]["equivalent_tce"]
    assert used > 0  # the aluminium smelter is metered in 520201
    elapsed = 8 / 365  # 1 January .. 8 January
    # a budget whose year-to-date share is 95 %: used / (B × 32/365) = 0.95
    budget = used / (0.95 * elapsed)
    set_budget(
        db_session=demo,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=budget,
        equal_value_tce=budget,
        co2_t=1e12,
        source="示意",
        actor="t",
    )
    row = _district_row(budget_view(db_session=demo, year=YEAR, until=UNTIL))
    assert row["ytd_share_pct"]["energy"] == pytest.approx(95.0, abs=0.01)
    assert row["warning"]["energy"] == "橙色预警 90 %"
    assert row["approved_projects_add"]["projects"] == []
    data_centre_id = 2  # the demo's submitted data centre, district 520201
    decide(db_session=demo, project_id=data_centre_id, outcome="approve", principal=system)
    # the data centre starts in YEAR + 2: it adds nothing to YEAR's budget (it was counted)
    add = _district_row(budget_view(db_session=demo, year=YEAR, until=UNTIL))[
        "approved_projects_add"
    ]
    assert add["projects"] == [] and add["dual_control_tce"] == 0
    assert add["not_counted"] == [
        {"id": data_centre_id, "name": "钟山区数据中心项目（示意）", "start_year": YEAR + 2}
    ]
    # YEAR + 2's budget counts it
    set_budget(
        db_session=demo,
        year=YEAR + 2,
        scope="district",
        code="520201",
        equivalent_tce=1e6,
        equal_value_tce=1e6,
        co2_t=1e6,
        source="示意",
        actor="t",
    )
    row = _district_row(budget_view(db_session=demo, year=YEAR + 2, until=UNTIL))
    assert row["approved_projects_add"]["projects"] == [data_centre_id]
    assert row["approved_projects_add"]["not_counted"] == []
    # 6e7 kWh × 302.4e-6 + 72.855 − 2e7 × 302.4e-6 (new renewables) = 12168.855 tce
    assert row["approved_projects_add"]["dual_control_tce"] == pytest.approx(12168.855)
    with pytest.raises(InputError):
        set_budget(
            db_session=demo,
            year=YEAR,
            scope="district",
            code="nowhere",
            equivalent_tce=1,
            equal_value_tce=1,
            co2_t=1,
            source="",
            actor="t",
        )


def test_inspection_case_with_surcharge(demo: Session) -> None:
    alu = next(e for e in list_enterprises(db_session=demo) if e.industry_code == "3216")
    owed = tiered_surcharge(db_session=demo, enterprise_code=alu.code, year=YEAR)
    # the latest rule not UNVERIFIED for the year: 1239号's 13,450 kWh/t (from 2023)
    assert owed is not None and owed["rule"] == "aluminium_2023" and owed["computed"] is True
    assert owed["unit_kwh_per_t"] < 13450 and owed["amount_yuan"] == 0  # demo runs ~12,800
    assert owed["later_unverified_rules"] == ["aluminium_2025"]
    case = open_case(
        db_session=demo,
        enterprise_code=alu.code,
        findings="能源计量器具配备不全（示意）",
        opened_on=date(YEAR + 1, 1, 10),
        deadline=date(YEAR + 1, 3, 31),
        penalty_yuan=50000,
        actor="officer",
    )
    (listed,) = [
        c for c in list_cases(db_session=demo, today=date(YEAR + 1, 4, 1)) if c["id"] == case.id
    ]
    assert listed["id"] == case.id and listed["overdue"] is True and listed["penalty_yuan"] == 50000
    with pytest.raises(InputError):
        open_case(
            db_session=demo,
            enterprise_code=alu.code,
            findings="",
            opened_on=UNTIL,
            deadline=None,
            penalty_yuan=-1,
            actor="officer",
        )


def test_budget_equal_value_and_projected_overrun(demo: Session) -> None:
    from carbonpeak.monitoring import CST, enterprise_summary

    set_budget(
        db_session=demo,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=1.0,
        equal_value_tce=1.0,
        co2_t=1.0,
        source="示意",
        actor="t",
    )
    data = budget_view(db_session=demo, year=YEAR, until=UNTIL)
    row = _district_row(data)
    assert data["equal_value_basis"]["power_supply_coal_gce_per_kwh"] == 302.4  # 2024 stands in
    # 等价值 = 当量值 − electricity × 0.1229 kgce/kWh + the same kWh × 302.4 gce/kWh
    elec_tce = 0.0
    for e in list_enterprises(db_session=demo):
        if e.district.startswith("520201"):
            s = enterprise_summary(
                db_session=demo,
                enterprise_code=e.code,
                period="month",
                start=datetime(YEAR, 1, 1, tzinfo=CST),
                end=datetime(YEAR, 1, 8, tzinfo=CST),
            )
            elec_tce += s.by_energy_tce.get("electricity", 0.0)
    assert elec_tce > 0
    used, used_ev = row["used"]["equivalent_tce"], row["used"]["equal_value_tce"]
    assert used_ev == pytest.approx(used - elec_tce + elec_tce / 0.1229e-3 * 302.4e-6, rel=1e-6)
    # budgets set so that the pace so far is 125 % (当量值) and 50 % (等价值) of the budget
    elapsed = 8 / 365
    set_budget(
        db_session=demo,
        year=YEAR,
        scope="district",
        code="520201",
        equivalent_tce=used / (1.25 * elapsed),
        equal_value_tce=used_ev / (0.5 * elapsed),
        co2_t=1e12,
        source="示意",
        actor="t",
    )
    row = _district_row(budget_view(db_session=demo, year=YEAR, until=UNTIL))
    eq, ev = row["checks"]["equivalent"], row["checks"]["equal_value"]
    assert eq["ytd_share_pct"] == pytest.approx(125.0, abs=0.01)
    assert eq["ytd_warning"] == "红色预警 100 %" and eq["projected_overrun"] is True
    # projected year-end = used ÷ 8/365 = 1.25 × the budget; the whole year's share: 2.74 %
    assert eq["projected_year_end"] == pytest.approx(used / elapsed, rel=1e-6)
    assert eq["annual_share_pct"] == pytest.approx(125 * elapsed, abs=0.01)
    assert eq["annual_warning"] is None
    assert ev["ytd_share_pct"] == pytest.approx(50.0, abs=0.01) and ev["alerts"] == []
    assert any(
        a.startswith("当量值 预计年末超预算") and "equivalent: projected year-end" in a
        for a in row["alerts"]
    )
    assert row["warning"]["equal_value"] is None


def test_cement_and_steel_rules_on_metered_plants(demo: Session) -> None:
    ents = {e.industry_code: e for e in list_enterprises(db_session=demo)}
    cement = tiered_surcharge(db_session=demo, enterprise_code=ents["3011"].code, year=YEAR)
    # from 2023 the limit is GB 16780-2021 3级 61 kWh/t; the demo plant (示意) is above it, and
    # the rates above the limit are not known: the excess is reported, nothing computed
    assert cement is not None and cement["rule"] == "cement_2023" and cement["threshold"] == 61
    assert cement["computed"] is False and "not verified" in cement["reason"]
    # not computed is None, not 0.0 (which read as "nothing owed")
    assert cement["amount_yuan"] is None and cement["tiered_amount_yuan"] is None
    assert cement["value"] > 61
    assert cement["over_limit_pct"] == pytest.approx(100 * (cement["value"] - 61) / 61, abs=0.01)
    assert "发改价格〔2016〕75号" in cement["document"]
    # a 淘汰类 clinker plant: the 880号 differential price on all its metered electricity
    old = tiered_surcharge(
        db_session=demo, enterprise_code=ents["3011"].code, year=YEAR, category="淘汰类"
    )
    assert old is not None and old["computed"] is False  # the tiered part still unknown
    cdiff = old["differential"]
    assert cdiff["rule"] == "cement_2014_differential" and cdiff["surcharge_yuan_per_kwh"] == 0.4
    assert cdiff["electricity_kwh"] > 0
    assert cdiff["amount_yuan"] == pytest.approx(0.4 * cdiff["electricity_kwh"], abs=0.01)
    # the differential total apart from the tiered one; no grand total while the tiered part is
    # unknown (it was the differential alone beside computed: false)
    assert old["differential_amount_yuan"] == pytest.approx(cdiff["amount_yuan"])
    assert old["tiered_amount_yuan"] is None and old["amount_yuan"] is None
    steel_code = next(c for c in ents if c.startswith("31"))
    steel = tiered_surcharge(
        db_session=demo, enterprise_code=ents[steel_code].code, year=YEAR, category="淘汰类"
    )
    assert steel is not None and steel["rule"] == "steel_2016_tiered"
    assert steel["computed"] is False
    diff = steel["differential"]
    assert diff["rule"] == "steel_2016_differential" and diff["surcharge_yuan_per_kwh"] == 0.5
    assert diff["amount_yuan"] == pytest.approx(0.5 * diff["electricity_kwh"], abs=0.01)
    assert steel["differential_amount_yuan"] == pytest.approx(diff["amount_yuan"])
    assert steel["amount_yuan"] is None
    # a case opened on the cement plant stores the unknown surcharge as None (it was 0.0)
    case = open_case(
        db_session=demo,
        enterprise_code=ents["3011"].code,
        findings="阶梯电价核查（示意）",
        opened_on=date(YEAR + 1, 1, 10),
        deadline=None,
        penalty_yuan=0,
        actor="officer",
    )
    assert case.surcharge_yuan is None
    (listed,) = [c for c in list_cases(db_session=demo) if c["id"] == case.id]
    assert listed["surcharge_yuan"] is None


def test_aluminium_total_is_the_sum_of_both_parts(demo: Session) -> None:
    # an aluminium smelter has no differential rule: the tiered part (computed) is the total
    alu = next(e for e in list_enterprises(db_session=demo) if e.industry_code == "3216")
    owed = tiered_surcharge(db_session=demo, enterprise_code=alu.code, year=YEAR)
    assert owed is not None and owed["tiered_amount_yuan"] == 0.0 and owed["amount_yuan"] == 0.0
