"""``carbonpeak monitor import`` / ``mqtt`` / ``dead-letters``: readings from files and MQTT, and
the messages that could not be read. Thin: parse options, call the service, print."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from carbonpeak.core.cli import JSON_OPT
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.readings import files, service
from carbonpeak.monitoring.readings.mqtt import Outcome

console = Console()


def import_readings(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="读数 readings .csv/.xlsx"),
    as_json: bool = JSON_OPT,
) -> None:
    """导入读数文件 import a metering system's export (columns point, ts, value)."""
    rows = files.read_readings(path)
    total = service.IngestResult()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=as_json,
    ) as bar:
        task = bar.add_task("导入 importing", total=len(rows))
        for first in range(0, len(rows), service.BATCH):
            chunk = rows[first : first + service.BATCH]
            with session_scope() as db:
                result = service.ingest_rows(db_session=db, items=chunk, actor="cli", source="file")
            total.accepted += result.accepted
            total.duplicates += result.duplicates
            total.rejected += [type(r)(r.index + first, r.error) for r in result.rejected]
            bar.advance(task, len(chunk))
    reply = total.reply()
    if as_json:
        typer.echo(json.dumps(reply, ensure_ascii=False, indent=1))
        return
    console.print(
        f"接收 accepted {reply['accepted']}, 重复 duplicates {reply['duplicates']}, "
        f"拒绝 rejected {len(reply['rejected'])}"
    )
    for r in reply["rejected"][:50]:
        console.print(f"  第 {r['index'] + 2} 行 row {r['index'] + 2}: {r['error']}")


def mqtt_command(
    host: str = typer.Option("127.0.0.1", help="Broker 代理地址."),
    port: int = typer.Option(1883, help="Port 端口."),
    topic: str = typer.Option(
        "carbonpeak/readings", help="主题前缀 topic prefix (+ /<credit code>)."
    ),
    client_id: str = typer.Option("carbonpeak-monitor", help="固定客户端 ID (persistent session)."),
) -> None:
    """订阅 MQTT subscribe (QoS 1, persistent session, ack after commit, dead letters)."""

    def show(t: str, o: Outcome) -> None:
        what = (
            f"dead letter: {o.dead_letter}"
            if o.dead_letter
            else (f"accepted {o.accepted}, duplicates {o.duplicates}, rejected {o.rejected}")
        )
        console.print(f"{t}: {what}")

    console.print(f"订阅 subscribing to {topic}/# at {host}:{port} as {client_id} (Ctrl-C stops)")
    try:
        service.subscriber(
            host=host, port=port, topic=topic, client_id=client_id, on_outcome=show
        ).run()
    except KeyboardInterrupt:
        console.print("已停止 stopped")


def dead_letters(limit: int = typer.Option(20, help="条数 how many.")) -> None:
    """死信 messages that could not be read, with the reason."""
    with session_scope() as db:
        for d in service.dead_letters(db_session=db, limit=limit):
            console.print(f"{d.id} {d.received_at:%Y-%m-%d %H:%M} {d.source} {d.topic}: {d.error}")
