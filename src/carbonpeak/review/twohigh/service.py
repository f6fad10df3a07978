"""The two-high list: register projects in the 两高 scope (stage, capacity, energy, unit
consumption vs 标杆/基准, 分类处置) and metered plants in scope with their latest monthly unit
consumption against 标杆/基准 (the benchmark row of the plan process each is metered as) with its
分类处置, and the plan's process limits (monitoring's classification)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.errors import NotFound
from carbonpeak.monitoring import CST, get_enterprise, list_enterprises, process_months
from carbonpeak.review.assessment.classify import two_high
from carbonpeak.review.assessment.reference import find_benchmark, industries
from carbonpeak.review.budgets.service import current_district
from carbonpeak.review.model import Status
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.twohigh.rules import (
    disposal,
    metered_process,
    plant_benchmark,
    project_disposal,
)


def _latest(db: Session, code: str, until: date) -> dict[str, Any]:
    """The latest metered month of each process of an enterprise (none if not metered)."""
    try:
        get_enterprise(db_session=db, code=code)
    except NotFound:
        return {}
    start = datetime(until.year - 2, 1, 1, tzinfo=CST)  # the latest metered month counts
    end = datetime(until.year, until.month, until.day, tzinfo=CST)
    latest: dict[str, Any] = {}
    for m in process_months(db_session=db, enterprise_code=code, start=start, end=end):
        latest[m.process] = m  # months come in order: the last one stays
    return latest


def _metered(db: Session, row: ProjectRow, product: str | None, until: date) -> dict[str, Any]:
    """A commissioned project's live unit consumption: the latest month of the owner's metered
    process that is the project (:func:`metered_process`), in the benchmark's unit; {} when the
    project is not commissioned, its owner not metered or the process not identified."""
    bench = find_benchmark(product or "")
    if row.status != Status.COMMISSIONED.value or bench is None:
        return {}
    by_name = {m.name: m for m in _latest(db, row.owner_uscc, until).values()}
    name = metered_process(bench.plan_process, {n: m.benchmark for n, m in by_name.items()})
    if name is None:
        return {}
    m = by_name[name]
    value = m.kwh_per_t if bench.unit == "kWh/t" else m.kgce_per_t
    if value is None:
        return {}
    return {"process": name, "month": m.month.astimezone(CST).strftime("%Y-%m"), "value": value}


def _capacity(product: dict[str, Any]) -> str:
    """A product line as people write it: 电石 10 万t (the benchmark's name, not its key)."""
    bench = find_benchmark(product["product"])
    name = bench.name_zh if bench else product["product"]
    return f"{name} {product['output']:g} {product['unit']}"


def _projects(db: Session, until: date) -> list[dict[str, Any]]:
    out = []
    for row in db.scalars(
        select(ProjectRow).where(ProjectRow.two_high.is_(True)).order_by(ProjectRow.id)
    ):
        a = json.loads(row.assessment or "{}")
        payload = json.loads(row.payload)
        decided = json.loads(row.decisions[-1].approved_unit) if row.decisions else {}
        for b in a.get("benchmarks") or [{}]:
            # the approved value (the decision's), else the declared one
            approved = decided.get(b.get("product"), b.get("value"))
            metered = _metered(db, row, b.get("product"), until)
            # a commissioned project whose process is metered: classified on the live value
            value = metered.get("value", approved)
            action, deadline, source = project_disposal(
                row.stage, row.status, value, b.get("benchmark"), b.get("baseline")
            )
            out.append(
                {
                    "kind": "project",
                    "id": row.id,
                    "name": row.name,
                    "owner_uscc": row.owner_uscc,
                    "district": current_district(row.district),
                    "industry": row.industry,
                    "stage": row.stage,
                    "status": row.status,
                    "capacity": [_capacity(p) for p in payload["products"]],
                    "energy_equivalent_tce": row.equivalent_tce,
                    "energy_equal_value_tce": row.equal_value_tce,
                    "product": b.get("name_zh"),
                    "unit_consumption": value,
                    "approved_unit_consumption": approved,
                    "basis": "metered 在线监测" if metered else "approved 审批值",
                    "process": metered.get("process"),
                    "month": metered.get("month"),
                    "unit": b.get("unit"),
                    "benchmark": b.get("benchmark"),
                    "baseline": b.get("baseline"),
                    "disposal": action,
                    "deadline": deadline,
                    "source": source,
                }
            )
    return out


def _plants(db: Session, until: date) -> list[dict[str, Any]]:
    out = []
    for ent in list_enterprises(db_session=db):
        code = ent.industry_code.lstrip("CDI")
        if not two_high(code).two_high:
            continue
        for m in _latest(db, ent.code, until).values():
            exceeded = [c.limit for c in m.classification.exceeded]
            bench, why = plant_benchmark(m.benchmark)
            if bench is not None and bench.unit == "kWh/t":
                value, unit = m.kwh_per_t, "kWh/t"
            elif m.kgce_per_t is not None:
                value, unit = m.kgce_per_t, "kgce/t"
            else:
                value, unit = m.kwh_per_t, "kWh/t"
            if bench is not None and value is not None:
                action, deadline, source = disposal(value, bench.benchmark, bench.baseline)
            else:
                action, deadline, source = why or "待核定 no unit consumption", "", ""
            if exceeded:
                action = f"{action}; 限期整改 rectify (超过方案工序限额)"
            out.append(
                {
                    "kind": "plant",
                    "id": ent.code,
                    "name": ent.name,
                    "owner_uscc": ent.code,
                    "district": current_district(ent.district),
                    "industry": code,
                    "stage": "存量",
                    "status": "metered 在线监测",
                    "capacity": [ent.capacity],
                    "process": m.name,
                    "month": m.month.astimezone(CST).strftime("%Y-%m"),
                    "unit_consumption": value,
                    "unit": unit,
                    "product": bench.name_zh if bench else None,
                    "benchmark": bench.benchmark if bench else None,
                    "baseline": bench.baseline if bench else None,
                    "benchmark_source": (
                        f"{bench.document} ({bench.edition}, {bench.status})" if bench else ""
                    ),
                    "plan_limit_exceeded": bool(exceeded),
                    "disposal": action,
                    "deadline": deadline,
                    "source": source,
                    "illustrative": ent.illustrative,
                }
            )
    return out


def two_high_list(*, db_session: Session, until: date | None = None) -> dict[str, Any]:
    until = until or date.today()
    return {
        "projects": _projects(db_session, until),
        "plants": _plants(db_session, until),
        "scope_source": "环环评〔2021〕45号 (two_high_scope.csv)",
        "industries": {k: v.name_zh for k, v in industries().items() if v.two_high_group},
    }
