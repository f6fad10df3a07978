"""How much of a set of inputs is published and how much illustrative (示意数据), by the one
rule of :func:`carbonpeak.core.illustrative.marks_illustrative` applied to each input's source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carbonpeak.core.illustrative import marks_illustrative


@dataclass(frozen=True, slots=True)
class InputShare:
    group: str
    published: int
    illustrative: int
    #: Inputs without any source text: neither published nor labelled illustrative.
    unsourced: int = 0

    @property
    def total(self) -> int:
        return self.published + self.illustrative + self.unsourced

    @property
    def published_share(self) -> float | None:
        """Published inputs as a fraction of all (None for an empty group)."""
        return self.published / self.total if self.total else None


def input_share(groups: Mapping[str, Iterable[str | None]]) -> list[InputShare]:
    """Per group of inputs (each given by its source text), the published, illustrative and
    unsourced counts, and a last row ``total`` over every group."""
    rows = []
    for group, sources in groups.items():
        texts = [s.strip() if s else "" for s in sources]
        marks = [marks_illustrative(t) for t in texts if t]
        rows.append(InputShare(group, marks.count(False), marks.count(True), texts.count("")))
    rows.append(
        InputShare(
            "total",
            sum(r.published for r in rows),
            sum(r.illustrative for r in rows),
            sum(r.unsourced for r in rows),
        )
    )
    return rows
