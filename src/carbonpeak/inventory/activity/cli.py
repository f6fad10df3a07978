"""``carbonpeak inventory`` commands on activity data: import (a tidy file or an energy balance
as a new dataset version), factors-import, datasets (registered in :mod:`carbonpeak.inventory.cli`).

Also the options the accounting and output commands share (where their inventory comes from
is :func:`carbonpeak.inventory.default_dataset.cli.load_inventory`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from carbonpeak.core.cli import print_json
from carbonpeak.core.errors import InputError
from carbonpeak.db.session import session_scope
from carbonpeak.factors import default_method, methods
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.activity.energy_balance import read_energy_balance

console = Console()

DATASET_NAME = typer.Option(
    None,
    "--dataset",
    "-d",
    help="活动数据集 stored activity dataset (default: the city default, see `inventory default`).",
)
VERSION = typer.Option(None, "--version", help="版本 dataset version (default: latest).")
INPUT = typer.Option(
    None, "--input", "-i", help="活动数据文件 tidy CSV/.xlsx, computed on the spot."
)
FACTORS = typer.Option(
    None, "--factors", help="实测因子文件 user factor CSV fuel,parameter,value,unit,source."
)
GWP = typer.Option(None, "--gwp", help="GWP集 GWP set: SAR | AR4 | AR5 | AR6 (default AR5).")
GRID_YEARS = typer.Option(
    None,
    "--grid-factor-years",
    help="早于首个公布年份的电网因子 the year whose grid factor stands in for years before the "
    "first published one: 2005-2020=2021, or 2021 (default: the rule, nearest published year).",
)
METHOD = typer.Option(
    None,
    "--method",
    "-m",
    help="核算方法 accounting method (default provincial-2011; see `inventory methods`).",
)
JSON = typer.Option(False, "--json", help="输出 JSON / print JSON.")


def import_command(
    file: Path = typer.Argument(..., help="活动数据 tidy CSV/.xlsx, or an energy balance .xlsx."),
    dataset: str = typer.Option(..., "--dataset", "-d", help="数据集名称 dataset name."),
    energy_balance: bool = typer.Option(
        False, "--energy-balance", help="文件是能源平衡表 the file is a city energy balance sheet."
    ),
    region: str | None = typer.Option(None, "--region", "-r", help="能源平衡表的地区 region."),
    year: int | None = typer.Option(None, "--year", "-y", help="能源平衡表的年份 year."),
    factor_set: str | None = typer.Option(
        None, "--factor-set", help="已存因子集 stored factor set to compute this dataset with."
    ),
    gwp: str = typer.Option("AR5", "--gwp", help="GWP集 GWP set recorded with the version."),
    method: str | None = METHOD,
    note: str = typer.Option("", "--note", help="备注 note."),
    as_json: bool = JSON,
) -> None:
    """导入活动数据 Import activity data as a new version of a dataset (all rows or none)."""
    data = file.read_bytes()
    records = None
    skipped: list[str] = []
    if energy_balance:
        if region is None or year is None:
            raise InputError("能源平衡表需要 --region 与 --year / an energy balance needs both")
        balance = read_energy_balance(data, region=region, year=year, source=file.name)
        records, skipped = balance.records, balance.skipped
    with session_scope() as db:
        result = service.import_activity(
            db_session=db,
            name=dataset,
            data=data,
            filename=file.name,
            actor="cli",
            records=records,
            factor_set=factor_set,
            gwp_set=gwp,
            note=note,
            method=method,
        )
    if as_json:
        print_json({**dataclasses.asdict(result), "skipped": skipped})
        return
    console.print(
        f"已导入 imported {result.rows} 行 rows → 数据集 dataset {result.dataset} "
        f"版本 version {result.version} (sha256 {result.sha256[:12]})"
    )
    for line in skipped:
        console.print(f"  · {line}")


def factors_import_command(
    file: Path = typer.Argument(..., help="因子文件 CSV fuel,parameter,value,unit,source."),
    name: str = typer.Option(..., "--name", "-n", help="因子集名称 name to store it under."),
) -> None:
    """存储因子集 Store a user factor file as a named set (a new version each time)."""
    with session_scope() as db:
        row = service.import_factor_set(
            db_session=db, name=name, data=file.read_bytes(), filename=file.name, actor="cli"
        )
        console.print(
            f"因子集 factor set {row.name} 版本 version {row.version}: "
            f"{row.record_count} 条 records"
        )


def datasets_command(as_json: bool = JSON) -> None:
    """活动数据集列表 Stored activity datasets (latest version of each)."""
    with session_scope() as db:
        rows: list[dict[str, Any]] = [
            {
                "dataset": ds.name,
                "version": v.version,
                "rows": v.row_count,
                "filename": v.filename,
                "sha256": v.sha256,
                "factor_set": v.factor_set,
                "gwp_set": v.gwp_set,
                "imported_at": v.imported_at.isoformat(),
                "imported_by": v.imported_by,
                "note": v.note,
            }
            for ds, v in service.list_datasets(db_session=db)
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("数据集 dataset", "版本 v", "行 rows", "文件 file", "GWP", "导入 imported")
    for r in rows:
        table.add_row(
            r["dataset"], str(r["version"]), str(r["rows"]), r["filename"], r["gwp_set"],
            f"{r['imported_at'][:19]} {r['imported_by']}",
        )  # fmt: skip
    console.print(table)


def methods_command(as_json: bool = JSON) -> None:
    """核算方法 The accounting methods: for every parameter, which documents it takes values from
    (the first is the method's own; later ones only fill gaps, named in each result)."""
    listed = [m.as_json() for m in methods().values()]
    if as_json:
        print_json({"default": default_method().name, "methods": listed})
        return
    for m in methods().values():
        mark = " (默认 default)" if m.default else ""
        table = Table("参数 parameter", "文件 documents (gap fillers after the first)", "说明 note")
        table.title = f"{m.name}{mark}: {m.title}"
        for p in m.parameters:
            table.add_row(p.parameter, " > ".join(p.sets) or "-", p.note)
        console.print(table)
        console.print(f"  {m.documents}")
        console.print(f"  CO2 path order: {' > '.join(m.co2_paths)}; {m.note}")
