"""A project file (YAML, or the same mapping from the API or a register row) read into a
:class:`~carbonpeak.review.model.Project`. Every problem names its field (``annual[1].fuel``)
and all are reported at once.

>>> use = {"fuel": "电力", "quantity": 1, "unit": "万kWh"}
>>> p = read_mapping({"project": "某项目", "industry": "6450", "district": "520201",
...                   "start_year": 2026, "annual": [use]})
>>> p.annual[0].fuel, p.district
('electricity', '520201')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pint
import yaml

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.units import quantity
from carbonpeak.factors import find_fuel
from carbonpeak.monitoring import industry_name
from carbonpeak.regions import find_region
from carbonpeak.review.assessment.reference import find_benchmark, industry_row
from carbonpeak.review.model import EnergyUse, Product, Project, Stage

RENEWABLE_KINDS = ("hydro", "wind", "solar", "nuclear", "biomass")
#: the years a project may start in: the review assesses projects of the carbon-peak period
#: (the plan's base years to 2060), not a typing slip such as 1800 or 20250
START_YEARS = (2000, 2060)


def _industry_problem(code: str, given: Any) -> str | None:
    """Why an industry code cannot be assessed, none if it can: not a 4-digit GB/T 4754-2017
    class; a class the platform's list knows (monitoring's ``industries_gbt4754.csv``, energy-
    intensive classes only) but the review's table does not; neither.

    >>> _industry_problem("3130", "3130") is None  # by its parent 31 (钢铁)
    True
    >>> _industry_problem("4414", "4414").split(" / ")[1][:40]
    'not a GB/T 4754-2017 code the platform k'
    """
    if not (len(code) == 4 and code.isdigit()):
        return (
            f"不是 GB/T 4754-2017 行业小类代码（应为 4 位数字）/ not a GB/T 4754-2017 code "
            f"(a class code has 4 digits): {given!r}"
        )
    if industry_row(code) is not None:
        return None
    if industry_name(code) != code:
        return (
            f"{industry_name(code)} 不在审查行业表（review/data/industries.csv）中，无法分类评估 / "
            f"not in the review's industry table (review/data/industries.csv): the assessment "
            f"cannot classify it: {given!r}"
        )
    return (
        f"不是平台所知的 GB/T 4754-2017 行业代码，也不在审查行业表中 / not a GB/T 4754-2017 code "
        f"the platform knows (monitoring/data/industries_gbt4754.csv lists energy-intensive "
        f"classes only) nor in the review's industry table (review/data/industries.csv): "
        f"{given!r}"
    )


def read_text(text: str) -> Project:
    """A project from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"项目文件不是有效的 YAML / not valid YAML: {exc}") from None
    if not isinstance(data, Mapping):
        raise InputError("项目文件应为映射 / the project file must be a mapping")
    return read_mapping(data)


