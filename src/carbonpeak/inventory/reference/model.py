"""Plain types of the external reference inventories (外部参考清单: CEADs, Chen et al. 2020).

The three datasets, their citations and conditions of use are data here, copied from the
README that comes with the files (``/work/shared/data/ceads/README.md`` in the development tree;
``carbonpeak/data/reference/README.md`` for the bundled extract). Values are CO2 in million
tonnes (Mt), territorial (scope 1), exactly as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from carbonpeak.core.errors import InputError

#: The administrative level of a reference dataset's rows.
Level = Literal["province", "city", "county"]

UNIT = "Mt CO2"
SCOPE = "territorial (scope 1)"
_CONDITIONS = (
    "Free to use; cite the papers of the citation wherever the data are shown or redistributed "
    "(conditions of use from the CEADs workbooks). 数据可免费使用，展示或转载时须引用上述文献。"
)
_LIUPANSHUI_CAVEAT = (
    "六盘水 CEADs 城市序列（2008—2019年）与 Chen et al. 2020 四个县级单位加总（1997—2017年）"
    "差异较大：2008—2015年城市序列为县级加总的1.6—2.4倍（47—90 Mt 对 29—37 Mt），2016—2017年"
    "为0.82—0.87倍。比较时须明确指定所用序列，不取平均。 / "
    "For Liupanshui the CEADs city series (2008-2019) and the sum of its four counties in "
    "Chen et al. 2020 (1997-2017) disagree: the city series is 1.6-2.4 times the county sum in "
    "2008-2015 (47-90 Mt vs 29-37 Mt) and 0.82-0.87 times it in 2016-2017. Name the series you "
    "compare with; they are never averaged."
)


@dataclass(frozen=True, slots=True)
class ReferenceDataset:
    """A published inventory: what it is, where it comes from, how to cite it."""

    key: str
    name: str
    #: Administrative level of its rows: "province", "city" or "county".
    level: Level
    #: File name in the data directory (and in the bundled extract).
    filename: str
    citation: str
    licence: str
    #: Where the tidy file was made from (workbook, copy read).
    source: str
    has_sectors: bool
    caveat: str = ""
    unit: str = UNIT
    scope: str = SCOPE


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """One published value, in Mt CO2 exactly as in the file (no rounding, no conversion)."""

    dataset: str
    #: Region name as written in the source: "Guizhou", "贵州六盘水", "钟山区".
    region: str
    #: GB/T 2260 code where known: every province, 六盘水 520200, every county (distcode as
    #: written in Chen et al. 2020, which has three codes with a "（2）" suffix).
    region_code: str | None
    year: int
    #: CEADs socio-economic sector and fuel (province dataset only), as in the source.
    sector: str | None
    fuel: str | None
    value: float


@dataclass(frozen=True, slots=True)
class RegionFilter:
    """How a region the user names selects rows of a dataset.

    ``kind`` is "code" (exact code), "prefix" (counties whose code starts with ``value``:
    the sum of a city's or province's counties) or "name" (the region as written in the source).
    """

    kind: str
    value: str
    label: str


DATASETS: dict[str, ReferenceDataset] = {
    d.key: d
    for d in (
        ReferenceDataset(
            key="ceads-province",
            name="CEADs provincial CO2 inventories 1997-2019 (IPCC sectoral approach), "
            "30 provinces x 46 sectors x 17 fuels + cement process",
            level="province",
            filename="ceads_province_sector_fuel_co2.csv.gz",
            citation="Shan Y. et al. 2016, Applied Energy 184:742; Shan Y. et al. 2018, "
            "Scientific Data 5:170201; Shan Y. et al. 2020, Scientific Data 7:54; "
            "Guan Y. et al. 2021, Earth's Future. CEADs (www.ceads.net).",
            licence=_CONDITIONS,
            source="CEADs workbooks Emission_Inventories_for_30_Provinces_<year>.xlsx, "
            "tidied to province, year, sector, fuel, co2_mt (zero cells omitted)",
            has_sectors=True,
        ),
        ReferenceDataset(
            key="ceads-city",
            name="CEADs Emission Inventories for 290 Chinese Cities from 1997 to 2019",
            level="city",
            filename="ceads_city_co2.csv",
            citation="Shan Y. et al. 2022, Science Bulletin 67:1910; Shan Y. et al. 2019, "
            "Scientific Data 6:190027; Shan Y. et al. 2018, Science Advances eaaq0390; "
            "Shan Y. et al. 2017, Journal of Cleaner Production 161:1215. CEADs (www.ceads.net).",
            licence=_CONDITIONS,
            source="The_Emission_Inventories_for_290_Chinese_Cities_from_1997_to_2019.xlsx "
            "(copy in github Open-Earth-Foundation/OpenClimate, harmonize/data/raw/"
            "CEADS_china_cities), tidied to city, year, co2_mt",
            has_sectors=False,
            caveat=_LIUPANSHUI_CAVEAT,
        ),
        ReferenceDataset(
            key="chen2020-county",
            name="County-level CO2 emissions in China 1997-2017 (2,735 counties)",
            level="county",
            filename="chen2020_county_co2.csv.gz",
            citation="Chen J. et al. 2020, County-level CO2 emissions and sequestration in "
            "China during 1997-2017, Scientific Data 7:391.",
            licence="Cite the paper of the citation wherever the data are shown or redistributed. "
            "展示或转载时须引用上述文献。",
            source="data/co2.xlsx of Chen et al. 2020 (copy in github "
            "STATS201-DKU-Autumn2024/Week1_Yuxiang), tidied to distcode, names, year, co2_mt",
            has_sectors=False,
            caveat=_LIUPANSHUI_CAVEAT,
        ),
    )
}
DEFAULT_DATASETS: tuple[str, ...] = tuple(DATASETS)

#: GB/T 2260 codes of the 30 provinces of the CEADs provincial inventories (source names).
PROVINCE_CODES: dict[str, str] = {
    "Beijing": "110000", "Tianjin": "120000", "Hebei": "130000", "Shanxi": "140000",
    "InnerMongolia": "150000", "Liaoning": "210000", "Jilin": "220000",
    "Heilongjiang": "230000", "Shanghai": "310000", "Jiangsu": "320000",
    "Zhejiang": "330000", "Anhui": "340000", "Fujian": "350000", "Jiangxi": "360000",
    "Shandong": "370000", "Henan": "410000", "Hubei": "420000", "Hunan": "430000",
    "Guangdong": "440000", "Guangxi": "450000", "Hainan": "460000", "Chongqing": "500000",
    "Sichuan": "510000", "Guizhou": "520000", "Yunnan": "530000", "Shaanxi": "610000",
    "Gansu": "620000", "Qinghai": "630000", "Ningxia": "640000", "Xinjiang": "650000",
}  # fmt: skip
#: Cities of the CEADs city file whose code is known here (source name -> GB/T 2260 code).
CITY_CODES: dict[str, str] = {"贵州六盘水": "520200"}
#: Names people type for the regions of the bundled demo -> code.
REGION_ALIASES: dict[str, str] = {
    "六盘水": "520200", "六盘水市": "520200", "liupanshui": "520200",
    "贵州": "520000", "贵州省": "520000", "guizhou": "520000",
}  # fmt: skip
_CODE = re.compile(r"^\d{6}$")


def get_dataset(key: str) -> ReferenceDataset:
    """The dataset called ``key``; an ``InputError`` listing the known keys otherwise."""
    try:
        return DATASETS[key]
    except KeyError:
        known = ", ".join(DATASETS)
        raise InputError(
            f"未知的参考数据集 {key!r}（可选 {known}） / unknown reference dataset {key!r} "
            f"(one of {known})"
        ) from None


def region_filter(level: str, region: str) -> RegionFilter:
    """How ``region`` (a code, a known alias or a source name) selects rows at ``level``.

    Counties are summed up to the city or province a code names (``520200`` -> every distcode
    starting with ``5202``); province and city rows are matched exactly.

    >>> region_filter("county", "六盘水")
    RegionFilter(kind='prefix', value='5202', label='520200')
    >>> region_filter("city", "贵州安顺")
    RegionFilter(kind='name', value='贵州安顺', label='贵州安顺')
    """
    text = region.strip()
    if not text:
        raise InputError("地区不能为空 / region must not be empty")
    code = REGION_ALIASES.get(text.lower()) or PROVINCE_CODES.get(text) or CITY_CODES.get(text)
    if code is None and _CODE.match(text):
        code = text
    if code is None:
        return RegionFilter("name", text, text)
    if level == "county" and code.endswith("0000"):
        return RegionFilter("prefix", code[:2], code)
    if level == "county" and code.endswith("00"):
        return RegionFilter("prefix", code[:4], code)
    return RegionFilter("code", code, code)


def matches(value: ReferenceValue, selector: RegionFilter) -> bool:
    """Whether ``value`` belongs to the region ``selector`` names."""
    if selector.kind == "name":
        return value.region == selector.value
    if value.region_code is None:
        return False
    if selector.kind == "prefix":
        return value.region_code.startswith(selector.value)
    return value.region_code == selector.value
