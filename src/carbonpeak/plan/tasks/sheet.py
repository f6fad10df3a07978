"""任务清单: for one unit, every task it leads or shares, with the attached targets, as .xlsx
(pure: the rows come from :func:`carbonpeak.plan.tasks.service.task_sheet`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from carbonpeak.core.exports import text_cells
from carbonpeak.plan.tasks.views import TaskView

ROLE_ZH = {"lead": "牵头", "responsible": "责任/配合", "default": "落实(通用条款)"}
COMPARATOR_ZH = {">=": "不低于", "<=": "不高于", "~": "左右", "=": "达到", ">": "高于", "<": "低于"}


@dataclass
class SheetRow:
    task: TaskView
    role: str
    action_title: str
    #: The attached targets as text (:func:`target_text`).
    targets: tuple[str, ...]


class TargetLike(Protocol):
    """What :func:`target_text` reads of a target (a stored row or a parsed target)."""

    year: int | None
    aspirational: bool
    value: float
    value_max: float | None
    indicator: str
    comparator: str
    unit: str


def target_text(t: TargetLike) -> str:
    year = f"{t.year}年 " if t.year else ""
    flag = "(力争)" if t.aspirational else ""
    value = f"{t.value:g}-{t.value_max:g}" if t.value_max is not None else f"{t.value:g}"
    return (
        f"{year}{t.indicator} {COMPARATOR_ZH.get(t.comparator, t.comparator)} {value}{t.unit}{flag}"
    )


def to_xlsx(title: str, version: int, unit: str, rows: list[SheetRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务清单"
    ws.append([f"{title} — {unit} 任务清单 (第 {version} 版)"])
    ws["A1"].font = Font(bold=True, size=13)
    header = [
        "序号",
        "行动",
        "任务编号",
        "任务",
        "本单位角色",
        "牵头单位",
        "责任单位",
        "目标",
        "任务内容",
        "负责人",
        "具体措施",
        "完成期限",
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, r in enumerate(rows, start=1):
        ws.append(
            [
                i,
                r.action_title,
                r.task.key,
                r.task.title,
                ROLE_ZH[r.role],
                "、".join(r.task.lead_units),
                "、".join(r.task.responsible_units),
                "\n".join(r.targets),
                r.task.text,
                "",
                "",
                "",
            ]
        )
    widths = [6, 22, 12, 28, 12, 28, 28, 40, 80, 10, 30, 12]
    for col, width in zip("ABCDEFGHIJKL", widths, strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    text_cells(wb).save(buf)  # a task title "=HYPERLINK(…)" stays text
    return buf.getvalue()
