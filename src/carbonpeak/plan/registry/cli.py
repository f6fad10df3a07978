"""``carbonpeak plan`` commands of the registry: parse a plan text, import, export, list and
show plans."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from carbonpeak.core.cli import JSON_OPT, console, print_json

# The reader, the database and rich's tables are imported inside the commands, so that
# ``carbonpeak plan --help`` answers at once.

app = typer.Typer()


@app.command()
def parse(
    file: Path = typer.Argument(
        ..., help="方案文本 plan text (.txt UTF-8/GB18030, .docx, .pdf, .html; 繁体 → 简体)."
    ),
    format: str = typer.Option("json", "--format", "-f", help="json | yaml"),
    aliases: Path | None = typer.Option(None, help="单位别名表 extra unit alias table (YAML)."),
) -> None:
    """解析方案 Parse a plan text and print the structured plan (no database)."""
    from carbonpeak.plan.reading.aliases import load_aliases
    from carbonpeak.plan.reading.parser import parse_text
    from carbonpeak.plan.reading.reader import read_path
    from carbonpeak.plan.registry.exchange import to_yaml

    document = read_path(file)
    plan = parse_text(document.text, aliases=load_aliases(aliases))
    if format == "yaml":
        typer.echo(to_yaml(plan))
    elif format == "json":
        print_json(plan.model_dump(mode="json"))
    else:
        raise typer.BadParameter("format must be json or yaml", param_hint="--format")


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ..., help="方案文本 (.txt/.docx/.pdf/.html) 或导出的 YAML / or an exported YAML."
    ),
    slug: str | None = typer.Option(None, help="方案标识 plan key (default: its title)."),
    aliases: Path | None = typer.Option(None, help="单位别名表 extra unit alias table (YAML)."),
) -> None:
    """导入方案 Import a plan, or a corrected YAML export (updates it, ids kept)."""
    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.reading.aliases import load_aliases
    from carbonpeak.plan.reading.parser import parse_text
    from carbonpeak.plan.reading.reader import read_path
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.registry.exchange import from_yaml

    document = read_path(file)
    if document.kind == "yaml":
        plan, yaml_slug = from_yaml(document.text, name=document.filename)
        slug = slug or yaml_slug
    else:
        plan = parse_text(document.text, aliases=load_aliases(aliases))
    with session_scope() as db:
        done = service.import_plan_checked(db_session=db, plan=plan, document=document, slug=slug)
        row = done.row
        if done.unchanged:
            console().print(
                f"未变化 unchanged: [bold]{row.title}[/] (id {row.id}, slug {row.slug}) — "
                f"版本 {row.version} 保留 / version {row.version} kept"
            )
            return
        console().print(
            f"已导入 imported [bold]{row.title}[/] (id {row.id}, version {row.version}): "
            f"{len(plan.tasks)} tasks, {len(plan.targets)} targets, "
            f"{len(plan.benchmarks)} benchmarks, {len(plan.warnings)} warnings"
        )


@app.command()
def export(
    plan_ref: str = typer.Argument(..., help="方案 id 或 slug / plan id or slug."),
    format: str = typer.Option("yaml", "--format", "-f", help="yaml | json"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to file."),
) -> None:
    """导出方案 Export a plan for correction (edit, then `plan import`)."""
    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service
    from carbonpeak.plan.registry.exchange import to_yaml

    with session_scope() as db:
        row = service.get_plan(db_session=db, plan_ref=plan_ref)
        model = service.to_model(row)
        text = (
            to_yaml(model, slug=row.slug)
            if format == "yaml"
            else json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2)
        )
    if output:
        output.write_text(text, encoding="utf-8")
        console().print(f"已写入 written: {output}")
    else:
        typer.echo(text)


@app.command("list")
def list_(as_json: bool = JSON_OPT) -> None:
    """方案列表 List plans."""
    from rich.table import Table

    from carbonpeak.db.session import session_scope
    from carbonpeak.plan.registry import service

    with session_scope() as db:
        rows = [
            {
                "id": r.id,
                "slug": r.slug,
                "title": r.title,
                "version": r.version,
                "tasks": len(r.tasks),
                "targets": len(r.targets),
            }
            for r in service.list_plans(db_session=db)
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "标题 title", "版本 version", "任务 tasks", "目标 targets")
    for r in rows:
        table.add_row(
            str(r["id"]), str(r["title"]), str(r["version"]), str(r["tasks"]), str(r["targets"])
        )
    console().print(table)
