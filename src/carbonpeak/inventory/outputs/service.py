"""Published product outputs against a stored activity dataset (the one named, else the city
default, else the demo dataset): both figures and the difference, never averaged."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from carbonpeak.inventory.activity import service as activity
from carbonpeak.inventory.default_dataset import service as default_dataset
from carbonpeak.inventory.demo.dataset import DEMO_DATASET
from carbonpeak.inventory.outputs.compare import KINDS, activity_amounts, output_pairs
from carbonpeak.statistics import Pair, current_values


@dataclass(frozen=True, slots=True)
class OutputCheck:
    """The comparison and what it was made against (``dataset`` is None when none is stored)."""

    dataset: str | None
    version: int | None
    pairs: list[Pair]


def activity_label(dataset: str, version: int) -> str:
    label = f"activity data 活动数据 {dataset} v{version}"
    return f"{label} (示意数据 illustrative)" if dataset == DEMO_DATASET else label


def reconcile_outputs(
    *,
    db_session: Session,
    dataset: str | None = None,
    version: int | None = None,
    region: str | None = None,
    year: int | None = None,
) -> OutputCheck:
    """Every current published product output of the city and its districts (of ``region``
    and ``year`` when given) against the activity data. ``NotFound`` for an unknown dataset or
    version; with no dataset stored (and none named) the pairs have no activity side."""
    choice = default_dataset.resolve(db_session=db_session, dataset=dataset, version=version)
    published = current_values(db_session=db_session)
    if choice is None:
        none = output_pairs(published, {}, activity_label="—", region=region, year=year)
        return OutputCheck(None, None, none)
    row = activity.get_version(
        db_session=db_session, dataset=choice.dataset, version=choice.version
    )
    if not output_pairs(published, {}, activity_label="", region=region, year=year):
        return OutputCheck(choice.dataset, row.version, [])  # nothing published to compare
    amounts = activity_amounts(
        activity.activity_records(db_session=db_session, version=row, fuels=KINDS)
    )
    found = output_pairs(
        published,
        amounts,
        activity_label=activity_label(choice.dataset, row.version),
        region=region,
        year=year,
    )
    return OutputCheck(choice.dataset, row.version, found)
