"""``carbonpeak review inspect``: inspection cases; ``--enterprise`` with ``--findings`` opens
one (the tiered-price surcharge of the previous year is computed from monitored unit
consumption); ``--case`` with ``--status`` follows one up; ``--tiered`` only computes."""

from __future__ import annotations

import typer
from rich.table import Table

from carbonpeak.auth import Role, require_role
from carbonpeak.core.cli import (
    ACTOR_OPT,
    JSON_OPT,
    option_date,
    optional_date,
    print_json,
    print_table,
)
from carbonpeak.db.session import session_scope
from carbonpeak.review.projects.cli import cli_principal
from carbonpeak.review.supervision import service


def inspect_command(
    enterprise: str = typer.Option(None, "--enterprise", help="统一社会信用代码."),
    findings: str = typer.Option("", "--findings", help="监察发现 findings (opens a case)."),
    deadline: str = typer.Option(None, "--deadline", help="整改期限 YYYY-MM-DD."),
    penalty: float = typer.Option(0.0, "--penalty", help="罚款 yuan."),
    case: int = typer.Option(None, "--case", help="案件 id (follow up)."),
    status: str = typer.Option(None, "--status", help="open | rectifying | closed"),
    note: str = typer.Option("", "--note", help="跟踪记录 follow-up note."),
    tiered: int = typer.Option(None, "--tiered", help="计算该年阶梯电价加价 / surcharge of year."),
    category: str = typer.Option(
        None, "--category", help="差别电价类别 淘汰类 | 限制类 (with --tiered)."
    ),
    rule_name: str = typer.Option(None, "--rule", help="指定规则 rule (with --tiered)."),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """节能监察 Inspection cases, deadlines, penalties and the tiered electricity surcharge."""
    with session_scope() as db:
        if tiered is not None and enterprise:
            print_json(
                service.tiered_surcharge(
                    db_session=db,
                    enterprise_code=enterprise,
                    year=tiered,
                    rule_name=rule_name,
                    category=category,
                )
            )
            return
        if findings or case is not None:
            principal = cli_principal(db, actor)
            require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
            if case is not None:
                service.update_case(
                    db_session=db,
                    case_id=case,
                    status=status or "rectifying",
                    note=note,
                    actor=principal.username,
                    penalty_yuan=penalty or None,
                )
            else:
                service.open_case(
                    db_session=db,
                    enterprise_code=enterprise or "",
                    findings=findings,
                    opened_on=option_date(None),
                    deadline=optional_date(deadline),
                    penalty_yuan=penalty,
                    actor=principal.username,
                )
            db.flush()
        cases = service.list_cases(db_session=db)
    if as_json:
        print_json(cases)
        return
    table = Table("id", "企业", "立案", "期限", "状态", "罚款 元", "阶梯电价加价 元")
    for c in cases:
        table.add_row(
            str(c["id"]),
            c["enterprise_code"],
            str(c["opened_on"]),
            f"{c['deadline'] or '-'}{' 逾期' if c['overdue'] else ''}",
            c["status"],
            f"{c['penalty_yuan']:,.0f}",
            "未计算 not computed" if c["surcharge_yuan"] is None else f"{c['surcharge_yuan']:,.2f}",
        )
    print_table(table)
