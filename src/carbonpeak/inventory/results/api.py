"""HTTP API of inventory results (mounted under ``/api/v1/inventory`` by
:mod:`carbonpeak.inventory.api`): compute the inventory of rows or a file sent (nothing stored),
and the inventory of a stored dataset: totals, uncertainty, rows, explain, indicators, the
district-sum rule, the .xlsx export. All public. Thin: parse the request, call the service,
format. The JSON of an inventory is the same as ``carbonpeak inventory calc --json`` prints.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from carbonpeak.core.api import read_upload
from carbonpeak.core.errors import InputError
from carbonpeak.core.intake import TooLarge, parse_off_loop
from carbonpeak.core.openapi import download
from carbonpeak.core.responses import Number, Open, Sparse
from carbonpeak.db.api import Db
from carbonpeak.factors import (
    FactorSet,
    GasName,
    MethodName,
    default_method,
    methods,
    read_user_factors,
)
from carbonpeak.inventory.accounting.electricity import parse_grid_years
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.indicators import indicators
from carbonpeak.inventory.accounting.queries import explain as explain_cell
from carbonpeak.inventory.accounting.result import TOTAL_MEANING, Inventory
from carbonpeak.inventory.accounting.sectors import find_sector
from carbonpeak.inventory.accounting.uncertainty import Defaults, parse_defaults, parse_pairs
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.activity.parse import parse_activity_rows, read_activity
from carbonpeak.inventory.output.export_xlsx import write_workbook
from carbonpeak.inventory.output.report import (
    explanation_json,
    indicators_json,
    inventory_json,
    only_fuel,
)
from carbonpeak.regions import region_code

router = APIRouter()
DatasetQ = Annotated[str, Query(description="活动数据集 activity dataset name")]
VersionQ = Annotated[int | None, Query(description="版本 version (default: latest)")]
#: the GWP sets (factors.GWP_SETS), an enum in the schema
GwpName = Literal["SAR", "AR4", "AR5", "AR6"]
GwpQ = Annotated[GwpName | None, Query(description="GWP集 SAR | AR4 | AR5 | AR6")]
GridYearsQ = Annotated[
    str | None,
    Query(description="years whose grid factor is chosen (as --grid-factor-years): 2005-2020=2021"),
]
RegionQ = Annotated[str, Query(description="地区 code (520200) or name (六盘水, 钟山区)")]
By = Literal["sector", "fuel", "gas"]
#: Rows the public calculator (POST /calc, no login) computes at most; files: log in.
MAX_CALC_ROWS = 5_000


class ActivityIn(BaseModel):
    """One row of the tidy format (see ``carbonpeak.inventory.activity.parse``)."""

    region: str
    year: int | str
    sector: str = ""
    fuel: str
    quantity: float | str = Field(description="number, or a notation key NO/NE/IE/C")
    unit: str = ""
    source: str = ""
    note: str = ""
    uncertainty_pct: float | None = None


class FactorIn(BaseModel):
    """One row of a user factor file (``fuel,parameter,value,unit,source``)."""

    fuel: str
    parameter: str
    value: float
    unit: str
    source: str
    variant: str = ""
    sector: str = ""
    region: str = ""
    uncertainty_pct: float | None = None


class UncertaintyIn(BaseModel):
    """Defaults (%) for inputs without their own ``uncertainty_pct`` (approach 1)."""

    activity_pct: float | None = None
    factor_pct: dict[str, float] = Field(
        default_factory=dict, description="parameter (ncv ...) or factor record id -> %"
    )
    source: str = ""
    sourced_ranges: bool = Field(
        True, description="use IPCC 2006 Tables 1.2/1.4 95 % ranges before parameter defaults"
    )


class CalcIn(BaseModel):
    rows: list[ActivityIn] = Field(
        min_length=1, max_length=50_000, description="activity rows (row 1 = first)"
    )
    factors: list[FactorIn] = []
    gwp_set: GwpName = "AR5"
    method: MethodName | None = Field(
        None, description="核算方法 accounting method (default provincial-2011; GET .../methods)"
    )
    grid_factor_years: str | None = Field(
        None, description="years before the first published grid factor: 2005-2020=2021"
    )
    by: By = "sector"
    uncertainty: UncertaintyIn | None = Field(
        None, description="given: each total's approach-1 uncertainty is added"
    )


def stored_inventory(
    db: Session,
    dataset: str,
    version: int | None,
    gwp: str | None,
    method: str | None = None,
    grid_factor_years: str | None = None,
) -> tuple[Inventory, dict[str, Any]]:
    """The inventory of a stored dataset version (under its stored method unless another is
    asked for), and what it was computed from."""
    s = service.compute(
        db_session=db,
        dataset=dataset,
        version=version,
        gwp_set=gwp,
        method=method,
        grid_years=parse_grid_years(grid_factor_years),
        grid_years_text=grid_factor_years or "",
    )
    return s.inventory, s.about()


def _factors_csv(factors: list[FactorIn]) -> FactorSet | None:
    if not factors:
        return None
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(FactorIn.model_fields))
    writer.writeheader()
    for f in factors:
        writer.writerow(f.model_dump())
    return read_user_factors(buf.getvalue(), name="request", source="request factors")


class MethodParameterOut(BaseModel):
    """The documents one parameter is taken from (first = own, later = gap fillers)."""

    parameter: str
    sets: list[str]
    note: str


class MethodOut(BaseModel):
    """One accounting method (``factors.accounting_methods.Method.as_json``)."""

    name: str
    default: bool
    title: str
    documents: str
    note: str
    co2_paths: list[str]
    parameters: list[MethodParameterOut]


class MethodsOut(BaseModel):
    """The accounting methods (核算方法); ``default`` is the one used when none is named."""

    default: str
    methods: list[MethodOut]


# ---- response models (the JSON of ``carbonpeak inventory ... --json``) -------------------


class RowOut(BaseModel):
    """One cell of the inventory (清单明细): IPCC category × gas, t and tCO2e, or a notation key
    (NO/NE/IE/C) with the reason."""

    category: str
    name_zh: str
    name_en: str
    family: str
    scope: int
    gas: str
    value_t: float | None
    co2e_t: float | None
    notation: str | None
    explanation: str
    partial: bool


class MeasureOut(Sparse):
    """A named total (``output.report.measure_json``): its value and formula, or null and why."""

    value: float | None
    unit: str
    formula: str | None = Field(None, description="when there is a value")
    notes: list[str] | None = Field(None, description="when there is a value")
    reason: str | None = Field(None, description="why there is no value")
    meaning: str = Field(description="what the total holds")


class BySectorOut(BaseModel):
    """One IPCC category: t per gas and tCO2e (scope 1 and 2, memo items left out)."""

    category: str
    name_zh: str
    scope: int
    gases_t: dict[str, Number]
    co2e_t: Number


class ByGasOut(BaseModel):
    """Scope-1 rows summed per gas (LULUCF included, removals negative)."""

    gas: str
    value_t: Number
    co2e_t: Number | None


class ByFuelOut(BaseModel):
    """Scope-1 and scope-2 emissions per fuel or activity kind and gas."""

    fuel: str
    gas: str
    value_t: Number
    co2e_t: Number | None


class FactorRecordOut(BaseModel):
    """A factor record that entered a number of the inventory, with its source."""

    id: str
    set: str = Field(description="the factor set")
    parameter: str
    value: float
    unit: str
    tier: str
    source: str
    uncertain: bool = Field(description="the source marks the value uncertain or unverified")
    uncertainty_pct: float | None


class ExcludedOut(BaseModel):
    activity: str
    reason: str


class RangeUsedOut(BaseModel):
    record: str = Field(description="factor record id")
    range: str = Field(description="citation of the sourced range used for it")


class TotalUncertaintyOut(Sparse):
    """Approach-1 uncertainty of one total (``output.report.uncertainty_json``); ``reason``
    where the total itself is not available."""

    value: float | None
    relative_pct: float | None
    complete: bool = Field(description="every term has an input uncertainty")
    missing: list[str] = Field(description="terms without one (the first few)")
    missing_count: int
    unit: str | None = None
    absolute: float | None = None
    interval: list[float] | None = Field(None, description="value ± absolute")
    terms: int | None = None
    terms_covered: int | None = None
    ranges: list[RangeUsedOut] | None = None
    reason: str | None = None


class UncertaintyDefaultsOut(BaseModel):
    """The input uncertainties assumed (``accounting.uncertainty.Defaults.as_json``)."""

    activity_pct: float | None
    factor_pct: dict[str, float] = Field(description="per factor record id or parameter")
    source: str
    sourced_ranges: bool


class RegionYearOut(Sparse):
    """One region and year of an inventory (``output.report.region_year_json``)."""

    region: str
    region_name: str
    year: int
    derived_from_districts: bool
    totals: dict[str, float | None] = Field(description="tCO2e per named total")
    totals_detail: dict[str, MeasureOut]
    rows: list[RowOut]
    by_fuel: list[ByFuelOut] | None = Field(None, description="with by=fuel")
    by_sector: list[BySectorOut]
    by_gas: list[ByGasOut]
    uncertainty: dict[str, TotalUncertaintyOut] | None = Field(None, description="when asked")


class InventoryOut(Sparse):
    """An inventory: the headline region and year (``totals``, ``rows``, ``by_sector``,
    ``by_gas``; null when there is none), every region and year in ``inventories``, what was
    excluded, the factor records used; a stored dataset's name, version and method first;
    ``by_fuel`` with by=fuel, ``uncertainty`` when asked."""

    illustrative: bool = Field(description="示意数据: some activity record is invented")
    gwp_set: str
    method: str
    notes: list[str]
    factor_sets: list[str]
    region: str | None
    year: int | None
    totals: dict[str, float | None] | None = Field(description="tCO2e per named total")
    totals_detail: dict[str, MeasureOut] | None
    rows: list[RowOut] | None
    by_sector: list[BySectorOut] | None
    by_gas: list[ByGasOut] | None
    by_fuel: list[ByFuelOut] | None = Field(None, description="with by=fuel")
    uncertainty: dict[str, TotalUncertaintyOut] | None = Field(None, description="when asked")
    uncertainty_defaults: UncertaintyDefaultsOut | None = Field(None, description="when asked")
    uncertainty_method: str | None = Field(None, description="when asked")
    inventories: list[RegionYearOut] = Field(description="each region and year, same keys")
    excluded: list[ExcludedOut]
    factor_records: list[FactorRecordOut]


class StoredOut(Open):
    """What a stored inventory was computed from (the first keys of its answers)."""

    dataset: str
    version: int
    sha256: str
    note: str
    stored_factor_set: str | None
    stored_factor_set_version: int | None
    stored_method: str
    method: str | None
    grid_factor_years: str | None


class InventoryTotalsLine(Open):
    """One region and year: each named total (tCO2e; null where not available)."""

    region: str
    year: int
    derived_from_districts: bool = Field(description="the city total is its districts' sum")


class InventoryTotalsOut(StoredOut):
    """Named totals (territorial, regional energy CO2 ...) per region and year."""

    gwp_set: str
    meaning: dict[str, str] = Field(description="what each total holds")
    totals: list[InventoryTotalsLine]


class UncertaintyLine(BaseModel):
    region: str
    year: int
    uncertainty: dict[str, TotalUncertaintyOut] = Field(description="per total")


class UncertaintyOut(StoredOut):
    """Approach-1 uncertainty (IPCC 2006 Vol. 1 ch. 3) of each total per region and year."""

    gwp_set: str
    defaults: UncertaintyDefaultsOut = Field(description="the input uncertainties assumed")
    inventories: list[UncertaintyLine]


class PassedOverOut(BaseModel):
    """A factor record passed over for the one used, and why."""

    id: str
    value: float
    reason: str


class FactorUseOut(BaseModel):
    """A factor record used (its role in the formula), and those passed over, with why."""

    role: str
    id: str
    value: float
    unit: str
    tier: str
    source: str
    proxy: str = Field(description="what this record stands in for, if a proxy")
    passed_over: list[PassedOverOut]


class StepOut(BaseModel):
    """One intermediate value of a term (``accounting.trace.Step``)."""

    label: str
    value: Number
    unit: str


class TermOut(BaseModel):
    """One bottom term of the number (``accounting.queries.Term``): its formula, the activity
    records it stands on (ids as shown), its steps."""

    formula: str
    activity: str
    steps: list[StepOut]


class ActivityUsedOut(BaseModel):
    """An activity record behind the number (``output.report.activity_json``)."""

    id: str
    quantity: float | None
    unit: str
    source: str
    row: int | None
    note: str


class ExplainOut(Open):
    """追溯: what is behind one number: the formula, each term's steps, the activity records,
    the factor records with their sources, and the same as text; ``fuel`` when cut to one."""

    region: str
    year: int
    item: str
    gas: str
    value: float | None
    unit: str
    formula: str
    notation: str | None
    explanation: str
    terms: list[TermOut]
    factors: list[FactorUseOut]
    activity: list[ActivityUsedOut]
    notes: list[str]
    text: str


class InventoryIndicatorOut(BaseModel):
    name: str
    method: str
    unit: str
    value: float | None
    reason: str | None = Field(description="why there is no value")


class InventoryIndicatorsOut(BaseModel):
    """碳达峰指标 of one region and year (intensities at the prices of ``price_year``)."""

    region: str
    year: int
    price_year: int | None
    items: list[InventoryIndicatorOut]


class DistrictSumOut(BaseModel):
    """A city total against its districts: the sum where all report; else the city's own
    figure and the difference (city minus the districts that reported)."""

    parent: str
    members: list[str]
    reported: dict[str, float]
    missing: list[str]
    parent_value: float | None
    district_total: float
    total: float | None
    difference: float | None
    complete: bool = Field(description="every district reported")
    explanation: str


@router.get("/methods", summary="核算方法 / accounting methods and what each parameter cites")
def list_methods() -> MethodsOut:
    return MethodsOut(
        default=default_method().name,
        methods=[MethodOut.model_validate(m.as_json()) for m in methods().values()],
    )


@router.post(
    "/calc", summary="核算 / compute an inventory (nothing stored)", response_model=InventoryOut
)
def calc(body: CalcIn) -> dict[str, Any]:
    """The inventory of the rows sent (rows are numbered from 1 in error messages)."""
    if len(body.rows) > MAX_CALC_ROWS:
        raise TooLarge(f"rows: 至多 {MAX_CALC_ROWS} 行 / at most {MAX_CALC_ROWS} rows")
    rows = [r.model_dump() for r in body.rows]
    records = parse_activity_rows(rows, source="request", first_row=1)
    spec = None if body.uncertainty is None else parse_defaults(body.uncertainty.model_dump())
    inv = calculate(
        records,
        overrides=_factors_csv(body.factors),
        gwp_set=body.gwp_set,
        method=body.method,
        grid_years=parse_grid_years(body.grid_factor_years),
    )
    return inventory_json(inv, by=body.by, about={"input": "request"}, uncertainty=spec)


@router.post(
    "/calc/upload",
    summary="核算上传文件 / compute the inventory of a file",
    response_model=InventoryOut,
)
async def calc_upload(
    file: Annotated[UploadFile, File(description="tidy CSV/.xlsx")],
    factors: Annotated[UploadFile | None, File(description="user factor CSV")] = None,
    gwp_set: Annotated[GwpName, Form()] = "AR5",
    by: Annotated[By, Form()] = "sector",
    method: Annotated[MethodName | None, Form(description="核算方法 accounting method")] = None,
) -> dict[str, Any]:
    """The inventory of an uploaded file (a login is needed; parsed in a worker thread with
    the row and size caps of carbonpeak.core.intake)."""
    name = file.filename or "upload.csv"
    data = await read_upload(file)
    factor_data = await read_upload(factors) if factors is not None else None
    factor_name = (factors.filename if factors is not None else None) or "factors.csv"

    def compute() -> dict[str, Any]:
        records = read_activity(data, filename=name)
        overrides = None
        if factor_data is not None:
            overrides = read_user_factors(factor_data, name="upload", source=factor_name)
        inv = calculate(records, overrides=overrides, gwp_set=gwp_set, method=method)
        return inventory_json(inv, by=by, about={"input": name})

    return await parse_off_loop(compute)


@router.get(
    "/inventories",
    summary="清单 / the inventory of a stored dataset",
    response_model=InventoryOut,
)
def get_inventory(
    db: Db,
    dataset: DatasetQ,
    version: VersionQ = None,
    gwp: GwpQ = None,
    region: Annotated[str | None, Query()] = None,
    year: Annotated[int | None, Query()] = None,
    by: By = "sector",
    method: Annotated[
        MethodName | None,
        Query(description="核算方法 (default: the stored one)"),
    ] = None,
    grid_factor_years: GridYearsQ = None,
) -> dict[str, Any]:
    inv, about = stored_inventory(db, dataset, version, gwp, method, grid_factor_years)
    code = region_code(region) if region else None
    return inventory_json(inv, region=code, year=year, by=by, about=about)


@router.get(
    "/totals", summary="合计 / named totals per region and year", response_model=InventoryTotalsOut
)
def get_totals(
    db: Db,
    dataset: DatasetQ,
    version: VersionQ = None,
    gwp: GwpQ = None,
    method: Annotated[
        MethodName | None,
        Query(description="核算方法 (default: the stored one)"),
    ] = None,
    grid_factor_years: GridYearsQ = None,
) -> dict[str, Any]:
    inv, about = stored_inventory(db, dataset, version, gwp, method, grid_factor_years)
    data = inventory_json(inv, about=about)
    return {
        **about,
        "gwp_set": inv.gwp_set,
        "meaning": TOTAL_MEANING,
        "totals": [
            {"region": p["region"], "year": p["year"], **p["totals"],
             "derived_from_districts": p["derived_from_districts"]}
            for p in data["inventories"]
        ],
    }  # fmt: skip


@router.get(
    "/uncertainty",
    summary="不确定性 / approach-1 uncertainty of the totals",
    response_model=UncertaintyOut,
)
def get_uncertainty(
    db: Db,
    dataset: DatasetQ,
    version: VersionQ = None,
    gwp: GwpQ = None,
    region: Annotated[str | None, Query(description="地区 (default: all)")] = None,
    year: Annotated[int | None, Query(description="年份 (default: all)")] = None,
    activity_pct: Annotated[float | None, Query(ge=0, description="activity default %")] = None,
    factor_pct: Annotated[
        list[str] | None, Query(description="PARAMETER=PCT or RECORD_ID=PCT (repeat)")
    ] = None,
    sourced_ranges: Annotated[
        bool, Query(description="use IPCC 2006 Tables 1.2/1.4 95 % ranges before defaults")
    ] = True,
) -> dict[str, Any]:
    """Per region and year, each total's relative uncertainty (%), ``complete`` and the terms
    ``missing`` an input uncertainty (IPCC 2006 Vol. 1 ch. 3 approach 1)."""
    spec = Defaults(activity_pct, parse_pairs(factor_pct or []), "request", sourced_ranges)
    inv, about = stored_inventory(db, dataset, version, gwp)
    code = region_code(region) if region else None
    data = inventory_json(inv, region=code, year=year, about=about, uncertainty=spec)
    return {
        **about,
        "gwp_set": inv.gwp_set,
        "method": data["uncertainty_method"],
        "defaults": data["uncertainty_defaults"],
        "inventories": [
            {"region": p["region"], "year": p["year"], "uncertainty": p["uncertainty"]}
            for p in data["inventories"]
        ],
    }


@router.get("/rows", summary="清单明细 / rows (category × gas)", response_model=list[RowOut])
def get_rows(
    db: Db,
    dataset: DatasetQ,
    region: RegionQ,
    year: int,
    version: VersionQ = None,
    gwp: GwpQ = None,
) -> list[dict[str, Any]]:
    inv, about = stored_inventory(db, dataset, version, gwp)
    data = inventory_json(inv, region=region_code(region), year=year, about=about)
    if not data["inventories"]:
        raise InputError(f"没有 {region} {year} 的清单 / no inventory for {region} {year}")
    rows: list[dict[str, Any]] = data["inventories"][0]["rows"]
    return rows


@router.get("/explain", summary="追溯 / what is behind one number", response_model=ExplainOut)
def get_explain(
    db: Db,
    dataset: DatasetQ,
    region: RegionQ,
    year: int,
    sector: Annotated[str, Query(description="IPCC code, 中文部门, or a total name")],
    gas: GasName = GasName("CO2"),
    fuel: Annotated[str | None, Query(description="只看该品种 only this fuel's terms")] = None,
    version: VersionQ = None,
    gwp: GwpQ = None,
) -> dict[str, Any]:
    inv, _ = stored_inventory(db, dataset, version, gwp)
    if sector in TOTAL_MEANING:
        category = sector
    else:
        match = find_sector(sector)
        if match is None:
            raise InputError(f"未知部门 / unknown sector {sector!r}")
        category = match.category
    ex = explain_cell(inv, region_code(region), year, category, gas)
    return only_fuel(ex, fuel) if fuel else explanation_json(ex)


@router.get("/indicators", summary="碳达峰指标 / indicators", response_model=InventoryIndicatorsOut)
def get_indicators(
    db: Db, dataset: DatasetQ, region: RegionQ, year: int, version: VersionQ = None
) -> dict[str, Any]:
    inv, _ = stored_inventory(db, dataset, version, None)
    return indicators_json(indicators(inv, region_code(region), year))


@router.get(
    "/district-sum",
    summary="区县加总 / a city total against its districts",
    response_model=DistrictSumOut,
)
def get_district_sum(
    db: Db,
    dataset: DatasetQ,
    year: int,
    parent: RegionQ = "520200",
    total: str = "territorial",
) -> dict[str, Any]:
    if total not in TOTAL_MEANING:
        raise InputError(f"未知合计 / unknown total {total!r} ({', '.join(TOTAL_MEANING)})")
    check = service.district_sum(
        db_session=db, dataset=dataset, parent=parent, year=year, total_name=total
    )
    return dataclasses.asdict(check)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/export.xlsx",
    summary="导出 Excel / the inventory as .xlsx",
    response_class=Response,
    responses=download("清单 the inventory (.xlsx)", XLSX),
)
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
