"""``carbonpeak plan`` commands about tasks: the action/task tree, tasks by unit and role,
targets, units, a unit's task sheet (任务清单)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from carbonpeak.core.cli import JSON_OPT, PLAN_OPT, console, print_json

if TYPE_CHECKING:
    from carbonpeak.plan.tasks.views import TreeNode

# The database, the queries and rich's tables are imported inside the commands, so that
# ``carbonpeak plan --help`` answers at once.

app = typer.Typer()


@app.command()
def tree(plan_ref: str = PLAN_OPT, as_json: bool = JSON_OPT) -> None:
    """行动/任务树 The heading tree with the tasks under each heading."""
    from rich.tree import Tree

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries

    with session_scope() as db:
        plan = service.get_plan(db_session=db, plan_ref=plan_ref)
        roots = queries.tree(db_session=db, plan=plan)
        title = plan.title
    if as_json:
        print_json([_tree_dict(n) for n in roots])
        return
    top = Tree(f"[bold]{title}[/]")
    for node in roots:
        _add_branch(top, node)
    console().print(top)


def _tree_dict(n: TreeNode) -> dict[str, Any]:
    return {
        "id": n.key,
        "title": n.title,
        "is_action": n.is_action,
        "tasks": [{"id": t.key, "title": t.title, "lead_units": t.lead_units} for t in n.tasks],
        "children": [_tree_dict(c) for c in n.children],
    }


def _add_branch(parent: Any, node: TreeNode) -> None:
    style = "bold green" if node.is_action else "bold"
    branch = parent.add(f"[{style}]{node.key} {node.marker}{node.title}[/]")
    for t in node.tasks:
        branch.add(f"{t.key} {t.title} [dim]〔{'、'.join(t.lead_units)}〕[/]")
    for child in node.children:
        _add_branch(branch, child)


@app.command()
def tasks(
    plan_ref: str = PLAN_OPT,
    unit: str | None = typer.Option(None, "--unit", "-u", help="单位 e.g. 市能源局."),
    role: str | None = typer.Option(None, help="lead 牵头 | responsible 责任 | default 落实"),
    action: str | None = typer.Option(None, "--action", "-a", help="行动 e.g. 2.1"),
    as_json: bool = JSON_OPT,
) -> None:
    """任务 Tasks, filtered by unit (which tasks does 市能源局 lead?) and action."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries

    with session_scope() as db:
        plan = service.get_plan(db_session=db, plan_ref=plan_ref)
        views = queries.task_views(db_session=db, plan=plan, unit=unit, role=role, action=action)
    if as_json:
        print_json([vars(v) for v in views])
        return
    table = Table("编号 id", "任务 title", "牵头单位 lead", "责任单位 responsible")
    for v in views:
        table.add_row(v.key, v.title, "、".join(v.lead_units), "、".join(v.responsible_units))
    console().print(table)
    console().print(f"{len(views)} 项任务 tasks")


@app.command()
def targets(
    plan_ref: str = PLAN_OPT,
    year: int | None = typer.Option(None, "--year", "-y", help="年份 e.g. 2025"),
    indicator: str | None = typer.Option(None, "--indicator", "-i", help="指标文字 text"),
    unit: str | None = typer.Option(None, "--unit", "-u", help="牵头单位 lead unit"),
    as_json: bool = JSON_OPT,
) -> None:
    """目标 Targets, filtered by year, indicator text or lead unit."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries

    why = ""
    with session_scope() as db:
        plan = service.get_plan(db_session=db, plan_ref=plan_ref)
        rows = [
            service.target_model(t)
            for t in queries.targets(
                db_session=db, plan=plan, year=year, indicator=indicator, unit=unit
            )
        ]
        filters = {"--year": year, "--indicator": indicator, "--unit": unit}
        if not rows and any(v is not None for v in filters.values()):
            # say which filter empties the list: each one alone, counted
            alone: dict[str, int] = {}
            if year is not None:
                alone["--year"] = len(queries.targets(db_session=db, plan=plan, year=year))
            if indicator is not None:
                found = queries.targets(db_session=db, plan=plan, indicator=indicator)
                alone["--indicator"] = len(found)
            if unit is not None:
                alone["--unit"] = len(queries.targets(db_session=db, plan=plan, unit=unit))
            counts = "; ".join(f"{name} {filters[name]}: {n}" for name, n in alone.items())
            why = (
                f"没有同时符合这些条件的目标 / no target matches all of these filters "
                f"(each alone: {counts}); --unit matches the lead units (牵头单位) of a "
                "target's task"
            )
    if as_json:
        print_json([r.model_dump(mode="json") for r in rows])
        if why:
            console(stderr=True).print(why, soft_wrap=True, markup=False)
        return
    if why:
        console().print(why, soft_wrap=True, markup=False)
    table = Table("编号 id", "年 year", "指标 indicator", "比较", "值 value", "单位 unit", "力争")
    for t in rows:
        value = f"{t.value:g}" + (f"-{t.value_max:g}" if t.value_max is not None else "")
        table.add_row(
            t.id,
            str(t.year or "-"),
            t.indicator,
            t.comparator,
            value,
            t.unit,
            "✓" if t.aspirational else "",
        )
    console().print(table)
    console().print(f"{len(rows)} 个目标 targets")


@app.command()
def units(plan_ref: str = PLAN_OPT, as_json: bool = JSON_OPT) -> None:
    """单位 Units with the number of tasks they lead and share."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries

    with session_scope() as db:
        plan = service.get_plan(db_session=db, plan_ref=plan_ref)
        counts = queries.unit_counts(db_session=db, plan=plan)
    if as_json:
        print_json([vars(c) for c in counts])
        return
    table = Table("单位 unit", "类型 kind", "牵头 lead", "责任 responsible", "落实 default")
    for c in counts:
        table.add_row(c.name, c.kind, str(c.lead), str(c.responsible), str(c.default))
    console().print(table)


