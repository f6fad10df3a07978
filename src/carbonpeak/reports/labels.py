"""What both documents of the annual report say the same way: the title, the kinds of units
and the note on illustrative data (pure)."""

from __future__ import annotations

from typing import Any

KIND_ZH = {"department": "市直部门", "district": "市（特区、区）"}
ILLUSTRATIVE_NOTE = (
    "说明：本报告所用指标数值、任务进展和进展报告含示例数据（虚构，仅供演示，非统计数据）。"
    " / Note: this report uses illustrative (invented) demo data, not statistics."
)


def title(payload: dict[str, Any]) -> str:
    region = payload["plan"]["title"].split("碳达峰")[0]
    return f"{region}碳达峰目标任务{payload['year']}年度评估报告"
