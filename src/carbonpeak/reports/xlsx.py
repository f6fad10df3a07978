"""The data of the annual evaluation report as an Excel workbook (one sheet per table; numbers
stored as numbers, so that they can be checked and recomputed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from carbonpeak.core.exports import text_cells
from carbonpeak.reports.labels import ILLUSTRATIVE_NOTE, KIND_ZH, title
from carbonpeak.tracking import RESULT_ZH, STATUS_ZH, TASK_STATE_ZH, Status, TaskState

SHEETS = ("说明", "目标状态", "单位得分", "区县汇总", "任务清单", "考核办法")


def _sheet(wb: Workbook, name: str, header: list[str], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(name)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"


def _info(wb: Workbook, payload: dict[str, Any]) -> None:
    info = wb.active
    assert info is not None
    info.title = SHEETS[0]
    state = "published 已发布" if payload.get("state") == "published" else "draft 草稿"
    for row in (
        ["报告 report", title(payload)],
        ["方案 plan", payload["plan"]["title"]],
        ["年度 year", payload["year"]],
        ["状态 state", state],
        ["目标状态截至 statuses as of", payload["as_of"]],
        ["逾期截至 overdue as of", payload["overdue_as_of"]],
        ["考核办法 scheme", payload["scheme"]["name"]],
        ["示例数据 illustrative", ILLUSTRATIVE_NOTE if payload.get("illustrative") else "否 no"],
    ):
        info.append(row)


def _targets(wb: Workbook, payload: dict[str, Any]) -> None:
    _sheet(
        wb,
        "目标状态",
        [
            "目标 target",
            "任务 task",
            "指标 indicator",
            "年份 year",
            "比较 comparator",
            "目标值 value",
            "单位 unit",
            "力争 stretch",
            "牵头单位 lead units",
            "最新值 latest",
            "日期 date",
            "计量值 measured",
            "轨迹应达 expected",
            "状态 status",
            "状态(中文)",
            "人工认定 overridden",
            "理由 reason",
            "说明 explanation",
        ],
        [
            [
                t["target"],
                t["task"],
                t["indicator"],
                t["year"],
                t["comparator"],
                t["value"],
                t["unit"],
                t["aspirational"],
                "、".join(t["lead_units"]),
                t["latest_value"],
                t["latest_on"],
                t["measured"],
                t["expected"],
                t["status"],
                STATUS_ZH[Status(t["status"])],
                t["overridden"],
                t["override_reason"],
                t["explanation_zh"],
            ]
            for t in payload["targets"]
        ],
    )


def _units(wb: Workbook, payload: dict[str, Any]) -> None:
    _sheet(
        wb,
        "单位得分",
        [
            "单位 unit",
            "类型 kind",
            "目标得分 target score",
            "任务得分 task score",
            "扣分 deductions",
            "总分 score",
            "结果 result",
            "结果(中文)",
            "目标数 targets",
            "任务数 tasks",
            "滞后目标 off track",
            "原因 reasons",
        ],
        [
            [
                u["name"],
                KIND_ZH.get(u["kind"], u["kind"]),
                u["target_score"],
                u["task_score"],
                u["deductions"],
                u["score"],
                u["result"],
                RESULT_ZH[u["result"]],
                u["targets"],
                u["tasks"],
                "、".join(u["off_track"]),
                "；".join(u["reasons_zh"]),
            ]
            for u in payload["units"]
        ],
    )


def _districts(wb: Workbook, payload: dict[str, Any]) -> None:
    _sheet(
        wb,
        "区县汇总",
        ["市（特区、区） district", "目标数 targets", "任务数 tasks", "总分 score", "结果 result"],
        [
            [u["name"], u["targets"], u["tasks"], u["score"], RESULT_ZH[u["result"]]]
            for u in payload["units"]
            if u["kind"] == "district"
        ],
    )


def _tasks(wb: Workbook, payload: dict[str, Any]) -> None:
    _sheet(
        wb,
        "任务清单",
        [
            "牵头单位 lead unit",
            "任务 task",
            "名称 title",
            "状态 state",
            "状态(中文)",
            "完成% percent",
            "完成日期 completed on",
            "负责人 person",
            "逾期报告 overdue reports",
            "逾期节点 overdue milestones",
            "配合单位 responsible units",
        ],
        [
            [
                unit,
                t["task"],
                t["title"],
                t["state"],
                TASK_STATE_ZH[TaskState(t["state"])],
                t["percent"],
                t["completed_on"],
                t["responsible_person"],
                t["overdue_reports"],
                t["overdue_milestones"],
                "、".join(t["responsible_units"]),
            ]
            for t in payload["tasks"]
            for unit in t["lead_units"]
        ],
    )


def _scheme(wb: Workbook, payload: dict[str, Any]) -> None:
    scheme = wb.create_sheet("考核办法")
    scheme.append(["sha256", payload["scheme"]["sha256"]])
    for line in payload["scheme"]["text"].splitlines():
        scheme.append([line])


def build(payload: dict[str, Any]) -> Workbook:
    """One sheet per table of the report, in the order of ``SHEETS``."""
    wb = Workbook()
    for sheet in (_info, _targets, _units, _districts, _tasks, _scheme):
        sheet(wb, payload)
    return wb


def write(payload: dict[str, Any], path: Path) -> Path:
    text_cells(build(payload)).save(str(path))  # a "=…" text stays text
    return path