def _number(value: Any, where: str, problems: list[Problem], *, minimum: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append(Problem(None, where, f"不是数字 / not a number: {value!r}"))
        return 0.0
    if number < minimum:
        problems.append(Problem(None, where, f"不能为负数 / must not be negative: {value!r}"))
    return number


def _uses(items: Any, name: str, problems: list[Problem]) -> tuple[EnergyUse, ...]:
    if items in (None, ""):
        return ()
    if not isinstance(items, list):
        problems.append(Problem(None, name, "应为列表 / must be a list"))
        return ()
    out: list[EnergyUse] = []
    for i, item in enumerate(items):
        where = f"{name}[{i}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(None, where, "应为 {fuel, quantity, unit}"))
            continue
        fuel = find_fuel(str(item.get("fuel", "")))
        if fuel is None:
            reason = f"未知能源品种 / unknown fuel {item.get('fuel')!r}"
            problems.append(Problem(None, f"{where}.fuel", reason))
            continue
        qty = _number(item.get("quantity"), f"{where}.quantity", problems)
        unit = str(item.get("unit") or fuel.default_unit)
        try:
            quantity(qty, unit).to(quantity(1, fuel.default_unit).units)
        except InputError as exc:
            problems.append(Problem(None, f"{where}.unit", str(exc)))
            continue
        except pint.errors.DimensionalityError:
            reason = f"单位与 {fuel.name_zh} 不符（应如 {fuel.default_unit}）/ wrong unit {unit!r}"
            problems.append(Problem(None, f"{where}.unit", reason))
            continue
        out.append(EnergyUse(fuel.id, qty, unit, where))
    return tuple(out)


def _products(items: Any, problems: list[Problem]) -> tuple[Product, ...]:
    if not items:
        return ()
    out: list[Product] = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        where = f"products[{i}]"
        name = str(item.get("product", "")) if isinstance(item, Mapping) else ""
        bench = find_benchmark(name)
        if not isinstance(item, Mapping) or not name:
            problems.append(Problem(None, f"{where}.product", "缺少产品 / product missing"))
            continue
        output = _number(item.get("output"), f"{where}.output", problems)
        uc = item.get("unit_consumption")
        declared = (
            None
            if uc is None
            else _number(uc, f"{where}.unit_consumption", problems, minimum=float("-inf"))
        )
        out.append(
            Product(bench.product if bench else name, output, str(item.get("unit", "t")), declared)
        )
    return tuple(out)


def read_mapping(data: Mapping[str, Any]) -> Project:
    """A project from a mapping; ``InputError`` listing every field problem."""
    problems: list[Problem] = []
    name = str(data.get("project") or data.get("name") or "").strip()
    if not name:
        problems.append(Problem(None, "project", "缺少项目名称 / project name missing"))
    industry = str(data.get("industry", "")).strip().lstrip("CDI")
    if (reason := _industry_problem(industry, data.get("industry"))) is not None:
        problems.append(Problem(None, "industry", reason))
    region = find_region(str(data.get("district", "")))
    if region is None:
        reason = f"未知区县 / unknown district {data.get('district')!r}"
        problems.append(Problem(None, "district", reason))
    year = int(_number(data.get("start_year"), "start_year", problems))
    if "start_year" not in {p.field for p in problems} and not (
        START_YEARS[0] <= year <= START_YEARS[1]
    ):
        problems.append(
            Problem(
                None,
                "start_year",
                f"开工年份应在 {START_YEARS[0]}–{START_YEARS[1]} 之间 / start_year must be "
                f"between {START_YEARS[0]} and {START_YEARS[1]}: {data.get('start_year')!r}",
            )
        )
    annual = _uses(data.get("annual"), "annual", problems)
    if not annual and "annual" not in {p.field.split("[")[0] for p in problems}:
        problems.append(Problem(None, "annual", "缺少年能源消费 / annual energy use missing"))
    feedstock = _uses(data.get("feedstock"), "feedstock", problems)
    renewable = data.get("renewable") or {}
    renewable_kwh = 0.0
    kind = "solar"
    if renewable:
        if not isinstance(renewable, Mapping):
            renewable = {}
        qty = _number(renewable.get("quantity"), "renewable.quantity", problems)
        try:
            renewable_kwh = float(
                quantity(qty, str(renewable.get("unit", "kWh"))).to("kWh").magnitude
            )
        except InputError as exc:
            problems.append(Problem(None, "renewable.unit", str(exc)))
        kind = str(renewable.get("kind", "solar"))
        if kind not in RENEWABLE_KINDS:
            problems.append(Problem(None, "renewable.kind", f"应为 {', '.join(RENEWABLE_KINDS)}"))
    stage_text = str(data.get("stage", Stage.PLANNED.value))
    try:
        stage = Stage(stage_text)
    except ValueError:
        problems.append(
            Problem(None, "stage", f"应为 拟建/在建/存量 / unknown stage {stage_text!r}")
        )
        stage = Stage.PLANNED
    products = _products(data.get("products"), problems)
    value_added = _number(
        data.get("value_added_10k_yuan", 0) or 0, "value_added_10k_yuan", problems
    )
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"项目文件有误 / bad project file ({fields})", problems)
    assert region is not None
    return Project(
        name=name,
        industry=industry,
        district=region.code,
        start_year=year,
        annual=annual,
        feedstock=feedstock,
        renewable_kwh=renewable_kwh,
        renewable_kind=kind,
        products=products,
        value_added_10k_yuan=value_added,
        owner_uscc=str(data.get("owner_uscc", "") or ""),
        owner_name=str(data.get("owner", "") or data.get("owner_name", "") or ""),
        stage=stage,
        reconstruction=bool(data.get("reconstruction", False)),
        note=str(data.get("note", "") or ""),
    )
