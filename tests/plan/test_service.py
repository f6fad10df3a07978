"""The plan registry in the database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.plan.model import Plan
from carbonpeak.plan.orm import PlanRow, SourceRow, TaskRow
from carbonpeak.plan.reading.reader import Document, read_document
from carbonpeak.plan.registry import service
from carbonpeak.plan.registry.exchange import from_yaml, to_yaml
from carbonpeak.plan.tasks import service as queries


def test_import_and_query(db_session: Session, seed_plan: Plan, seed_document: Document) -> None:
    row = service.import_plan(
        db_session=db_session, plan=seed_plan, document=seed_document, slug="lps"
    )
    db_session.commit()
    assert (len(row.tasks), len(row.targets), len(row.benchmarks)) == (109, 86, 8)
    assert sum(n.is_action for n in row.nodes) == 11
    led = queries.task_views(db_session=db_session, plan=row, unit="市能源局", role="lead")
    assert {v.key for v in led} >= {"2.1.1-1", "2.1.1-6", "2.1.2-1"}
    assert all("市能源局" in v.lead_units for v in led)
    # an alias finds the canonical unit: 市市场监督管理局 is 市市场监管局
    by_alias = queries.task_views(db_session=db_session, plan=row, unit="市市场监督管理局")
    assert "2.3.1.3-1" in {v.key for v in by_alias}
    in_action = queries.task_views(db_session=db_session, plan=row, action="2.10")
    assert len(in_action) == 4
    t2030 = queries.targets(db_session=db_session, plan=row, year=2030, indicator="非化石能源")
    assert [(t.value, t.comparator) for t in t2030] == [(25.0, "~")]
    counts = {c.name: c for c in queries.unit_counts(db_session=db_session, plan=row)}
    assert counts["市能源局"].lead == len(led)
    assert db_session.scalar(select(func.count()).select_from(SourceRow)) == 1


def test_yaml_round_trip_keeps_ids_and_logs_changes(
    db_session: Session, seed_plan: Plan, seed_document: Document
) -> None:
    row = service.import_plan(
        db_session=db_session, plan=seed_plan, document=seed_document, slug="lps"
    )
    db_session.commit()
    task_db_id = db_session.scalar(select(TaskRow.id).where(TaskRow.key == "2.1.1-1"))
    exported = to_yaml(service.to_model(row), slug=row.slug)
    edited = exported.replace(
        "title: 合理布局大型高效煤电项目", "title: 合理布局大型高效煤电项目(校)"
    )
    edited = edited.replace("- 事教育局", "- 市教育局")
    assert edited != exported
    plan, slug = from_yaml(edited)
    doc = read_document(edited.encode(), "lps.yaml")
    again = service.import_plan(db_session=db_session, plan=plan, document=doc, slug=slug)
    db_session.commit()
    assert again.id == row.id and again.version == 2
    task = db_session.scalar(select(TaskRow).where(TaskRow.key == "2.1.1-1"))
    assert task is not None and task.id == task_db_id  # same row: links survive
    assert task.title == "合理布局大型高效煤电项目(校)"
    view = next(
        v for v in queries.task_views(db_session=db_session, plan=again) if v.key == "2.1.2-1"
    )
    assert "市教育局" in view.responsible_units and "事教育局" not in view.responsible_units
    audit = db_session.scalars(
        select(AuditRow).where(AuditRow.entity == "plan_task", AuditRow.action == "update")
    ).all()
    assert {a.entity_id.split(":")[1] for a in audit} == {"2.1.1-1", "2.1.2-1"}
    assert len(again.sources) == 2  # both documents kept whole


def test_failed_import_writes_nothing(
    db_url: str, seed_plan: Plan, seed_document: Document
) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), session_scope(db_url) as db:
        service.import_plan(db_session=db, plan=seed_plan, document=seed_document, slug="x")
        raise Boom  # e.g. the process dies half-way: the transaction is rolled back
    with session_scope(db_url) as db:
        assert db.scalar(select(func.count()).select_from(PlanRow)) == 0
        assert db.scalar(select(func.count()).select_from(TaskRow)) == 0


def test_get_plan_by_id_or_slug(
    db_session: Session, seed_plan: Plan, seed_document: Document
) -> None:
    row = service.import_plan(
        db_session=db_session, plan=seed_plan, document=seed_document, slug="lps"
    )
    assert service.get_plan(db_session=db_session, plan_ref=row.id) is row
    assert service.get_plan(db_session=db_session, plan_ref="lps") is row
    with pytest.raises(NotFound):
        service.get_plan(db_session=db_session, plan_ref="nope")
