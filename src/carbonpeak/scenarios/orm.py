"""Stored scenario runs (情景运行记录): a run is kept only when a user asks for it.

``scn_runs`` holds one row per saved run: the scenario and its inheritance chain, the text of a
custom scenario (YAML or overrides as JSON; empty for a bundled one), the options (draws, seed,
metric, end year), the headline figures (peak year and value, P(peak ≤ 2030)) for listing, and
the whole result as JSON. Rows are never updated: a new run is a new row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.db.base import Base, utcnow
from carbonpeak.db.types import UTCDateTime


class ScenarioRunRow(Base):
    __tablename__ = "scn_runs"
    __table_args__ = (Index("ix_scn_runs_scenario", "scenario"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario: Mapped[str] = mapped_column(String(100))
    #: JSON list, root first ("baseline", "plan").
    chain: Mapped[str] = mapped_column(Text)
    #: The custom scenario as sent (YAML text or JSON of the overrides); "" for a bundled one.
    definition: Mapped[str] = mapped_column(Text, default="")
    #: JSON: draws, seed, metric, end_year.
    options: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(40))
    peak_year: Mapped[int] = mapped_column(Integer)
    peak_value_t: Mapped[float] = mapped_column(Float)
    peaked: Mapped[bool] = mapped_column(Boolean)
    p_peak_by_2030: Mapped[float | None] = mapped_column(Float)
    #: True while the base year is the illustrative demo inventory.
    illustrative: Mapped[bool] = mapped_column(Boolean)
    #: The whole run report (JSON).
    result: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
