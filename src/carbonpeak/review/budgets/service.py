"""Budgets (用能预算) of the city, each district and each key energy-using unit: set (audited),
and the view: usage year to date from the monitoring module (metered enterprises only) on
both bases — 当量值 as metered, 等价值 with the electricity at the year's 供电标准煤耗
(``data/power_supply_coal.csv``) — and CO2; per measure
the share of the year-to-date budget and of the whole year's budget with the 80/90/100 %
warnings, and the year-end projected from the pace so far (an overrun is an alert); and what
approved projects not yet in operation will add (projects not reviewed separately, ``exempt``,
named but not counted: :func:`counts_toward_budget`).

A city or district budget also shows the published energy consumption of its region and year
from the statistics domain (``rules.PUBLISHED_USAGE``) with its source, beside the monitored
sum, never averaged with it; the energy warning uses the published figure when there is one (it
covers every user of its scope, metered or not; a whole-year figure, so its share is of the
whole year's 当量值 budget), the monitored sum otherwise."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.units import scale
from carbonpeak.factors import FactorBook, Resolution
from carbonpeak.monitoring import CST, enterprise_summary, list_enterprises
from carbonpeak.regions import find_region
from carbonpeak.review.assessment.reference import coal_rate
from carbonpeak.review.budgets.rules import (
    PUBLISHED_USAGE,
    check,
    elapsed,
    equal_value,
    usage_basis,
)
from carbonpeak.review.model import Status
from carbonpeak.review.orm import BudgetRow, ProjectRow
from carbonpeak.statistics import current_values, get_indicator

SCOPES = ("city", "district", "enterprise")
#: the projects whose energy a budget counts as still to come: approved, not yet in operation
APPROVED = (Status.APPROVED.value, Status.CONDITIONAL.value)
#: projects below the review thresholds (不单独进行节能审查): named beside a budget, never counted
EXEMPT = Status.EXEMPT.value


def counts_toward_budget(status: str) -> bool:
    """Whether a project of ``status`` adds its energy to a budget as approved and still to come.

    Approved projects (审查通过/有条件通过) count until they are commissioned: their energy is a
    figure the review fixed (the decision's approved 等价值, the one the quota ledger debited)
    and leaves the count when it starts to be metered. An ``exempt`` project is counted the way
    the ledger treats it — not at all: no 审查意见 fixes its energy (it is the applicant's own
    declaration, under 1,000 tce), no quota is debited for it, and no commissioning step would
    ever end its count, so it would be counted every year, on top of the published consumption
    that includes it once it runs. The budget view names it (``exempt``) so it is not lost.

    >>> counts_toward_budget("approved"), counts_toward_budget("exempt")
    (True, False)
    """
    return status in APPROVED


def set_budget(
    *,
    db_session: Session,
    year: int,
    scope: str,
    code: str,
    equivalent_tce: float,
    equal_value_tce: float,
    co2_t: float,
    source: str,
    actor: str,
) -> BudgetRow:
    problems = []
    if scope not in SCOPES:
        problems.append(Problem(None, "scope", f"应为 {', '.join(SCOPES)}"))
    if scope == "district":
        region = find_region(code)
        if region is None:
            problems.append(Problem(None, "code", f"未知区县 / unknown district {code!r}"))
        else:
            code = region.code
    for name, value in (
        ("equivalent_tce", equivalent_tce),
        ("equal_value_tce", equal_value_tce),
        ("co2_t", co2_t),
    ):
        if value < 0:
            problems.append(Problem(None, name, "不能为负数 / must not be negative"))
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"预算有误 / bad budget ({fields})", problems)
    row = db_session.scalar(
        select(BudgetRow).where(
            BudgetRow.year == year, BudgetRow.scope == scope, BudgetRow.code == code
        )
    )
    before = None
    if row is None:
        row = BudgetRow(
            year=year,
            scope=scope,
            code=code,
            energy_equivalent_tce=0.0,
            energy_equal_value_tce=0.0,
            co2_t=0.0,
        )
        db_session.add(row)
    else:
        before = {
            "equivalent": row.energy_equivalent_tce,
            "equal_value": row.energy_equal_value_tce,
            "co2_t": row.co2_t,
        }
    row.energy_equivalent_tce, row.energy_equal_value_tce, row.co2_t = (
        equivalent_tce,
        equal_value_tce,
        co2_t,
    )
    row.source = source[:200]
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action="review.budget",
        entity="review_budget",
        entity_id=row.id,
        before=before,
        after={
            "year": year,
            "scope": scope,
            "code": code,
            "equivalent": equivalent_tce,
            "equal_value": equal_value_tce,
            "co2_t": co2_t,
        },
    )
    return row


def set_budgets(*, db_session: Session, year: int, rows: list[dict[str, Any]], actor: str) -> int:
    """Budgets of ``year`` from a decomposition table (:func:`.sheet.read_budgets`): all rows or
    none (a bad row is an InputError naming its row; the caller rolls back)."""
    for n, row in enumerate(rows, start=2):
        try:
            set_budget(db_session=db_session, year=year, actor=actor, **row)
        except InputError as exc:
            problems = [Problem(n, p.field, p.reason) for p in exc.problems]
            raise InputError(f"预算表第 {n} 行有误 / bad row {n}: {exc}", problems) from None
    return len(rows)


def current_district(code: str) -> str:
    """A district's current code (a former one mapped by the regions module: 水城县 520221 →
    水城区 520204); the code as given when the regions module does not know it."""
    region = find_region(code) if code else None
    return region.code if region else code


def electricity_equivalent_tce_per_kwh() -> tuple[float, str]:
    """当量值 of electricity (tce/kWh) from the factor library, and the record id."""
    coef = FactorBook().lookup("electricity", "coal_coefficient", per="kWh", gives="tce")
    if not isinstance(coef, Resolution):
        return 0.0, f"no electricity coefficient: {coef}"
    return coef.value * scale(("kWh", coef.record.unit), "tce"), coef.record.id


def published_usage(*, db_session: Session, region: str, year: int) -> dict[str, Any]:
    """The region's published energy consumption of ``year`` (the first of
    ``PUBLISHED_USAGE`` the statistics hold) with its source, in tce; ``value_tce`` None and a
    note saying so when there is none."""
    region = current_district(region)
    for indicator, covers in PUBLISHED_USAGE:
        found = [
            v
            for v in current_values(db_session=db_session, region=region, indicator=indicator)
            if v.year == year
        ]
        if found:
            v = found[0]
            return {
                "indicator": indicator,
                "name": v.name_as_published or get_indicator(indicator).name_zh,
                "value_tce": round(v.value * scale((v.unit,), "tce"), 3),
                "value_as_published": v.value,
                "unit_as_published": v.unit,
                "status": v.status,
                "covers": covers,
                "compared_with": "当量值 budget (the publication says how electricity is counted)",
                "source": v.source.line,
                "note": "",
            }
    names = "、".join(get_indicator(i).name_zh for i, _ in PUBLISHED_USAGE)
    return {
        "indicator": None,
        "name": None,
        "value_tce": None,
        "source": None,
        "note": (
            f"统计数据中无本地区 {year} 年公布的能源消费量（{names}）；预警按在线监测用量 / "
            f"no published energy consumption for {region} in {year} in the statistics yet; "
            "the warning uses the monitored sum"
        ),
    }


#: enterprise code -> (district, tce 当量值, tce 等价值, t CO2)
Usage = dict[str, tuple[str, float, float, float]]


def _usage(
    db_session: Session, start: datetime, end: datetime, per_kwh: float, coal_per_kwh: float
) -> Usage:
    usage: Usage = {}
    for ent in list_enterprises(db_session=db_session):
        s = enterprise_summary(
            db_session=db_session, enterprise_code=ent.code, period="month", start=start, end=end
        )
        eq = sum(s.comprehensive_tce.values())
        elec = s.by_energy_tce.get("electricity", 0.0)
        usage[ent.code] = (
            current_district(ent.district),
            eq,
            equal_value(eq, elec, per_kwh, coal_per_kwh),
            s.co2_combustion_t + s.co2_indirect_t,
        )
    return usage


def _inside(scope: str, code: str, district: str, owner: str) -> bool:
    return (
        scope == "city"
        or (scope == "district" and district == code)
        or (scope == "enterprise" and owner == code)
    )


def _within(usage: Usage, scope: str, code: str) -> tuple[float, float, float]:
    inside = [u for owner, u in usage.items() if _inside(scope, code, u[0], owner)]
    return (sum(u[1] for u in inside), sum(u[2] for u in inside), sum(u[3] for u in inside))


def monitored_usage(
    *, db_session: Session, year: int, scopes: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """The whole year's monitored usage (tce 当量值, tce 等价值, t CO2) of each (scope, code)."""
    per_kwh, _ = electricity_equivalent_tce_per_kwh()
    rate, _ = coal_rate(year)
    usage = _usage(
        db_session,
        datetime(year, 1, 1, tzinfo=CST),
        datetime(year + 1, 1, 1, tzinfo=CST),
        per_kwh,
        rate.gce_per_kwh * 1e-6,
    )
    return {
        (scope, code): _within(
            usage, scope, current_district(code) if scope == "district" else code
        )
        for scope, code in scopes
    }


