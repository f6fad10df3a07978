"""The audit log: added in the caller's transaction, read latest first."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from carbonpeak.audit import service as audit
from carbonpeak.auth.model import Role
from carbonpeak.core.errors import InputError


def test_record_and_list(db_session: Session) -> None:
    audit.record(
        db_session=db_session,
        actor="cli",
        action="import",
        entity="plan_plan",
        entity_id="liupanshui",
        after={"版本": 1},
    )
    audit.record(
        db_session=db_session,
        actor="nyj",
        action="update",
        entity="plan_task",
        entity_id=42,
        before={"status": "未开始"},
        after={"status": "进行中"},
    )
    audit.record(
        db_session=db_session,
        actor="nyj",
        action="update",
        entity="plan_task",
        entity_id=43,
        before={"status": "进行中"},
        after={"status": "已完成"},
    )
    db_session.commit()

    latest = audit.list_entries(db_session=db_session)
    assert [e.entity_id for e in latest] == ["43", "42", "liupanshui"]
    assert latest[0].at.tzinfo is not None
    assert latest[-1].before is None
    assert json.loads(latest[-1].after or "") == {"版本": 1}
    assert "版本" in (latest[-1].after or "")  # stored readable, not \\u escapes

    tasks = audit.list_entries(db_session=db_session, entity="plan_task")
    assert [e.entity_id for e in tasks] == ["43", "42"]
    one = audit.list_entries(db_session=db_session, entity="plan_task", entity_id=42)
    assert [json.loads(e.before or "") for e in one] == [{"status": "未开始"}]
    assert len(audit.list_entries(db_session=db_session, limit=1)) == 1


def test_values_are_serialised(db_session: Session) -> None:
    row = audit.record(
        db_session=db_session,
        actor="system",
        action="update",
        entity="x",
        entity_id=1,
        after={
            "at": datetime(2030, 1, 1, tzinfo=UTC),
            "day": date(2025, 12, 31),
            "role": Role.ADMIN,
            "amount": Decimal("1.10"),
            "units": {"b", "a"},
        },
    )
    assert json.loads(row.after or "") == {
        "amount": "1.10",
        "at": "2030-01-01T00:00:00+00:00",
        "day": "2025-12-31",
        "role": "admin",
        "units": ["a", "b"],
    }
    with pytest.raises(TypeError, match="object"):
        audit.record(
            db_session=db_session,
            actor="system",
            action="update",
            entity="x",
            entity_id=1,
            after={"bad": object()},
        )


def test_record_does_not_commit(db_session: Session) -> None:
    audit.record(db_session=db_session, actor="cli", action="delete", entity="x", entity_id=1)
    db_session.rollback()
    assert audit.list_entries(db_session=db_session) == []


@pytest.mark.parametrize("limit", [0, -1, 1001])
def test_limit_is_bounded(db_session: Session, limit: int) -> None:
    with pytest.raises(InputError, match="limit"):
        audit.list_entries(db_session=db_session, limit=limit)
