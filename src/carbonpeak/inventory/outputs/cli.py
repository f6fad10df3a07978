"""``carbonpeak inventory reconcile-outputs``: published product outputs (原煤, 发电量, 粗钢,
生铁, 铝) of the city and its districts against the activity data of the same region and year,
both figures and the difference, never averaged (registered in :mod:`carbonpeak.inventory.cli`)."""

from __future__ import annotations

import dataclasses

import typer
from rich.table import Table

from carbonpeak.core.cli import console, print_json
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.activity.cli import DATASET_NAME, JSON, VERSION
from carbonpeak.inventory.outputs import service
from carbonpeak.regions import region_code
from carbonpeak.statistics import Pair


def pair_json(p: Pair) -> dict[str, object]:
    """A pair as JSON: its fields, the difference (left − right) and the ratio (left ÷ right)."""
    return {**dataclasses.asdict(p), "difference": p.difference, "ratio": p.ratio}


def reconcile_outputs_command(
    dataset: str | None = DATASET_NAME,
    version: int | None = VERSION,
    region: str | None = typer.Option(None, "--region", "-r", help="只看 only this region."),
    year: int | None = typer.Option(None, "--year", "-y", help="只看 only this year."),
    as_json: bool = JSON,
) -> None:
    """核对产品产量 Published product outputs against the activity data (both, and the
    difference)."""
    code = region_code(region) if region else None
    with session_scope() as db:
        found = service.reconcile_outputs(
            db_session=db, dataset=dataset, version=version, region=code, year=year
        )
    if as_json:
        print_json(
            {
                "dataset": found.dataset,
                "version": found.version,
                "pairs": [pair_json(p) for p in found.pairs],
            }
        )
        return
    out = console()
    against = f"{found.dataset} v{found.version}" if found.dataset else "—"
    table = Table(
        "产品 output",
        "年 year",
        "公报 published",
        "活动数据 activity",
        "差 difference",
        "比 ratio",
        "来源 source",
        title=f"公报产品产量 vs 活动数据 published outputs vs activity data ({against})",
    )
    for p in found.pairs:
        table.add_row(
            p.topic,
            str(p.year),
            "—" if p.left is None else f"{p.left:,.2f} {p.unit}",
            "—" if p.right is None else f"{p.right:,.2f} {p.unit}",
            "—" if p.difference is None else f"{p.difference:+,.2f}",
            "—" if p.ratio is None else f"{p.ratio:.2f}",
            p.note,
        )
    out.print(table)
    if not found.pairs:
        out.print(
            "没有公报产品产量可核对 / no published product output of the city or its districts "
            "is stored (`carbonpeak stats coverage` shows what is)"
        )
