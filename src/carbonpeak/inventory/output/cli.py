"""``carbonpeak inventory export``: the inventory as an Excel workbook (registered in
:mod:`carbonpeak.inventory.cli`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.regions import region_code
from carbonpeak.inventory.activity.cli import (
    DATASET_NAME,
    FACTORS,
    GWP,
    INPUT,
    VERSION,
    load_inventory,
)
from carbonpeak.inventory.output.export_xlsx import write_workbook

console = Console()


def export_command(
    output: Path = typer.Option(..., "--output", "-o", help="输出 .xlsx path."),
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    input_file: Path | None = INPUT,
    factors: Path | None = FACTORS,
    gwp: str | None = GWP,
    region: str | None = typer.Option(None, "--region", "-r", help="只导出 only this region."),
    year: int | None = typer.Option(None, "--year", "-y", help="只导出 only this year."),
) -> None:
    """导出 Excel: 省级清单汇总表 provincial table, GPC table, indicators, rows, about."""
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"输出应为 .xlsx / output must end in .xlsx: {output}")
    inv, about = load_inventory(
        input_file=input_file, factors=factors, dataset=dataset, version=version, gwp=gwp
    )
    code = region_code(region) if region else None
    output.write_bytes(write_workbook(inv, about=about, region=code, year=year))
    console.print(f"已导出 written {output}")
