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

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from carbonpeak.core.errors import NotFound
from carbonpeak.inventory import (
    CITY,
    DEMO_DATASET,
    list_activity_datasets,
    reconcile_outputs,
    region_series,
)
from carbonpeak.inventory.orm import ActivityRow
from carbonpeak.scenarios import published_base_gdp
from carbonpeak.statistics import (
    InputShare,
    Pair,
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
        N_("CO2: CEADs city vs county sum"),
        series["ceads-city"],
        series["chen2020-county"],
        left_label=N_("CEADs city"),
        right_label=N_("Chen et al. 2020 county sum"),
        unit="Mt CO2",
        note=N_("different methods and boundaries; never averaged"),
    )


def output_pairs(db: Session) -> list[Pair]:
    """Each published product output of the city or a district against the activity data of
    the same region and year (:func:`carbonpeak.inventory.reconcile_outputs`: the city default
    dataset, else the demo), in the catalogue unit of the output."""
    try:
        return reconcile_outputs(db_session=db).pairs
    except NotFound:
        return []
