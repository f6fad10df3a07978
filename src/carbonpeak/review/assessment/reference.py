"""The review's reference tables (``review/data/*.csv``), each row with its document, date and
verification status: industries (GB/T 4754), the 两高 scope, NDRC 标杆/基准 levels, the review
authority thresholds of the 2023 节能审查办法, 供电标准煤耗 by year, the dual-control
exclusions (原料用能, 新增可再生能源) and the (illustrative) city outlook, the fallback
baseline of the impact on targets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows

PACKAGE = "carbonpeak.review"


def _rows(name: str) -> list[dict[str, str]]:
    return csv_rows(PACKAGE, "data", name)


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


@dataclass(frozen=True)
class Industry:
    code: str
    name_zh: str
    name_en: str
    ipcc_category: str
    two_high_group: str
    note: str


@dataclass(frozen=True)
class ScopeRule:
    code_prefix: str
    group: str
    name_zh: str
    document: str
    date: str
    status: str


@dataclass(frozen=True)
class Benchmark:
    product: str
    name_zh: str
    industry_prefix: str
    unit: str
    benchmark: float
    baseline: float
    document: str
    edition: str
    status: str
    note: str
    #: the plan's process limit (工序能耗限额) that applies to the product, by process name
    plan_process: str = ""


@dataclass(frozen=True)
class AuthorityTier:
    level: str
    name_zh: str
    min_tce: float
    max_tce: float | None
    max_kwh: float | None
    basis: str
    document: str
    date: str
    status: str


@dataclass(frozen=True)
class CoalRate:
    year: int
    gce_per_kwh: float
    source: str
    status: str


@dataclass(frozen=True)
class Exclusion:
    kind: str
    name_zh: str
    document: str
    number: str
    date: str
    status: str
    rule: str


@dataclass(frozen=True)
class Outlook:
    """One target year of the city outlook (plan scenario): GDP, energy, CO2 and the target
    intensities (tce/万元, t/万元)."""

    year: int
    gdp_10k_yuan: float
    energy_tce: float
    co2_t: float
    energy_intensity_target: float
    co2_intensity_target: float
    source: str


@lru_cache(maxsize=1)
def industries() -> dict[str, Industry]:
    return {r["code"]: Industry(**r) for r in _rows("industries.csv")}


def industry_row(code: str) -> tuple[Industry, str] | None:
    """The review's row of a GB/T 4754 code, and a note: the code's own row (no note), else
    the row of its 3- or 2-digit parent (中类/大类) when that row has a two-high group (the note
    says so); none when neither is in ``industries.csv``.

    >>> industry_row("3110")[0].name_zh, industry_row("3110")[1]
    ('炼铁', '')
    >>> row, note = industry_row("3130")
    >>> row.code, note.split(" / ")[0]
    ('31', '3130 不在审查行业表，按其上级类别 31 黑色金属冶炼和压延加工业（钢铁）归类')
    >>> industry_row("3670")[0].code, industry_row("1310") is None
    ('3670', True)
    """
    table = industries()
    if code in table:
        return table[code], ""
    for parent in (code[:3], code[:2]):
        row = table.get(parent)
        if len(code) == 4 and row is not None and row.two_high_group:
            zh = f"按其上级类别 {row.code} {row.name_zh}（{row.two_high_group}）归类"
            return row, (
                f"{code} 不在审查行业表，{zh} / {code} is not in the review's industry table "
                f"(review/data/industries.csv): classified by its parent {row.code} {row.name_en}"
            )
    return None


@lru_cache(maxsize=1)
def two_high_scope() -> tuple[ScopeRule, ...]:
    return tuple(
        ScopeRule(**{k: r[k] for k in ScopeRule.__dataclass_fields__})
        for r in _rows("two_high_scope.csv")
    )


@lru_cache(maxsize=1)
def benchmarks() -> dict[str, Benchmark]:
    out: dict[str, Benchmark] = {}
    for r in _rows("benchmarks.csv"):
        out[r["product"]] = Benchmark(
            product=r["product"],
            name_zh=r["name_zh"],
            industry_prefix=r["industry_prefix"],
            unit=r["unit"],
            benchmark=float(r["benchmark"]),
            baseline=float(r["baseline"]),
            document=r["document"],
            edition=r["edition"],
            status=r["status"],
            note=r["note"],
            plan_process=r["plan_process"],
        )
    return out


def find_benchmark(text: str) -> Benchmark | None:
    """A benchmark by product key or Chinese name."""
    table = benchmarks()
    return table.get(text) or next((b for b in table.values() if b.name_zh == text), None)


@lru_cache(maxsize=1)
def authority_tiers() -> tuple[AuthorityTier, ...]:
    return tuple(
        AuthorityTier(
            level=r["level"],
            name_zh=r["name_zh"],
            min_tce=float(r["min_tce"]),
            max_tce=_num(r["max_tce"]),
            max_kwh=_num(r["max_kwh"]),
            basis=r["basis"],
            document=r["document"],
            date=r["date"],
            status=r["status"],
        )
        for r in _rows("authority.csv")
    )


@lru_cache(maxsize=1)
def coal_rates() -> tuple[CoalRate, ...]:
    return tuple(
        CoalRate(int(r["year"]), float(r["gce_per_kwh"]), r["source"], r["status"])
        for r in _rows("power_supply_coal.csv")
    )


def coal_rate(year: int) -> tuple[CoalRate, str]:
    """供电标准煤耗 of ``year``, else the latest earlier year (the note says so)."""
    rates = sorted(coal_rates(), key=lambda r: r.year)
    earlier = [r for r in rates if r.year <= year] or rates[:1]
    rate = earlier[-1]
    note = (
        "" if rate.year == year else f"{year} 无公布值，采用 {rate.year} 年 / {rate.year} stands in"
    )
    return rate, note


@lru_cache(maxsize=1)
def exclusions() -> dict[str, Exclusion]:
    return {r["kind"]: Exclusion(**r) for r in _rows("exclusions.csv")}


@lru_cache(maxsize=1)
def outlook() -> tuple[Outlook, ...]:
    return tuple(
        Outlook(
            year=int(r["year"]),
            gdp_10k_yuan=float(r["gdp_10k_yuan"]),
            energy_tce=float(r["energy_tce"]),
            co2_t=float(r["co2_t"]),
            energy_intensity_target=float(r["energy_intensity_target"]),
            co2_intensity_target=float(r["co2_intensity_target"]),
            source=r["source"],
        )
        for r in _rows("city_outlook.csv")
    )
