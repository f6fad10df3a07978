"""``carbonpeak inventory`` commands on the reference inventories (CEADs, Chen et al. 2020):
reference-import, reference-list, reference-show, and compare (the platform's inventory, a CSV or
another series against one named reference series); registered in
:mod:`carbonpeak.inventory.cli`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from carbonpeak.core.cli import JSON_OPT, print_json
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.reference import service
from carbonpeak.inventory.reference.compare import Comparison, ComparisonRow, PlatformRow
from carbonpeak.inventory.reference.model import DEFAULT_DATASETS
from carbonpeak.inventory.reference.read import parse_years, read_platform_csv
from carbonpeak.regions import find_region

console = Console()

DATASET_OPT = typer.Option(
    ...,
    "--dataset",
    "-d",
    help="参考数据集 dataset: ceads-province | ceads-city | chen2020-county.",
)
REGION_OPT = typer.Option(
    ...,
    "--region",
    "-r",
    help="地区 region: 代码 code (520200), 六盘水, 贵州, or the name as in the source "
    "(贵州六盘水, Guizhou, 钟山区). 县级数据按代码加总 county data are summed by code.",
)
YEARS_OPT = typer.Option(None, "--years", "-y", help="年份 years: 2005-2019 or 2005,2010.")
#: Region whose totals `reference-import` prints for each dataset.
SHOWCASE = {"ceads-province": "Guizhou", "ceads-city": "六盘水", "chen2020-county": "六盘水"}


def _mt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.3f}"


def reference_import(
    directory: Path | None = typer.Argument(
        None,
        help="数据目录 directory with the CEADs files (default: the bundled extract 内置摘录).",
    ),
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="只导入 import only this dataset (repeatable)."
    ),
) -> None:
    """导入参考清单 Import (or re-import, replacing) the reference inventories."""
    keys = dataset or list(DEFAULT_DATASETS)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    shown: list[tuple[str, str, int, float]] = []
    with Progress(*columns, TimeElapsedColumn(), console=console) as bar, session_scope() as db:
        tasks: dict[str, Any] = {}

        def report(key: str, done: int, total: int) -> None:
            if key not in tasks:
                tasks[key] = bar.add_task(key, total=total)
            bar.update(tasks[key], completed=done)

        result = service.import_reference(
            db_session=db, directory=directory, datasets=keys, actor="cli", progress=report
        )
        for item in result:
            shown.extend(_showcase(db, item.key))
    table = Table("数据集 dataset", "行数 rows", "替换 replaced", "秒 s", "sha256")
    for item in result:
        table.add_row(
            item.key,
            f"{item.rows:,}",
            f"{item.replaced:,}",
            f"{item.seconds:.1f}",
            item.sha256[:12],
        )
    console.print(table)
    for key, region, year, value in shown:
        console.print(f"  {key} {region} {year}: {value:,.3f} Mt CO2")
    console.print(f"来源 source: {result[0].source if result else directory}")


def _showcase(db: Session, key: str) -> list[tuple[str, str, int, float]]:
    region = SHOWCASE.get(key)
    if region is None:
        return []
    try:
        points = service.region_series(db_session=db, dataset=key, region=region).points
    except NotFound:
        return []
    return [(key, region, year, value) for year, value in (points[0], points[-1])]


def reference_list(as_json: bool = JSON_OPT) -> None:
    """参考清单列表 Imported reference datasets, with their citations."""
    with session_scope() as db:
        rows: list[dict[str, Any]] = [
            {
                "key": r.key,
                "name": r.name,
                "level": r.level,
                "rows": r.row_count,
                "years": [r.year_min, r.year_max],
                "unit": r.unit,
                "scope": r.scope,
                "citation": r.citation,
                "licence": r.licence,
                "sha256": r.sha256,
                "imported_at": r.imported_at.isoformat(),
            }
            for r in service.list_datasets(db_session=db)
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("数据集 dataset", "行数 rows", "年份 years", "引用 cite")
    for r in rows:
        table.add_row(
            str(r["key"]), f"{r['rows']:,}", "-".join(map(str, r["years"])), r["citation"]
        )
    console.print(table)


def reference_show(
    dataset: str = DATASET_OPT,
    region: str = REGION_OPT,
    years: str | None = YEARS_OPT,
    sectors: bool = typer.Option(
        False, "--sectors", help="分 IPCC 类别 breakdown by IPCC category (ceads-province)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """参考序列 A reference series: totals by year (Mt CO2) for a region."""
    wanted = parse_years(years)
    with session_scope() as db:
        s = service.region_series(db_session=db, dataset=dataset, region=region, years=wanted)
        parts = (
            service.sector_breakdown(db_session=db, dataset=dataset, region=region, years=wanted)
            if sectors
            else []
        )
    if as_json:
        print_json(
            {
                "dataset": s.dataset.key,
                "region": s.region,
                "members": s.members,
                "unit": s.dataset.unit,
                "scope": s.dataset.scope,
                "citation": s.dataset.citation,
                "points": [{"year": y, "value": v} for y, v in s.points],
                "sectors": [dataclasses.asdict(p) for p in parts],
            }
        )
        return
    table = Table("年份 year", f"{s.dataset.unit}", title=f"{s.dataset.key} · {s.region}")
    for year, value in s.points:
        table.add_row(str(year), _mt(value))
    console.print(table)
    if parts:
        by_sector = Table("年份 year", "IPCC", "类别 category", s.dataset.unit)
        for p in parts:
            by_sector.add_row(str(p.year), p.sector, p.name or "", _mt(p.value))
        console.print(by_sector)
    console.print(f"汇总自 summed from: {'、'.join(s.members)}")
    console.print(f"引用 cite: {s.dataset.citation}")


def _platform_rows(
    db: Session, platform: Path | None, platform_dataset: str | None, region: str
) -> list[PlatformRow]:
    """The platform side: a stored activity dataset's inventory, or a CSV year,sector,co2_t."""
    if platform_dataset is not None:
        code = find_region(region)
        if code is None:
            raise InputError(
                f"平台清单需要已知地区 / the platform inventory needs a known region: {region!r}"
            )
        return service.stored_platform_rows(
            db_session=db, dataset=platform_dataset, region=code.code
        )
    return [] if platform is None else read_platform_csv(platform.read_bytes(), platform.name)


