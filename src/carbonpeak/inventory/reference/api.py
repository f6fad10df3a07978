"""HTTP API of the reference inventories (mounted under ``/api/v1/inventory`` by
:mod:`carbonpeak.inventory.api`): imported datasets with their citations, a reference series,
and the comparison with the platform's inventory or another series. Reads are public. Thin:
parse the request, call the service, format."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from carbonpeak.core.errors import InputError
from carbonpeak.db.api import Db
from carbonpeak.inventory.reference import service
from carbonpeak.inventory.reference.model import Level
from carbonpeak.inventory.reference.read import parse_years
from carbonpeak.regions import find_region

router = APIRouter()
DatasetParam = Annotated[
    str, Query(description="参考数据集 ceads-province | ceads-city | chen2020-county")
]
RegionParam = Annotated[
    str, Query(description="地区 code (520200), 六盘水, 贵州, or name as in the source")
]


class _Attrs(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DatasetInfo(_Attrs):
    key: str
    name: str
    level: Level
    unit: str
    scope: str
    citation: str
    licence: str
    source: str


class DatasetOut(DatasetInfo):
    rows: int
    years: tuple[int | None, int | None]
    sha256: str
    imported_at: datetime


class Point(BaseModel):
    year: int
    value: float


class SeriesOut(BaseModel):
    dataset: DatasetInfo
    region: str
    members: list[str]
    unit: str
    points: list[Point]


class ComparisonRowOut(_Attrs):
    year: int
    sector: str | None
    sector_name: str | None
    platform: float | None
    reference: float | None
    difference: float | None
    #: None = not available (reference 0 or missing), never 0.
    relative_difference: float | None
    note: str | None


class ComparisonOut(_Attrs):
    dataset: DatasetInfo
    region: str
    members: list[str]
    subject: str
    unit: str
    totals: list[ComparisonRowOut]
    sectors: list[ComparisonRowOut]
    notes: list[str]


@router.get("/references", response_model=list[DatasetOut])
def list_references(db: Db) -> list[DatasetOut]:
    """参考清单及引用 / imported reference inventories with their citations."""
    return [
        DatasetOut(
            key=r.key,
            name=r.name,
            level=cast(Level, r.level),
            unit=r.unit,
            scope=r.scope,
            citation=r.citation,
            licence=r.licence,
            source=r.source,
            rows=r.row_count,
            years=(r.year_min, r.year_max),
            sha256=r.sha256,
            imported_at=r.imported_at,
        )
        for r in service.list_datasets(db_session=db)
    ]


@router.get("/references/{dataset}/series", response_model=SeriesOut)
def reference_series(
    dataset: str,
    db: Db,
    region: RegionParam,
    year_from: int | None = None,
    year_to: int | None = None,
) -> SeriesOut:
    """参考序列 / yearly totals (Mt CO2) of one reference dataset for a region."""
    years = None
    if year_from is not None or year_to is not None:
        years = range(year_from or 1900, (year_to or 2100) + 1)
    s = service.region_series(db_session=db, dataset=dataset, region=region, years=years)
    return SeriesOut(
        dataset=DatasetInfo.model_validate(s.dataset),
        region=s.region,
        members=list(s.members),
        unit=s.dataset.unit,
        points=[Point(year=y, value=v) for y, v in s.points],
    )


@router.get("/compare", response_model=ComparisonOut)
def compare(
    db: Db,
    dataset: DatasetParam,
    region: RegionParam,
    years: Annotated[str | None, Query(description="2005-2019 or 2005,2010")] = None,
    against: Annotated[
        str | None, Query(description="另一参考数据集 compare another reference dataset")
    ] = None,
    platform_dataset: Annotated[
        str | None,
        Query(description="平台活动数据集 the stored platform inventory (activity dataset name)"),
    ] = None,
) -> ComparisonOut:
    """对比 / a series against one named reference dataset (never averaged). The compared side
    is the stored platform inventory (``platform_dataset``: scope-1 CO2 by IPCC category),
    another reference dataset (``against``), or empty (the reference alone)."""
    wanted = parse_years(years)
    if against and platform_dataset:
        raise InputError("against 与 platform_dataset 只能选一 / give one of them")
    rows: list[tuple[int, str | None, float]] = []
    if against:
        rows = service.series_as_platform_rows(
            db_session=db, dataset=against, region=region, years=wanted
        )
    elif platform_dataset:
        code = find_region(region)
        if code is None:
            raise InputError(f"平台清单需要已知地区 / unknown region {region!r}")
        rows = service.stored_platform_rows(
            db_session=db, dataset=platform_dataset, region=code.code
        )
    result = service.compare_with_reference(
        db_session=db,
        dataset=dataset,
        region=region,
        years=wanted,
        platform_rows=rows,
        subject=against or (f"platform:{platform_dataset}" if platform_dataset else "platform"),
    )
    return ComparisonOut.model_validate(result)
