"""The ILLUSTRATIVE Liupanshui demo activity dataset (示意数据: invented, not statistics).

``demo_activity()`` reads ``carbonpeak/data/demo/liupanshui_activity_illustrative.csv`` (made by
``scripts/make_demo_inventory.py``; how it was made and calibrated is in
``carbonpeak/data/demo/README.md``). The four districts of 六盘水 (钟山区, 六枝特区, 水城区,
盘州市), 2005-2024; the city is not in the file: the engine sums the districts. Every row's
``source`` and ``note`` say ILLUSTRATIVE; wherever the data are shown, show
:data:`ILLUSTRATIVE_NOTE` with them.

Calibration: each district's CO2 in the scope the reference compares (energy combustion 1.A and
cement process 2.A.1, the CEADs boundary: ``reference.compare.in_reference_scope``) equals the
published county CO2 of Chen et al. 2020 (Sci Data 7:391) for 2005-2017
(:data:`CALIBRATED_YEARS`); the ``territorial`` total is higher by the other process CO2 (steel,
aluminium). 2018-2024 follow an invented trend. The activity levels, sector structure,
electricity, GDP, population, agriculture, waste and sink figures behind those totals are
invented.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable

from carbonpeak.inventory.activity.parse import read_activity_csv
from carbonpeak.inventory.model import ActivityRecord

DEMO_DATASET = "liupanshui-demo-illustrative"
DEMO_FILENAME = "liupanshui_activity_illustrative.csv"
DEMO_PATH: Traversable = resources.files("carbonpeak.data") / "demo" / DEMO_FILENAME
DEMO_README: Traversable = resources.files("carbonpeak.data") / "demo" / "README.md"

DEMO_YEARS = range(2005, 2025)
#: Years whose district totals follow the published county series (Chen et al. 2020).
CALIBRATED_YEARS = range(2005, 2018)
#: Demo district code -> county code in Chen et al. 2020 (水城县 and 盘县 under their old codes).
COUNTY_CODES: dict[str, str] = {
    "520201": "520201",  # 钟山区
    "520203": "520203",  # 六枝特区
    "520204": "520221",  # 水城区, formerly 水城县
    "520281": "520222",  # 盘州市, formerly 盘县
}
CALIBRATION_DATASET = "chen2020-county"
#: What is calibrated: scope-1 CO2 of the categories the reference covers (1.A + 2.A.1).
CALIBRATION_TOTAL = "reference_scope_co2"

ILLUSTRATIVE_NOTE_ZH = (
    "示意数据（虚构，非统计数据）：六盘水各区县2005—2024年活动水平由 "
    "scripts/make_demo_inventory.py 生成。2005—2017年各区县二氧化碳总量按 "
    "Chen 等（2020，Scientific Data 7:391）县级排放序列校准，2018年以后为假设趋势；"
    "部门结构、电力、GDP、人口、农业、废弃物和碳汇数据均为虚构（已有公报数据的区县GDP和人口"
    "记录除外，这些记录注明来源），不得作为统计数据引用。"
)
ILLUSTRATIVE_NOTE_EN = (
    "Illustrative data (invented, not statistics): activity data for the districts of "
    "Liupanshui, 2005-2024, made by scripts/make_demo_inventory.py. District CO2 totals for "
    "2005-2017 are calibrated to the county series of Chen et al. 2020 (Scientific Data 7:391); "
    "later years follow an assumed trend. Sector structure, electricity, GDP, population, "
    "agriculture, waste and sink figures are invented (except the district GDP and population "
    "records a published statistic replaces, which name their source); do not cite them as "
    "statistics."
)
ILLUSTRATIVE_NOTE = f"{ILLUSTRATIVE_NOTE_ZH} / {ILLUSTRATIVE_NOTE_EN}"


@lru_cache(maxsize=1)
def _records() -> tuple[ActivityRecord, ...]:
    return tuple(read_activity_csv(DEMO_PATH.read_bytes(), source=DEMO_DATASET))


def demo_activity() -> list[ActivityRecord]:
    """The demo activity records (parsed once per process; a new list each call)."""
    return list(_records())
