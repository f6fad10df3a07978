"""HTTP API of published values (mounted under ``/api/v1/stats`` by
:mod:`carbonpeak.statistics.api`): the indicator catalogue, values (current or every version)
with their sources, coverage, and import (admin or unit editor; audited). Reads are public."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import queue_import, read_upload
from carbonpeak.core.responses import JobAccepted
from carbonpeak.db.api import Db, import_in_job
from carbonpeak.regions import region_code
from carbonpeak.statistics.model import indicators
from carbonpeak.statistics.values import service
from carbonpeak.statistics.values.coverage import coverage, totals
from carbonpeak.statistics.values.read import to_csv, value_record

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
RegionParam = Annotated[str | None, Query(description="地区 code or name (520200, 水城县)")]


@router.get("/indicators")
def list_indicators() -> list[dict[str, str]]:
    """指标目录 The indicator catalogue."""
    return [
        {
            "id": i.id,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "family": i.family,
            "unit": i.unit,
            "note": i.note,
        }
        for i in indicators().values()
    ]


class SourceOut(BaseModel):
    """Where a value was read: publisher, document title, date as printed, address, table or
    section."""

    publisher: str
    title: str
    published: str
    url: str
    section: str


class ValueOut(BaseModel):
    """One stored version of a published value, with its source (the ``stats show --json``
    record plus ``version`` and ``current``)."""

    region: str
    region_as_published: str
    year: int
    indicator: str
    name_as_published: str
    value: float
    unit: str
    #: ``preliminary`` (初步核算) or ``revised``.
    status: str
    source: SourceOut
    note: str
    version: int
    #: Whether this version is the one used (a revision over a first release).
    current: bool


@router.get("/values")
def list_values(
    db: Db,
    region: RegionParam = None,
    year: int | None = None,
    indicator: str | None = None,
    all_versions: bool = False,
) -> list[ValueOut]:
    """公报数据 Published values with their sources (current versions unless all_versions)."""
    code = region_code(region) if region else None
    stored = service.list_values(
        db_session=db, region=code, year=year, indicator=indicator, all_versions=all_versions
    )
    return [
        ValueOut.model_validate(value_record(s.value, version=s.version, current=s.current))
        for s in stored
    ]


@router.get(
    "/values.csv",
    response_class=Response,  # errors stay JSON (the one error body), the CSV is text/csv
    responses={
        200: {
            "description": "CSV in the import format (every version)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def export_values(db: Db, region: RegionParam = None) -> Response:
    """Every version as CSV (the import format)."""
    code = region_code(region) if region else None
    stored = service.list_values(db_session=db, region=code)
    return Response(to_csv(s.value for s in stored), media_type="text/csv; charset=utf-8")


class CoverageCellOut(BaseModel):
    indicator: str
    region: str
    years: list[int]


class CoverageOut(BaseModel):
    """Region-years found and sought, and the years found per indicator and region."""

    found: int
    sought: int
    cells: list[CoverageCellOut]


@router.get("/coverage")
def get_coverage(db: Db) -> CoverageOut:
    """Years found / sought per indicator and region (2005-2025)."""
    cells = coverage(service.current_values(db_session=db))
    found, sought = totals(cells)
    return CoverageOut(
        found=found,
        sought=sought,
        cells=[
            CoverageCellOut(indicator=c.indicator, region=c.region, years=list(c.found))
            for c in cells
        ],
    )


class ImportOut(BaseModel):
    """What an import stored: rows read, rows added, and how many of them are further versions
    (revisions) of values already stored."""

    import_id: int
    rows_read: int
    rows_added: int
    new_versions: int


@router.post(
    "/import",
    status_code=201,
    response_model=ImportOut,
    responses={202: {"model": JobAccepted, "description": "queued (Redis, a big file)"}},
)
async def import_values(
    request: Request,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="CSV/.xlsx of published values")],
) -> Any:
    """导入 Import a CSV/XLSX of published values (all rows or none; 422 names row and field).
    A file above ``CARBONPEAK_JOB_IMPORT_BYTES`` with Redis configured is imported by a
    worker: 202 and the job's URL."""
    require_role(principal, Role.ADMIN, Role.UNIT_EDITOR)
    data = await read_upload(file)
    filename = file.filename or "upload.csv"
    queued = queue_import(
        request,
        job="carbonpeak.statistics.values.api.import_job",
        kind="statistics-import",
        owner=principal.username,
        data=data,
        filename=filename,
        actor=principal.username,
    )
    if queued is not None:
        return queued
    out = _store(db, data, filename, principal.username)
    db.commit()
    return out


def _store(db: Session, data: bytes, filename: str, actor: str) -> dict[str, Any]:
    result = service.import_values(db_session=db, data=data, filename=filename, actor=actor)
    return ImportOut(
        import_id=result.import_id,
        rows_read=result.rows_read,
        rows_added=result.rows_added,
        new_versions=result.new_versions,
    ).model_dump()


def import_job(
    *, database_url: str | None, data: bytes, filename: str, actor: str
) -> dict[str, Any]:
    """The queued import (``carbonpeak worker``): one transaction, all rows or none."""
    return import_in_job(database_url, lambda db: _store(db, data, filename, actor))
