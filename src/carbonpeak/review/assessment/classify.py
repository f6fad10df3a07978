"""两高 classification, the review authority (审查权限) and the benchmark comparison (标杆/
基准), each from the reference tables and each with its reason and source.

>>> two_high("2521").two_high, two_high("6450").two_high
(True, False)
>>> authority(13288.0, 5.0e7).level
'provincial'
>>> authority(800.0, 4.0e6).level
'none'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carbonpeak.review.assessment.reference import (
    Benchmark,
    authority_tiers,
    find_benchmark,
    industries,
    industry_row,
    two_high_scope,
)
from carbonpeak.review.model import Product


@dataclass(frozen=True)
class TwoHigh:
    two_high: bool
    group: str
    reason: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.two_high,
            "group": self.group,
            "reason": self.reason,
            "source": self.source,
        }


def two_high(industry: str, products: tuple[str, ...] = ()) -> TwoHigh:
    """两高 or not, by the longest GB/T 4754 code prefix in the national scope and by the
    products: a product of the 高耗能行业重点领域 (a 标杆/基准 row, e.g. 电石, 焦炭) is named
    in the reason, and makes the project two-high even where its declared code is outside the
    scope (a code chosen for a product the scope covers is a reason to look again, not a pass).

    >>> two_high("2619", ("电石",)).reason.split(" / ")[0].split("；")[1]
    '产品 电石 属于高耗能行业重点领域（标杆/基准所列）'
    >>> r = two_high("2669", ("电石",))  # a code outside the scope, a key-area product
    >>> r.two_high, r.group, r.reason.startswith("行业 2669")
    (True, '化工', True)
    >>> two_high("6450", ("数据中心服务",)).two_high
    False
    """
    found = industry_row(industry)
    name = industries()[industry].name_zh if industry in industries() else industry
    if found and found[1]:
        name = f"（按上级类别 {found[0].code} {found[0].name_zh}）"
    keyed = [b for b in (find_benchmark(p) for p in products) if b is not None]
    by_product = (
        f"产品 {'、'.join(dict.fromkeys(b.name_zh for b in keyed))} 属于高耗能行业重点领域"
        "（标杆/基准所列）"
        if keyed
        else ""
    )
    rules = [r for r in two_high_scope() if industry.startswith(r.code_prefix)]
    if not rules and keyed:
        # the scope row of the key-area product's own industry
        prefix = keyed[0].industry_prefix
        rows = [r for r in two_high_scope() if prefix.startswith(r.code_prefix)]
        if rows:
            rule = max(rows, key=lambda r: len(r.code_prefix))
            reason = (
                f"行业 {industry} {name} 不在两高行业范围内，但{by_product}，按产品所属 "
                f"{rule.code_prefix} {rule.name_zh}（{rule.group}）列入两高 / in the two-high "
                "scope by its product"
            )
            source = f"{rule.document} ({rule.date}, {rule.status}); {keyed[0].document}"
            return TwoHigh(True, rule.group, reason, source)
    if not rules:
        reason = f"行业 {industry} {name} 不在两高行业范围内 / not in the two-high scope"
        return TwoHigh(False, "", reason, "two_high_scope.csv")
    rule = max(rules, key=lambda r: len(r.code_prefix))
    reason = (
        f"行业 {industry} {name} 属于 {rule.code_prefix} {rule.name_zh}（{rule.group}），"
        f"在两高范围内" + (f"；{by_product}" if by_product else "") + " / in the two-high scope"
    )
    return TwoHigh(True, rule.group, reason, f"{rule.document} ({rule.date}, {rule.status})")


@dataclass(frozen=True)
class Authority:
    level: str
    name_zh: str
    review_needed: bool
    reason: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "name": self.name_zh,
            "review_needed": self.review_needed,
            "reason": self.reason,
            "source": self.source,
        }


def authority(equivalent_tce: float, electricity_kwh: float) -> Authority:
    """Which authority reviews a project of ``equivalent_tce`` (当量值, as the 2023 办法
    counts) and ``electricity_kwh`` a year; whether a separate review is needed at all."""
    tiers = {t.level: t for t in authority_tiers()}
    exempt = tiers["none"]
    provincial = tiers["provincial"]
    if (
        exempt.max_tce is not None
        and exempt.max_kwh is not None
        and equivalent_tce < exempt.max_tce
        and electricity_kwh < exempt.max_kwh
    ):
        tier, needed = exempt, False
    elif equivalent_tce >= provincial.min_tce:
        tier, needed = provincial, True
    else:
        tier, needed = tiers["local"], True
    reason = (
        f"年综合能耗（当量值）{equivalent_tce:,.1f} tce，"
        f"年用电 {electricity_kwh / 1e4:,.1f} 万kWh：{tier.basis}"
    )
    return Authority(
        tier.level, tier.name_zh, needed, reason, f"{tier.document} ({tier.date}, {tier.status})"
    )


@dataclass(frozen=True)
class BenchmarkCheck:
    product: str
    name_zh: str
    unit: str
    value: float | None
    basis: str
    benchmark: float | None
    baseline: float | None
    level: str
    source: str
    #: the plan's own process limit (方案工序能耗限额) where one applies: value, met, text
    plan_limit: dict[str, Any] | None = None
    #: the verification status of the 标杆/基准 values (SECONDARY, UNVERIFIED, ...): shown beside
    #: them, so a value not read in its document is not taken as fact
    status: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PlanLimit:
    """A process limit of the plan registry (e.g. 新建焦化工序能耗≤110 kgce/t)."""

    process: str
    value: float
    unit: str
    comparator: str
    text: str


def _level(value: float, bench: Benchmark) -> str:
    if value <= bench.benchmark:
        return "达到标杆水平 at or better than the benchmark"
    if value <= bench.baseline:
        return "介于标杆与基准之间 between benchmark and baseline"
    return "未达到基准水平 worse than the baseline"


def _plan_limit(value: float | None, limit: PlanLimit | None) -> dict[str, Any] | None:
    if limit is None:
        return None
    met = (
        None
        if value is None
        else (
            value <= limit.value
            if "<" in limit.comparator or "≤" in limit.comparator
            else value >= limit.value
        )
    )
    return {
        "process": limit.process,
        "value": limit.value,
        "unit": limit.unit,
        "met": met,
        "text": limit.text,
    }


def check_product(
    product: Product,
    *,
    equivalent_tce: float,
    electricity_kwh: float,
    single: bool,
    plan_limits: dict[str, PlanLimit] | None = None,
) -> BenchmarkCheck:
    """A product's unit consumption against its 标杆/基准. Declared values are taken as given;
    else, for a one-product project, the project's energy (kgce/t: 当量值 tce ÷ output; kWh/t:
    electricity ÷ output) stands in and ``basis`` says so."""
    bench = find_benchmark(product.product)
    if bench is None:
        return BenchmarkCheck(
            product.product,
            product.product,
            product.unit,
            product.unit_consumption,
            "declared",
            None,
            None,
            "无国家标杆/基准 no national benchmark",
            "",
        )
    value = product.unit_consumption
    basis = "declared 申报值"
    if value is None and single and product.output > 0:
        output_t = product.output * (1e4 if product.unit.startswith("万") else 1.0)
        if bench.unit == "kWh/t":
            value = electricity_kwh / output_t
            basis = "project electricity ÷ output 项目用电量÷产量"
        else:
            value = equivalent_tce * 1000 / output_t
            basis = "project energy (当量值) ÷ output 项目综合能耗÷产量"
    level = _level(value, bench) if value is not None else "无单耗数据 no unit consumption"
    source = f"{bench.document} ({bench.edition}, {bench.status})"
    return BenchmarkCheck(
        bench.product,
        bench.name_zh,
        bench.unit,
        None if value is None else round(value, 3),
        basis,
        bench.benchmark,
        bench.baseline,
        level,
        source,
        _plan_limit(value, (plan_limits or {}).get(bench.plan_process)),
        bench.status,
    )
