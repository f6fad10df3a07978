"""What the inventory pages show (碳排放核算), read through the inventory services.

The numbers come from ``inventory.activity.service.compute`` (the inventory of a stored activity
dataset
version, recomputed from its records) and ``inventory.output.report`` (the same tables as the API's
JSON), the comparison from ``inventory.reference_service``; nothing here computes an emission.
Illustrative (invented) demo data is recognised by its dataset, file name or note and labelled
on every page that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from carbonpeak.core.errors import CarbonpeakError, InputError
from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.factors import methods
from carbonpeak.inventory import (
    CITY,
    DEMO_DATASET,
    ILLUSTRATIVE_NOTE_EN,
    ILLUSTRATIVE_NOTE_ZH,
    T_PER_MT,
    Comparison,
    DistrictSum,
    IndicatorTable,
    Inventory,
    Traced,
    compare_with_reference,
    district_check,
    indicators,
    list_reference_datasets,
    members,
    platform_rows,
    region_series,
    regions,
    report_by_fuel,
    report_by_gas,
    report_by_sector,
    report_headline,
)
from carbonpeak.inventory import compute_inventory as compute_stored
from carbonpeak.inventory.orm import ActivityVersionRow
from carbonpeak.regions import find_region
from carbonpeak.web.dataset_choice import choose, dataset_choices, is_illustrative
from carbonpeak.web.i18n import N_

#: The named totals a page shows, in this order, with their labels (msgids).
TOTALS: tuple[tuple[str, str], ...] = (
    ("territorial", N_("Territorial CO2 (scope 1, gross)")),
    ("regional_energy_co2", N_("Regional energy CO2 (assessment total)")),
    ("co2e_gross_t", N_("All greenhouse gases, gross (CO2e)")),
    ("lulucf_co2e_t", N_("Land use and forestry (CO2e; removals negative)")),
    ("co2e_t", N_("All greenhouse gases, net (CO2e)")),
    ("scope2", N_("Scope 2: purchased electricity and heat")),
    ("karst_memo_t", N_("Karst carbon sink (memo item)")),
)
TOTAL_MEANINGS = {
    "territorial": N_(
        "CO2 emitted inside the city: fuel combustion, industrial processes and other "
        "scope-1 sources, without land use and memo items (the boundary of the CEADs "
        "inventories)."
    ),
    "regional_energy_co2": N_(
        "CO2 of fossil energy consumed plus net imported electricity times the grid factor "
        "(exported electricity removed): the total used for the CO2 intensity target."
    ),
}
#: Totals of the districts side by side, and the trend.
HEADLINE = ("territorial", "regional_energy_co2")


def region_name(code: str, lang: str) -> str:
    """A region's name by its code, also a former one (520221 → 水城区, 520222 → 盘州市)."""
    reg = regions().get(code) or find_region(code)
    if reg is None:
        return code
    return reg.name_zh if lang == "zh" else reg.name_en


# The reference inventories' titles, for the catalogs (the page shows them translated).
REFERENCE_TITLES = (
    N_(
        "CEADs provincial CO2 inventories 1997-2019 (IPCC sectoral approach), 30 provinces x "
        "46 sectors x 17 fuels + cement process"
    ),
    N_("CEADs Emission Inventories for 290 Chinese Cities from 1997 to 2019"),
    N_("County-level CO2 emissions in China 1997-2017 (2,735 counties)"),
)


@dataclass(frozen=True)
class TotalView:
    key: str
    label: str
    value: float | None
    unit: str
    reason: str = ""


#: The indicators whose inputs the page shows with their sources (name, method, label msgid,
#: which input the source is of: msgid).
ECONOMY_INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("gdp", "", N_("GDP at constant prices"), N_("GDP")),
    ("population", "", N_("Resident population"), N_("Population")),
    ("co2_intensity", "regional_energy_co2", N_("CO2 per GDP (regional energy CO2)"), N_("GDP")),
    (
        "co2_per_capita",
        "regional_energy_co2",
        N_("CO2 per person (regional energy CO2)"),
        N_("Population"),
    ),
)