def compare(
    dataset: str = DATASET_OPT,
    region: str = REGION_OPT,
    years: str | None = YEARS_OPT,
    platform: Path | None = typer.Option(
        None, "--platform", help="平台清单 platform inventory CSV: year,sector,co2_t (t CO2)."
    ),
    platform_dataset: str | None = typer.Option(
        None,
        "--platform-dataset",
        help="已存活动数据集 the stored platform inventory: activity dataset NAME (its latest "
        "version; scope-1 CO2 by IPCC category). --dataset names the reference.",
    ),
    against: str | None = typer.Option(
        None, "--against", help="与另一参考序列比较 compare another reference dataset instead."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """对比 Platform (or another series) vs one named reference series; never averaged."""
    if sum(x is not None for x in (platform, against, platform_dataset)) > 1:
        raise typer.BadParameter(
            "--platform, --platform-dataset 与 --against 只能选一 / give one of them"
        )
    wanted = parse_years(years)
    with session_scope() as db:
        if against is not None:
            rows = service.series_as_platform_rows(
                db_session=db, dataset=against, region=region, years=wanted
            )
        else:
            rows = _platform_rows(db, platform, platform_dataset, region)
        result = service.compare_with_reference(
            db_session=db,
            dataset=dataset,
            region=region,
            years=wanted,
            platform_rows=rows,
            subject=against or (f"platform:{platform_dataset}" if platform_dataset else "platform"),
        )
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    _print_comparison(result)


def _print_comparison(result: Comparison) -> None:
    for title, rows in (("合计 total", result.totals), ("分类别 by category", result.sectors)):
        if not rows:
            continue
        table = Table(
            "年份 year",
            *(["IPCC", "类别 category"] if rows is result.sectors else []),
            f"{result.subject} Mt",
            f"{result.dataset.key} Mt",
            "差值 diff Mt",
            "相对差 rel.",
            "说明 note",
            title=f"{title} · {result.region} · {result.unit}",
        )
        for r in rows:
            table.add_row(*_cells(r, with_sector=rows is result.sectors))
        console.print(table)
    for note in result.notes:
        console.print(f"· {note}")
    console.print(f"引用 cite: {result.dataset.citation}")


def _cells(r: ComparisonRow, *, with_sector: bool) -> list[str]:
    rel = "n/a 不可用" if r.relative_difference is None else f"{r.relative_difference:+.1%}"
    head = [str(r.year)] + ([r.sector or "", r.sector_name or ""] if with_sector else [])
    return [*head, _mt(r.platform), _mt(r.reference), _mt(r.difference), rel, r.note or ""]
