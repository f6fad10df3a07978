"""节能审查 pages: the project register, a project with its assessment and trace, the
application form, the review decision, the two-high list, the quota source ledger
(用能指标来源台账), the budget dashboard and the inspections. Enterprise users see and submit
their own projects only; review officers decide."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from carbonpeak.auth import Role
from carbonpeak.core.api import read_upload
from carbonpeak.core.errors import InputError, Problem
from carbonpeak.db.api import Db
from carbonpeak.factors import fuels
from carbonpeak.review import (
    Outcome,
    Stage,
    benchmarks,
    budget_view,
    decide,
    get_project,
    import_projects,
    industries,
    latest_year,
    list_cases,
    list_projects,
    list_review_alerts,
    opinion_docx,
    project_detail,
    project_summary,
    quota_ledger,
    read_register_sheet,
    submit,
    two_high_list,
)
from carbonpeak.web.i18n import N_
from carbonpeak.web.session import CSRF_FIELD, PageUser, check_csrf, flash
from carbonpeak.web.templating import render

router = APIRouter(prefix="/review", include_in_schema=False)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUBMITTED = N_("Application submitted.")
EXEMPT = N_("Application registered: below the thresholds, the project is not reviewed separately.")
IMPORTED = N_("The register was imported: every row is in the list.")
DECIDED = N_("Decision recorded.")
FUELS = ("原煤", "洗精煤", "焦炭", "天然气", "柴油", "电力")
UNITS = ("t", "万t", "万m3", "万kWh", "kWh")
#: a decision's outcome as the page names it (the stored code is "approve", ...)
OUTCOME_LABELS = {
    "approve": N_("approve"),
    "conditional": N_("approve with conditions"),
    "reject": N_("reject"),
}


def _deciders(role: Role) -> bool:
    return role in (Role.REVIEW_OFFICER, Role.ADMIN)


@router.get("")
def review_list(request: Request, db: Db, user: PageUser) -> Response:
    rows = [project_summary(r) for r in list_projects(db_session=db, principal=user)]
    alerts = list_review_alerts(db_session=db) if user.role != Role.ENTERPRISE else []
    context = {"projects": rows, "alerts": alerts, "can_decide": _deciders(user.role)}
    return render(request, "review/list.html", context)


ROWS = {"fuel": 4, "feed": 3, "product": 3}  # rows of an empty form (blank ones are skipped)
#: The most rows a group of the form takes; a project with more goes through the register
#: upload (.xlsx), which has no such limit. Bounds what a crafted POST can make the page render.
MAX_ROWS = 40
#: each group's first field: fuel{i}, feed{i}, product{i}; the rest of a row is named after it
_FIRST = {"fuel": ("fuel", "qty", "unit"), "feed": ("feed", "feedqty", "feedunit"),
          "product": ("product", "output", "ounit", "uc")}  # fmt: skip
_ROW_FIELD = re.compile(r"^(fuel|qty|unit|feedqty|feedunit|feed|product|output|ounit|uc)(\d+)$")
_GROUP_OF = {name: group for group, names in _FIRST.items() for name in names}


def _form_page(
    request: Request,
    form: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    upload_problems: list[Problem] | None = None,
    status_code: int = 200,
    rows: dict[str, int] | None = None,
) -> Response:
    """The application form, with what was typed and the problems of a refused submission;
    ``rows``: how many rows each group shows (default :data:`ROWS`)."""
    context = {
        "industries": industries(),
        "products": benchmarks(),
        "stages": [s.value for s in Stage],
        "fuels": FUELS,
        "units": UNITS,
        "rows": rows or ROWS,
        "max_rows": MAX_ROWS,
        "form": form or {},
        "problems": problems or [],
        "upload_problems": upload_problems or [],
    }
    return render(request, "review/new.html", context, status_code)


def _problems(exc: InputError) -> list[Problem]:
    return list(exc.problems) or [Problem(None, "", str(exc))]


@router.get("/new")
def review_new(request: Request, user: PageUser) -> Response:
    return _form_page(request)


def form_rows(text: dict[str, str]) -> dict[str, int]:
    """How many rows of each group (fuel, feedstock, product) the posted form holds: the
    default, or up to the highest numbered field sent (``fuel5``, ``qty5``...), plus one when
    the user asked for another row (the button ``more`` = the group). Refuses a row number past
    :data:`MAX_ROWS` naming the field, rather than dropping what it held."""
    rows = dict(ROWS)
    for key in text:
        match = _ROW_FIELD.match(key)
        if match is None:
            continue
        index = int(match.group(2))
        if index >= MAX_ROWS:
            raise InputError(
                "表单行数超限 / too many rows",
                [Problem(index + 1, key, f"表单每组最多 {MAX_ROWS} 行，更多请用登记表导入 / "
                         f"at most {MAX_ROWS} rows a group; import a register (.xlsx) for more")],
            )  # fmt: skip
        group = _GROUP_OF[match.group(1)]
        rows[group] = max(rows[group], index + 1)
    more = text.get("more", "")
    if more:
        if more not in rows:
            raise InputError(
                "未知的表单分组 / unknown group of rows",
                [Problem(None, "more", f"{more!r} 不是 fuel、feed 或 product / "
                         "is not fuel, feed or product")],
            )  # fmt: skip
        rows[more] = min(MAX_ROWS, rows[more] + 1)
    return rows


def _uses(text: dict[str, str], prefix: str, rows: int) -> list[dict[str, str]]:
    """The filled energy rows ``{prefix}{i}``, ``{prefix}qty{i}``, ``{prefix}unit{i}``."""
    _, qty, unit = _FIRST[prefix]
    return [
        {
            "fuel": text[f"{prefix}{i}"],
            "quantity": text.get(f"{qty}{i}", ""),
            "unit": text.get(f"{unit}{i}", ""),
        }
        for i in range(rows)
        if text.get(f"{prefix}{i}")
    ]


def application(text: dict[str, str], rows: dict[str, int] | None = None) -> dict[str, Any]:
    """The project mapping (as a project file holds it) of the form's fields (``rows``: the
    rows of each group, :func:`form_rows`)."""
    rows = rows or form_rows(text)
    data: dict[str, Any] = {
        "project": text.get("project", ""),
        "owner_uscc": text.get("owner_uscc", ""),
        "owner": text.get("owner", ""),
        "industry": text.get("industry", ""),
        "district": text.get("district", ""),
        "stage": text.get("stage", "") or Stage.PLANNED.value,
        "start_year": text.get("start_year", ""),
        "value_added_10k_yuan": text.get("value_added", "") or 0,
        "annual": _uses(text, "fuel", rows["fuel"]),
        "feedstock": _uses(text, "feed", rows["feed"]),
    }
    if text.get("renewable"):
        data["renewable"] = {"quantity": text["renewable"], "unit": "万kWh"}
    products = []
    for i in range(rows["product"]):
        if not (text.get(f"product{i}") or text.get(f"output{i}")):
            continue
        product = {
            "product": text.get(f"product{i}", ""),
            "output": text.get(f"output{i}", ""),
            "unit": text.get(f"ounit{i}", "") or "t",
        }
        if text.get(f"uc{i}"):
            product["unit_consumption"] = text[f"uc{i}"]
        products.append(product)
    if products:
        data["products"] = products
    return data


@router.post("/new")
async def review_submit(request: Request, db: Db, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get(CSRF_FIELD, "")))
    text = {k: str(v).strip() for k, v in form.items() if k != CSRF_FIELD}
    try:
        rows = form_rows(text)
    except InputError as exc:
        return _form_page(request, text, problems=_problems(exc), status_code=422)
    if text.pop("more", ""):  # another row asked for: the form again, one row longer
        return _form_page(request, text, rows=rows)
    try:
        row = submit(db_session=db, data=application(text, rows), principal=user, source="web")
    except InputError as exc:
        db.rollback()  # nothing of a refused application is kept
        return _form_page(request, text, problems=_problems(exc), status_code=422, rows=rows)
    db.commit()
    flash(request, EXEMPT if row.status == "exempt" else SUBMITTED)
    return RedirectResponse(f"/review/{row.id}", status_code=303)


@router.post("/import")
async def review_import(
    request: Request,
    db: Db,
    user: PageUser,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """登记表导入: a register .xlsx through the import service of the API and the CLI; every
    row or none (the problems of all rows named by row and field, 422)."""
    check_csrf(request, csrf_token)
    try:
        if file is None or not file.filename:
            raise InputError("file: 请选择登记表 / choose a register .xlsx")
        data = await read_upload(file)
        rows = read_register_sheet(data)
        if not rows:
            raise InputError(f"{file.filename}: 登记表无数据行 / the register has no rows")
        import_projects(db_session=db, rows=rows, principal=user, source=file.filename)
    except InputError as exc:
        db.rollback()  # every row or none
        return _form_page(request, upload_problems=_problems(exc), status_code=422)
    db.commit()
    flash(request, IMPORTED)
    return RedirectResponse("/review", status_code=303)


@router.get("/twohigh")
def review_twohigh(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "review/twohigh.html", {"data": two_high_list(db_session=db)})


@router.get("/budget")
def review_budget(
    request: Request,
    db: Db,
    user: PageUser,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    year = year or latest_year(db_session=db)
    return render(request, "review/budget.html", {"data": budget_view(db_session=db, year=year)})


@router.get("/ledger")
def review_ledger(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "review/ledger.html", {"data": quota_ledger(db_session=db)})


@router.get("/inspections")
def review_inspections(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "review/inspections.html", {"cases": list_cases(db_session=db)})


@router.get("/{project_id}")
def review_detail(request: Request, project_id: int, db: Db, user: PageUser) -> Response:
    data = project_detail(get_project(db_session=db, project_id=project_id, principal=user))
    alerts = list_review_alerts(db_session=db, project_id=project_id)
    context = {
        "p": data,
        "a": data["assessment"] or {},
        "alerts": alerts,
        "can_decide": _deciders(user.role) and data["status"] == "submitted",
        "outcomes": [o.value for o in Outcome],
        "OUTCOME_LABELS": OUTCOME_LABELS,
        "fuel_names": {k: f.name_zh for k, f in fuels().items()},
    }
    return render(request, "review/detail.html", context)


def _form_date(field: str, text: str) -> date | None:
    """An optional ``YYYY-MM-DD`` form field; a bad one is a 422 naming the field."""
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        reason = f"应为 YYYY-MM-DD / expected YYYY-MM-DD: {text!r}"
        raise InputError(f"{field}: {reason}", [Problem(None, field, reason)]) from None


@router.post("/{project_id}/decision")
def review_decide(
    request: Request,
    project_id: int,
    db: Db,
    user: PageUser,
    outcome: Annotated[str, Form()],
    reasons: Annotated[str, Form(max_length=10_000)] = "",
    conditions: Annotated[str, Form(max_length=10_000)] = "",
    exception_reason: Annotated[str, Form(max_length=10_000)] = "",
    on_behalf_of: Annotated[str, Form(max_length=16)] = "",
    authority_document: Annotated[str, Form(max_length=200)] = "",
    authority_document_date: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    document_date = _form_date("authority_document_date", authority_document_date)
    decide(
        db_session=db,
        project_id=project_id,
        outcome=outcome,
        principal=user,
        reasons=reasons,
        conditions=conditions,
        exception_reason=exception_reason,
        on_behalf_of=on_behalf_of,
        authority_document=authority_document,
        authority_document_date=document_date,
    )
    db.commit()
    flash(request, DECIDED)
    return RedirectResponse(f"/review/{project_id}", status_code=303)


@router.get("/{project_id}/opinion.docx")
def review_opinion(request: Request, project_id: int, db: Db, user: PageUser) -> Response:
    data = opinion_docx(db_session=db, project_id=project_id, principal=user)
    db.commit()  # the audit entry of the document produced
    headers = {"Content-Disposition": f'attachment; filename="opinion-{project_id}.docx"'}
    return Response(data, media_type=DOCX, headers=headers)
