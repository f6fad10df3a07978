"""Colours of the annual report's charts (the charts themselves are native Word charts,
``docx_chart.py``, drawn with the document's fonts: axis titles, tick labels, values)."""

from __future__ import annotations

Color = tuple[int, int, int]

#: Colours of the statuses (achieved, on track, at risk, off track, no data) and results.
STATUS_COLORS: dict[str, Color] = {
    "achieved": (46, 125, 50),
    "on_track": (102, 187, 106),
    "at_risk": (255, 179, 0),
    "off_track": (211, 47, 47),
    "no_data": (158, 158, 158),
}
RESULT_COLORS: dict[str, Color] = {
    "commend": (46, 125, 50),
    "none": (66, 133, 244),
    "notify": (211, 47, 47),
    "not_assessed": (158, 158, 158),
}
