"""Pure helpers about indicators: what they control, which the accounting engine computes,
the region of a plan, and unit conversion of entered values.
"""

from __future__ import annotations

import math
import re

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import quantity
from carbonpeak.tracking.model import Category, ComputedKind

_GDP = ("单位地区生产总值", "单位GDP", "单位国内生产总值")


def computed_kind(name: str) -> ComputedKind | None:
    """The accounting engine's indicator behind ``name``, if it computes it.

    >>> computed_kind("非化石能源消费比重").value
    'non_fossil_share'
    >>> computed_kind("单位地区生产总值二氧化碳排放").value
    'co2_intensity'
    >>> computed_kind("万元工业增加值能耗") is None
    True
    """
    if "非化石能源" in name and ("比重" in name or "占比" in name):
        return ComputedKind.NON_FOSSIL_SHARE
    gdp = any(g in name for g in _GDP)
    if gdp and ("二氧化碳" in name or "碳排放" in name):
        return ComputedKind.CO2_INTENSITY
    if gdp and "能耗" in name:
        return ComputedKind.ENERGY_INTENSITY
    return None


def category(name: str) -> Category:
    """What an indicator controls, for the assessment weights (碳强度为主、总量为辅).

    >>> category("单位地区生产总值二氧化碳排放").value, category("万元工业增加值能耗").value
    ('intensity', 'intensity')
    >>> category("能源消费总量").value, category("光伏发电装机容量").value
    ('total', 'other')
    """
    if any(g in name for g in _GDP) or "强度" in name or "增加值能耗" in name:
        return Category.INTENSITY
    if "万元" in name and ("能耗" in name or "排放" in name):
        return Category.INTENSITY
    if "总量" in name or "碳排放量" in name or "二氧化碳排放量" in name:
        return Category.TOTAL
    return Category.OTHER


def plan_region(title: str) -> str | None:
    """The region a plan is for, from its title (六盘水市碳达峰实施方案 -> 六盘水市).

    >>> plan_region("六盘水市碳达峰实施方案"), plan_region("Some plan")
    ('六盘水市', None)
    """
    m = re.match(r"\s*(.+?(?:省|自治区|市|州|盟|县|区))(?:碳达峰|碳中和)", title)
    return m.group(1) if m else None


def convert(value: float, from_unit: str, to_unit: str, *, field: str = "unit") -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (through the pint registry).

    >>> convert(3, "GW", "万千瓦")
    300.0
    """
    if not math.isfinite(value):
        raise InputError(f"value: 数值无效 / not a finite number: {value}")
    if from_unit.strip() == to_unit.strip():
        return float(value)
    try:
        ratio = (quantity(value, from_unit) / quantity(1, to_unit)).to("dimensionless")
    except InputError as exc:
        raise InputError(f"{field}: {exc}") from exc
    except Exception as exc:  # pint: DimensionalityError and friends
        raise InputError(
            f"{field}: 单位 {from_unit} 无法换算为指标单位 {to_unit} / unit {from_unit!r} cannot "
            f"be converted to the indicator's unit {to_unit!r}"
        ) from exc
    return float(ratio.magnitude)
