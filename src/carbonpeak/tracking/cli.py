"""``carbonpeak tracking``: indicators 指标, values 数值, statuses 目标状态, warnings 预警,
notifications 通知, and (``cli_progress``) tasks, progress reports and the assessment 考核.

Commands act as the operator of the database (actor ``--actor``, default ``cli``), as an
administrator would; the API enforces per-unit permissions for everyone else.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.audit import list_entries
from carbonpeak.db.session import session_scope
from carbonpeak.plan import get_plan
from carbonpeak.tracking import alerts, notify, service, status, statuses, values
from carbonpeak.tracking.cli_progress import assess_app, reports_app, tasks_app
from carbonpeak.tracking.model import Status

app = typer.Typer(no_args_is_help=True, help="目标跟踪与考核 target tracking and assessment.")
values_app = typer.Typer(no_args_is_help=True, help="指标数值 indicator values (versioned).")
warn_app = typer.Typer(no_args_is_help=True, help="预警 early warnings.")
notify_app = typer.Typer(no_args_is_help=True, help="通知 reminders and alerts (outbox, SMTP).")
app.add_typer(values_app, name="values")
app.add_typer(warn_app, name="warnings")
app.add_typer(notify_app, name="notify")
app.add_typer(tasks_app, name="tasks")
app.add_typer(reports_app, name="reports")
app.add_typer(assess_app, name="assess")
console = Console()

PLAN_OPT = typer.Option("1", "--plan", "-p", help="方案 id 或 slug / plan id or slug.")
JSON_OPT = typer.Option(False, "--json", help="输出 JSON / print JSON.")
ACTOR_OPT = typer.Option("cli", "--actor", help="记入审计日志的操作人 / actor for the audit log.")


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期应为 YYYY-MM-DD / not a date: {text}") from None


@app.command()
def sync(plan: str = PLAN_OPT, actor: str = ACTOR_OPT) -> None:
    """同步指标 Create indicators for the plan's targets and attach each target to one."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(service.sync_indicators(db_session=db, plan=row, actor=actor).summary())


@app.command()
def indicators(plan: str = PLAN_OPT, as_json: bool = JSON_OPT) -> None:
    """指标列表 List indicators with their targets."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        data: list[dict[str, Any]] = [
            {
                "id": i.id,
                "name": i.name,
                "unit": i.unit,
                "category": i.category,
                "computed": i.computed_kind,
                "targets": [t.target_key for t in i.targets],
            }
            for i in service.list_indicators(db_session=db, plan_id=row.id)
        ]
    if as_json:
        print_json(data)
        return
    table = Table(
        "id", "指标 indicator", "单位 unit", "类别 category", "计算 computed", "目标 targets"
    )
    for d in data:
        table.add_row(
            str(d["id"]),
            d["name"],
            d["unit"] or "",
            d["category"],
            d["computed"] or "",
            ", ".join(d["targets"]),
        )
    console.print(table)


@app.command("status")
def status_(
    plan: str = PLAN_OPT,
    as_of: str = typer.Option(None, "--as-of", help="评估日期 date (default today)."),
    rules: Path | None = typer.Option(None, "--rules", help="状态规则 status rules YAML."),
    only: str | None = typer.Option(None, "--only", help="只显示该状态 only this status."),
    as_json: bool = JSON_OPT,
) -> None:
    """目标状态 Status of every target: achieved / on track / at risk / off track / no data."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        result = statuses.evaluate_plan(
            db_session=db, plan_id=row.id, as_of=_date(as_of), rules=status.load_rules(rules)
        )
        data = [s.as_dict() for s in result if only is None or s.result.status == only]
    if as_json:
        print_json(data)
        return
    table = Table("目标 target", "指标 indicator", "状态 status", "说明 explanation")
    for d in data:
        flag = "（人工 override）" if d["overridden"] else ""
        table.add_row(d["target"], d["indicator"], d["status_label"] + flag, d["explanation_zh"])
    console.print(table)