def tasksheet_(
    unit: str = typer.Argument(..., help="单位 e.g. 市能源局"),
    plan_ref: str = PLAN_OPT,
    output: Path | None = typer.Option(None, "--output", "-o", help=".xlsx 文件 file"),
    as_json: bool = JSON_OPT,
) -> None:
    """任务清单 A unit's task sheet: tasks it leads or shares, with targets (.xlsx)."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries
    from carbonpeak.plan.tasks import sheet as tasksheet

    with session_scope() as db:
        plan = service.get_plan(db_session=db, plan_ref=plan_ref)
        name, rows = queries.task_sheet(db_session=db, plan=plan, unit=unit)
        if output:
            output.write_bytes(tasksheet.to_xlsx(plan.title, plan.version, name, rows))
            console().print(f"{name}: {len(rows)} 项任务 tasks → {output}")
            return
        data: list[dict[str, Any]] = [
            {
                "id": r.task.key,
                "title": r.task.title,
                "role": r.role,
                "targets": list(r.targets),
            }
            for r in rows
        ]
    if as_json:
        print_json({"unit": name, "tasks": data})
        return
    table = Table("编号 id", "任务 title", "角色 role", "目标 targets")
    for d in data:
        table.add_row(
            str(d["id"]),
            str(d["title"]),
            tasksheet.ROLE_ZH[str(d["role"])],
            "\n".join(d["targets"]),
        )
    console().print(f"[bold]{name}[/] 任务清单 ({len(data)})")
    console().print(table)


@app.command()
def show(
    plan_ref: str = typer.Argument("1", help="方案 id 或 slug."), as_json: bool = JSON_OPT
) -> None:
    """方案概要 Summary: actions with task counts, targets, units, warnings."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.tasks import service as queries

    with session_scope() as db:
        row = service.get_plan(db_session=db, plan_ref=plan_ref)
        actions = [
            (n.key, n.title, sum(1 for t in row.tasks if t.action_key == n.key))
            for n in row.nodes
            if n.is_action
        ]
        units = queries.unit_counts(db_session=db, plan=row)
        summary: dict[str, Any] = {
            "id": row.id,
            "title": row.title,
            "version": row.version,
            "tasks": len(row.tasks),
            "targets": len(row.targets),
            "benchmarks": len(row.benchmarks),
            "units": len(units),
            "warnings": [w.message for w in row.warnings],
            "actions": [{"id": a, "title": t, "tasks": n} for a, t, n in actions],
        }
    if as_json:
        print_json(summary)
        return
    console().print(f"[bold]{summary['title']}[/] (id {summary['id']}, 第 {summary['version']} 版)")
    console().print(
        f"任务 tasks {summary['tasks']} · 目标 targets {summary['targets']} · "
        f"工序限额 benchmarks {summary['benchmarks']} · 单位 units {summary['units']}"
    )
    table = Table("行动 action", "标题 title", "任务 tasks")
    for a in summary["actions"]:
        table.add_row(a["id"], a["title"], str(a["tasks"]))
    console().print(table)
    for w in summary["warnings"]:
        console().print(f"[yellow]提示 warning:[/] {w}")


app.command("tasksheet")(tasksheet_)
