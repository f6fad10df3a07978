"""Formula injection (core.exports): text that begins with = + - @ tab CR is written as
text in .xlsx and .csv exports; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from carbonpeak.core.exports import csv_row, risky, text_cells, write_only_row
from carbonpeak.plan.tasks.sheet import SheetRow, to_xlsx
from carbonpeak.plan.tasks.views import TaskView

HOSTILE = [
    '=HYPERLINK("http://evil.example","点此")',
    "=1+1",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def sheet_xml(data: bytes, name: str = "xl/worksheets/sheet1.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


@pytest.mark.parametrize("text", HOSTILE)
def test_risky_texts_are_recognised(text: str) -> None:
    assert risky(text)


def test_plain_texts_and_numbers_are_left_alone() -> None:
    assert not any(risky(v) for v in ("碳达峰", "a=1", -2.5, -3, None, ""))
    assert csv_row(["=1+1", -2.5, "ok"]) == ["'=1+1", -2.5, "ok"]


def test_a_task_title_is_text_in_the_task_sheet() -> None:
    rows = [
        SheetRow(
            TaskView(key=f"1.{i}", node_key="1", action_key=None, kind="task", title=t, text=t),
            "lead",
            "行动",
            (),
        )
        for i, t in enumerate(HOSTILE)
    ]
    data = to_xlsx("方案", 1, "市能源局", rows)
    assert "<f>" not in sheet_xml(data)  # no formula anywhere in the sheet
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    texts = {c.value for row in ws.iter_rows() for c in row if c.data_type == "s"}
    assert set(HOSTILE) <= texts


def test_ordinary_and_write_only_workbooks() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["=1+1", -5, "x"])
    buf = io.BytesIO()
    text_cells(wb).save(buf)
    assert "<f>" not in sheet_xml(buf.getvalue())
    wo = Workbook(write_only=True)
    sheet = wo.create_sheet("s")
    sheet.append(write_only_row(sheet, ["=1+1", -5, "@x"]))
    buf = io.BytesIO()
    wo.save(buf)
    xml = sheet_xml(buf.getvalue())
    assert "<f>" not in xml and "<v>-5</v>" in xml  # the number is still a number


def test_csv_cells_get_an_apostrophe() -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row(["=1+1", "@x", 3]))
    assert buf.getvalue().strip() == "'=1+1,'@x,3"
