"""Illustrative (invented) monitoring data for demos: ``carbonpeak monitor simulate``.

ILLUSTRATIVE — NOT STATISTICS. Six clearly synthetic enterprises (names end in 示例
illustrative; credit codes are made up with a valid check character): a steel works with
sinter, blast-furnace and converter lines, a coking plant, an aluminium smelter, a cement plant,
a coal power plant and a coal mine. How the numbers are made: each process has a daily output
(its capacity share) × a seasonal factor (±8 %, lowest in February) × a daily pattern (±5 %)
× noise (±3 %), and an energy intensity (kgce/t, or kWh/t for aluminium) set near the plan's
limits; the energy is split over fuels by fixed shares and turned into physical amounts with the
shared factor library's coefficients. Faults are injected on purpose: 1 % of uploads missing,
one 10-hour outage, one spike (×20), one meter replacement (counter restarts at 0), one
impossible (negative) value, which ingestion refuses and keeps for the quality checks, and the
sinter line drifts from 43 to 48 kgce/t over the year, above the plan's 45 kgce/t.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from carbonpeak.auth import check_character
from carbonpeak.monitoring.consumption.convert import Converter
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Process, Purpose, Registry

LABEL = "示例"  # no English in the Chinese UI; the enterprises are flagged illustrative


def demo_code(n: int) -> str:
    """A made-up credit code with a valid check character (region 520200 六盘水)."""
    first17 = f"91520200MA6DXY0{n:02d}"
    return first17 + check_character(first17)


@dataclass(frozen=True)
class Line:
    """A process line: output per day (t), intensity from start to end of the year, fuel
    shares of its energy (tce) or, for an electricity limit (kWh/t), electricity only."""

    code: str
    name: str
    benchmark: str
    product: str
    tonnes_per_day: float
    intensity: tuple[float, float]  # kgce/t (or kWh/t when kwh is True), start -> end of year
    shares: tuple[tuple[str, float], ...]  # fuel -> share; negative = recovered, transferred out
    kwh: bool = False


@dataclass(frozen=True)
class Plant:
    number: int
    name: str
    industry: str
    district: str
    capacity: str
    lines: tuple[Line, ...]


#: t of washed coking coal charged per t of coke (an invented round figure for the demo).
COAL_PER_COKE = 1.33
UNITS = {
    "electricity": "kWh",
    "natural_gas": "m**3",
    "coke_oven_gas": "m**3",
    "blast_furnace_gas": "m**3",
    "converter_gas": "m**3",
}

PLANTS = (
    Plant(
        1,
        f"六盘水甲钢铁（{LABEL}）",
        "3110",
        "520201",
        "粗钢 400 万吨/年（示意）",
        (
            Line(
                "SINTER",
                "1号烧结机",
                "烧结工序",
                "烧结矿",
                12_000,
                (43.0, 48.0),
                (("coke", 0.70), ("electricity", 0.25), ("coke_oven_gas", 0.05)),
            ),
            Line(
                "BF",
                "1号高炉",
                "炼铁工序",
                "铁水",
                9_000,
                (395.0, 400.0),
                (("coke", 0.80), ("blast_furnace_gas", 0.15), ("electricity", 0.05)),
            ),
            Line(
                "BOF",
                "1号转炉",
                "炼钢工序",
                "钢水",
                10_000,
                (-32.0, -32.0),
                (("electricity", 0.40), ("converter_gas", -1.40)),
            ),
        ),
    ),
    Plant(
        2,
        f"六盘水乙焦化（{LABEL}）",
        "2521",
        "520221",
        "焦炭 100 万吨/年（示意）",
        (
            Line(
                "COKE",
                "1号焦炉",
                "已建焦化工序",
                "焦炭",
                2_700,
                (120.0, 122.0),
                (("coke_oven_gas", 0.85), ("electricity", 0.15)),
            ),
        ),
    ),
    Plant(
        3,
        f"六盘水丙铝业（{LABEL}）",
        "3216",
        "520201",
        "电解铝 40 万吨/年（示意）",
        (
            Line(
                "ALU",
                "电解系列",
                "电解铝",
                "铝液",
                1_100,
                (12_750.0, 12_800.0),
                (("electricity", 1.0),),
                kwh=True,
            ),
        ),
    ),
    Plant(
        4,
        f"六盘水丁水泥（{LABEL}）",
        "3011",
        "520281",
        "熟料 150 万吨/年（示意）",
        (
            Line(
                "CLINKER",
                "2号窑",
                "水泥熟料",
                "熟料",
                4_500,
                (96.0, 97.0),
                (("raw_coal", 0.85), ("electricity", 0.15)),
            ),
        ),
    ),
    Plant(5, f"六盘水戊电厂（{LABEL}）", "4411", "520221", "2×660 MW（示意）", ()),
    Plant(6, f"六盘水己煤矿（{LABEL}）", "0610", "520222", "原煤 300 万吨/年（示意）", ()),
)


def registry() -> Registry:
    """The demo enterprises, points and processes."""
    ents, points, procs = {}, {}, {}
    for plant in PLANTS:
        code = demo_code(plant.number)
        ents[code] = Enterprise(
            code,
            plant.name,
            plant.industry,
            plant.district,
            plant.capacity,
            True,
            illustrative=True,
        )
        for line in plant.lines:
            energy_codes = []
            for fuel, share in line.shares:
                pcode = f"D{plant.number}-{line.code}-{fuel}"
                purpose = Purpose.TRANSFERRED_OUT if share < 0 else Purpose.CONSUMED
                kind = Kind.COUNTER if fuel == "electricity" else Kind.INTERVAL
                points[pcode] = Point(
                    pcode,
                    code,
                    fuel,
                    purpose,
                    UNITS.get(fuel, "t"),
                    kind=kind,
                    interval_minutes=60,
                    name=f"{line.name} {fuel}",
                )
                energy_codes.append(pcode)
            out = f"D{plant.number}-{line.code}-output"
            points[out] = Point(
                out,
                code,
                "",
                Purpose.OUTPUT,
                "t",
                product=line.product,
                interval_minutes=60,
                name=f"{line.name} 产量",
            )
            procs[f"D{plant.number}-{line.code}"] = Process(
                f"D{plant.number}-{line.code}",
                code,
                line.name,
                tuple(energy_codes),
                out,
                line.benchmark,
            )
        for fuel, purpose in _site_points(plant):
            pcode = f"D{plant.number}-{purpose.value}-{fuel}"
            kind = Kind.COUNTER if fuel == "electricity" else Kind.INTERVAL
            output = purpose == Purpose.OUTPUT
            points[pcode] = Point(
                pcode,
                code,
                "" if output else fuel,
                purpose,
                UNITS.get(fuel, "t"),
                kind=kind,
                product="原煤" if output else "",
                interval_minutes=60,
                name=f"{purpose.label} {fuel}",
            )
    return Registry(ents, points, procs)


def _site_points(plant: Plant) -> list[tuple[str, Purpose]]:
    if plant.number == 5:
        return [("raw_coal", Purpose.PURCHASED), ("electricity", Purpose.TRANSFERRED_OUT)]
    if plant.number == 6:
        # the mine's production is its output; only the coal its own boilers burn is consumption
        return [
            ("raw_coal", Purpose.OUTPUT),
            ("raw_coal", Purpose.SELF_GENERATED),
            ("electricity", Purpose.PURCHASED),
        ]
    if plant.number == 2:
        # a coking plant buys coking coal (洗精煤) and power; it makes its own coke-oven gas
        return [("cleaned_coal", Purpose.PURCHASED), ("electricity", Purpose.PURCHASED)]
    # blast-furnace gas is made on site; everything else a line burns is bought
    fuels = {f for line in plant.lines for f, share in line.shares if share > 0}
    fuels.discard("blast_furnace_gas")
    return [(f, Purpose.PURCHASED) for f in sorted(fuels)]


def _factor(t: datetime, hour: int, rng: random.Random) -> float:
    day = t.timetuple().tm_yday
    season = 1 + 0.08 * math.sin(2 * math.pi * (day - 125) / 365)  # low in Feb, high in Aug
    daily = 1 + 0.05 * math.sin(2 * math.pi * (hour - 6) / 24)
    return season * daily * (1 + rng.uniform(-0.03, 0.03))


def readings(
    start: datetime, days: int, *, seed: int = 2030
) -> Iterator[tuple[str, datetime, float]]:
    """Hourly (point, ts, value) rows for ``days`` days from ``start`` (a local midnight),
    with the faults described in the module docstring."""
    rng = random.Random(seed)
    conv = Converter()
    reg = registry()
    counters: dict[str, float] = {c: 1_000.0 * (i + 1) for i, c in enumerate(sorted(reg.points))}
    hours = days * 24
    outage = ("D4-CLINKER-raw_coal", hours // 3, hours // 3 + 10)
    spike = ("D2-COKE-coke_oven_gas", hours // 2)
    replaced = ("D1-SINTER-electricity", (2 * hours) // 3)
    sign_error = ("D4-CLINKER-raw_coal", (3 * hours) // 4)  # the meter sends a negative value
    per_unit = {f: _per_unit(conv, f) for f in UNITS | {"coke": "t", "raw_coal": "t"}}
    for h in range(hours):
        ts = start + timedelta(hours=h)
        frac = h / max(1, hours - 1)
        site: dict[str, float] = {}
        for plant in PLANTS:
            for line in plant.lines:
                out = line.tonnes_per_day / 24 * _factor(ts, ts.hour, rng)
                level = line.intensity[0] + (line.intensity[1] - line.intensity[0]) * frac
                yield from _emit(f"D{plant.number}-{line.code}-output", ts, out, rng, counters)
                if line.code == "COKE":
                    site["D2-purchased-cleaned_coal"] = out * COAL_PER_COKE
                for fuel, share in line.shares:
                    if line.kwh:
                        amount = out * level * share
                    else:
                        amount = abs(out * level / 1000 * share) / per_unit[fuel]
                    code = f"D{plant.number}-{line.code}-{fuel}"
                    if code == outage[0] and outage[1] <= h < outage[2]:
                        continue
                    if code == spike[0] and h == spike[1]:
                        amount *= 20
                    if code == replaced[0] and h == replaced[1]:
                        counters[code] = 0.0  # new meter
                    if code == sign_error[0] and h == sign_error[1]:
                        yield code, ts, -round(amount, 3)
                        continue
                    if share > 0:
                        site[f"D{plant.number}-purchased-{fuel}"] = (
                            site.get(f"D{plant.number}-purchased-{fuel}", 0.0) + amount
                        )
                    yield from _emit(code, ts, amount, rng, counters, counter=fuel == "electricity")
        # power plant: 2 × 660 MW at 80 % load, 300 gce/kWh; coal via its coefficient
        kwh = 2 * 660_000 * 0.8 * _factor(ts, ts.hour, rng)
        site["D5-purchased-raw_coal"] = kwh * 0.300 / 1000 / per_unit["raw_coal"]
        site["D5-transferred_out-electricity"] = kwh
        mined = 3_000_000 / 8760 * _factor(ts, ts.hour, rng)  # t per hour
        site["D6-output-raw_coal"] = mined
        site["D6-self_generated-raw_coal"] = mined * 0.005
        site["D6-purchased-electricity"] = 3_000_000 / 8760 * 25 * _factor(ts, ts.hour, rng)
        for code, amount in sorted(site.items()):
            if code in reg.points:
                counter = reg.points[code].kind == Kind.COUNTER
                yield from _emit(code, ts, amount, rng, counters, counter=counter)


def _per_unit(conv: Converter, fuel: str) -> float:
    factor = conv.tce_factor(fuel, UNITS.get(fuel, "t"))
    if isinstance(factor, str):
        raise RuntimeError(factor)
    return factor.per_unit


def _emit(
    code: str,
    ts: datetime,
    amount: float,
    rng: random.Random,
    counters: dict[str, float],
    *,
    counter: bool = False,
) -> Iterator[tuple[str, datetime, float]]:
    if counter:
        counters[code] += amount
        value = counters[code]
    else:
        value = amount
    if rng.random() < 0.01:  # a lost upload
        return
    yield code, ts, round(value, 3)
