"""HTTP API of online energy monitoring, under ``/api/v1/monitoring``. Thin: parse the request,
call the service, commit, format.

``POST /readings`` takes ``{"enterprise", "readings": [{"point", "ts", "value"}]}`` with an
enterprise token (or an admin's) and replies ``{"accepted", "duplicates", "rejected"}`` only
after the rows are committed (on SQLite in WAL mode with ``synchronous=FULL``: the commit has
reached the disk). Reads need a login; an enterprise user sees only its own data.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from pydantic_core import from_json

from carbonpeak.auth import Principal, Role, current_principal, require_role
from carbonpeak.core.errors import CarbonpeakError, InputError, PermissionDenied
from carbonpeak.core.memory import gc_paused
from carbonpeak.core.settings import get_settings
from carbonpeak.db.session import Db
from carbonpeak.monitoring import analysis, registry, service, watch
from carbonpeak.monitoring.rollup import CST

router = APIRouter(prefix="/monitoring", tags=["monitoring 能耗在线监测"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
PeriodParam = Annotated[Literal["hour", "day", "month"], Query(description="hour | day | month")]
StartParam = Annotated[str, Query(description="起 start: 2026-01-01 (CST) or ISO 8601 instant")]
EndParam = Annotated[str, Query(description="止 end (exclusive)")]


class PayloadTooLarge(CarbonpeakError):
    http_status = 413


async def raw_body(request: Request) -> bytes:
    """The request body, refused with 413 beyond ``max_body_bytes`` (checked while reading)."""
    limit = get_settings().max_body_bytes
    too_large = PayloadTooLarge(
        f"请求体超过 {limit} 字节 / request body larger than {limit} bytes: send smaller batches"
    )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def parse_when(text: str, name: str) -> datetime:
    """A date (local midnight, CST) or an ISO 8601 instant with offset."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), CST)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} {text!r} 不是日期 / {name} {text!r} is not a date") from None
    if when.tzinfo is None:
        raise InputError(f"{name} {text!r} 缺少时区 / {name} {text!r} needs a UTC offset")
    return when


def _scope(principal: Principal, code: str | None = None) -> str | None:
    """The enterprise an enterprise user is limited to (checked against ``code``)."""
    if principal.role != Role.ENTERPRISE:
        return None
    own = principal.enterprise_code
    if code is not None and code.strip().upper() != own:
        raise PermissionDenied(
            f"只能查看本企业 {own} 的数据 / an enterprise user may only see enterprise {own}"
        )
    return own


#: Batches are handled one at a time per server process (more processes run in parallel): the
#: work is CPU-bound Python, so threads of one process would only take turns on the GIL, and a
#: thread inserting rows (the driver releases the GIL at every row) would wait for the GIL
#: after each row while another thread parses JSON.
_one_batch_at_a_time = threading.Lock()


@router.post("/readings", summary="报送读数 / submit readings")
def post_readings(
    db: Db, principal: CurrentPrincipal, body: Annotated[bytes, Depends(raw_body)]
) -> dict[str, Any]:
    if principal.role not in (Role.ENTERPRISE, Role.ADMIN):
        require_role(principal, Role.ENTERPRISE, Role.ADMIN)
    with _one_batch_at_a_time, gc_paused():
        try:
            payload = from_json(body)  # pydantic-core's parser: one pass, in Rust
        except ValueError as exc:
            raise InputError(f"JSON 格式错误 / malformed JSON: {exc}") from None
        result = service.ingest(
            db_session=db,
            payload=payload,
            actor=principal.username,
            source="http",
            enterprise_scope=_scope(principal),
        )
        db.commit()  # reply only after the rows are durable
        del payload
    return result.reply()


class EnterpriseOut(BaseModel):
    code: str
    name: str
    industry_code: str
    district: str
    capacity: str
    key_unit: bool
    illustrative: bool


@router.get("/enterprises", summary="重点用能单位 / monitored enterprises")
def list_enterprises(db: Db, principal: CurrentPrincipal) -> list[EnterpriseOut]:
    own = _scope(principal)
    rows = registry.list_enterprises(db_session=db)
    return [
        EnterpriseOut.model_validate(registry.to_enterprise(r), from_attributes=True)
        for r in rows
        if own is None or r.code == own
    ]


@router.get("/enterprises/{code}", summary="企业、计量点与工序 / enterprise registry")
def get_enterprise(code: str, db: Db, principal: CurrentPrincipal) -> dict[str, Any]:
    _scope(principal, code)
    reg = registry.registry(db_session=db, enterprise_code=code.strip().upper())
    ent = registry.to_enterprise(registry.get_enterprise(db_session=db, code=code))
    return {
        "enterprise": EnterpriseOut.model_validate(ent, from_attributes=True).model_dump(),
        "points": [
            {
                "code": p.code,
                "name": p.name,
                "energy": p.energy,
                "purpose": p.purpose.value,
                "unit": p.unit,
                "multiplier": p.multiplier,
                "kind": p.kind.value,
                "product": p.product,
                "rollover": p.rollover,
                "interval_minutes": p.interval_minutes,
            }
            for p in reg.points.values()
        ],
        "processes": [
            {
                "code": p.code,
                "name": p.name,
                "benchmark": p.benchmark,
                "energy_points": list(p.energy_points),
                "output_point": p.output_point,
            }
            for p in reg.processes.values()
        ],
    }


