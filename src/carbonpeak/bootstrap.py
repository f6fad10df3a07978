"""Setting up a database: migrate, load the bundled default plan, and the demo datasets."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import select

from carbonpeak.auth import create_user, get_user_by_username
from carbonpeak.db.migrate import upgrade
from carbonpeak.db.session import session_scope
from carbonpeak.inventory import load_demo_activity
from carbonpeak.monitoring import load_monitoring_demo
from carbonpeak.plan import PlanRow, import_plan, parse_text, read_document
from carbonpeak.review import load_review_demo
from carbonpeak.statistics import import_bundled as import_published_statistics
from carbonpeak.tracking import load_tracking_demo

DEFAULT_PLAN = "liupanshui_carbon_peak_plan_2023.txt"
DEFAULT_SLUG = "liupanshui-2023"
# Demo accounts, for trying the platform on 127.0.0.1 only: printed by `carbonpeak demo`.
# (username, password, role, unit, enterprise credit code). "gangtie" is the energy manager of
# the illustrative steel works 六盘水甲钢铁 (an invented code:
# monitoring/demo/simulate.demo_code(1)).
DEMO_STEEL_WORKS = "91520200MA6DXY001X"
DEMO_USERS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("admin", "carbonpeak-demo", "admin", None, None),
    ("nengyuan", "carbonpeak-demo", "unit_editor", "市能源局", None),
    ("viewer", "carbonpeak-demo", "viewer", None, None),
    ("gangtie", "carbonpeak-demo", "enterprise", None, DEMO_STEEL_WORKS),
)


def init_database(*, url: str | None = None, load_default_plan: bool = True) -> str:
    """Create/upgrade the schema; load the default plan if it is not there yet."""
    upgrade(url)
    if not load_default_plan:
        return "数据库已就绪 / database ready"
    with session_scope(url) as db:
        existing = db.scalar(select(PlanRow).where(PlanRow.slug == DEFAULT_SLUG))
        if existing is not None:
            return f"数据库已就绪 / database ready; 默认方案 default plan: {existing.title}"
        data = (resources.files("carbonpeak.data") / DEFAULT_PLAN).read_bytes()
        document = read_document(data, DEFAULT_PLAN)
        plan = parse_text(document.text)
        row = import_plan(
            db_session=db, plan=plan, document=document, slug=DEFAULT_SLUG, actor="system"
        )
        return (
            f"数据库已就绪 / database ready; 已加载默认方案 loaded the default plan "
            f"{row.title}: {len(plan.tasks)} tasks, {len(plan.targets)} targets"
        )


def load_demo(*, url: str | None = None) -> list[str]:
    """Everything `carbonpeak demo` loads; returns lines to print."""

    lines = [init_database(url=url)]
    with session_scope(url) as db:
        for username, password, role, unit, enterprise in DEMO_USERS:
            if get_user_by_username(db_session=db, username=username) is None:
                create_user(
                    db_session=db,
                    username=username,
                    password=password,
                    role=role,
                    unit_name=unit,
                    enterprise_code=enterprise,
                    actor="system",
                )
        plan = db.scalar(select(PlanRow).where(PlanRow.slug == DEFAULT_SLUG))
        assert plan is not None
        actions = [n for n in plan.nodes if n.is_action]
        lines.append(
            f"方案 plan: {plan.title} — {len(actions)} 项行动 actions, "
            f"{len(plan.tasks)} 项任务 tasks, {len(plan.targets)} 个目标 targets, "
            f"{len(plan.benchmarks)} 项工序限额 benchmarks"
        )
    with session_scope(url) as db:  # before the demo activity, whose economy rows it replaces
        published = import_published_statistics(db_session=db, actor="system")
        lines.append(
            f"统计公报数据 published statistics (with sources): {published.rows_read} 条 values, "
            f"{published.rows_added} 新增 added"
        )
    with session_scope(url) as db:
        lines.append(load_demo_activity(db_session=db))
    with session_scope(url) as db:
        demo_plan = db.scalar(select(PlanRow).where(PlanRow.slug == DEFAULT_SLUG))
        assert demo_plan is not None
        lines.extend(load_tracking_demo(db_session=db, plan=demo_plan))

    lines.append(load_monitoring_demo(url))
    lines.append(load_review_demo(url))
    lines.append(
        "演示账号 demo logins (local use only): "
        + ", ".join(
            f"{u}/{p} ({r}{'·' + (unit or ent or '') if unit or ent else ''})"
            for u, p, r, unit, ent in DEMO_USERS
        )
    )
    return lines
