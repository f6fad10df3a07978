"""Make the ILLUSTRATIVE Liupanshui demo activity dataset (示意数据, invented; not statistics).

Writes ``src/carbonpeak/data/demo/liupanshui_activity_illustrative.csv`` in the tidy activity
format (``region, year, sector, fuel, quantity, unit, source, note``). Deterministic: no
randomness, no network; run it again and the file is byte-identical.

How the numbers are made (see ``src/carbonpeak/data/demo/README.md``):

1. Each district's scope-1 CO2 is split into sector blocks (coal power, coking, steel, cement,
   aluminium, coal mining, other industry, buildings, transport) with invented shares that move
   linearly from 2005 to 2024 (``SHARES``). Each block is a fixed bundle of activity rows per
   unit of its level (``bundle``), e.g. cement = clinker + kiln coal + electricity.
2. The scope-1 CO2 of one unit of each block is computed **by the platform's own engine**
   (``carbonpeak.inventory.accounting.engine.calculate``, default factor sets), so the first level
   of each
   block is ``share x target / CO2 per unit`` (shares are of the district's scope-1 CO2).
3. The target of each district-year is the published county CO2 of Chen et al. 2020 (Sci Data
   7:391), read from the bundled extract ``src/carbonpeak/data/reference/
   chen2020_county_co2.csv.gz`` (2005-2017). After 2017 there is no county value: the 2017 value
   is carried forward with the invented index ``EXTENSION`` (documented, not calibrated).
4. One correction pass scales every district-year so that the **compared** CO2 equals the
   target: exactly what ``carbonpeak inventory compare`` puts against the reference, i.e. the
   rows of ``inventory.reference.compare.platform_rows`` (scope-1 CO2, gross) whose category is in
   the
   reference's scope (``reference.compare.in_reference_scope``: energy combustion 1.A and
   cement process 2.A.1). The engine's ``territorial`` total is higher by the other IPPU
   (steel and aluminium process CO2, 2.C) and 1.B. The script then checks every district-year
   and stops if any differs by more than 0.01 %.
5. Quantities that carry no scope-1 CO2 are derived afterwards: thermal generation from the power
   coal and an invented plant coal rate; non-fossil generation so that the city's non-fossil
   share (coal-equivalent method) follows the invented path ``NONFOSSIL_SHARE``; electricity
   imported/exported as the balance; coal output by mine gas class and coal-mine methane utilised
   from the mining block; GDP (constant 2020 prices), population, livestock, rice, landfill,
   forest, wetland and karst areas from invented paths.

The city (六盘水市 520200) has no rows of its own: the engine sums the four districts.
六盘水高新区 (520200-GX) has no rows: its land lies within the districts and Chen et al. 2020 has
no unit for it.

Run: ``.venv/bin/python scripts/make_demo_inventory.py`` (a few seconds).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections import defaultdict
from importlib import resources
from pathlib import Path

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.inventory.activity.parse import parse_activity_rows
from carbonpeak.inventory.demo.dataset import (
    CALIBRATED_YEARS,
    COUNTY_CODES,
    DEMO_DATASET,
    DEMO_YEARS,
)
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.inventory.reference.compare import (
    in_reference_scope,
    platform_rows,
    reference_scope,
)
from carbonpeak.inventory.reference.read import read_reference

OUT = Path(__file__).resolve().parents[1] / "src/carbonpeak/data/demo"
FILENAME = "liupanshui_activity_illustrative.csv"
SOURCE = f"ILLUSTRATIVE {DEMO_DATASET} (scripts/make_demo_inventory.py)"
Row = tuple[str, str, float, str]  # sector, fuel, quantity, unit
Rec = dict[str, str]  # one row of the CSV

# --- invented assumptions (ILLUSTRATIVE) -------------------------------------------------------
#: Index of scope-1 CO2 relative to 2017 for the years after the county series ends.
EXTENSION = {2018: 1.02, 2019: 1.045, 2020: 1.04, 2021: 1.075, 2022: 1.085, 2023: 1.10, 2024: 1.105}
BLOCKS = (
    "power",
    "coking",
    "steel",
    "cement",
    "aluminium",
    "mining",
    "industry",
    "buildings",
    "transport",
)
#: Share of each block in the district's scope-1 CO2: (2005, 2024), linear in between.
SHARES: dict[str, dict[str, tuple[float, float]]] = {
    "520201": {  # 钟山区: city core, steel
        "power": (0.10, 0.08),
        "coking": (0.02, 0.015),
        "steel": (0.45, 0.38),
        "cement": (0.05, 0.04),
        "mining": (0.02, 0.01),
        "industry": (0.08, 0.08),
        "buildings": (0.16, 0.14),
        "transport": (0.10, 0.24),
    },
    "520203": {  # 六枝特区
        "power": (0.25, 0.20),
        "coking": (0.01, 0.01),
        "cement": (0.15, 0.14),
        "mining": (0.15, 0.12),
        "industry": (0.10, 0.10),
        "buildings": (0.22, 0.16),
        "transport": (0.08, 0.23),
    },
    "520204": {  # 水城区 (水城县 until 2020)
        "power": (0.35, 0.30),
        "coking": (0.02, 0.02),
        "cement": (0.12, 0.10),
        "aluminium": (0.00, 0.06),
        "mining": (0.10, 0.08),
        "industry": (0.10, 0.09),
        "buildings": (0.18, 0.12),
        "transport": (0.10, 0.21),
    },
    "520281": {  # 盘州市 (盘县 until 2017)
        "power": (0.42, 0.38),
        "coking": (0.03, 0.03),
        "cement": (0.10, 0.08),
        "mining": (0.12, 0.10),
        "industry": (0.12, 0.13),
        "buildings": (0.10, 0.07),
        "transport": (0.08, 0.19),
    },
}
ALUMINIUM_FROM = 2010
#: Mine gas classes of coal output (high-gas, outburst, low-gas) by district.
GAS_CLASS = {
    "520201": (0.5, 0.2, 0.3),
    "520203": (0.5, 0.3, 0.2),
    "520204": (0.4, 0.4, 0.2),
    "520281": (0.5, 0.35, 0.15),
}
#: City non-fossil share of energy consumption (coal-equivalent method), piecewise linear.
NONFOSSIL_SHARE = {2005: 0.05, 2010: 0.07, 2015: 0.10, 2020: 0.15, 2024: 0.19}
#: Split of non-fossil generation among districts, and hydro/wind/solar mix by year.
PRIMARY_SPLIT = {"520201": 0.08, "520203": 0.22, "520204": 0.35, "520281": 0.35}
MIX = {2005: (1.0, 0.0, 0.0), 2012: (0.85, 0.15, 0.0), 2016: (0.6, 0.25, 0.15),
       2024: (0.35, 0.2, 0.45)}  # fmt: skip
#: City GDP at constant 2020 prices (亿元) in 2020, real growth by year, district shares.
GDP_2020 = 1340.0
GROWTH = {2006: 9.5, 2007: 10.0, 2008: 9.5, 2009: 9.0, 2010: 9.5, 2011: 10.5, 2012: 10.5,
          2013: 9.5, 2014: 8.5, 2015: 7.0, 2016: 6.0, 2017: 5.5, 2018: 5.0, 2019: 4.5,
          2020: 3.5, 2021: 6.5, 2022: 1.5, 2023: 4.5, 2024: 5.0}  # fmt: skip
GDP_SHARE = {"520201": (0.38, 0.33), "520203": (0.12, 0.13), "520204": (0.17, 0.20),
             "520281": (0.33, 0.34)}  # fmt: skip
POPULATION = {"520201": (62.0, 78.0), "520203": (57.0, 50.0), "520204": (80.0, 74.0),
              "520281": (98.0, 103.0)}  # 万人 2005, 2024  # fmt: skip
LAND = {"520201": 0.08, "520203": 0.18, "520204": 0.36, "520281": 0.38}  # share of city land


def lerp(a: float, b: float, year: int, y0: int = 2005, y1: int = 2024) -> float:
    t = min(max((year - y0) / (y1 - y0), 0.0), 1.0)
    return a + (b - a) * t


def path(points: dict[int, float], year: int) -> float:
    keys = sorted(points)
    for lo, hi in itertools.pairwise(keys):
        if lo <= year <= hi:
            return lerp(points[lo], points[hi], year, lo, hi)
    return points[keys[0]] if year < keys[0] else points[keys[-1]]


def bundle(block: str, year: int) -> list[Row]:
    """Activity rows per unit level of a block (1 万t of the block's main quantity)."""
    t = lerp(0.0, 1.0, year)
    if block == "power":  # 1 万t raw coal burned in power plants (energy balance: negative)
        return [("火力发电", "raw_coal", -1.0, "万吨")]
    if block == "coking":  # 1 亿m3 coke-oven gas burned for underfiring; coal in, coke out
        return [
            ("石油、煤炭及其他燃料加工业", "coke_oven_gas", 1.0, "亿立方米"),
            ("炼焦", "cleaned_coal", -69.0, "万吨"),
            ("炼焦", "coke", 47.6, "万吨"),
            ("炼焦", "coke_oven_gas", 2.0, "亿立方米"),
        ]
    if block == "steel":  # 1 万t crude steel
        return [
            ("1.A.2.a", "coke", 0.46 - 0.06 * t, "万吨"),
            ("1.A.2.a", "raw_coal", 0.12 + 0.04 * t, "万吨"),
            ("1.A.2.a", "electricity", 450.0, "万千瓦时"),
            ("", "limestone_flux", 0.10, "万吨"),
            ("", "dolomite_flux", 0.04, "万吨"),
            ("", "pig_iron", 0.93, "万吨"),
            ("", "crude_steel", 1.0, "万吨"),
        ]
    if block == "cement":  # 1 万t clinker
        return [
            ("", "clinker", 1.0, "万吨"),
            ("1.A.2.f", "raw_coal", 0.17 - 0.02 * t, "万吨"),
            ("1.A.2.f", "electricity", 95.0 - 15.0 * t, "万千瓦时"),
        ]
    if block == "aluminium":  # 1 万t primary aluminium
        return [
            ("", "aluminium", 1.0, "万吨"),
            ("1.A.2.b", "natural_gas", 0.004, "亿立方米"),
            ("1.A.2.b", "electricity", 13700.0 - 300.0 * t, "万千瓦时"),
        ]
    if block == "mining":  # 1 万t raw coal burned by the mines themselves
        return [
            ("煤炭开采和洗选业", "raw_coal", 1.0, "万吨"),
            ("煤炭开采和洗选业", "diesel", 0.04, "万吨"),
            ("煤炭开采和洗选业", "electricity", 2400.0, "万千瓦时"),
        ]
    if block == "industry":  # 1 万t raw coal in other industry
        return [
            ("工业", "raw_coal", 1.0, "万吨"),
            ("化学原料和化学制品制造业", "raw_coal", 0.25, "万吨"),
            ("工业", "diesel", 0.03, "万吨"),
            ("建筑业", "diesel", 0.04, "万吨"),
            ("工业", "electricity", 900.0 + 300.0 * t, "万千瓦时"),
        ]
    if block == "buildings":  # 1 万t of coal-equivalent heat use in buildings
        gas = 0.0 if year < 2012 else 0.010 * lerp(0.0, 1.0, year, 2012)
        return [
            ("生活消费", "raw_coal", 0.75 - 0.45 * t, "万吨"),
            ("生活消费", "lpg", 0.03 + 0.03 * t, "万吨"),
            ("生活消费", "natural_gas", gas, "亿立方米"),
            ("生活消费", "electricity", 800.0 + 1400.0 * t, "万千瓦时"),
            ("1.A.4.a", "raw_coal", 0.15 - 0.08 * t, "万吨"),
            ("1.A.4.a", "lpg", 0.02 + 0.02 * t, "万吨"),
            ("1.A.4.a", "electricity", 400.0 + 700.0 * t, "万千瓦时"),
            ("农林牧渔业", "diesel", 0.02, "万吨"),
        ]
    if block == "transport":  # 1 万t of oil products
        return [
            ("1.A.3", "diesel", 0.70 - 0.12 * t, "万吨"),
            ("1.A.3", "gasoline", 0.30 + 0.12 * t, "万吨"),
            ("1.A.3", "electricity", 10.0 + 140.0 * t, "万千瓦时"),
        ]
    raise ValueError(block)


# --- targets and the engine ---------------------------------------------------------------------
def targets() -> dict[tuple[str, int], float]:
    """Target CO2 (t, 1.A + 2.A.1) per district-year: the county series, then the extension."""
    source = resources.files("carbonpeak.data") / "reference" / "chen2020_county_co2.csv.gz"
    values = read_reference("chen2020-county", source)
    by_code = {(v.region_code, v.year): v.value * 1e6 for v in values}
    out: dict[tuple[str, int], float] = {}
    for district, county in COUNTY_CODES.items():
        for year in DEMO_YEARS:
            if year in CALIBRATED_YEARS:
                out[(district, year)] = by_code[(county, year)]
            else:
                out[(district, year)] = by_code[(county, max(CALIBRATED_YEARS))] * EXTENSION[year]
    return out


def records(rows: list[Rec]) -> list[ActivityRecord]:
    return parse_activity_rows(rows, source=SOURCE)


def territorial(rows: list[Rec]) -> dict[tuple[str, int], float]:
    """The engine's ``territorial`` total (all scope-1 CO2, gross) per region-year."""
    inv = calculate(records(rows))
    return {key: t.value("territorial") or 0.0 for key, t in inv.totals.items()}


def compared(rows: list[Rec]) -> dict[tuple[str, int], float]:
    """The CO2 (t) that the reference comparison puts against the county series, per
    district-year: the comparison's platform rows inside the reference's scope."""
    inv = calculate(records(rows))
    scope = reference_scope()
    parts: dict[tuple[str, int], list[float]] = defaultdict(list)
    for district in COUNTY_CODES:
        for year, code, tonnes in platform_rows(inv, district):
            if in_reference_scope(code, scope):
                parts[(district, year)].append(tonnes)
    return {key: math.fsum(p) for key, p in parts.items()}


def row(region: str, year: int, sector: str, fuel: str, qty: float, unit: str, note: str) -> Rec:
    return {"region": region, "year": str(year), "sector": sector, "fuel": fuel,
            "quantity": number(qty), "unit": unit, "source": SOURCE, "note": note}  # fmt: skip


def number(x: float) -> str:
    """Six significant digits, no exponent (``0.0123456789`` -> ``0.0123457``; whole numbers
    from a million up keep all their digits)."""
    if x == 0:
        return "0"
    digits = max(0, 5 - math.floor(math.log10(abs(x))))
    text = f"{round(x, digits):.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_co2() -> dict[tuple[str, int], float]:
    """tCO2 (territorial) of one unit level of each block and year, by the engine."""
    out: dict[tuple[str, int], float] = {}
    for block in BLOCKS:
        rows = [
            row("520201", year, s, f, q, u, "")
            for year in DEMO_YEARS
            for s, f, q, u in bundle(block, year)
        ]
        for (_, year), value in territorial(rows).items():
            out[(block, year)] = value
    return out


def levels(target: dict[tuple[str, int], float]) -> dict[tuple[str, int, str], float]:
    per_unit = unit_co2()
    out: dict[tuple[str, int, str], float] = {}
    for (district, year), tco2 in target.items():
        shares = {b: lerp(*SHARES[district].get(b, (0.0, 0.0)), year) for b in BLOCKS}
        if year < ALUMINIUM_FROM:
            shares["aluminium"] = 0.0
        norm = math.fsum(shares.values())
        for block, share in shares.items():
            if share > 0:
                out[(district, year, block)] = share / norm * tco2 / per_unit[(block, year)]
    return out


def note(year: int, block: str) -> str:
    how = (
        "calibrated to Chen et al. 2020 county CO2"
        if year in CALIBRATED_YEARS
        else "trend extension (no published county value)"
    )
    return f"ILLUSTRATIVE {block}; {how}"


def activity_rows(lv: dict[tuple[str, int, str], float]) -> list[Rec]:
    rows = []
    for (district, year, block), level in sorted(lv.items()):
        for sector, fuel, qty, unit in bundle(block, year):
            if qty != 0.0:
                rows.append(row(district, year, sector, fuel, qty * level, unit, note(year, block)))
    return rows


# --- derived quantities (no scope-1 CO2) --------------------------------------------------------
def electricity(lv: dict[tuple[str, int, str], float], rows: list[Rec]) -> list[Rec]:
    """Thermal and non-fossil generation, the coal rate, electricity imported or exported."""
    used: dict[tuple[str, int], float] = defaultdict(float)  # 万kWh consumed
    for r in rows:
        if r["fuel"] == "electricity":
            used[(r["region"], int(r["year"]))] += float(r["quantity"])
    thermal: dict[tuple[str, int], float] = defaultdict(float)  # 万kWh
    for (district, year, block), level in lv.items():
        if block == "power":  # 1 万t raw coal = 7143 tce; plant rate 370 -> 310 gce/kWh
            thermal[(district, year)] = level * 7143.0 / lerp(370.0, 310.0, year) * 1e2
    tag = "ILLUSTRATIVE electricity (derived)"

    def derived(primary: dict[tuple[str, int], float]) -> list[Rec]:
        out: list[Rec] = []
        for (district, year), use in sorted(used.items()):
            gen, prim = thermal[(district, year)], primary.get((district, year), 0.0)

            def add(kind: str, qty: float, unit: str = "万千瓦时") -> None:
                out.append(row(district, year, "", kind, qty, unit, tag))  # noqa: B023

            add("electricity_generated_thermal", gen)
            for kind, part in zip(("hydro", "wind", "solar"), mix(year), strict=True):
                if part > 0 and prim > 0:
                    add(f"electricity_generated_{kind}", prim * part)
            add("power_coal_rate", coal_rate(year), "克标准煤/千瓦时")
            net = use * 1.05 - gen - prim
            add("electricity_imported" if net > 0 else "electricity_exported", abs(net))
        return out

    # The energy total does not depend on primary generation (it also raises exports), so one
    # calculation without it gives the total that the non-fossil share is a share of.
    inv = calculate(records(rows + derived({})))
    primary: dict[tuple[str, int], float] = {}
    for year in DEMO_YEARS:
        city = inv.energy[("520200", year)].total["coal_equivalent"]
        assert isinstance(city, Traced), city
        city_primary = path(NONFOSSIL_SHARE, year) * city.value / (coal_rate(year) * 1e-2)
        for district in COUNTY_CODES:
            primary[(district, year)] = city_primary * PRIMARY_SPLIT[district]
    return derived(primary)


def coal_rate(year: int) -> float:
    """发电煤耗 used for the coal-equivalent method, gce/kWh (invented path 343 -> 285)."""
    return lerp(343.0, 285.0, year)


def mix(year: int) -> tuple[float, float, float]:
    keys = sorted(MIX)
    parts = [path({k: MIX[k][i] for k in keys}, year) for i in range(3)]
    total = math.fsum(parts)
    return (parts[0] / total, parts[1] / total, parts[2] / total)


def other(lv: dict[tuple[str, int, str], float]) -> list[Rec]:
    """Mining outputs and methane, economy, agriculture, waste, sinks (all invented)."""
    out: list[Rec] = []
    gdp_city = {2020: GDP_2020}
    for year in range(2021, max(DEMO_YEARS) + 1):
        gdp_city[year] = gdp_city[year - 1] * (1 + GROWTH[year] / 100)
    for year in range(2019, min(DEMO_YEARS) - 1, -1):
        gdp_city[year] = gdp_city[year + 1] / (1 + GROWTH[year + 1] / 100)
    for district in COUNTY_CODES:
        land = LAND[district]
        for year in DEMO_YEARS:

            def add(fuel: str, qty: float, unit: str, what: str) -> None:
                out.append(row(district, year, "", fuel, qty, unit, f"ILLUSTRATIVE {what}"))  # noqa: B023

            mining = lv.get((district, year, "mining"), 0.0)
            output = mining * 40.0  # own coal use is 2.5 % of output
            for kind, part in zip(
                ("coal_output_high_gas", "coal_output_outburst", "coal_output_low_gas"),
                GAS_CLASS[district],
                strict=True,
            ):
                add(kind, output * part, "万吨", "coal mining")
            add("cmm_recovered", output * lerp(2.0, 14.0, year), "万立方米", "coal mining")
            shares = {d: lerp(*GDP_SHARE[d], year) for d in GDP_SHARE}
            gdp = gdp_city[year] * shares[district] / math.fsum(shares.values())
            add(f"gdp@{2020}", gdp, "亿元", "economy")
            add("population", lerp(*POPULATION[district], year), "万人", "economy")
            add("pigs", land * lerp(150.0, 120.0, year), "万头", "agriculture")
            add("cattle", land * lerp(45.0, 40.0, year), "万头", "agriculture")
            add("goats", land * lerp(30.0, 26.0, year), "万只", "agriculture")
            add("poultry", land * lerp(600.0, 700.0, year), "万只", "agriculture")
            add("rice_area", land * lerp(22.0, 17.0, year), "千公顷", "agriculture")
            people = lerp(*POPULATION[district], year) / 300.0
            landfill = people * (path({2005: 25.0, 2020: 55.0, 2021: 30.0, 2024: 3.0}, year))
            add("landfill_waste", landfill, "万吨", "waste")
            if year >= 2021:
                add("incinerated_waste", people * path({2021: 30.0, 2024: 62.0}, year), "万吨",
                    "waste")  # fmt: skip
            add("forest_stock_volume", land * path({2005: 1000.0, 2024: 2030.0}, year),
                "万立方米", "forest")  # fmt: skip
            add("forest_area", land * path({2005: 30.0, 2024: 61.8}, year), "万公顷", "forest")
            add("wetland_area", land * 8200.0, "公顷", "wetland")
            add("karst_area", land * 6200.0, "平方公里", "karst")
    return out


def build() -> list[Rec]:
    target = targets()
    lv = levels(target)
    got = compared(activity_rows(lv))  # the levels give territorial = target: rescale
    lv = {k: v * target[k[:2]] / got[k[:2]] for k, v in lv.items()}
    rows = activity_rows(lv)
    rows += electricity(lv, rows)
    rows += other(lv)
    check(rows, target)
    return rows


def check(rows: list[Rec], target: dict[tuple[str, int], float]) -> None:
    got = compared(rows)
    worst = max(abs(got[k] / v - 1) for k, v in target.items())
    if worst > 1e-4:
        raise SystemExit(f"calibration failed: worst relative difference {worst:.2e}")
    print(f"{len(rows)} rows; worst district-year difference from target {worst:.1e}")


def write(rows: list[Rec], path: Path = OUT / FILENAME) -> None:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: (r["region"], int(r["year"]))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    write(build())
