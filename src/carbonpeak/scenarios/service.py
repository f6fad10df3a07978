"""Saved scenario runs in the database (keyword-only functions, session first; no commit)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import NotFound
from carbonpeak.scenarios.orm import ScenarioRunRow


def save_run(
    *,
    db_session: Session,
    report: Mapping[str, Any],
    options: Mapping[str, Any],
    actor: str,
    definition: str = "",
) -> ScenarioRunRow:
    """Store one run report (:func:`carbonpeak.scenarios.run_named`) and audit it."""
    peak = report["peak"]
    mc = report.get("montecarlo")
    row = ScenarioRunRow(
        scenario=report["scenario"],
        chain=json.dumps(report["chain"], ensure_ascii=False),
        definition=definition,
        options=json.dumps(dict(options), ensure_ascii=False),
        metric=report["metric"],
        peak_year=int(peak["year"]),
        peak_value_t=float(peak["value_t"]),
        peaked=bool(peak["peaked_within_horizon"]),
        p_peak_by_2030=None if mc is None else float(mc["p_peak_by_2030"]),
        illustrative=bool(report.get("base_year_illustrative", True)),
        result=json.dumps(report, ensure_ascii=False),
        created_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="scenario.run.save",
        entity="scn_runs",
        entity_id=row.id,
        after={"scenario": row.scenario, "options": dict(options), "peak_year": row.peak_year},
    )
    return row


def list_runs(*, db_session: Session, scenario: str | None = None) -> list[ScenarioRunRow]:
    query = select(ScenarioRunRow).order_by(ScenarioRunRow.id.desc())
    if scenario:
        query = query.where(ScenarioRunRow.scenario == scenario)
    return list(db_session.scalars(query))


def get_run(*, db_session: Session, run_id: int) -> ScenarioRunRow:
    row = db_session.get(ScenarioRunRow, run_id)
    if row is None:
        raise NotFound(f"没有该运行记录 / no saved scenario run {run_id}")
    return row


def summary(row: ScenarioRunRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "scenario": row.scenario,
        "chain": json.loads(row.chain),
        "options": json.loads(row.options),
        "metric": row.metric,
        "peak_year": row.peak_year,
        "peak_value_t": row.peak_value_t,
        "peaked": row.peaked,
        "p_peak_by_2030": row.p_peak_by_2030,
        "illustrative": row.illustrative,
        "custom": bool(row.definition),
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by,
    }
