"""任务清单: for one unit, every task it leads or shares, with the attached targets (.xlsx)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.orm import Session

from carbonpeak.plan import queries
from carbonpeak.plan.orm import PlanRow, TargetRow

ROLE_ZH = {"lead": "牵头", "responsible": "责任/配合", "default": "落实(通用条款)"}
COMPARATOR_ZH = {">=": "不低于", "<=": "不高于", "~": "左右", "=": "达到", ">": "高于", "<": "低于"}


@dataclass
class SheetRow:
    task: queries.TaskView
    role: str
    action_title: str
    targets: list[TargetRow]


def task_sheet(*, db_session: Session, plan: PlanRow, unit: str) -> tuple[str, list[SheetRow]]:
    """The canonical unit name and its rows, in plan order."""
    name = queries.canonical_unit(unit)
    titles = {n.key: n.title for n in plan.nodes}
    rows = []
    for view in queries.task_views(db_session=db_session, plan=plan, unit=name):
        role = next(
            r for r in ("lead", "responsible", "default") if name in getattr(view, f"{r}_units")
        )
        rows.append(
            SheetRow(
                task=view,
                role=role,
                action_title=titles.get(view.action_key or "", ""),
                targets=queries.targets(db_session=db_session, plan=plan, task=view.key),
            )
        )
    return name, rows


def target_text(t: TargetRow) -> str:
    year = f"{t.year}年 " if t.year else ""
    flag = "(力争)" if t.aspirational else ""
    value = f"{t.value:g}-{t.value_max:g}" if t.value_max is not None else f"{t.value:g}"
    return (
        f"{year}{t.indicator} {COMPARATOR_ZH.get(t.comparator, t.comparator)} {value}{t.unit}{flag}"
    )


def to_xlsx(plan: PlanRow, unit: str, rows: list[SheetRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务清单"
    ws.append([f"{plan.title} — {unit} 任务清单 (第 {plan.version} 版)"])
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
                "\n".join(target_text(t) for t in r.targets),
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
    wb.save(buf)
    return buf.getvalue()