#: the measures' names in an alert's Chinese half
MEASURE_ZH = {
    "equivalent": "当量值",
    "equal_value": "等价值",
    "co2": "二氧化碳",
    "published": "公布数",
}


def _labelled(measure: str, alert: str) -> str:
    zh, _, en = alert.partition(" / ")
    return f"{MEASURE_ZH[measure]} {zh} / {measure}: {en}"


def latest_year(*, db_session: Session, today: date | None = None) -> int:
    """The latest year with budgets not after this year (this year when none)."""
    this = (today or date.today()).year
    found = db_session.scalar(select(func.max(BudgetRow.year)).where(BudgetRow.year <= this))
    return int(found) if found else this


def budget_view(*, db_session: Session, year: int, until: date | None = None) -> dict[str, Any]:
    until = until or date.today()
    share_elapsed = elapsed(until) if until.year == year else (1.0 if until.year > year else 0.0)
    start = datetime(year, 1, 1, tzinfo=CST)
    end = (
        datetime(until.year, until.month, until.day, tzinfo=CST)
        if until.year == year
        else datetime(year + 1, 1, 1, tzinfo=CST)
    )
    per_kwh, per_kwh_id = electricity_equivalent_tce_per_kwh()
    rate, rate_note = coal_rate(year)
    usage = _usage(db_session, start, end, per_kwh, rate.gce_per_kwh * 1e-6)
    listed = db_session.scalars(
        select(ProjectRow).where(ProjectRow.status.in_((*APPROVED, EXEMPT)))
    )
    projects = list(listed)
    approved = [p for p in projects if counts_toward_budget(p.status)]
    exempt = [p for p in projects if p.status == EXEMPT]
    rows = []
    for b in db_session.scalars(
        select(BudgetRow).where(BudgetRow.year == year).order_by(BudgetRow.scope, BudgetRow.code)
    ):
        tce, tce_ev, co2 = _within(usage, b.scope, b.code)
        inside = [p for p in approved if _inside(b.scope, b.code, p.district, p.owner_uscc)]
        # a project adds to the budget year only if it starts in it or before
        adds = [p for p in inside if p.start_year <= year]
        later = [p for p in inside if p.start_year > year]
        small = [
            p
            for p in exempt
            if p.start_year <= year and _inside(b.scope, b.code, p.district, p.owner_uscc)
        ]
        checks = {
            "equivalent": check(tce, b.energy_equivalent_tce, share_elapsed),
            "equal_value": check(tce_ev, b.energy_equal_value_tce, share_elapsed),
            "co2": check(co2, b.co2_t, share_elapsed),
        }
        published = (
            published_usage(db_session=db_session, region=b.code, year=year)
            if b.scope in ("city", "district")
            else None
        )
        published_tce = published["value_tce"] if published else None
        basis = usage_basis(published_tce)
        if published_tce is not None:
            # a whole-year figure: its share is of the whole year's budget
            checks["published"] = check(published_tce, b.energy_equivalent_tce, 1.0)
        # the energy check the warning and the alerts show: the basis's, the other left out
        energy = {"published": "published", "monitored": "equivalent"}[basis]
        e_check = checks[energy]
        c_check = checks["co2"]
        shown = [k for k in checks if k == energy or k not in ("equivalent", "published")]
        rows.append(
            {
                "scope": b.scope,
                "code": b.code,
                "year": b.year,
                "budget": {
                    "equivalent_tce": b.energy_equivalent_tce,
                    "equal_value_tce": b.energy_equal_value_tce,
                    "co2_t": b.co2_t,
                },
                "used": {
                    "equivalent_tce": round(tce, 3),
                    "equal_value_tce": round(tce_ev, 3),
                    "co2_t": round(co2, 3),
                    "basis": "在线监测企业 metered enterprises (monitoring)",
                },
                "published": published,
                "warning_basis": basis,
                "ytd_share_pct": {
                    "energy": checks["equivalent"].as_json()["ytd_share_pct"],
                    "equal_value": checks["equal_value"].as_json()["ytd_share_pct"],
                    "co2": checks["co2"].as_json()["ytd_share_pct"],
                },
                "warning": {
                    "energy": e_check.ytd_warning,
                    "equal_value": checks["equal_value"].ytd_warning,
                    "co2": c_check.ytd_warning,
                },
                "checks": {k: c.as_json() for k, c in checks.items()},
                "alerts": [_labelled(k, a) for k in shown for a in checks[k].alerts()],
                "approved_projects_add": {
                    "projects": [p.id for p in adds],
                    "counted": [
                        {"id": p.id, "name": p.name, "start_year": p.start_year} for p in adds
                    ],
                    "not_counted": [
                        {"id": p.id, "name": p.name, "start_year": p.start_year} for p in later
                    ],
                    "exempt": [
                        {"id": p.id, "name": p.name, "start_year": p.start_year} for p in small
                    ],
                    "rule": (
                        f"已批未投产且开工年份 ≤ {year} 的项目；不单独进行节能审查的项目不计入 / "
                        f"approved projects not yet in operation that start in {year} or before; "
                        "projects not reviewed separately are not counted"
                    ),
                    "dual_control_tce": round(sum(p.dual_control_tce or 0 for p in adds), 3),
                    "co2_t": round(sum(p.co2_t or 0 for p in adds), 3),
                },
                "source": b.source,
            }
        )
    return {
        "year": year,
        "until": until,
        "elapsed_share": round(share_elapsed, 4),
        "equal_value_basis": {
            "power_supply_coal_gce_per_kwh": rate.gce_per_kwh,
            "power_supply_coal_year": rate.year,
            "source": f"{rate.source} ({rate.status}); data/power_supply_coal.csv",
            "note": rate_note,
            "electricity_equivalent": per_kwh_id,
        },
        "budgets": rows,
    }