@router.get("/points/{code}/readings", summary="原始读数 / raw readings of a point")
def get_readings(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[dict[str, Any]]:
    _scope(principal, service.point_owner(db_session=db, point_code=code))
    rows = service.readings(
        db_session=db,
        point_code=code,
        start=parse_when(start, "start"),
        end=parse_when(end, "end"),
    )
    return [
        {"ts": r.ts.isoformat(), "value": r.value, "received_at": r.received_at.isoformat()}
        for r in rows
    ]


@router.get("/enterprises/{code}/consumption", summary="能耗 / consumption per point and period")
def get_consumption(
    code: str,
    db: Db,
    principal: CurrentPrincipal,
    start: StartParam,
    end: EndParam,
    period: PeriodParam = "day",
) -> dict[str, Any]:
    _scope(principal, code)
    lo, hi = parse_when(start, "start"), parse_when(end, "end")
    rows = analysis.consumption(
        db_session=db, enterprise_code=code, period=period, start=lo, end=hi
    )
    s = analysis.summary(db_session=db, enterprise_code=code, period=period, start=lo, end=hi)
    return {
        "enterprise": s.enterprise,
        "period": period,
        "points": [
            {
                "point": r.point,
                "energy": r.energy,
                "purpose": r.purpose,
                "start": r.start.astimezone(CST).isoformat(),
                "amount": r.amount,
                "unit": r.unit,
                "tce": r.tce,
                "note": r.note,
            }
            for r in rows
        ],
        "comprehensive_tce": {
            k.astimezone(CST).isoformat(): v for k, v in s.comprehensive_tce.items()
        },
        "by_energy_tce": s.by_energy_tce,
        "co2_t": {
            "combustion": s.co2_combustion_t,
            "purchased_electricity_heat": s.co2_indirect_t,
            "total": s.co2_combustion_t + s.co2_indirect_t,
        },
        "gaps": s.gaps,
    }


@router.get("/enterprises/{code}/processes", summary="单位产品能耗 / process unit consumption")
def get_processes(
    code: str, db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> list[dict[str, Any]]:
    _scope(principal, code)
    months = analysis.process_months(
        db_session=db,
        enterprise_code=code,
        start=parse_when(start, "start"),
        end=parse_when(end, "end"),
    )
    return [
        {
            "process": m.process,
            "name": m.name,
            "benchmark": m.benchmark,
            "month": m.month.astimezone(CST).date().isoformat()[:7],
            "energy_tce": m.energy_tce,
            "electricity_kwh": m.electricity_kwh,
            "output_t": m.output_t,
            "kgce_per_t": m.kgce_per_t,
            "kwh_per_t": m.kwh_per_t,
            "status": m.classification.status,
            "grade": m.classification.grade,
            "checks": [
                {
                    "limit": c.limit.describe(),
                    "value": c.value,
                    "met": c.met,
                    "source": c.limit.source,
                }
                for c in m.classification.checks
            ],
            "gaps": list(m.gaps),
        }
        for m in months
    ]


@router.get("/totals", summary="区县与全市合计 / district and city totals of monitored enterprises")
def get_totals(
    db: Db, principal: CurrentPrincipal, start: StartParam, end: EndParam
) -> dict[str, Any]:
    if principal.role == Role.ENTERPRISE:
        raise PermissionDenied("企业用户不能查看全市合计 / enterprise users cannot see city totals")
    rows, gaps = analysis.district_totals(
        db_session=db, start=parse_when(start, "start"), end=parse_when(end, "end")
    )
    return {
        "scope": "monitored key enterprises (1.A.2 part of industry), not the whole inventory",
        "districts": [
            {
                "district": "city 全市" if r.district == analysis.CITY else r.district,
                "enterprises": r.enterprises,
                "comprehensive_tce": r.comprehensive_tce,
                "co2_t": r.co2_t,
                "illustrative": r.illustrative,
            }
            for r in rows
        ],
        "gaps": gaps,
    }


def _alert(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind,
        "enterprise": a.enterprise_id,
        "subject": a.subject,
        "message": a.message,
        "state": a.state,
        "opened_at": a.opened_at.isoformat(),
        "acknowledged_by": a.acknowledged_by,
        "closed_by": a.closed_by,
        "note": a.note,
    }


@router.get("/alerts", summary="预警 / alerts")
def get_alerts(
    db: Db,
    principal: CurrentPrincipal,
    enterprise: str | None = None,
    state: Literal["open", "acknowledged", "closed"] | None = None,
) -> list[dict[str, Any]]:
    own = _scope(principal, enterprise)
    rows = watch.list_alerts(db_session=db, enterprise_code=own or enterprise, state=state)
    return [_alert(a) for a in rows]


class AlertPatch(BaseModel):
    state: Literal["acknowledged", "closed"]
    note: str | None = None


@router.post("/alerts/{alert_id}/state", summary="确认/关闭预警 / acknowledge or close")
def set_alert_state(
    alert_id: int, patch: AlertPatch, db: Db, principal: CurrentPrincipal
) -> dict[str, Any]:
    require_role(principal, Role.ADMIN)
    row = watch.set_alert_state(
        db_session=db,
        alert_id=alert_id,
        state=patch.state,
        actor=principal.username,
        note=patch.note,
    )
    db.commit()
    return _alert(row)


@router.get("/enterprises/{code}/findings", summary="数据质量问题 / data-quality findings")
def get_findings(code: str, db: Db, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    _scope(principal, code)
    return [
        {
            "rule": f.rule,
            "subject": f.subject,
            "start": f.start.isoformat(),
            "end": f.end.isoformat(),
            "detail": f.detail,
        }
        for f in watch.findings(db_session=db, enterprise_code=code)
    ]


@router.get("/dead-letters", summary="无法解析的消息 / dead letters")
def get_dead_letters(db: Db, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    require_role(principal, Role.ADMIN)
    return [
        {
            "id": d.id,
            "received_at": d.received_at.isoformat(),
            "source": d.source,
            "topic": d.topic,
            "payload": d.payload,
            "error": d.error,
        }
        for d in service.dead_letters(db_session=db)
    ]
