"""Which activity dataset the pages and the command line use when none is named.

An administrator sets the city default (数据集与版本, or "latest"); without one, the bundled
demo dataset when stored, else the only stored dataset. With several datasets and no default
nothing is guessed: :func:`resolve` says so (the web shows a choice, the CLI asks for
``--dataset``). Importing a new dataset therefore never changes what the pages show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.core.errors import InputError
from carbonpeak.db.base import utcnow
from carbonpeak.inventory.activity.service import get_version, list_datasets
from carbonpeak.inventory.demo.dataset import DEMO_DATASET
from carbonpeak.inventory.orm import ActivityDatasetRow, DefaultDatasetRow


@dataclass(frozen=True)
class DatasetChoice:
    """A dataset and version (None: the latest), and why it was chosen."""

    dataset: str
    version: int | None
    #: ``asked`` (named by the user), ``default`` (the city default), ``demo``, ``only``.
    reason: str


def get_default(*, db_session: Session) -> DatasetChoice | None:
    """The stored city default, or None."""
    row = db_session.get(DefaultDatasetRow, 1)
    if row is None:
        return None
    ds = db_session.get(ActivityDatasetRow, row.dataset_id)
    assert ds is not None  # the foreign key cascades
    return DatasetChoice(ds.name, row.version, "default")


def set_default(
    *, db_session: Session, dataset: str, version: int | None, actor: str
) -> DatasetChoice:
    """Make ``dataset`` (``version``, None for the latest) the city default (audited)."""
    checked = get_version(db_session=db_session, dataset=dataset, version=version)
    before = get_default(db_session=db_session)
    row = db_session.get(DefaultDatasetRow, 1)
    if row is None:
        row = DefaultDatasetRow(id=1, dataset_id=checked.dataset_id, set_by=actor)
        db_session.add(row)
    row.dataset_id = checked.dataset_id
    row.version = version
    row.set_at = utcnow()
    row.set_by = actor
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="update" if before else "create",
        entity="inv_default_dataset",
        entity_id=1,
        before={"dataset": before.dataset, "version": before.version} if before else None,
        after={"dataset": dataset, "version": version},
    )
    return DatasetChoice(dataset, version, "default")


def resolve(
    *, db_session: Session, dataset: str | None = None, version: int | None = None
) -> DatasetChoice | None:
    """The dataset to use: the one named, else the city default, else the demo dataset, else
    the only one stored; None when nothing is stored or several are and none is the default."""
    if dataset:
        get_version(db_session=db_session, dataset=dataset, version=version)  # NotFound
        return DatasetChoice(dataset, version, "asked")
    default = get_default(db_session=db_session)
    if default is not None:
        return default
    names = [ds.name for ds, _v in list_datasets(db_session=db_session)]
    if DEMO_DATASET in names:
        return DatasetChoice(DEMO_DATASET, None, "demo")
    if len(names) == 1:
        return DatasetChoice(names[0], None, "only")
    return None


def require(
    *, db_session: Session, dataset: str | None = None, version: int | None = None
) -> DatasetChoice:
    """As :func:`resolve`, for the command line: an :class:`InputError` instead of None."""
    choice = resolve(db_session=db_session, dataset=dataset, version=version)
    if choice is not None:
        return choice
    names = [ds.name for ds, _v in list_datasets(db_session=db_session)]
    if not names:
        raise InputError(
            "尚无活动数据集 / no activity dataset stored: run `inventory import` first"
        )
    raise InputError(
        "请用 --dataset 指定数据集，或由管理员设定城市默认数据集 `carbonpeak inventory default "
        f"NAME` / give --dataset NAME or set the city default (stored: {', '.join(names)})"
    )
