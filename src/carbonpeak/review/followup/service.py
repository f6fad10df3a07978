"""Runs the monthly comparison for every commissioned project over the monitoring module's
data of the same enterprise (统一社会信用代码) and keeps one alert per project, month and
measure (a second run adds none). Audited. The caller commits."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import NotFound
from carbonpeak.monitoring import CST, enterprise_summary, get_enterprise, process_months
from carbonpeak.review.followup.rules import default_margin, exceedances, metered_unit
from carbonpeak.review.model import Status
from carbonpeak.review.orm import ProjectRow, ReviewAlertRow


def _month(ts: datetime) -> str:
    return ts.astimezone(CST).strftime("%Y-%m")


def _approved_units(project: ProjectRow) -> dict[str, str]:
    """The unit of each approved unit consumption (``unit:coke_top`` → ``kgce/t``): the
    benchmark's, in which the application declared it (the stored assessment)."""
    benchmarks = json.loads(project.assessment or "{}").get("benchmarks", [])
    return {f"unit:{b['product']}": str(b.get("unit", "")) for b in benchmarks}


def check_project(
    *, db_session: Session, project: ProjectRow, until: date, margin: float
) -> tuple[list[ReviewAlertRow], str]:
    """New alerts of one project, and a note: why nothing could be compared, or the basis of
    the monthly energy compared (the metered process that is the project, else the
    enterprise's comprehensive energy)."""
    if project.commissioned_on is None or not project.decisions:
        return [], "未投产 / not commissioned"
    try:
        get_enterprise(db_session=db_session, code=project.owner_uscc)
    except NotFound:
        return [], f"企业 {project.owner_uscc} 未接入在线监测 / not metered"
    decision = project.decisions[-1]
    start = datetime(project.commissioned_on.year, project.commissioned_on.month, 1, tzinfo=CST)
    end = datetime(until.year, until.month, until.day, tzinfo=CST)
    summary = enterprise_summary(
        db_session=db_session,
        enterprise_code=project.owner_uscc,
        period="month",
        start=start,
        end=end,
    )
    monthly = {_month(k): v for k, v in summary.comprehensive_tce.items()}
    approved_unit = {f"unit:{k}": float(v) for k, v in json.loads(decision.approved_unit).items()}
    units: dict[str, dict[str, float]] = {}
    processes = process_months(
        db_session=db_session, enterprise_code=project.owner_uscc, start=start, end=end
    )
    names = {p.process for p in processes}
    basis = "企业综合能耗 / the enterprise's comprehensive energy"
    if len(approved_unit) == 1 and len(names) == 1:  # one product, one metered process
        (measure,) = approved_unit
        # in the approved value's unit (the benchmark's): a line metered in kWh/t and kgce/t
        # (an aluminium smelter) is compared in the unit it was approved in
        unit = _approved_units(project).get(measure, "")
        units[measure] = {
            _month(p.month): value
            for p in processes
            if (value := metered_unit(unit, kgce_per_t=p.kgce_per_t, kwh_per_t=p.kwh_per_t))
            is not None
        }
        # the project is that process: its energy (工序能耗) is the approval's basis; the
        # enterprise total also counts what the plant converts (a coking plant's coal charge)
        monthly = {_month(p.month): p.energy_tce for p in processes}
        basis = f"工序能耗 / the energy of process {next(iter(names))}"
    found = exceedances(
        decision.approved_equivalent_tce or 0.0, monthly, units, margin, approved_unit
    )
    known = {
        (a.month, a.measure)
        for a in db_session.scalars(
            select(ReviewAlertRow).where(ReviewAlertRow.project_id == project.id)
        )
    }
    new = []
    for e in found:
        if (e.month, e.measure) in known:
            continue
        row = ReviewAlertRow(
            project_id=project.id,
            month=e.month,
            measure=e.measure,
            approved=e.approved,
            monitored=e.monitored,
            margin=margin,
        )
        db_session.add(row)
        new.append(row)
    return new, basis


def run_check(
    *,
    db_session: Session,
    until: date | None = None,
    margin: float | None = None,
    actor: str = "system",
) -> dict[str, Any]:
    """Compare every commissioned project; new alerts are audited."""
    margin = default_margin() if margin is None else margin
    until = until or date.today()
    projects = db_session.scalars(
        select(ProjectRow).where(ProjectRow.status == Status.COMMISSIONED.value)
    )
    report = []
    for p in projects:
        alerts, note = check_project(db_session=db_session, project=p, until=until, margin=margin)
        db_session.flush()
        for a in alerts:
            audit.record(
                db_session=db_session,
                actor=actor,
                action="review.alert",
                entity="review_project",
                entity_id=p.id,
                after={
                    "month": a.month,
                    "measure": a.measure,
                    "approved": a.approved,
                    "monitored": a.monitored,
                    "margin": margin,
                },
            )
        report.append({"project_id": p.id, "name": p.name, "new_alerts": len(alerts), "note": note})
    return {"margin": margin, "until": until, "projects": report}


def list_review_alerts(
    *, db_session: Session, project_id: int | None = None
) -> list[dict[str, Any]]:
    stmt = (
        select(ReviewAlertRow, ProjectRow.name)
        .join(ProjectRow, ProjectRow.id == ReviewAlertRow.project_id)
        .order_by(ReviewAlertRow.project_id, ReviewAlertRow.month, ReviewAlertRow.measure)
    )
    if project_id is not None:
        stmt = stmt.where(ReviewAlertRow.project_id == project_id)
    return [
        {
            "id": a.id,
            "project_id": a.project_id,
            "project": name,
            "month": a.month,
            "measure": a.measure,
            "approved": a.approved,
            "monitored": a.monitored,
            "excess_pct": round(100 * (a.monitored / a.approved - 1), 2) if a.approved else None,
            "margin": a.margin,
            "state": a.state,
        }
        for a, name in db_session.execute(stmt)
    ]
