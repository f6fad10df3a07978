"""What the published-statistics page shows beyond the values: how much of the demo's inputs is
published and how much invented (示意数据), measured with :func:`carbonpeak.statistics.input_share`
over the sources the database holds; and the reconciliations that need another domain's data
(CEADs city against the county sum; published product outputs against the demo activity data),
both figures and their difference, never averaged.

The inputs counted: the records of the latest version of the demo activity dataset (GDP and
population apart from the rest), the current tracking indicator values, and the scenarios'
base-year GDP of the city. Each is published when its source does not mark it illustrative.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from carbonpeak.core.errors import NotFound
from carbonpeak.core.units import quantity
from carbonpeak.inventory import CITY, DEMO_DATASET, list_activity_datasets, region_series
from carbonpeak.inventory.orm import ActivityRow
from carbonpeak.scenarios import published_base_gdp
from carbonpeak.statistics import (
    InputShare,
    Pair,
    PublishedValue,
    get_indicator,
    in_catalogue_unit,
    input_share,
    pairs,
)
from carbonpeak.tracking.orm import IndicatorValueRow
from carbonpeak.web.i18n import N_

#: The groups of inputs, in the order the page lists them (msgids).
ECONOMY = N_("GDP and population records of the demo activity data")
ACTIVITY = N_("Other records of the demo activity data")
TRACKING = N_("Current indicator values (tracking)")
SCENARIO = N_("Base-year GDP of the scenarios")
SCENARIO_YEAR = 2020


def demo_input_share(db: Session) -> list[InputShare]:
    """The published/illustrative count of each group of the demo's inputs, and the total."""
    economy: list[str] = []
    activity: list[str] = []
    latest = {ds.name: version for ds, version in list_activity_datasets(db_session=db)}
    if DEMO_DATASET in latest:
        rows = db.execute(
            select(ActivityRow.fuel, ActivityRow.source).where(
                ActivityRow.version_id == latest[DEMO_DATASET].id
            )
        )
        for fuel, source in rows:
            (economy if fuel in ("gdp", "population") else activity).append(source)
    newer = aliased(IndicatorValueRow)
    tracking = list(
        db.scalars(
            select(IndicatorValueRow.source).where(
                ~select(newer.id).where(newer.supersedes_id == IndicatorValueRow.id).exists()
            )
        )
    )
    base = published_base_gdp(CITY, SCENARIO_YEAR)
    scenario = [base.inputs[0].source.title if base else "illustrative demo inventory"]
    return input_share(
        {ECONOMY: economy, ACTIVITY: activity, TRACKING: tracking, SCENARIO: scenario}
    )


#: Published product outputs and the demo activity kinds that stand for the same product (the
#: sum of the kinds listed). Cement and coke are left out: the demo records clinker, and coke
#: as a fuel, which are not the published products.
OUTPUT_KINDS: dict[str, tuple[str, ...]] = {
    "output_raw_coal": ("coal_output_outburst", "coal_output_low_gas", "coal_output_high_gas"),
    "output_electricity": (
        "electricity_generated_thermal",
        "electricity_generated_hydro",
        "electricity_generated_wind",
        "electricity_generated_solar",
    ),
    "output_crude_steel": ("crude_steel",),
    "output_pig_iron": ("pig_iron",),
    "output_aluminium": ("aluminium",),
}
#: The two reference series compared for the city (Mt CO2): CEADs city, Chen et al. county sum.
REFERENCE_PAIR = ("ceads-city", "chen2020-county")


def reference_pairs(db: Session) -> list[Pair]:
    """CEADs' city series of 六盘水 against the sum of its counties in Chen et al. 2020, year
    by year (Mt CO2), both shown with the difference; empty where either is not imported."""
    series = {}
    for key in REFERENCE_PAIR:
        try:
            found = region_series(db_session=db, dataset=key, region=CITY)
        except NotFound:
            return []
        series[key] = dict(found.points)
    return pairs(
        "CO2: CEADs city vs county sum",
        series["ceads-city"],
        series["chen2020-county"],
        left_label="CEADs city",
        right_label="Chen et al. 2020 county sum",
        unit="Mt CO2",
        note="different methods and boundaries; never averaged",
    )


def output_pairs(db: Session, published: Sequence[PublishedValue]) -> list[Pair]:
    """Each published product output of the city or a district against the demo activity data
    of the same region and year (the latest demo version; the city is the sum of its districts),
    in the catalogue unit of the output."""
    latest = {ds.name: version for ds, version in list_activity_datasets(db_session=db)}
    if DEMO_DATASET not in latest:
        return []
    wanted = [v for v in published if v.indicator in OUTPUT_KINDS]
    if not wanted:
        return []
    rows = db.execute(
        select(
            ActivityRow.region,
            ActivityRow.year,
            ActivityRow.fuel,
            ActivityRow.quantity,
            ActivityRow.unit,
        )
        .where(ActivityRow.version_id == latest[DEMO_DATASET].id)
        .where(ActivityRow.fuel.in_([k for kinds in OUTPUT_KINDS.values() for k in kinds]))
    )
    amounts: dict[tuple[str, int, str], float] = {}
    for region, year, fuel, amount, unit in rows:
        if amount is None:
            continue
        for code in (region, CITY):
            key = (code, year, fuel)
            amounts[key] = amounts.get(key, 0.0) + abs(
                float(quantity(amount, unit).to_base_units().magnitude)
            )
    out = []
    for v in wanted:
        ind = get_indicator(v.indicator)
        base = float(quantity(1.0, ind.unit).to_base_units().magnitude)
        parts = [amounts.get((v.region, v.year, k)) for k in OUTPUT_KINDS[v.indicator]]
        demo = (
            sum(p for p in parts if p is not None) / base
            if any(p is not None for p in parts)
            else None
        )
        out.extend(
            pairs(
                f"{ind.name_zh} {v.region}",
                {v.year: in_catalogue_unit(ind, v.value, v.unit)},
                {v.year: demo} if demo is not None else {},
                left_label="published",
                right_label="demo activity data (illustrative)",
                unit=ind.unit,
                note=f"{v.source.title}",
            )
        )
    return out
