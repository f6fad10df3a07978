"""Users and tokens on a real, migrated database (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.auth import service
from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.orm import OrgUnitRow, TokenRow, UserRow
from carbonpeak.core.errors import Conflict, InputError, NotFound, Unauthenticated

CODE = "91520200MA6D00001L"
PW = "correct horse battery"


@pytest.fixture
def energy_bureau(db_session: Session) -> OrgUnitRow:
    unit = OrgUnitRow(name="市能源局", kind="department")
    db_session.add(unit)
    db_session.flush()
    return unit


def _add(db: Session, username: str, role: Role, **kwargs: str) -> UserRow:
    return service.create_user(db_session=db, username=username, password=PW, role=role, **kwargs)


def test_create_user_and_audit(db_session: Session, energy_bureau: OrgUnitRow) -> None:
    user = _add(
        db_session,
        " NYJ.Editor ",
        Role.UNIT_EDITOR,
        unit_name="市能源局",
        display_name="能源局 张三",
    )
    db_session.commit()
    assert user.username == "nyj.editor"
    assert user.unit_id == energy_bureau.id
    assert user.password_hash.startswith("$argon2id$")
    assert user.created_at.tzinfo is not None
    entry = db_session.scalars(select(AuditRow)).one()
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == (
        "cli",
        "create",
        "auth_user",
        str(user.id),
    )
    assert entry.before is None
    after = json.loads(entry.after or "")
    assert after["unit_name"] == "市能源局"
    assert after["role"] == "unit_editor"
    assert "password_hash" not in after and PW not in (entry.after or "")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "x", "role": Role.VIEWER}, "username"),
        ({"username": "has space", "role": Role.VIEWER}, "username"),
        ({"username": "short-pw", "role": Role.VIEWER, "password": "1234567"}, "password"),
        ({"username": "rr", "role": "superuser"}, "role"),
        ({"username": "ed", "role": Role.UNIT_EDITOR}, "unit_name"),
        ({"username": "ed", "role": Role.UNIT_EDITOR, "unit_name": "市能原局"}, "unit_name"),
        ({"username": "vv", "role": Role.VIEWER, "unit_name": "市能源局"}, "unit_name"),
        ({"username": "ent", "role": Role.ENTERPRISE}, "enterprise_code"),
        (
            {"username": "ent", "role": Role.ENTERPRISE, "enterprise_code": "12345"},
            "enterprise_code",
        ),
        (
            {"username": "ent", "role": Role.ENTERPRISE, "enterprise_code": "91520200MA6D00001K"},
            "enterprise_code",
        ),
        ({"username": "adm", "role": Role.ADMIN, "enterprise_code": CODE}, "enterprise_code"),
    ],
)
def test_create_user_rejects_bad_input_naming_the_field(
    db_session: Session, energy_bureau: OrgUnitRow, kwargs: dict[str, str], field: str
) -> None:
    kwargs.setdefault("password", PW)
    with pytest.raises(InputError) as info:
        service.create_user(db_session=db_session, **kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(f"{field}: ")
    assert " / " in str(info.value)  # Chinese / English
    assert db_session.scalars(select(UserRow)).all() == []


def test_unknown_unit_suggests_close_names(db_session: Session, energy_bureau: OrgUnitRow) -> None:
    with pytest.raises(InputError, match="市能源局"):
        _add(db_session, "ed", Role.UNIT_EDITOR, unit_name="市能原局")


def test_enterprise_user_code_is_normalised(db_session: Session) -> None:
    user = _add(db_session, "plant", Role.ENTERPRISE, enterprise_code=" 91520200ma6d00001l")
    assert user.enterprise_code == CODE


def test_duplicate_username_is_a_conflict(db_session: Session) -> None:
    _add(db_session, "alice", Role.VIEWER)
    with pytest.raises(Conflict, match="用户名已存在：alice / username already exists: alice"):
        _add(db_session, "ALICE", Role.ADMIN)


def test_database_enforces_role_bindings(db_session: Session) -> None:
    """The CHECK constraints hold even for writes that bypass the service."""
    for role, code in [
        ("unit_editor", None),
        ("enterprise", None),
        ("root", None),
        ("enterprise", "123"),
    ]:
        db_session.add(
            UserRow(username=f"raw-{role}", password_hash="x", role=role, enterprise_code=code)
        )
        with pytest.raises(IntegrityError):
            db_session.flush()
        db_session.rollback()


def test_authenticate_password(db_session: Session) -> None:
    user = _add(db_session, "alice", Role.VIEWER)
    principal = service.authenticate_password(db_session=db_session, username="Alice", password=PW)
    assert principal == Principal(user_id=user.id, username="alice", role=Role.VIEWER)


def test_authentication_failure_does_not_tell_unknown_user_from_wrong_password(
    db_session: Session,
) -> None:
    _add(db_session, "alice", Role.VIEWER)
    with pytest.raises(Unauthenticated) as wrong:
        service.authenticate_password(db_session=db_session, username="alice", password="nope")
    with pytest.raises(Unauthenticated) as unknown:
        service.authenticate_password(db_session=db_session, username="bob", password=PW)
    assert str(wrong.value) == str(unknown.value) == service.BAD_CREDENTIALS


def test_disabled_user_cannot_log_in(db_session: Session) -> None:
    _add(db_session, "alice", Role.VIEWER)
    service.set_user_active(db_session=db_session, username="alice", active=False)
    with pytest.raises(Unauthenticated, match="停用"):
        service.authenticate_password(db_session=db_session, username="alice", password=PW)


def test_issue_token_stores_only_the_digest(db_session: Session) -> None:
    _add(db_session, "plant", Role.ENTERPRISE, enterprise_code=CODE)
    clear = service.issue_token(db_session=db_session, username="plant", name="meter gateway")
    db_session.commit()
    row = db_session.scalars(select(TokenRow)).one()
    assert clear.startswith("cp_") and row.prefix == clear[:8]
    assert row.token_hash != clear and len(row.token_hash) == 64
    # The clear token appears nowhere in the database: not in the token table, not in the log.
    for table in ("auth_tokens", "auth_users", "audit_log"):
        dump = repr(db_session.execute(text(f"select * from {table}")).all())
        assert clear not in dump
        assert clear[8:] not in dump
    entry = db_session.scalars(select(AuditRow).where(AuditRow.action == "issue_token")).one()
    assert json.loads(entry.after or "") == {
        "username": "plant",
        "name": "meter gateway",
        "prefix": clear[:8],
    }
    assert entry.actor == "plant"


def test_principal_for_token(db_session: Session, energy_bureau: OrgUnitRow) -> None:
    user = _add(db_session, "nyj", Role.UNIT_EDITOR, unit_name="市能源局")
    clear = service.issue_token(db_session=db_session, username="nyj", name="laptop")
    principal = service.principal_for_token(db_session=db_session, token=clear)
    assert principal == Principal(
        user_id=user.id, username="nyj", role=Role.UNIT_EDITOR, unit_name="市能源局"
    )
    row = db_session.scalars(select(TokenRow)).one()
    assert row.last_used_at is not None
    db_session.commit()
    db_session.expire_all()
    first_use = db_session.scalars(select(TokenRow)).one().last_used_at
    assert first_use is not None and first_use.tzinfo is not None
    # Used again within LAST_USED_RESOLUTION: no new write.
    service.principal_for_token(db_session=db_session, token=clear)
    assert not db_session.dirty
    # Later than that: updated.
    row.last_used_at = first_use - service.LAST_USED_RESOLUTION - timedelta(seconds=1)
    db_session.flush()
    service.forget_tokens()  # else remembered for TOKEN_MEMORY_SECONDS without a read
    service.principal_for_token(db_session=db_session, token=clear)
    assert row.last_used_at is not None and row.last_used_at > first_use


def test_unknown_revoked_or_disabled_token_is_refused(db_session: Session) -> None:
    _add(db_session, "alice", Role.VIEWER)
    clear = service.issue_token(db_session=db_session, username="alice", name="t")
    with pytest.raises(Unauthenticated, match="令牌无效"):
        service.principal_for_token(db_session=db_session, token=clear + "x")
    service.set_user_active(db_session=db_session, username="alice", active=False)
    with pytest.raises(Unauthenticated, match="停用"):
        service.principal_for_token(db_session=db_session, token=clear)
    service.set_user_active(db_session=db_session, username="alice", active=True)
    token_id = db_session.scalars(select(TokenRow.id)).one()
    service.revoke_token(db_session=db_session, token_id=token_id, actor="alice")
    service.revoke_token(db_session=db_session, token_id=token_id, actor="alice")  # idempotent
    with pytest.raises(Unauthenticated, match="令牌无效"):
        service.principal_for_token(db_session=db_session, token=clear)
    actions = db_session.scalars(select(AuditRow.action).order_by(AuditRow.id)).all()
    assert actions == ["create", "issue_token", "update", "update", "revoke_token"]


def test_token_for_unknown_or_disabled_user(db_session: Session) -> None:
    with pytest.raises(NotFound):
        service.issue_token(db_session=db_session, username="nobody", name="t")
    _add(db_session, "alice", Role.VIEWER)
    service.set_user_active(db_session=db_session, username="alice", active=False)
    with pytest.raises(Conflict):
        service.issue_token(db_session=db_session, username="alice", name="t")
    with pytest.raises(InputError, match="name"):
        service.issue_token(db_session=db_session, username="alice", name="  ")


def test_services_do_not_commit(db_url: str, db_session: Session) -> None:
    _add(db_session, "alice", Role.VIEWER)
    service.issue_token(db_session=db_session, username="alice", name="t")
    db_session.rollback()
    assert service.list_users(db_session=db_session) == []
    assert db_session.scalars(select(AuditRow)).all() == []
