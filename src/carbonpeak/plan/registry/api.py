"""HTTP API of the plan registry: list and import plans, a plan's summary, structured
document, YAML export and parser warnings. Thin: parse the request, call the service, format."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile, status
from pydantic import BaseModel

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.api import read_upload
from carbonpeak.core.intake import check_workbook, commit_unless_abandoned, parse_off_loop
from carbonpeak.core.openapi import download
from carbonpeak.db.api import Db
from carbonpeak.plan.model import Plan
from carbonpeak.plan.orm import PlanRow
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_document
from carbonpeak.plan.registry import service
from carbonpeak.plan.registry.exchange import from_yaml, to_yaml

router = APIRouter(prefix="/plans", tags=["plan 实施方案"])
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class PlanSummary(BaseModel):
    id: int
    slug: str
    title: str
    version: int
    actions: list[dict[str, str]]
    counts: dict[str, int]
    # an import of the stored plan unchanged: nothing written, the version kept
    unchanged: bool = False


def _summary(row: PlanRow, *, unchanged: bool = False) -> PlanSummary:
    return PlanSummary(
        id=row.id,
        slug=row.slug,
        title=row.title,
        version=row.version,
        actions=[{"id": n.key, "title": n.title} for n in row.nodes if n.is_action],
        counts={
            "nodes": len(row.nodes),
            "tasks": len(row.tasks),
            "targets": len(row.targets),
            "benchmarks": len(row.benchmarks),
            "warnings": len(row.warnings),
        },
        unchanged=unchanged,
    )


@router.get("", summary="方案列表 / list plans")
def list_plans(db: Db) -> list[PlanSummary]:
    return [_summary(r) for r in service.list_plans(db_session=db)]


@router.post("", status_code=status.HTTP_201_CREATED, summary="导入方案 / import a plan")
async def import_plan(
    db: Db,
    principal: CurrentPrincipal,
    file: Annotated[
        UploadFile, File(description="plan (.txt UTF-8/GB18030, .docx, .pdf, .html) or .yaml")
    ],
    slug: Annotated[str | None, Form()] = None,
) -> PlanSummary:
    require_role(principal, Role.ADMIN)
    data = await read_upload(file)

    if (file.filename or "").lower().endswith(".docx"):
        check_workbook(data, label=file.filename or "upload.docx", kind=".docx")

    def parse_and_store() -> PlanSummary:
        document = read_document(data, file.filename or "upload.txt")
        if document.kind == "yaml":
            plan, yaml_slug = from_yaml(document.text, name=document.filename)
            chosen = slug or yaml_slug
        else:
            plan, chosen = parse_text(document.text), slug
        done = service.import_plan_checked(
            db_session=db, plan=plan, document=document, slug=chosen, actor=principal.username
        )
        commit_unless_abandoned(db)  # never after the request timed out or went away
        return _summary(done.row, unchanged=done.unchanged)

    # read in a worker thread: a large plan must not stop the server answering others
    return await parse_off_loop(parse_and_store)


@router.get("/{plan_ref}", summary="方案概要 / plan summary")
def get_plan(plan_ref: str, db: Db) -> PlanSummary:
    return _summary(service.get_plan(db_session=db, plan_ref=plan_ref))


@router.get("/{plan_ref}/document", summary="结构化方案(与 plan parse 相同) / the structured plan")
def get_document(plan_ref: str, db: Db) -> Plan:
    return service.to_model(service.get_plan(db_session=db, plan_ref=plan_ref))


@router.get(
    "/{plan_ref}/export.yaml",
    summary="导出 YAML / export for correction",
    response_class=Response,
    responses=download("方案 YAML the plan as YAML", "application/yaml"),
)
def export_yaml(plan_ref: str, db: Db) -> Response:
    row = service.get_plan(db_session=db, plan_ref=plan_ref)
    return Response(
        to_yaml(service.to_model(row), slug=row.slug), media_type="application/yaml; charset=utf-8"
    )


class ParseWarningOut(BaseModel):
    """A note of the plan reader about the text it read (解析提示)."""

    code: str
    message: str
    location: str | None


@router.get("/{plan_ref}/warnings", summary="解析提示 / parser warnings")
def list_warnings(plan_ref: str, db: Db) -> list[ParseWarningOut]:
    plan = service.get_plan(db_session=db, plan_ref=plan_ref)
    return [
        ParseWarningOut(code=w.code, message=w.message, location=w.location) for w in plan.warnings
    ]
