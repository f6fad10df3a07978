"""``carbonpeak review projects|submit|show|export``: the register from the command line.
``--actor`` names a user: an enterprise user submits its own projects only; the default
``cli`` is the operator at the server (admin)."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml
from rich.table import Table
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role, get_user_by_username, principal_of
from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, console, print_json, print_table
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.review.model import Status
from carbonpeak.review.projects import service
from carbonpeak.review.projects.sheet import read_sheet, write_sheet


def cli_principal(db: Session, actor: str) -> Principal:
    """The user named by ``--actor``; ``cli`` (no such user) is the operator, as admin."""
    user = get_user_by_username(db_session=db, username=actor)
    if user is not None:
        return principal_of(user)
    if actor == "cli":
        return Principal(user_id=0, username="cli", role=Role.ADMIN)
    raise NotFound(f"用户不存在 / no such user: {actor}")


def _fields(exc: InputError) -> InputError:
    if not exc.problems:
        return exc
    detail = "; ".join(str(p) for p in exc.problems)
    return InputError(f"{exc} — {detail}", exc.problems)


def projects_command(
    status: str = typer.Option(None, "--status", help="状态 status."),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """项目列表 The project register."""
    with session_scope() as db:
        rows = service.list_projects(
            db_session=db, principal=cli_principal(db, actor), status=status
        )
        data = [service.summary(r) for r in rows]
    if as_json:
        print_json(data)
        return
    table = Table(
        "id",
        "项目 project",
        "单位 owner",
        "区县",
        "行业",
        "当量值 tce",
        "等价值 tce",
        "CO2 t",
        "两高",
        "状态 status",
    )
    for d in data:
        table.add_row(
            str(d["id"]),
            d["name"],
            d["owner_uscc"],
            d["district"],
            d["industry"],
            f"{d['equivalent_tce']:,.1f}",
            f"{d['equal_value_tce']:,.1f}",
            f"{d['co2_t']:,.1f}",
            "是" if d["two_high"] else "否",
            d["status_label"],
        )
    print_table(table)


def submit_command(
    path: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="项目文件 .yaml 或登记表 .xlsx"
    ),
    actor: str = ACTOR_OPT,
) -> None:
    """申报 Submit a project file (.yaml) or a register sheet (.xlsx): all rows or none."""
    try:
        with session_scope() as db:
            principal = cli_principal(db, actor)
            if path.suffix.lower() == ".xlsx":
                rows = service.import_rows(
                    db_session=db,
                    rows=read_sheet(path.read_bytes()),
                    principal=principal,
                    source=path.name,
                )
            else:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise InputError("项目文件应为映射 / the project file must be a mapping")
                rows = [
                    service.submit(db_session=db, data=data, principal=principal, source=path.name)
                ]
            ids = [r.id for r in rows if r.status != Status.EXEMPT.value]
            exempt = [r.id for r in rows if r.status == Status.EXEMPT.value]
    except InputError as exc:
        raise _fields(exc) from None
    if ids:
        console().print(f"已申报 submitted: {', '.join(map(str, ids))}")
    if exempt:
        console().print(
            f"{Status.EXEMPT.label} exempt (below the thresholds, no review): "
            f"{', '.join(map(str, exempt))}"
        )


def show_command(project_id: int = typer.Argument(...), actor: str = ACTOR_OPT) -> None:
    """项目详情 A project with its stored assessment and decisions (JSON)."""
    with session_scope() as db:
        row = service.get_project(
            db_session=db, project_id=project_id, principal=cli_principal(db, actor)
        )
        print_json(service.detail(row))


def export_command(
    output: Path = typer.Option(..., "--output", "-o", help="输出 .xlsx"), actor: str = ACTOR_OPT
) -> None:
    """导出登记表 Export the register as .xlsx."""
    with session_scope() as db:
        rows = service.export_rows(db_session=db, principal=cli_principal(db, actor))
    output.write_bytes(write_sheet(rows))
    console().print(f"已写入 written: {output} ({len(rows)})")
