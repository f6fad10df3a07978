"""HTTP API of activity data (mounted under ``/api/v1/inventory`` by
:mod:`carbonpeak.inventory.api`): import a dataset version (a tidy file or an energy balance),
store a user factor set, list datasets, versions and factor sets. Writes need an admin or
unit_editor; reads are public. Thin: parse the request, call the service, format.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import queue_import, read_upload
from carbonpeak.core.errors import InputError
from carbonpeak.core.intake import commit_unless_abandoned, parse_off_loop
from carbonpeak.core.responses import JobAccepted
from carbonpeak.db.api import Db, import_in_job
from carbonpeak.factors import MethodName
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.activity.energy_balance import read_energy_balance

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class ImportOut(BaseModel):
    dataset: str
    version: int
    rows: int
    sha256: str
    unchanged: bool
    skipped: list[str] = []


class FactorSetOut(BaseModel):
    name: str
    version: int
    records: int
    sha256: str


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportOut,
    summary="导入活动数据 / import",
    responses={202: {"model": JobAccepted, "description": "queued (Redis, a big file)"}},
)
async def import_activity(
    request: Request,
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="tidy CSV/.xlsx, or an energy balance .xlsx")],
    dataset: Annotated[str, Form(description="数据集名称 dataset name")],
    energy_balance: Annotated[bool, Form(description="能源平衡表 energy balance sheet")] = False,
    region: Annotated[str | None, Form(description="energy balance: region")] = None,
    year: Annotated[int | None, Form(description="energy balance: year")] = None,
    factor_set: Annotated[str | None, Form(description="stored factor set to use")] = None,
    gwp_set: Annotated[Literal["SAR", "AR4", "AR5", "AR6"], Form()] = "AR5",
    note: Annotated[str, Form()] = "",
    method: Annotated[MethodName | None, Form(description="核算方法 accounting method")] = None,
) -> Any:
    """A new version of ``dataset`` (all rows or none; errors name row, field and reason).
    A file above ``CARBONPEAK_JOB_IMPORT_BYTES`` with Redis configured is imported by a
    worker: 202 and the job's URL (its result this reply's body, or the error body)."""
    require_role(principal, Role.ADMIN, Role.UNIT_EDITOR)
    data = await read_upload(file)
    filename = file.filename or "upload.csv"
    if energy_balance and (region is None or year is None):
        raise InputError("能源平衡表需要 region 与 year / an energy balance needs both")
    form: dict[str, Any] = {
        "dataset": dataset,
        "data": data,
        "filename": filename,
        "actor": principal.username,
        "energy_balance": energy_balance,
        "region": region,
        "year": year,
        "factor_set": factor_set,
        "gwp_set": gwp_set,
        "note": note,
        "method": method,
    }
    queued = queue_import(
        request,
        job="carbonpeak.inventory.activity.api.import_job",
        kind="activity-import",
        owner=principal.username,
        **form,
    )
    if queued is not None:
        return queued

    def parse_and_store() -> ImportOut:
        out = _store(db, **form)
        commit_unless_abandoned(db)  # never after the request timed out or went away
        return out

    # parsed in a worker thread with the row and size caps of carbonpeak.core.intake
    return await parse_off_loop(parse_and_store)


def _store(
    db: Session,
    *,
    dataset: str,
    data: bytes,
    filename: str,
    actor: str,
    energy_balance: bool,
    region: str | None,
    year: int | None,
    factor_set: str | None,
    gwp_set: str,
    note: str,
    method: str | None,
) -> ImportOut:
    records, skipped = None, []
    if energy_balance and region is not None and year is not None:
        balance = read_energy_balance(data, region=region, year=year, source=filename)
        records, skipped = balance.records, balance.skipped
    result = service.import_activity(
        db_session=db,
        name=dataset,
        data=data,
        filename=filename,
        actor=actor,
        records=records,
        factor_set=factor_set,
        gwp_set=gwp_set,
        note=note,
        method=method,
    )
    return ImportOut(**dataclasses.asdict(result), skipped=skipped)


def import_job(*, database_url: str | None, **form: Any) -> dict[str, Any]:
    """The queued import (``carbonpeak worker``): one transaction, all rows or none."""
    return import_in_job(database_url, lambda db: _store(db, **form).model_dump())


@router.post("/factor-sets", status_code=status.HTTP_201_CREATED, summary="存储因子集")
async def import_factor_set(
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="CSV fuel,parameter,value,unit,source")],
    name: Annotated[str, Form(description="因子集名称 name")],
) -> FactorSetOut:
    """Store a user factor file under ``name`` (a new version each time)."""
    require_role(principal, Role.ADMIN, Role.UNIT_EDITOR)
    data = await read_upload(file)

    def parse_and_store() -> Any:
        row = service.import_factor_set(
            db_session=db, name=name, data=data,
            filename=file.filename or "factors.csv", actor=principal.username,
        )  # fmt: skip
        commit_unless_abandoned(db)
        return row

    row = await parse_off_loop(parse_and_store)
    return FactorSetOut(name=row.name, version=row.version, records=row.record_count,
                        sha256=row.sha256)  # fmt: skip


@router.get("/factor-sets", summary="已存因子集 / stored factor sets (every version)")
def list_factor_sets(db: Db) -> list[FactorSetOut]:
    return [
        FactorSetOut(name=r.name, version=r.version, records=r.record_count, sha256=r.sha256)
        for r in service.list_factor_sets(db_session=db)
    ]


class VersionOut(BaseModel):
    """A stored version of an activity dataset (each import is a new version)."""

    version: int
    rows: int
    sha256: str
    filename: str
    imported_at: str
    imported_by: str


class DatasetVersionOut(BaseModel):
    """A dataset's version with the factor set, GWP set and note it was stored with."""

    dataset: str
    version: int
    rows: int
    filename: str
    sha256: str
    factor_set: str | None
    gwp_set: str
    note: str
    imported_at: str
    imported_by: str


@router.get(
    "/datasets",
    summary="活动数据集 / stored activity datasets",
    response_model=list[DatasetVersionOut],
)
def list_datasets(db: Db) -> list[dict[str, Any]]:
    return [
        {
            "dataset": ds.name,
            "version": v.version,
            "rows": v.row_count,
            "filename": v.filename,
            "sha256": v.sha256,
            "factor_set": v.factor_set,
            "gwp_set": v.gwp_set,
            "note": v.note,
            "imported_at": v.imported_at.isoformat(),
            "imported_by": v.imported_by,
        }
        for ds, v in service.list_datasets(db_session=db)
    ]


@router.get(
    "/datasets/{dataset}/versions",
    summary="版本 / versions of a dataset",
    response_model=list[VersionOut],
)
def list_versions(dataset: str, db: Db) -> list[dict[str, Any]]:
    return [
        {"version": v.version, "rows": v.row_count, "sha256": v.sha256, "filename": v.filename,
         "imported_at": v.imported_at.isoformat(), "imported_by": v.imported_by}
        for v in service.list_versions(db_session=db, dataset=dataset)
    ]  # fmt: skip
