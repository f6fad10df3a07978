"""分类处置: keep a plant at the benchmark, upgrade one between benchmark and baseline, upgrade or
phase out one below the baseline (levels and deadlines in ``data/disposal.csv``); the 标杆/基准
row a metered plant is compared with (:func:`plant_benchmark`).

>>> disposal(132.0, 110.0, 135.0)[:2]  # between: encouraged, no deadline (2023 edition)
('改造升级（鼓励） encouraged to upgrade toward the benchmark', '')
>>> disposal(140.0, 110.0, 135.0)[1]  # below the baseline: the 25 areas by end-2025
'2025-12-31'
>>> disposal(None, 110.0, 135.0)[0]
'待核定 no unit consumption'

A project is judged by its stage and status (:func:`project_disposal`): a rejected one is not
built (不予审批, no deadline); one planned or under construction (拟建/在建, not yet
commissioned) must reach 标杆; a commissioned or existing one is an existing plant (分类处置).

>>> project_disposal("在建", "rejected", 980.0, 805.0, 940.0)[:2]
('不予审批 rejected (节能审查不予通过，不在建)', '')
>>> project_disposal("拟建", "submitted", 120.0, 110.0, 135.0)[:2]  # new: 标杆, no deadline
('未达标杆：拟建、在建项目应按标杆水平建设 below the benchmark a new project must reach', '')
>>> project_disposal("在建", "commissioned", 140.0, 110.0, 135.0)[1]  # in operation: 分类处置
'2025-12-31'
"""

from __future__ import annotations

from functools import lru_cache

from carbonpeak.core.bundled import csv_rows
from carbonpeak.review.assessment.reference import Benchmark, benchmarks


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return {r["level"]: r for r in csv_rows("carbonpeak.review", "data", "disposal.csv")}


def disposal(
    value: float | None, benchmark: float | None, baseline: float | None
) -> tuple[str, str, str]:
    """(disposal, deadline, source) for a unit consumption against 标杆/基准."""
    if value is None or benchmark is None or baseline is None:
        return "待核定 no unit consumption", "", ""
    level = "benchmark" if value <= benchmark else "between" if value <= baseline else "baseline"
    row = _table()[level]
    return row["disposal"], row["deadline"], row["source"]


def project_disposal(
    stage: str, status: str, value: float | None, benchmark: float | None, baseline: float | None
) -> tuple[str, str, str]:
    """(disposal, deadline, source) of a register project by its stage and status."""
    if status == "rejected":
        row = _table()["rejected"]
        return row["disposal"], "", row["source"]
    if stage != "存量" and status != "commissioned":
        if value is None or benchmark is None:
            return "待核定 no unit consumption", "", ""
        row = _table()["new_benchmark" if value <= benchmark else "new_below"]
        return row["disposal"], "", row["source"]
    return disposal(value, benchmark, baseline)


def _stem(process: str) -> str:
    return process.removeprefix("已建").removeprefix("新建")


def metered_process(plan_process: str, processes: dict[str, str]) -> str | None:
    """Of an enterprise's metered processes (name → the plan process it is metered as), the one
    a project's product is (same plan process, 已建/新建 aside); the only one if there is one; else
    none (which of several is the project is not known).

    >>> metered_process("新建焦化工序", {"1号焦炉": "已建焦化工序", "1号高炉": "高炉工序"})
    '1号焦炉'
    >>> metered_process("电石", {"2号窑": "水泥熟料"})
    '2号窑'
    >>> metered_process("电石", {"1号焦炉": "已建焦化工序", "1号高炉": "高炉工序"}) is None
    True
    """
    same = [n for n, p in processes.items() if plan_process and _stem(p) == _stem(plan_process)]
    if len(same) == 1:
        return same[0]
    return next(iter(processes)) if len(processes) == 1 else None


def plant_benchmark(process: str) -> tuple[Benchmark | None, str]:
    """The 标杆/基准 row of a metered process, by the plan process it is metered as (已建/新建
    aside); none where no row or more than one row fits (e.g. 焦化: 顶装 or 捣固 is not
    metered), with the reason."""
    rows = [b for b in benchmarks().values() if b.plan_process == process]
    if not rows:
        rows = [
            b
            for b in benchmarks().values()
            if b.plan_process and _stem(b.plan_process) == _stem(process)
        ]
    if len(rows) == 1:
        return rows[0], ""
    if rows:
        names = "、".join(b.name_zh for b in rows)
        # 中文 / English: the page shows its language's half
        return None, (
            f"待核定：{process}可对应{names}（未计量属哪一种） / "
            f"not determined: {process} fits {names}"
        )
    return None, f"待核定：{process}无标杆/基准 / no 标杆/基准 for {process}"
