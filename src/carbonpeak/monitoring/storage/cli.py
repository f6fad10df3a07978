"""``carbonpeak monitor partitions`` (make the coming months' partitions) and ``carbonpeak
monitor retention`` (delete raw readings after an age, archived first if asked; rollups kept)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.storage import service

console = Console()


def partitions_command(
    ahead: Annotated[int, typer.Option(help="months after this one")] = 3,
) -> None:
    """分区 monthly partitions of raw readings (PostgreSQL): this month and the next ones."""
    with session_scope() as db:
        made = service.make_ahead(db_session=db, ahead=ahead)
        known = sorted(service.partitions(db_session=db) | set(made))
    if db.get_bind().dialect.name != "postgresql":
        console.print("SQLite: 无分区 no partitions (one table, WITHOUT ROWID)")
        return
    console.print(
        f"新建 made {len(made)}: {', '.join(f'{y}-{m:02d}' for y, m in made) or '-'}; "
        f"共 {len(known)} partitions {known[0][0]}-{known[0][1]:02d} .. "
        f"{known[-1][0]}-{known[-1][1]:02d}"
    )


def retention_command(
    older_than: Annotated[
        str, typer.Option("--older-than", help="400d, 13m, 2y or YYYY-MM-DD (whole CST months)")
    ],
    archive: Annotated[
        Path | None, typer.Option(help="gzip CSV written (and fsynced) before deleting")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="count only")] = False,
    actor: Annotated[str, typer.Option(help="who runs it (audit log)")] = "cli",
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON."),
) -> None:
    """保留期限 delete raw readings older than an age (rollups kept; audited)."""
    with session_scope() as db:
        done = service.retention(
            db_session=db, older_than=older_than, actor=actor, archive=archive, dry_run=dry_run
        )
    if as_json:
        print(
            json.dumps(
                {
                    "cutoff": done.cutoff.isoformat(),
                    "deleted": done.deleted,
                    "archive": str(done.archive) if done.archive else None,
                    "partitions_dropped": done.partitions_dropped,
                    "dry_run": done.dry_run,
                }
            )
        )
        return
    verb = "将删除 would delete" if done.dry_run else "已删除 deleted"
    console.print(
        f"{verb} {done.deleted} raw readings before {done.cutoff.isoformat()} (汇总保留 rollups "
        f"kept)" + (f"; archive {done.archive}" if done.archive else "")
    )
