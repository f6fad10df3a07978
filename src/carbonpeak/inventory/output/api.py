"""HTTP API of the output (mounted under ``/api/v1/inventory`` by
:mod:`carbonpeak.inventory.api`): the inventory of a stored dataset as an Excel workbook. Public.
Thin: parse the request, call the service, format."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from carbonpeak.db.session import Db
from carbonpeak.inventory.accounting.api import DatasetQ, GwpQ, VersionQ, stored_inventory
from carbonpeak.inventory.accounting.regions import region_code
from carbonpeak.inventory.output.export_xlsx import write_workbook

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/export.xlsx", summary="导出 Excel / the inventory as .xlsx")
def export_xlsx(
    db: Db,
    dataset: DatasetQ,
    version: VersionQ = None,
    gwp: GwpQ = None,
    region: Annotated[str | None, Query(description="只导出 only this region")] = None,
    year: Annotated[int | None, Query(description="只导出 only this year")] = None,
) -> Response:
    inv, about = stored_inventory(db, dataset, version, gwp)
    code = region_code(region) if region else None
    filename = f"inventory-{about['dataset']}-v{about['version']}.xlsx"
    return Response(
        content=write_workbook(inv, about=about, region=code, year=year),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="inventory.xlsx"; '
            f"filename*=UTF-8''{quote(filename)}"
        },
    )
