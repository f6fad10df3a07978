"""HTTP API of indicator values: list (with history), add, correct (a new version), import a
CSV. Unit editors write only for their tasks' indicators."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import queue_import, read_upload
from carbonpeak.core.errors import NotFound
from carbonpeak.core.intake import commit_unless_abandoned, parse_off_loop
from carbonpeak.core.responses import JobAccepted, Open
from carbonpeak.db.api import Db, import_in_job
from carbonpeak.tracking.access.service import require_indicator_editor
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.orm import IndicatorRow, IndicatorValueRow
from carbonpeak.tracking.values import parse
from carbonpeak.tracking.values import service as values

router = APIRouter(tags=["tracking 目标跟踪与考核"])
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


class ValueOut(Open):
    """An indicator value (数值) as entered, computed or imported; a correction is a new row
    that ``supersedes_id`` the old one. With ``history``, ``current`` says which are in force."""

    id: int
    indicator_id: int
    observed_on: date
    value: float
    unit: str
    entered: str | None = Field(description="the value as entered (before unit conversion)")
    source: str
    origin: str
    comment: str | None
    supersedes_id: int | None
    entered_by: str
    entered_at: str = Field(description="ISO 8601")
    illustrative: bool


class ImportedOut(BaseModel):
    imported: int = Field(description="values stored")


def _value_out(row: IndicatorValueRow, current: set[int] | None = None) -> dict[str, Any]:
    out = {
        "id": row.id,
        **values.value_snapshot(row),
        "entered_by": row.entered_by,
        "entered_at": row.entered_at.isoformat(),
        "illustrative": values.is_illustrative(row),
    }
    if current is not None:
        out["current"] = row.id in current
    return out


@router.get(
    "/indicators/{indicator_id}/values",
    summary="数值（含历史版本） / values",
    response_model=list[ValueOut],
)
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
    response_model=ValueOut,
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
    response_model=ValueOut,
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


@router.post(
    "/indicators/{indicator_id}/values/import",
    summary="导入数值 CSV / import values",
    response_model=ImportedOut,
    responses={202: {"model": JobAccepted, "description": "queued (Redis, a big file)"}},
)
async def import_values(
    request: Request,
    indicator_id: int,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="CSV: date,value,unit,source[,comment]")],
) -> Any:
    """All rows or none. A file above ``CARBONPEAK_JOB_IMPORT_BYTES`` with Redis configured
    is imported by a worker: 202 and the job's URL."""
    row = service.get_indicator(db_session=db, indicator_id=indicator_id)
    require_indicator_editor(db_session=db, principal=principal, indicator=row)
    data = await read_upload(file)
    name = file.filename or "upload.csv"
    queued = queue_import(
        request,
        job="carbonpeak.tracking.values.api.import_job",
        kind="indicator-values-import",
        owner=principal.username,
        data=data,
        indicator_id=indicator_id,
        name=name,
        actor=principal.username,
    )
    if queued is not None:
        return queued

    def parse_and_store() -> int:
        n = _store(db, row, data, name, principal.username)
        commit_unless_abandoned(db)  # never after the request timed out or went away
        return n

    return {"imported": await parse_off_loop(parse_and_store)}


def _store(db: Session, indicator: IndicatorRow, data: bytes, name: str, actor: str) -> int:
    rows = parse.parse_values_csv(data, name=name)
    return values.import_values(db_session=db, indicator=indicator, rows=rows, actor=actor)


def import_job(
    *, database_url: str | None, indicator_id: int, data: bytes, name: str, actor: str
) -> dict[str, Any]:
    """The queued import (``carbonpeak worker``): one transaction, all rows or none."""

    def store(db: Session) -> dict[str, Any]:
        row = service.get_indicator(db_session=db, indicator_id=indicator_id)
        return {"imported": _store(db, row, data, name, actor)}

    return import_in_job(database_url, store)