@dataclass(frozen=True)
class EconomyView:
    """An indicator of the region and year, and where its GDP or population came from: the
    sources of the records it was computed from; ``published`` where none of them is
    illustrative (示意数据)."""

    name: str
    label: str
    #: Which input the sources are of (GDP or population; the CO2 comes from the activity data).
    basis: str
    value: float | None
    unit: str
    reason: str
    sources: tuple[str, ...]
    published: bool


def economy_sources(inv: Inventory, measure: Traced) -> tuple[tuple[str, ...], bool]:
    """The sources of the GDP/population records ``measure`` was computed from, and whether
    all of them are published (none illustrative)."""
    by_id = inv.activity_by_id()
    records = [
        by_id[i]
        for i in measure.all_activity_ids()
        if i in by_id and by_id[i].fuel in ("gdp", "population")
    ]
    sources = tuple(dict.fromkeys(r.source for r in records))
    return sources, bool(records) and not any(marks_illustrative(r.source) for r in records)


def economy_views(inv: Inventory, table: IndicatorTable) -> list[EconomyView]:
    """GDP, population and the per-GDP and per-capita CO2 of ``table``, each with the sources
    of its GDP/population records (a city's own published record, or its districts')."""
    out = []
    for name, method, label, basis in ECONOMY_INDICATORS:
        m = table.get(name, method)
        if not isinstance(m, Traced):
            out.append(EconomyView(name, label, basis, None, m.unit, m.reason, (), False))
            continue
        sources, published = economy_sources(inv, m)
        out.append(EconomyView(name, label, basis, m.value, m.unit, "", sources, published))
    return out


@dataclass(frozen=True)
class DistrictView:
    total: str
    label: str
    check: DistrictSum
    names: dict[str, str]


@dataclass(frozen=True)
class ComparisonView:
    comparison: Comparison
    name: str
    #: The compared year's total row (values in Mt CO2), or None.
    rows: list[Any]


@dataclass
class InventoryPage:
    datasets: list[tuple[str, int, bool]]
    dataset: str | None = None
    version: ActivityVersionRow | None = None
    illustrative: bool = False
    inventory: Inventory | None = None
    factor_set: str | None = None
    region: str = ""
    year: int = 0
    region_options: list[tuple[str, str]] = field(default_factory=list)
    year_options: list[int] = field(default_factory=list)
    totals: list[TotalView] = field(default_factory=list)
    by_sector: list[dict[str, Any]] = field(default_factory=list)
    by_fuel: list[dict[str, Any]] = field(default_factory=list)
    by_gas: list[dict[str, Any]] = field(default_factory=list)
    districts: list[DistrictView] = field(default_factory=list)
    comparisons: list[ComparisonView] = field(default_factory=list)
    comparison_gaps: list[str] = field(default_factory=list)
    trend: dict[str, list[tuple[int, float | None]]] = field(default_factory=dict)
    indicators: IndicatorTable | None = None
    economy: list[EconomyView] = field(default_factory=list)
    picker: Any = None
    #: the accounting method asked for on the page ('' = the one stored with the dataset)
    method: str = ""
    #: (name, title) of every method, for the selector
    method_options: list[tuple[str, str]] = field(default_factory=list)


def default_region(inv: Inventory) -> str:
    present = {r for r, _ in inv.region_years}
    if CITY in present:
        return CITY
    top = report_headline(inv)
    return top[0] if top else inv.region_years[0][0]


def load(
    db: Session,
    *,
    dataset: str | None,
    region: str | None,
    year: int | None,
    lang: str,
    version: int | None = None,
    method: str | None = None,
) -> InventoryPage:
    """The inventory page of ``dataset`` and ``version`` (default: the city default, as
    :mod:`carbonpeak.web.dataset_choice` picks it), ``region`` (default: the city) and
    ``year`` (default: the latest), under the accounting ``method`` asked for (default: the
    one stored with the dataset version)."""
    page = InventoryPage(datasets=dataset_choices(db))
    page.method_options = [(m.name, m.title) for m in methods().values()]
    if method and method not in dict(page.method_options):
        raise InputError(f"未知核算方法 / unknown method {method!r}")
    chosen = choose(db, dataset, version)
    if chosen is None:
        return page
    page.picker, stored = chosen
    if method and method != stored.inventory.method:
        stored = compute_stored(
            db_session=db, dataset=page.picker.dataset, version=page.picker.version, method=method
        )
        page.method = method
    page.dataset = page.picker.dataset
    inv = stored.inventory
    page.version = stored.version
    page.factor_set = stored.factor_set
    page.inventory = inv
    page.illustrative = is_illustrative(page.dataset, stored.version)
    if not inv.region_years:
        return page
    codes = sorted({r for r, _ in inv.region_years}, key=lambda c: (c != CITY, c))
    page.region_options = [(c, region_name(c, lang)) for c in codes]
    page.region = region if region in codes else default_region(inv)
    page.year_options = sorted({y for r, y in inv.region_years if r == page.region})
    page.year = year if year in page.year_options else page.year_options[-1]
    _fill_tables(page, inv, lang)
    page.districts = district_views(inv, page.region, page.year, lang)
    page.trend = trend(inv, page.region)
    _fill_comparisons(page, db, inv, lang)
    page.indicators = indicators(inv, page.region, page.year)
    page.economy = economy_views(inv, page.indicators)
    return page


