"""Names of 国民经济行业分类 GB/T 4754-2017 classes (``data/industries_gbt4754.csv``), so that
pages show "3110 炼铁", never a bare code. Pure."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    node = resources.files("carbonpeak.monitoring").joinpath("data", "industries_gbt4754.csv")
    with node.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["code"]: r["name_zh"] for r in rows}


def industry_name(code: str | None) -> str:
    """The class name of a GB/T 4754 code, with the code ("3110 炼铁"); the code alone when the
    class is not listed; "" for none.

    >>> industry_name("3110"), industry_name("9999"), industry_name(None)
    ('3110 炼铁', '9999', '')
    """
    if not code:
        return ""
    name = _names().get(code.strip())
    return f"{code} {name}" if name else code
