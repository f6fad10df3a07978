"""``carbonpeak stats`` commands on published values: list, show, import, export, coverage;
registered in :mod:`carbonpeak.statistics.cli`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import ACTOR_OPT, JSON_OPT, print_json
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.regions import region_code, regions
from carbonpeak.statistics.model import STATUS_ZH, indicators
from carbonpeak.statistics.values import service
from carbonpeak.statistics.values.coverage import (
    README_END,
    README_START,
    coverage,
    markdown,
    totals,
    with_table,
)
from carbonpeak.statistics.values.read import read_values, to_csv, value_record

console = Console()

REGION_OPT = typer.Option(
    None, "--region", "-r", help="地区 code or name (520200, 六盘水, 水城县)."
)
YEAR_OPT = typer.Option(None, "--year", "-y", help="年份 year.")
INDICATOR_OPT = typer.Option(None, "--indicator", "-i", help="指标 id (gdp, output_raw_coal ...).")


def _code(text: str | None) -> str | None:
    return region_code(text) if text else None


def list_command(
    region: str | None = REGION_OPT,
    indicator: str | None = INDICATOR_OPT,
    all_versions: bool = typer.Option(False, "--all-versions", help="每个版本 every version."),
    as_json: bool = JSON_OPT,
) -> None:
    """列出公报数据 List published values (current versions; --all-versions for revisions)."""
    with session_scope() as db:
        stored = service.list_values(
            db_session=db, region=_code(region), indicator=indicator, all_versions=all_versions
        )
    if as_json:
        print_json([value_record(s.value, version=s.version, current=s.current) for s in stored])
        return
    names = indicators()
    table = Table(
        "地区 region",
        "年 year",
        "指标 indicator",
        "值 value",
        "单位 unit",
        "版本 v",
        "状态 status",
        "来源 source",
    )
    for s in stored:
        v = s.value
        table.add_row(
            regions()[v.region].name_zh if v.region in regions() else v.region,
            str(v.year),
            names[v.indicator].name_zh if v.indicator in names else v.indicator,
            f"{v.value:.10g}",
            v.unit,
            f"{s.version}{'' if s.current else ' (旧 old)'}",
            STATUS_ZH.get(v.status, v.status),
            v.source.title,
        )
    console.print(table)
    console.print(f"{len(stored)} 条 values")


def show_command(
    region: str = typer.Option(..., "--region", "-r", help="地区 code or name."),
    year: int = typer.Option(..., "--year", "-y", help="年份 year."),
    as_json: bool = JSON_OPT,
) -> None:
    """查看某地某年的公报数据 Published values of one region and year, with their sources."""
    code = region_code(region)
    with session_scope() as db:
        stored = service.list_values(db_session=db, region=code, year=year, all_versions=True)
    if as_json:
        print_json([value_record(s.value, version=s.version, current=s.current) for s in stored])
        return
    if not stored:
        console.print(f"{regions()[code].name_zh} {year}: 无公报数据 / no published values")
        return
    for s in stored:
        v = s.value
        mark = "" if s.current else "  [旧版本 superseded]"
        console.print(
            f"{v.name_as_published} = {v.value:.10g} {v.unit} ({STATUS_ZH[v.status]}, v{s.version})"
            f"{mark}\n    {v.source.publisher}《{v.source.title}》{v.source.published} "
            f"{v.source.section} {v.source.url}"
        )


def import_command(
    path: Path = typer.Argument(..., help="CSV or XLSX file (columns: see docs)."),
    actor: str = ACTOR_OPT,
) -> None:
    """导入公报数据 Import published values (all rows or none; revisions become versions)."""
    with session_scope() as db:
        result = service.import_file(db_session=db, path=path, actor=actor)
    console.print(
        f"{result.filename}: 读入 {result.rows_read} 行, 新增 {result.rows_added} "
        f"(其中新版本 {result.new_versions}) / read, added, new versions"
    )


def export_command(
    output: Path | None = typer.Option(None, "--output", "-o", help="CSV file (default stdout)."),
    region: str | None = REGION_OPT,
    indicator: str | None = INDICATOR_OPT,
) -> None:
    """导出公报数据 Export every version of the published values as CSV (the import format)."""
    with session_scope() as db:
        stored = service.list_values(db_session=db, region=_code(region), indicator=indicator)
    text = to_csv(s.value for s in stored)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"{output}: {len(stored)} 条 values")


def coverage_command(
    bundled: bool = typer.Option(
        False, "--bundled", help="统计内置文件 count the bundled file, not the database."
    ),
    readme: Path | None = typer.Option(
        None,
        "--readme",
        help="把表写入该文件的标记之间 rewrite the table between the markers of this file "
        "(README.md).",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """覆盖情况 Coverage: indicators × regions, years found / sought (2005-2025)."""
    if bundled:
        values = read_values(service.bundled_bytes(), service.BUNDLED)
    else:
        with session_scope() as db:
            values = service.current_values(db_session=db)
    cells = coverage(values)
    if as_json:
        found, sought = totals(cells)
        print_json(
            {
                "found": found,
                "sought": sought,
                "cells": [
                    {
                        "indicator": c.indicator,
                        "region": c.region,
                        "years": list(c.found),
                        "sought": c.sought,
                    }
                    for c in cells
                ],
            }
        )
        return
    table = markdown(cells, {code: r.name_zh for code, r in regions().items()})
    if readme is None:
        typer.echo(table)
        return
    if not readme.is_file():
        raise InputError(f"找不到文件 / file not found: {readme}")
    text = readme.read_text(encoding="utf-8")
    try:
        updated = with_table(text, table)
    except ValueError:
        raise InputError(
            f"{readme}: 没有覆盖表标记 / no coverage markers ({README_START} … {README_END})"
        ) from None
    readme.write_text(updated, encoding="utf-8")
    found, sought = totals(cells)
    console.print(f"{readme}: 覆盖表已更新 table written ({found}/{sought})")
