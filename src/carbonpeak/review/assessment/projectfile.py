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
from carbonpeak.regions import find_region
from carbonpeak.review.assessment.reference import find_benchmark, industries
from carbonpeak.review.model import EnergyUse, Product, Project, Stage

RENEWABLE_KINDS = ("hydro", "wind", "solar", "nuclear", "biomass")


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
    if industry not in industries():
        reason = f"未知行业代码（GB/T 4754）/ unknown industry code {data.get('industry')!r}"
        problems.append(Problem(None, "industry", reason))
    region = find_region(str(data.get("district", "")))
    if region is None:
        reason = f"未知区县 / unknown district {data.get('district')!r}"
        problems.append(Problem(None, "district", reason))
    year = int(_number(data.get("start_year"), "start_year", problems))
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
