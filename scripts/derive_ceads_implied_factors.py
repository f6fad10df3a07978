"""Derive the CO2 factors implied by the CEADs inventories (factors/data/ceads_implied.csv).

CEADs publishes, per province and year, an energy inventory (fuel use by socio-economic sector,
physical units) and an emission inventory (CO2 by the same sector and fuel). Their ratio is the
CO2 factor CEADs applied: CO2 / fuel (t CO2 per t, or per 10^4 m³). This script computes it for
every (sector, fuel) cell of every province-year given, keeps a cell's value when it is the same
(to 4 decimals) in at least 80 % of the province-years, and writes one record per fuel (the value
of every constant sector) or, where the value differs by sector, one record per IPCC category
(via ``inventory/data/ceads_sector_crosswalk.csv``) whose CEADs sectors all agree.

Inputs (not bundled: CEADs data, free to use with citation):
  --energy DIR  CEADs provincial energy inventory workbooks ``省级能源清单_<year>.xlsx`` (CEADs
                "China provincial energy inventory"; sheet per province, row 1 fuels, row 2 units)
  --co2 FILE    tidy CEADs emission inventory ``province,year,sector,fuel,co2_mt`` (.csv.gz), as
                in the project's shared reference data (``ceads_province_sector_fuel_co2.csv.gz``)

Usage: python scripts/derive_ceads_implied_factors.py --energy DIR --co2 FILE [--years 2011-2019]
       [--out src/carbonpeak/factors/data/ceads_implied.csv]  (without --out: a report only)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections import Counter, defaultdict
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
CROSSWALK = ROOT / "src/carbonpeak/inventory/data/ceads_sector_crosswalk.csv"

#: energy-inventory row name -> emission-inventory sector name, where the two files differ
ALIAS = {
    "Petroleum and Naturl Gas Extraction": "Petroleum and Natural Gas Extraction",
    "Timber Processing, Bamboo, Cane, Palm & Straw Products": (
        "Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products"
    ),
    "Equipment for Special Purpose": "Equipment for Special Purposes",
    "Instruments, Meters Cultural and Office Machinery": (
        "Instruments, Meters, Cultural and Office Machinery"
    ),
    "Electric Power, Steam and Hot Water Production and Supply": (
        "Production and Supply of Electric Power, Steam and Hot Water"
    ),
    "Gas Production and Supply": "Production and Supply of Gas",
    "Tap Water Production and Supply": "Production and Supply of Tap Water",
    "Transport, Storage, Postal & Telecommunications Services": (
        "Transportation, Storage, Post and Telecommunication Services"
    ),
    "Wholesale, Retail Trade and Catering Service": "Wholesale, Retail Trade and Catering Services",
    "Other": "Others",
    "Farming, Forestry, Animal Husbandry, Fishery & Water Conservancy": (
        "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy"
    ),
}
#: CEADs fuel column -> carbonpeak fuel id (factors/data/fuels.csv)
FUELS = {
    "Raw_Coal": "raw_coal",
    "Cleaned_Coal": "cleaned_coal",
    "Other_Washed_Coal": "other_washed_coal",
    "Briquettes": "briquette",
    "Coke": "coke",
    "Coke_Oven_Gas": "coke_oven_gas",
    "Other_Gas": "other_gas",
    "Other_Coking_Products": "other_coking_products",
    "Crude_Oil": "crude_oil",
    "Gasoline": "gasoline",
    "Kerosene": "kerosene",
    "Diesel_Oil": "diesel",
    "Fuel_Oil": "fuel_oil",
    "LPG": "lpg",
    "Refinery_Gas": "refinery_gas",
    "Other_Petroleum_Products": "other_petroleum_products",
    "Natural_Gas": "natural_gas",
}
POWER = "Production and Supply of Electric Power, Steam and Hot Water"
#: the power sector's emissions include its transformation inputs (rows below the sectors)
POWER_INPUTS = ("Thermal Power", "Heating Supply")
MIN_SHARE = 0.8
MIN_CELLS = 5


def key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower().replace("&", "and"))


def read_co2(path: Path, years: set[int]) -> dict[tuple[int, str, str, str], float]:
    co2: dict[tuple[int, str, str, str], float] = defaultdict(float)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if int(r["year"]) in years:
                co2[(int(r["year"]), r["province"], key(r["sector"]), key(r["fuel"]))] += float(
                    r["co2_mt"]
                )
    return co2


def ratios(energy_dir: Path, co2_path: Path, years: list[int]) -> dict[tuple[str, str], Counter]:
    """(emission-inventory sector, CEADs fuel) -> Counter of CO2/fuel ratios (4 decimals)."""
    co2 = read_co2(co2_path, set(years))
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for year in years:
        wb = load_workbook(energy_dir / f"省级能源清单_{year}.xlsx", read_only=True, data_only=True)
        for ws in wb.worksheets:
            if ws.title == "NOTE":
                continue
            province = ws.title.replace(str(year), "")
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            header = rows[0]
            by_name = {r[0]: r for r in rows if r and isinstance(r[0], str)}
            for row in rows[3:]:
                if not row or not isinstance(row[0], str):
                    continue
                if row[0] == "Inputs(+) outputs(-)":
                    break
                sector = ALIAS.get(row[0], row[0])
                for col, fuel in enumerate(header):
                    if fuel not in FUELS:
                        continue
                    amount = row[col] if isinstance(row[col], (int, float)) else 0.0
                    if sector == POWER:
                        for extra in POWER_INPUTS:
                            add = by_name.get(extra, [None] * len(header))[col]
                            amount += add if isinstance(add, (int, float)) else 0.0
                    hit = co2.get((year, province, key(sector), key(fuel)))
                    if amount > 1e-2 and hit is not None:
                        # Mt CO2 / 10^4 t = 100 t/t; Mt / 10^8 m³ = 100 t/10^4 m³
                        cells[(sector, fuel)][round(hit * 100 / amount, 4)] += 1
        wb.close()
    return cells


def constant(counter: Counter) -> tuple[float, int, int] | None:
    value, hits = counter.most_common(1)[0]
    total = sum(counter.values())
    if total >= MIN_CELLS and hits / total >= MIN_SHARE:
        return value, hits, total
    return None


def crosswalk() -> dict[str, str]:
    lines = [ln for ln in CROSSWALK.read_text(encoding="utf-8").splitlines() if ln[:1] != "#"]
    return {
        r["ceads_sector"]: r["ipcc_code"] for r in csv.DictReader(lines) if r["ceads_fuel"] == "*"
    }


def records(cells: dict[tuple[str, str], Counter], years: list[int]) -> list[dict[str, str]]:
    to_ipcc = crosswalk()
    out: list[dict[str, str]] = []
    span = f"{years[0]}-{years[-1]}"
    for fuel, fid in FUELS.items():
        found = {s: constant(c) for (s, f), c in cells.items() if f == fuel}
        steady = {s: v for s, v in found.items() if v is not None}
        if not steady:
            continue
        values = {v[0] for v in steady.values()}
        unit = "t/(1e4*m**3)" if fuel in ("Natural_Gas", "Coke_Oven_Gas", "Other_Gas") else "t/t"
        if len(values) == 1:
            hits = sum(v[1] for v in steady.values())
            total = sum(v[2] for v in steady.values())
            out.append(_row(fid, "", values.pop(), unit, hits, total, len(steady), span))
            continue
        by_code: dict[str, set[float]] = defaultdict(set)
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for sector, v in found.items():
            code = to_ipcc.get(sector, "?")
            if v is None:
                by_code[code].add(float("nan"))
                continue
            by_code[code].add(v[0])
            tally[code][0] += v[1]
            tally[code][1] += v[2]
            tally[code][2] += 1
        for code in sorted(by_code):
            vals = by_code[code]
            if code == "?" or len(vals) != 1 or next(iter(vals)) != next(iter(vals)):
                continue
            hits, total, n = tally[code]
            out.append(_row(fid, code, next(iter(vals)), unit, hits, total, n, span))
    return out


def _row(
    fid: str, code: str, value: float, unit: str, hits: int, total: int, sectors: int, span: str
) -> dict[str, str]:
    where = f"sector {code}: " if code else ""
    return {
        "id": f"ceads_implied/{fid}/co2_factor" + (f"/{code}" if code else ""),
        "parameter": "co2_factor",
        "fuel": fid,
        "gas": "CO2",
        "sector": code,
        "value": f"{value:.4f}",
        "unit": unit,
        "tier": "national",
        "status": "DERIVED",
        "note": (
            f"{where}CO2 / fuel use of the CEADs provincial emission and energy inventories, "
            f"{span}: the same value in {hits} of {total} province-year cells of {sectors} "
            "CEADs sector(s) (scripts/derive_ceads_implied_factors.py); implied by CEADs' "
            "accounts, not read in the papers' factor table (not found)"
        ),
    }


def cement_factor(co2_path: Path, candidates: tuple[float, ...]) -> tuple[float, int, int]:
    """The cement factor of the CEADs process CO2: the candidate (t CO2/t cement) for which
    process CO2 / factor is a cement output in 10^4 t with two decimals (as published) most often.
    """
    cells = []
    with gzip.open(co2_path, "rt", encoding="utf-8") as fh:
        cells = [float(r["co2_mt"]) for r in csv.DictReader(fh) if r["fuel"] == "Process"]
    hits = {
        ef: sum(abs(c / ef * 1e4 - round(c / ef * 1e4)) < 1e-4 for c in cells) for ef in candidates
    }
    best = max(hits, key=lambda ef: hits[ef])
    return best, hits[best], len(cells)


CEMENT_CANDIDATES = (0.2900, 0.2905, 0.2906, 0.2907, 0.2910, 0.4938, 0.5383)


def cement_row(co2_path: Path) -> dict[str, str]:
    ef, hits, total = cement_factor(co2_path, CEMENT_CANDIDATES)
    others = ", ".join(f"{c:.4f}" for c in CEMENT_CANDIDATES if c != ef)
    return {
        "id": "ceads_implied/cement/process_factor/CO2",
        "parameter": "process_factor",
        "fuel": "cement",
        "gas": "CO2",
        "value": f"{ef:.4f}",
        "unit": "t/t",
        "tier": "national",
        "status": "DERIVED",
        "table": "implied: process CO2 of the emission inventories / cement output",
        "note": (
            f"process CO2 of the CEADs provincial emission inventories / {ef:.4f} is a cement "
            f"output in 10^4 t with exactly two decimals (as NBS publishes it) in {hits} of "
            f"{total} province-years 1997-2019; {others} give that in at most 1 "
            "(scripts/derive_ceads_implied_factors.py); implied by CEADs' accounts, not read in "
            "the papers' factor table (not found)"
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--energy", type=Path, required=True)
    ap.add_argument("--co2", type=Path, required=True)
    ap.add_argument("--years", default="2011-2019")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    years = list(range(first, last + 1))
    cells = ratios(args.energy, args.co2, years)
    rows = [*records(cells, years), cement_row(args.co2)]
    for (sector, fuel), counter in sorted(cells.items()):
        hit = constant(counter)
        mark = f"{hit[0]:.4f} ({hit[1]}/{hit[2]})" if hit else f"varies {counter.most_common(2)}"
        print(f"{fuel:26s} {sector[:60]:60s} {mark}")
    if args.out:
        write(args.out, rows)
        print(f"{len(rows)} records -> {args.out}")


HEADER = [
    *("id", "parameter", "fuel", "variant", "gas", "sector", "region", "year_from", "year_to"),
    *("value", "unit", "uncertainty_pct", "tier", "status", "publisher", "document", "table"),
    *("edition", "licence", "note"),
]
CITATION = {
    "publisher": "CEADs 中国碳核算数据库 (Shan, Guan et al.)",
    "document": (
        "CEADs provincial emission inventories (IPCC sectoral) and energy inventories; "
        "Shan et al. 2018 Sci Data 5:170201; Shan et al. 2016 Appl Energy 184:742; "
        "Shan et al. 2020 Sci Data 7:54; Guan et al. 2021 Earth's Future 9:e2021EF002241"
    ),
    "table": "implied: emission inventory CO2 / energy inventory fuel use, by sector and fuel",
    "edition": (
        "workbooks 2011-2019; energy inventories as copied in "
        "github.com/upstream1119/statistical-modeling_CUC_PYH data_raw/energy/ at f84c7b6647ce "
        "(no licence stated; CEADs NOTE sheet kept)"
    ),
    "licence": (
        "CEADs conditions of data use: free to use, cite the papers; numbers derived from the "
        "data, no workbook redistributed"
    ),
}


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, HEADER, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**dict.fromkeys(HEADER, ""), **CITATION, **r})


if __name__ == "__main__":
    main()