@app.command()
def override(
    target: str = typer.Argument(
        ..., help="目标 key（如 1.3:t1）或关联 id / target key or link id."
    ),
    status_value: str = typer.Option(
        None, "--status", help="achieved|on_track|at_risk|off_track|no_data"
    ),
    reason: str = typer.Option(None, "--reason", help="理由（必填） / reason (required)."),
    clear: bool = typer.Option(False, "--clear", help="撤销人工状态 / lift the manual status."),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """人工认定状态 Set (or --clear) a manual status; a reason is always required."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        link = service.find_link(db_session=db, plan_id=row.id, ref=target)
        if clear:
            statuses.clear_override(db_session=db, link=link, actor=actor)
            console.print(f"已撤销 cleared: {link.target_key}")
            return
        if status_value not in [s.value for s in Status]:
            raise typer.BadParameter(f"one of {[s.value for s in Status]}", param_hint="--status")
        statuses.set_override(
            db_session=db, link=link, status=Status(status_value), reason=reason or "", actor=actor
        )
        console.print(f"已设置 set: {link.target_key} → {status_value}")


@values_app.command("show")
def values_show(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    plan: str = PLAN_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """数值历史 Every version of every value (corrections included)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        current = {r.id for r in values.current_values(db_session=db, indicator_id=ind.id)}
        data = [
            {
                **values.value_snapshot(r),
                "id": r.id,
                "current": r.id in current,
                "entered_by": r.entered_by,
                "entered_at": r.entered_at,
            }
            for r in values.history(db_session=db, indicator_id=ind.id)
        ]
    if as_json:
        print_json(data)
        return
    table = Table("id", "日期 date", "数值 value", "来源 source", "录入 by", "当前 current", "说明")
    for d in data:
        table.add_row(
            str(d["id"]),
            str(d["observed_on"]),
            f"{d['value']:g} {d['unit']}",
            str(d["source"])[:40],
            f"{d['entered_by']} ({d['origin']})",
            "✓" if d["current"] else "→ superseded",
            d["comment"] or "",
        )
    console.print(table)


@values_app.command("add")
def values_add(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    on: str = typer.Option(..., "--date", help="数值所属日期 date the value stands for."),
    value: float = typer.Option(..., "--value"),
    unit: str | None = typer.Option(None, "--unit", help="单位 unit (default: the indicator's)."),
    source: str = typer.Option(..., "--source", help="来源 source (required)."),
    comment: str | None = typer.Option(None, "--comment"),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """填报数值 Add a value (a new date; to change a value use `values correct`)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        v = values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=_date(on),
            value=value,
            unit=unit,
            source=source,
            comment=comment,
            actor=actor,
        )
        console.print(f"已添加 added value {v.id}: {v.value:g} {v.unit} ({v.observed_on})")


@values_app.command("correct")
def values_correct(
    value_id: int = typer.Argument(..., help="要更正的数值 id / id of the value to correct."),
    value: float = typer.Option(..., "--value"),
    comment: str = typer.Option(..., "--comment", help="更正理由（必填） / reason (required)."),
    unit: str | None = typer.Option(None, "--unit"),
    source: str | None = typer.Option(None, "--source"),
    actor: str = ACTOR_OPT,
) -> None:
    """更正数值 Correct a value: a new version; the old one stays in the history."""
    with session_scope() as db:
        v = values.correct_value(
            db_session=db,
            value_id=value_id,
            value=value,
            unit=unit,
            comment=comment,
            source=source,
            actor=actor,
        )
        console.print(f"已更正 corrected: value {v.id} supersedes {v.supersedes_id}")


@values_app.command("import")
def values_import(
    indicator: str = typer.Argument(..., help="指标 id 或名称 / indicator id or name."),
    file: Path = typer.Argument(..., help="CSV: date,value,unit,source[,comment]"),
    plan: str = PLAN_OPT,
    actor: str = ACTOR_OPT,
) -> None:
    """导入数值 Import values from a CSV (all rows or none)."""
    rows = values.parse_values_csv(file.read_bytes(), name=file.name)
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        ind = service.find_indicator(db_session=db, plan_id=row.id, ref=indicator)
        n = values.import_values(db_session=db, indicator=ind, rows=rows, actor=actor)
        console.print(f"已导入 imported {n} values")


@warn_app.command("check")
def warnings_check(
    plan: str = PLAN_OPT, as_of: str = typer.Option(None, "--as-of"), actor: str = ACTOR_OPT
) -> None:
    """检查预警 Evaluate targets, log status changes, raise and resolve warnings."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(
            alerts.check(db_session=db, plan_id=row.id, as_of=_date(as_of), actor=actor).summary()
        )


@warn_app.command("list")
def warnings_list(
    plan: str = PLAN_OPT,
    unit: str | None = typer.Option(None, "--unit", help="单位 unit."),
    all_: bool = typer.Option(False, "--all", help="含已解除 include resolved."),
    as_json: bool = JSON_OPT,
) -> None:
    """预警列表 Open warnings (or all with --all)."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        data = [
            {
                "id": w.id,
                "kind": w.kind,
                "message": w.message,
                "units": w.units,
                "raised_at": w.raised_at,
                "resolved_at": w.resolved_at,
            }
            for w in alerts.open_warnings(
                db_session=db, plan_id=row.id, unit=unit, include_resolved=all_
            )
        ]
    if as_json:
        print_json(data)
        return
    for d in data:
        console.print(f"[bold]{d['id']}[/] {d['kind']}: {d['message']}")


@notify_app.command("contact")
def notify_contact(
    unit: str = typer.Argument(...), email: str = typer.Argument(...), actor: str = ACTOR_OPT
) -> None:
    """设置单位联系邮箱 Set where a unit's notifications go."""
    with session_scope() as db:
        notify.set_contact(db_session=db, unit_name=unit, email=email, actor=actor)
    console.print(f"{unit} → {email}")


@notify_app.command("queue")
def notify_queue(plan: str = PLAN_OPT, as_of: str = typer.Option(None, "--as-of")) -> None:
    """生成通知 Queue reminders of reports due and alerts of open warnings."""
    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        console.print(
            notify.queue_notifications(db_session=db, plan_id=row.id, as_of=_date(as_of)).summary()
        )


@notify_app.command("send")
def notify_send() -> None:
    """发送通知 Send pending messages through SMTP (CARBONPEAK_SMTP_HOST, _PORT, ...)."""
    mailer = notify.SmtpMailer()
    with session_scope() as db:
        r = notify.send_pending(db_session=db, send=mailer)
    console.print(f"已发送 sent {r.sent}, 失败 failed {r.failed}, 待重试 retry {r.retry}")


@app.command()
def audit(
    entity: str | None = typer.Option(None, help="如 e.g. tracking_indicator_value"),
    limit: int = typer.Option(50),
    as_json: bool = JSON_OPT,
) -> None:
    """审计日志 Audit log of tracking changes (latest first)."""
    with session_scope() as db:
        rows = list_entries(db_session=db, entity=entity, limit=limit)
        data = [
            {
                "id": r.id,
                "at": r.at,
                "actor": r.actor,
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "before": r.before,
                "after": r.after,
            }
            for r in rows
            if entity or r.entity.startswith("tracking")
        ]
    if as_json:
        print_json(data)
        return
    for d in data:
        console.print(
            f"{d['at']:%Y-%m-%d %H:%M} {d['actor']} {d['action']} {d['entity']} {d['entity_id']}"
        )


@app.command()
def demo(plan: str = PLAN_OPT) -> None:
    """加载示例数据 Load the illustrative tracking data (invented; labelled illustrative)."""
    from carbonpeak.tracking import demo as demo_data

    with session_scope() as db:
        row = get_plan(db_session=db, plan_ref=plan)
        for line in demo_data.load(db_session=db, plan=row):
            console.print(line)
