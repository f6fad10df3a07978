"""The register .xlsx (项目登记表) the tests upload, built in one place: ``HEADER`` is written out
by hand as the expectation of the sheet format (review/projects/sheet.py reads its columns by
these titles; a renamed column there fails the tests that upload it), and ``register_xlsx``
writes rows under it. Used by tests/review/test_application_form.py and tests/e2e/test_review.py.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

#: the register's columns as a user's sheet has them (新增可再生能源电量 left out: optional)
HEADER = (
    "项目名称",
    "统一社会信用代码",
    "建设单位",
    "区县代码",
    "行业代码",
    "阶段",
    "投产年份",
    "年能源消费",
    "原料用能",
    "产品",
    "增加值(万元)",
)


def register_xlsx(*rows: list[object]) -> bytes:
    """A register .xlsx as ``/review/import``, ``/api/v1/review/projects/import`` and
    ``review submit`` read it: the first ``HEADER`` columns the widest row fills, then the rows
    (a row of 10 cells leaves 增加值 out of the sheet)."""
    width = max((len(r) for r in rows), default=len(HEADER))
    if width > len(HEADER):
        raise ValueError(f"a row of {width} cells: the register has {len(HEADER)} columns")
    wb = Workbook()
    ws = wb.active
    ws.append(list(HEADER[:width]))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
