"""Load the ILLUSTRATIVE Liupanshui demo activity dataset into the database (``carbonpeak
demo``), once: a second run with the same file content writes nothing."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from carbonpeak.inventory.activity import service as activity_service
from carbonpeak.inventory.demo.dataset import (
    DEMO_DATASET,
    DEMO_FILENAME,
    DEMO_PATH,
    demo_activity,
)
from carbonpeak.inventory.demo.published import with_published_economy
from carbonpeak.inventory.reference import service as reference_service
from carbonpeak.inventory.reference.model import DEFAULT_DATASETS, get_dataset
from carbonpeak.statistics import current_values

DATASET = DEMO_DATASET
#: the accounting method the demo is stored under (the documented default; the README's figures
#: of src/carbonpeak/data/demo/README.md are computed under it)
METHOD = "provincial-2011"


def load_demo_activity(*, db_session: Session) -> str:
    """Import the bundled demo CSV as dataset ``liupanshui-demo-illustrative``, with each
    district GDP/population record that has a published counterpart in the statistics domain
    replaced by it (skipped when the latest version has the same file and replacements);
    returns a line to print."""
    if not DEMO_PATH.is_file():
        return f"演示活动数据 demo activity data: {DEMO_FILENAME} not bundled, skipped"
    records, replaced = with_published_economy(
        demo_activity(), current_values(db_session=db_session)
    )
    # the version's sha256 covers the file and the published figures put into it
    stamp = "".join(f"\n#{r.region},{r.year},{r.fuel},{r.published!r},{r.source}" for r in replaced)
    result = activity_service.import_activity(
        db_session=db_session,
        name=DATASET,
        data=DEMO_PATH.read_bytes() + stamp.encode("utf-8"),
        filename=DEMO_FILENAME,
        actor="system",
        records=records,
        note=(
            "示意数据 ILLUSTRATIVE (invented, not statistics): see carbonpeak/data/demo/README.md; "
            f"{len(replaced)} GDP/population/product-output records replaced by published "
            "statistics"
        ),
        skip_unchanged=True,
        method=METHOD,
    )
    state = "已存在 already loaded" if result.unchanged else "已导入 imported"
    references = load_demo_references(db_session=db_session)
    return (
        f"示意活动数据 ILLUSTRATIVE activity data (invented, not statistics): {state} "
        f"{result.dataset} v{result.version}, 核算方法 method {METHOD}, {result.rows} 行 rows, "
        f"{len(replaced)} 条由公报数据"
        f"替换 replaced by published figures; {references}"
    )


def load_demo_references(*, db_session: Session) -> str:
    """Import the bundled CEADs extracts (real, published) the demo compares against; a dataset
    whose file is unchanged (same sha256) is left as it is."""
    stored = {row.key: row.sha256 for row in reference_service.list_datasets(db_session=db_session)}
    base = reference_service.bundled_directory()
    todo = []
    for key in DEFAULT_DATASETS:
        source = base / get_dataset(key).filename
        if source.is_file() and stored.get(key) != hashlib.sha256(source.read_bytes()).hexdigest():
            todo.append(key)
    if todo:
        reference_service.import_reference(db_session=db_session, datasets=todo, actor="system")
    return f"参考清单 CEADs reference inventories: {len(todo)} 个已导入 imported"
