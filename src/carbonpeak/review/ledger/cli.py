"""``carbonpeak review ledger``: the quota ledger; ``--credit`` adds a credit (关停/改造)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.auth import Role, require_role
from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.review.ledger import service
from carbonpeak.review.projects.cli import cli_principal

console = Console()


def ledger_command(
    district: str = typer.Option(None, "--district", help="区县 (with --credit)."),
    credit: float = typer.Option(None, "--credit", help="新增指标 tce (关停、改造)."),
    reason: str = typer.Option("", "--reason", help="来源说明 reason."),
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
            )
            db.flush()
        data = service.ledger(db_session=db)
    if as_json:
        print_json(data)
        return
    table = Table("区县 district", "余额 balance (tce)", "条目 entries")
    for d in data["districts"]:
        table.add_row(
            f"{d['district']} {d['name']}", f"{d['balance_tce']:,.1f}", str(len(d["entries"]))
        )
    console.print(table)
