"""HTTP API of tracking: indicators, values, statuses, overrides, warnings, assessments and
the annual report. Thin: parse, check who may, call the service, commit once, format.
Reads are public like the plan's; writes need a token (unit editors only for their tasks'
indicators; admins — the climate office — for the rest). Tasks and reports: ``api_progress``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile, status
from pydantic import BaseModel, Field

from carbonpeak.auth import Principal, Role, current_principal, require_role
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import Db
from carbonpeak.plan import get_plan
from carbonpeak.tracking import (
    alerts,
    assessment,
    computed,
    notify,
    scoring,
    service,
    statuses,
    values,
)
from carbonpeak.tracking.access import require_indicator_editor
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.orm import IndicatorRow, IndicatorValueRow

router = APIRouter(prefix="/tracking", tags=["tracking 目标跟踪与考核"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ValueIn(BaseModel):
    observed_on: date
    value: float
    unit: str | None = None
    source: str
    comment: str | None = None


class CorrectionIn(BaseModel):
    value: float
    unit: str | None = None
    comment: str = Field(description="更正理由（必填） / reason for the correction (required)")
    source: str | None = None


class OverrideIn(BaseModel):
    status: Status
    reason: str


class ComputedIn(BaseModel):
    region: str
    year: int
    key: str
    value: float
    unit: str
    source: str = "inventory"
    note: str | None = None


class ContactIn(BaseModel):
    unit: str
    email: str


def _indicator_out(row: IndicatorRow) -> dict[str, Any]:
    return {
        "id": row.id,
        **service.indicator_snapshot(row),
        "targets": [t.target_key for t in row.targets],
    }


def _value_out(row: IndicatorValueRow, current: set[int] | None = None) -> dict[str, Any]:
    out = {
        "id": row.id,
        **values.value_snapshot(row),
        "entered_by": row.entered_by,
        "entered_at": row.entered_at,
        "illustrative": statuses.is_illustrative(row),
    }
    if current is not None:
        out["current"] = row.id in current
    return out


def _as_of(as_of: date | None) -> date:
    return as_of or date.today()


@router.get("/{plan_ref}/indicators", summary="指标 / indicators")
def list_indicators(plan_ref: str, db: Db) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    return [_indicator_out(r) for r in service.list_indicators(db_session=db, plan_id=plan.id)]


@router.post("/{plan_ref}/indicators/sync", summary="同步指标 / attach targets to indicators")
def sync_indicators(plan_ref: str, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = service.sync_indicators(db_session=db, plan=plan, actor=principal.username)
    db.commit()
    return {"created": result.created, "linked": result.linked, "detached": result.detached}


@router.patch("/indicators/{indicator_id}", summary="修改指标设置 / change indicator settings")
def patch_indicator(
    indicator_id: int, changes: dict[str, Any], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    row = service.get_indicator(db_session=db, indicator_id=indicator_id)
    service.update_indicator(
        db_session=db, indicator=row, changes=changes, actor=principal.username
    )
    db.commit()
    return _indicator_out(row)


@router.get("/indicators/{indicator_id}/values", summary="数值（含历史版本） / values")
def list_values(
    indicator_id: int, db: Db, history: bool = Query(False, description="含被更正的旧版本")
) -> list[dict[str, Any]]:
    service.get_indicator(db_session=db, indicator_id=indicator_id)
    current = values.current_values(db_session=db, indicator_id=indicator_id)
    if not history:
        return [_value_out(r) for r in current]
    ids = {r.id for r in current}
    return [_value_out(r, ids) for r in values.history(db_session=db, indicator_id=indicator_id)]


@router.post(
    "/indicators/{indicator_id}/values",
    status_code=status.HTTP_201_CREATED,
    summary="填报数值 / add a value",
)
def add_value(
    indicator_id: int, body: ValueIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    row = service.get_indicator(db_session=db, indicator_id=indicator_id)
    require_indicator_editor(db_session=db, principal=principal, indicator=row)
    v = values.add_value(
        db_session=db,
        indicator=row,
        observed_on=body.observed_on,
        value=body.value,
        unit=body.unit,
        source=body.source,
        comment=body.comment,
        actor=principal.username,
    )
    db.commit()
    return _value_out(v)


@router.post(
    "/values/{value_id}/corrections",
    status_code=status.HTTP_201_CREATED,
    summary="更正数值（新版本） / correct a value (a new version)",
)
def correct_value(
    value_id: int, body: CorrectionIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    old = db.get(IndicatorValueRow, value_id)
    if old is None:
        raise NotFound(f"value: 数值不存在 / no such value: {value_id}")
    ind = service.get_indicator(db_session=db, indicator_id=old.indicator_id)
    require_indicator_editor(db_session=db, principal=principal, indicator=ind)
    v = values.correct_value(
        db_session=db,
        value_id=value_id,
        value=body.value,
        unit=body.unit,
        comment=body.comment,
        source=body.source,
        actor=principal.username,
    )
    db.commit()
    return _value_out(v)


@router.post("/indicators/{indicator_id}/values/import", summary="导入数值 CSV / import values")
async def import_values(
    indicator_id: int,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="CSV: date,value,unit,source[,comment]")],
) -> dict[str, Any]:
    row = service.get_indicator(db_session=db, indicator_id=indicator_id)
    require_indicator_editor(db_session=db, principal=principal, indicator=row)
    data = await file.read(get_settings().max_body_bytes + 1)
    if len(data) > get_settings().max_body_bytes:
        raise InputError("file: 文件过大 / file too large")
    rows = values.parse_values_csv(data, name=file.filename or "upload.csv")
    n = values.import_values(db_session=db, indicator=row, rows=rows, actor=principal.username)
    db.commit()
    return {"imported": n}


@router.post("/{plan_ref}/computed", summary="核算引擎计算值 / values from the accounting engine")
def post_computed(
    plan_ref: str, body: list[ComputedIn], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = computed.store_computed(
        db_session=db,
        plan_id=plan.id,
        values=[computed.ComputedValue(**b.model_dump()) for b in body],
        actor=principal.username,
    )
    db.commit()
    return {
        "added": result.added,
        "corrected": result.corrected,
        "unchanged": result.unchanged,
        "skipped": list(result.skipped),
    }


@router.get("/{plan_ref}/statuses", summary="目标状态 / target statuses")
def get_statuses(
    plan_ref: str,
    db: Db,
    as_of: date | None = None,
    status_: Status | None = Query(None, alias="status"),
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    out = statuses.evaluate_plan(db_session=db, plan_id=plan.id, as_of=_as_of(as_of))
    return [s.as_dict() for s in out if status_ is None or s.result.status == status_]


@router.patch("/{plan_ref}/targets/{target_key}", summary="进度判断设置 / trajectory settings")
def patch_target(
    plan_ref: str, target_key: str, changes: dict[str, Any], db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    service.update_link(db_session=db, link=link, changes=changes, actor=principal.username)
    db.commit()
    return service.link_snapshot(link)


@router.put("/{plan_ref}/targets/{target_key}/override", summary="人工认定状态 / manual status")
def put_override(
    plan_ref: str, target_key: str, body: OverrideIn, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    statuses.set_override(
        db_session=db, link=link, status=body.status, reason=body.reason, actor=principal.username
    )
    db.commit()
    return statuses.evaluate_link(db_session=db, link=link, as_of=date.today()).as_dict()


@router.delete("/{plan_ref}/targets/{target_key}/override", summary="撤销人工状态 / lift it")
def delete_override(
    plan_ref: str, target_key: str, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    link = service.find_link(db_session=db, plan_id=plan.id, ref=target_key)
    statuses.clear_override(db_session=db, link=link, actor=principal.username)
    db.commit()
    return statuses.evaluate_link(db_session=db, link=link, as_of=date.today()).as_dict()


@router.get("/{plan_ref}/warnings", summary="预警 / early warnings")
def get_warnings(
    plan_ref: str, db: Db, unit: str | None = None, include_resolved: bool = False
) -> list[dict[str, Any]]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    rows = alerts.open_warnings(
        db_session=db, plan_id=plan.id, unit=unit, include_resolved=include_resolved
    )
    return [
        {
            "id": w.id,
            "key": w.key,
            "kind": w.kind,
            "message": w.message,
            "units": [u for u in w.units.split("、") if u],
            "raised_at": w.raised_at,
            "resolved_at": w.resolved_at,
        }
        for w in rows
    ]


@router.post("/{plan_ref}/warnings/check", summary="检查预警并生成通知 / check and queue")
def check_warnings(
    plan_ref: str, db: Db, principal: CurrentPrincipal, as_of: date | None = None
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    result = alerts.check(
        db_session=db, plan_id=plan.id, as_of=_as_of(as_of), actor=principal.username
    )
    queued = notify.queue_notifications(db_session=db, plan_id=plan.id, as_of=_as_of(as_of))
    db.commit()
    return {
        "raised": len(result.raised),
        "resolved": len(result.resolved),
        "queued": len(queued.queued),
        "units_without_contact": sorted(queued.no_contact),
    }


@router.put("/contacts", summary="单位联系邮箱 / a unit's notification address")
def put_contact(body: ContactIn, db: Db, principal: CurrentPrincipal) -> dict[str, str]:
    require_role(principal, Role.ADMIN)
    notify.set_contact(
        db_session=db, unit_name=body.unit, email=body.email, actor=principal.username
    )
    db.commit()
    return {"unit": body.unit, "email": body.email}


@router.get("/outbox", summary="通知发件箱 / notification outbox")
def get_outbox(
    db: Db, principal: CurrentPrincipal, status_: str | None = Query(None, alias="status")
) -> list[dict[str, Any]]:
    require_role(principal, Role.ADMIN)
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "unit": r.unit_name,
            "recipient": r.recipient,
            "subject": r.subject,
            "status": r.status,
            "attempts": r.attempts,
            "last_error": r.last_error,
            "created_at": r.created_at,
            "sent_at": r.sent_at,
        }
        for r in notify.outbox(db_session=db, status=status_)
    ]


@router.get("/{plan_ref}/assessments/{year}", summary="年度评估 / annual assessment")
def get_assessment(plan_ref: str, year: int, db: Db) -> dict[str, Any]:
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    return assessment.payload_of(db_session=db, plan_id=plan.id, year=year)


@router.post("/{plan_ref}/assessments/{year}", summary="计算年度评估（草稿） / compute draft")
async def run_assessment(
    plan_ref: str,
    year: int,
    db: Db,
    principal: CurrentPrincipal,
    scheme: Annotated[
        UploadFile | None, File(description="考核办法 YAML (default: the bundled scheme)")
    ] = None,
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    chosen = None
    if scheme is not None:
        raw = await scheme.read(get_settings().max_body_bytes + 1)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("scheme: 应为 UTF-8 YAML / must be UTF-8 YAML") from None
        chosen = scoring.scheme_from_text(text, source=scheme.filename or "scheme")
    assessment.run(db_session=db, plan=plan, year=year, actor=principal.username, scheme=chosen)
    db.commit()
    return assessment.payload_of(db_session=db, plan_id=plan.id, year=year)


@router.post("/{plan_ref}/assessments/{year}/publish", summary="发布并冻结 / publish (freeze)")
def publish_assessment(
    plan_ref: str, year: int, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    plan = get_plan(db_session=db, plan_ref=plan_ref)
    row = assessment.get_assessment(db_session=db, plan_id=plan.id, year=year)
    if row is None:
        raise NotFound(f"year: {year} 年尚无年度评估 / no assessment for {year}: run it first")
    snap = assessment.publish(db_session=db, assessment=row, actor=principal.username)
    db.commit()
    return {"year": year, "state": "published", "sha256": snap.sha256}
