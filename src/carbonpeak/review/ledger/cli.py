"""``carbonpeak review ledger``: the quota ledger; ``--credit`` adds a manual credit (with its
evidence); ``carbonpeak review credit`` records a closure, retrofit or new renewable supply and
the credit the platform derives from it."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from carbonpeak.auth import Role, require_role
from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, console, optional_date, print_json, print_table
from carbonpeak.db.session import session_scope
from carbonpeak.review.ledger import service
from carbonpeak.review.projects.cli import cli_principal


def ledger_command(
    district: str = typer.Option(None, "--district", help="区县 (with --credit)."),
    credit: float = typer.Option(None, "--credit", help="新增指标 tce (关停、改造)."),
    reason: str = typer.Option("", "--reason", help="来源说明 reason."),
    evidence: str = typer.Option("", "--evidence", help="依据 evidence (文件号、验收记录)."),
    source: str = typer.Option("", "--source", help="来源 source."),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """用能指标台账 The quota ledger by district; with --credit, add a credit first."""
    with session_scope() as db:
        if credit is not None:
            principal = cli_principal(db, actor)
            require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
            service.add_entry(
                db_session=db,
                district=district or "",
                kind="credit",
                tce=credit,
                reason=reason,
                actor=principal.username,
                evidence=evidence,
                source=source,
            )
            db.flush()
        data = service.ledger(db_session=db)
    if as_json:
        print_json(data)
        return
    table = Table("区县 district", "余额 balance (tce)", "条目 entries", "来源 origins")
    for d in data["districts"]:
        origins = sorted({e["origin"] for e in d["entries"]})
        table.add_row(
            f"{d['district']} {d['name']}",
            f"{d['balance_tce']:,.1f}",
            str(len(d["entries"])),
            ", ".join(origins),
        )
    print_table(table)


def credit_command(
    kind: str = typer.Argument(..., help="closure 关停 | retrofit 改造 | renewable 可再生能源"),
    on: str = typer.Option(..., "--on", help="发生日期 YYYY-MM-DD."),
    evidence: str = typer.Option(..., "--evidence", help="依据 evidence (文件、验收、绿证)."),
    project: int = typer.Option(None, "--project", help="登记项目 id (closure)."),
    enterprise: str = typer.Option(None, "--enterprise", help="监测企业代码 (closure, retrofit)."),
    district: str = typer.Option(None, "--district", help="区县 (renewable)."),
    kwh: float = typer.Option(None, "--kwh", help="新增可再生能源 kWh/yr (renewable)."),
    description: str = typer.Option("", "--description", help="说明 description."),
    as_json: bool = JSON_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """用能指标来源 A closure, retrofit or new renewable supply, credited as derived."""
    occurred = optional_date(on) or date.today()
    with session_scope() as db:
        principal = cli_principal(db, actor)
        require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN)
        event = service.record_event(
            db_session=db,
            kind=kind,
            occurred_on=occurred,
            evidence=evidence,
            actor=principal.username,
            project_id=project,
            enterprise_code=enterprise,
            district=district,
            renewable_kwh=kwh,
            description=description,
        )
        out = {
            "event_id": event.id,
            "kind": event.kind,
            "district": event.district,
            "credit_tce": event.credit_tce,
            "derivation": event.derivation,
            "balance_tce": service.district_balance(db_session=db, district=event.district),
        }
    if as_json:
        print_json(out)
        return
    console().print(
        f"指标来源 #{out['event_id']} {out['kind']} {out['district']}: "
        f"+{out['credit_tce']:,.3f} tce ({out['derivation']}); "
        f"余额 balance {out['balance_tce']:,.1f} tce"
    )
