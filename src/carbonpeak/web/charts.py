"""Chart specifications for ``static/js/charts.js`` and the data table shown beside each chart
(the numbers are on the page without JavaScript too). Plain data; labels are translated by the
caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from carbonpeak.core.units import quantity

#: Tonnes in one 万吨 (10⁴ t), from the unit registry.
T_PER_WAN_T: float = float(quantity(1, "万吨").to("t").magnitude)


def wan_t(value: float | None) -> float | None:
    """Tonnes as 万吨, rounded to 0.01 (for display; pages keep the tonnes in ``data-value``)."""
    return None if value is None else round(value / T_PER_WAN_T, 2)


@dataclass
class Series:
    name: str
    points: Sequence[tuple[int | str, float | None]]
    style: str = "line"


@dataclass
class Chart:
    id: str
    title: str
    x_title: str
    y_title: str
    series: list[Series]
    #: Horizontal goal lines: (value, label).
    lines: list[tuple[float, str]] = field(default_factory=list)
    #: Vertical marks: (x, label).
    marks: list[tuple[int, str]] = field(default_factory=list)
    #: "date" for ISO dates on the x axis (else years or categories).
    x_type: str = ""

    def spec(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "x_title": self.x_title,
            "y_title": self.y_title,
            "series": [
                {
                    "name": s.name,
                    "x": [x for x, _ in s.points],
                    "y": [y for _, y in s.points],
                    "style": s.style,
                }
                for s in self.series
            ],
            "lines": [{"y": y, "label": label} for y, label in self.lines],
            "marks": [{"x": x, "label": label} for x, label in self.marks],
            "x_type": self.x_type,
        }

    def table(self) -> tuple[list[str], list[tuple[Any, list[float | None]]]]:
        """(column heads, rows of (x, value per series)) for the data table."""
        xs: list[Any] = []
        for s in self.series:
            for x, _ in s.points:
                if x not in xs:
                    xs.append(x)
        xs.sort(key=lambda x: (isinstance(x, str), x))
        lookup = [dict(s.points) for s in self.series]
        return [s.name for s in self.series], [(x, [d.get(x) for d in lookup]) for x in xs]
