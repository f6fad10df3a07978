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

from carbonpeak.monitoring import CST, list_enterprises, process_months
from carbonpeak.review.assessment.classify import two_high
from carbonpeak.review.assessment.reference import industries
from carbonpeak.review.orm import ProjectRow
from carbonpeak.review.twohigh.rules import disposal, plant_benchmark


def _projects(db: Session) -> list[dict[str, Any]]:
    out = []
    for row in db.scalars(
        select(ProjectRow).where(ProjectRow.two_high.is_(True)).order_by(ProjectRow.id)
    ):
        a = json.loads(row.assessment or "{}")
        payload = json.loads(row.payload)
        for b in a.get("benchmarks") or [{}]:
            action, deadline, source = disposal(
                b.get("value"), b.get("benchmark"), b.get("baseline")
            )
            out.append(
                {
                    "kind": "project",
                    "id": row.id,
                    "name": row.name,
                    "owner_uscc": row.owner_uscc,
                    "district": row.district,
                    "industry": row.industry,
                    "stage": row.stage,
                    "status": row.status,
                    "capacity": [
                        f"{p['product']} {p['output']} {p['unit']}" for p in payload["products"]
                    ],
                    "energy_equivalent_tce": row.equivalent_tce,
                    "energy_equal_value_tce": row.equal_value_tce,
                    "product": b.get("name_zh"),
                    "unit_consumption": b.get("value"),
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
    start = datetime(until.year - 2, 1, 1, tzinfo=CST)  # the latest metered month counts
    end = datetime(until.year, until.month, until.day, tzinfo=CST)
    for ent in list_enterprises(db_session=db):
        code = ent.industry_code.lstrip("CDI")
        if not two_high(code).two_high:
            continue
        months = process_months(db_session=db, enterprise_code=ent.code, start=start, end=end)
        latest: dict[str, Any] = {}
        for m in months:
            latest[m.process] = m  # months come in order: the last one stays
        for m in latest.values():
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
                    "district": ent.district,
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
        "projects": _projects(db_session),
        "plants": _plants(db_session, until),
        "scope_source": "环环评〔2021〕45号 (two_high_scope.csv)",
        "industries": {k: v.name_zh for k, v in industries().items() if v.two_high_group},
    }
