"""统计公报数据 Published statistics page: the values of a region (current versions, with every
earlier version beside them), each with its source; the coverage of the collection; the city
against the sum of its districts. Filters are query parameters: works without JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from carbonpeak.db.api import Db
from carbonpeak.regions import CITY, find_region, regions
from carbonpeak.statistics import coverage, district_pairs, indicators, list_values
from carbonpeak.web.session import PageUser
from carbonpeak.web.stats_view import demo_input_share, output_pairs, reference_pairs
from carbonpeak.web.templating import render

router = APIRouter(prefix="/stats", include_in_schema=False)
#: Regions the page offers: the city, its four districts and the province.
PAGE_REGIONS = ("520200", "520201", "520203", "520204", "520281", "520000")


@router.get("")
def stats_page(
    request: Request,
    db: Db,
    _user: PageUser,
    region: Annotated[str, Query(max_length=40)] = CITY,
    indicator: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    found = find_region(region)
    code = found.code if found else CITY
    chosen = indicator if indicator in indicators() else None
    stored = list_values(db_session=db, region=code, indicator=chosen)
    everything = list_values(db_session=db, all_versions=False)
    current = [s.value for s in everything]
    cells = coverage(current)
    found_years = sum(len(c.found) for c in cells)
    sought_years = sum(c.sought for c in cells)
    city_vs_districts = [
        p
        for ind in ("gdp", "population_resident", "population_census")
        for p in district_pairs(current, parent=CITY, indicator=ind)
    ]
    context = {
        "region": code,
        "indicator": chosen or "",
        "stored": stored,
        "catalogue": indicators(),
        "region_options": [(c, regions()[c].name_zh) for c in PAGE_REGIONS],
        "indicator_options": [(i.id, i.name_zh) for i in indicators().values()],
        "region_names": {c: r.name_zh for c, r in regions().items()},
        "coverage": cells,
        "coverage_found": found_years,
        "coverage_sought": sought_years,
        "pairs": city_vs_districts,
        "count": len(current),
        "shares": demo_input_share(db),
        "reference_pairs": reference_pairs(db),
        "output_pairs": output_pairs(db),
    }
    return render(request, "stats/index.html", context)
