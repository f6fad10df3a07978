"""Load the ILLUSTRATIVE Liupanshui demo activity dataset into the database (``carbonpeak
demo``), once: a second run with the same file content writes nothing."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carbonpeak.inventory import service

DATASET = "liupanshui-demo-illustrative"


def load_demo_activity(*, db_session: Session) -> str:
    """Import the bundled demo CSV as dataset ``liupanshui-demo-illustrative`` (skipped when the
    latest version has the same sha256); returns a line to print."""
    from carbonpeak.inventory.demo import DEMO_FILENAME, DEMO_PATH

    if not DEMO_PATH.is_file():
        return f"演示活动数据 demo activity data: {DEMO_FILENAME} not bundled, skipped"
    result = service.import_activity(
        db_session=db_session,
        name=DATASET,
        data=DEMO_PATH.read_bytes(),
        filename=DEMO_FILENAME,
        actor="system",
        note="示意数据 ILLUSTRATIVE (invented, not statistics): see carbonpeak/data/demo/README.md",
        skip_unchanged=True,
    )
    state = "已存在 already loaded" if result.unchanged else "已导入 imported"
    return (
        f"示意活动数据 ILLUSTRATIVE activity data (invented, not statistics): {state} "
        f"{result.dataset} v{result.version}, {result.rows} 行 rows"
    )