def _fill_tables(page: InventoryPage, inv: Inventory, lang: str) -> None:
    totals = inv.totals[(page.region, page.year)]
    for key, label in TOTALS:
        measure = totals[key]
        if isinstance(measure, Traced):
            page.totals.append(TotalView(key, label, measure.value, measure.unit))
        else:
            page.totals.append(TotalView(key, label, None, measure.unit, measure.reason))
    rows = inv.rows_for(page.region, page.year)
    page.by_sector = report_by_sector(rows)
    page.by_fuel = report_by_fuel(inv, rows)
    page.by_gas = report_by_gas(rows)


def district_views(inv: Inventory, parent: str, year: int, lang: str) -> list[DistrictView]:
    """The city against its districts for the headline totals (empty for a district)."""
    if not members(parent):
        return []
    names = {code: region_name(code, lang) for code in (parent, *members(parent))}
    label = dict(TOTALS)
    return [
        DistrictView(name, label[name], district_check(inv, parent, year, name), names)
        for name in HEADLINE
    ]


def trend(inv: Inventory, region: str) -> dict[str, list[tuple[int, float | None]]]:
    """Each headline total of ``region`` by year (t CO2; None where not available)."""
    years = sorted(y for r, y in inv.region_years if r == region)
    return {name: [(y, inv.totals[(region, y)].value(name)) for y in years] for name in HEADLINE}


def _fill_comparisons(page: InventoryPage, db: Session, inv: Inventory, lang: str) -> None:
    """Each imported reference covering the region, over all years either side has."""
    rows = platform_rows(inv, page.region)
    for ref in list_reference_datasets(db_session=db):
        try:
            result = compare_with_reference(
                db_session=db, dataset=ref.key, region=page.region, platform_rows=rows
            )
        except CarbonpeakError as exc:
            page.comparison_gaps.append(f"{ref.key}: {exc}")
            continue
        page.comparisons.append(ComparisonView(result, ref.name, list(result.totals)))


def reference_series(db: Session, region: str) -> dict[str, list[tuple[int, float]]]:
    """Every imported reference dataset's yearly totals for ``region`` (t CO2)."""
    out: dict[str, list[tuple[int, float]]] = {}
    for ref in list_reference_datasets(db_session=db):
        try:
            s = region_series(db_session=db, dataset=ref.key, region=region)
        except CarbonpeakError:
            continue
        out[ref.key] = [(y, v * T_PER_MT) for y, v in s.points]
    return out


def illustrative_how(dataset: str, lang: str) -> str:
    """How the demo dataset was made (its own note), for the illustrative label."""

    if dataset != DEMO_DATASET:
        return ""
    return ILLUSTRATIVE_NOTE_ZH if lang == "zh" else ILLUSTRATIVE_NOTE_EN


#: The titles of the accounting methods (factors/data/methods.csv) as msgids: the method
#: picker shows them in the page's language (the ``note`` filter looks each one up).
METHOD_TITLES = (
    N_("省级温室气体清单编制指南（试行）2011 with GB/T 2589-2020 heating values"),
    N_("NDRC enterprise GHG accounting guidelines (24 industries 2013-2015)"),
    N_("2006 IPCC Guidelines defaults (Vol. 2 Tables 1.2 and 1.4; oxidation 1)"),
    N_("CEADs 省级清单隐含的二氧化碳排放因子（Shan et al. 2016/2018/2020）"),
)
