"""The GDP and population behind a region's indicators, with their sources: a city's own
published GDP record stands instead of the sum of its districts' (invented) records, while its
emissions stay the district sum.

Each district of 六盘水 burns 2 万吨 raw coal in 2020 (1.A.2.a) and has an invented GDP of 40 亿元
(constant 2020 prices); the city has its own published GDP of 150 亿元. Default factor 1.9003
tCO2/t:
  city CO2 2020       = 4 × 20,000 t × 1.9003        = 152,024 t   (district sum)
  city GDP            = 150 亿元                      = 1,500,000 万元 (not 4 × 40 亿元)
  CO2 intensity       = 152,024 / 1,500,000          = 0.101349 t/万元
"""

from __future__ import annotations

import pytest

from carbonpeak.core.units import quantity
from carbonpeak.inventory import ActivityRecord, calculate, indicators
from carbonpeak.web.inventory_view import economy_views

DISTRICTS = ("520201", "520203", "520204", "520281")
INVENTED = "ILLUSTRATIVE test data"
PUBLISHED = "六盘水市统计局 《六盘水市2020年统计公报》"


def _records(with_city: bool) -> list[ActivityRecord]:
    out = []
    for code in DISTRICTS:
        out.append(ActivityRecord(code, 2020, "1.A.2.a", "raw_coal", quantity(2, "万吨"), INVENTED))
        out.append(
            ActivityRecord(code, 2020, "", "gdp", quantity(40, "亿元"), INVENTED, qualifier="2020")
        )
    if with_city:
        out.append(
            ActivityRecord(
                "520200", 2020, "", "gdp", quantity(150, "亿元"), PUBLISHED, qualifier="2020"
            )
        )
    return out


def test_the_city_published_gdp_stands_instead_of_the_district_sum() -> None:
    inv = calculate(tuple(_records(with_city=True)))
    assert inv.totals[("520200", 2020)].derived_from_districts
    table = indicators(inv, "520200", 2020)
    views = {v.name: v for v in economy_views(inv, table)}
    assert views["gdp"].value == pytest.approx(1_500_000)
    assert views["gdp"].published and views["gdp"].sources == (PUBLISHED,)
    assert table.get("co2", "regional_energy_co2").value == pytest.approx(4 * 20_000 * 1.9003)
    assert views["co2_intensity"].value == pytest.approx(4 * 20_000 * 1.9003 / 1_500_000)
    assert views["co2_intensity"].published
    assert views["population"].value is None and not views["population"].published


def test_without_a_city_record_the_district_sum_is_used_and_marked_illustrative() -> None:
    inv = calculate(tuple(_records(with_city=False)))
    views = {v.name: v for v in economy_views(inv, indicators(inv, "520200", 2020))}
    assert views["gdp"].value == pytest.approx(4 * 400_000)
    assert not views["gdp"].published and views["gdp"].sources == (INVENTED,)
