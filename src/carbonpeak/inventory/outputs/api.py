"""HTTP API of the product-output check (mounted under ``/api/v1/inventory`` by
:mod:`carbonpeak.inventory.api`): published product outputs against the activity data, both
figures and the difference. Thin: parse the request, call the service, format."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from carbonpeak.db.api import Db
from carbonpeak.inventory.outputs import service
from carbonpeak.regions import region_code

router = APIRouter()


class PairOut(BaseModel):
    topic: str
    year: int
    left_label: str
    left: float | None
    right_label: str
    right: float | None
    unit: str
    note: str
    difference: float | None
    ratio: float | None


class OutputCheckOut(BaseModel):
    dataset: str | None
    version: int | None
    pairs: list[PairOut]


@router.get("/reconcile-outputs", response_model=OutputCheckOut)
def reconcile_outputs(
    db: Db,
    dataset: Annotated[str | None, Query(max_length=120, description="活动数据集")] = None,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    region: Annotated[str | None, Query(max_length=40, description="地区 code or name")] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
) -> OutputCheckOut:
    """核对产品产量 Published product outputs (原煤, 发电量, 粗钢, 生铁, 铝) of the city and
    its districts against the activity data of the same region and year (the dataset named,
    else the city default): both figures, the difference (published − activity) and the ratio;
    never averaged."""
    code = region_code(region) if region else None
    found = service.reconcile_outputs(
        db_session=db, dataset=dataset, version=version, region=code, year=year
    )
    return OutputCheckOut(
        dataset=found.dataset,
        version=found.version,
        pairs=[
            PairOut(
                topic=p.topic,
                year=p.year,
                left_label=p.left_label,
                left=p.left,
                right_label=p.right_label,
                right=p.right,
                unit=p.unit,
                note=p.note,
                difference=p.difference,
                ratio=p.ratio,
            )
            for p in found.pairs
        ],
    )
