"""Which activity dataset and version a page shows (数据集与版本): the one in the query
(``?dataset=NAME&version=N``), else the city default the administrator set — the same rule as
the command line (:func:`carbonpeak.inventory.resolve_dataset`). With several datasets and no
default the page says so and shows the first, never silently another one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.inventory import (
    DatasetChoice,
    StoredInventory,
    compute_inventory,
    list_activity_datasets,
    list_activity_versions,
    resolve_dataset,
)
from carbonpeak.inventory import data_key as data_key  # the web's name for it (re-exported)
from carbonpeak.inventory.orm import ActivityVersionRow
from carbonpeak.web import longlived


def is_illustrative(dataset: str, version: ActivityVersionRow) -> bool:
    return marks_illustrative(dataset, version.filename, version.note)


def dataset_choices(db: Session) -> list[tuple[str, int, bool]]:
    """(name, latest version, illustrative) of every activity dataset; real data first."""
    found = [
        (ds.name, v.version, is_illustrative(ds.name, v))
        for ds, v in list_activity_datasets(db_session=db)
    ]
    return sorted(found, key=lambda d: (d[2], d[0]))


@dataclass(frozen=True)
class Picker:
    """What the dataset selector shows."""

    #: (name, latest version, illustrative) of every dataset; real data first.
    datasets: list[tuple[str, int, bool]]
    dataset: str
    #: The version asked for or pinned by the default; None: the latest.
    version: int | None
    #: The version shown (the latest when ``version`` is None).
    shown_version: int
    versions: list[int] = field(default_factory=list)
    #: ``asked``, ``default`` (city default), ``demo``, ``only``, ``unset`` (several, no default).
    reason: str = "asked"
    #: The stored city default (dataset, version) when the shown one differs from it.
    default: DatasetChoice | None = None

    def query(self, **extra: str | int) -> str:
        """The query string that keeps this choice (``dataset=...&version=...``)."""
        if self.reason != "asked":
            return urlencode(extra)
        keep: dict[str, str | int] = {"dataset": self.dataset}
        if self.version is not None:
            keep["version"] = self.version
        return urlencode({**keep, **extra})


def parse_version(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def choose(
    db: Session, dataset: str | None, version: int | None
) -> tuple[Picker, StoredInventory] | None:
    """The dataset to show and its inventory; None when no activity dataset is stored."""
    datasets = dataset_choices(db)
    if not datasets:
        return None
    choice = resolve_dataset(db_session=db, dataset=dataset or None, version=version)
    if choice is None:
        choice = DatasetChoice(datasets[0][0], None, "unset")
    stored = compute_inventory(db_session=db, dataset=choice.dataset, version=choice.version)
    longlived.keep(stored.inventory)
    default = resolve_dataset(db_session=db) if choice.reason == "asked" else None
    picker = Picker(
        datasets=datasets,
        dataset=choice.dataset,
        version=choice.version,
        shown_version=stored.version.version,
        versions=[v.version for v in list_activity_versions(db_session=db, dataset=choice.dataset)],
        reason=choice.reason,
        default=default,
    )
    return picker, stored


@dataclass(frozen=True)
class DatasetQuery:
    """The dataset and version a page was asked for (``?dataset=NAME&version=N``); the one
    query every page with a dataset selector declares (:data:`ChosenDataset`)."""

    dataset: str | None = None
    version: int | None = None

    def choose(self, db: Session) -> tuple[Picker, StoredInventory] | None:
        return choose(db, self.dataset, self.version)


def dataset_query(
    dataset: Annotated[str, Query(max_length=100, description="活动数据集 dataset")] = "",
    version: Annotated[str, Query(max_length=6, description="版本 version")] = "",
) -> DatasetQuery:
    return DatasetQuery(dataset or None, parse_version(version))


#: A route parameter: ``query: ChosenDataset`` then ``query.choose(db)``.
ChosenDataset = Annotated[DatasetQuery, Depends(dataset_query)]
