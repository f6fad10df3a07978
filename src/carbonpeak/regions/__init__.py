"""Regions (行政区划): administrative codes, names, former names and codes, the parent and grid
region of each unit, and the district-sum rule (a city total against its districts).

Pure and low in the layers: every domain that names a place (inventory, statistics, monitoring,
scenarios, tracking) reads it from here.
"""

from carbonpeak.regions.codes import (
    CITY,
    DistrictSum,
    Region,
    district_sum,
    factor_chain,
    find_region,
    grid_region_note,
    grid_regions,
    members,
    region_code,
    regions,
)

__all__ = [
    "CITY",
    "DistrictSum",
    "Region",
    "district_sum",
    "factor_chain",
    "find_region",
    "grid_region_note",
    "grid_regions",
    "members",
    "region_code",
    "regions",
]
