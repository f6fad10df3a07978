"""Users and tokens in the database. Keyword-only functions, session first; none commits."""

from __future__ import annotations

import difflib
import re
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carbonpeak.audit import record
from carbonpeak.auth import uscc
from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.orm import OrgUnitRow, SessionRow, TokenRow, UserRow
from carbonpeak.auth.passwords import hash_password, needs_rehash, verify_password
from carbonpeak.auth.policy import check_password
from carbonpeak.auth.throttle import login_throttle
from carbonpeak.auth.tokens import generate_token, hash_token
from carbonpeak.core.errors import Conflict, InputError, NotFound, Unauthenticated
from carbonpeak.db.base import utcnow

USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{1,63}")
#: ``last_used_at`` is written at most this often per token (one write per request is waste).
LAST_USED_RESOLUTION = timedelta(minutes=1)

#: A token's principal is remembered by this process for this long (seconds): an ingest
#: request then needs no database read to know its caller. A revoked token or a disabled user
#: stops working at once in the process that changed it (the memory is cleared) and within
#: this many seconds in the other server processes.
TOKEN_MEMORY_SECONDS = 5.0
_token_memory: dict[str, tuple[float, Principal]] = {}
_token_memory_lock = threading.Lock()

BAD_CREDENTIALS = "用户名或密码错误 / wrong username or password"
BAD_TOKEN = "令牌无效或已撤销 / invalid or revoked token"
USER_DISABLED = "用户已停用 / user is disabled"

# Verified against when the user does not exist, so that an unknown username takes as long
# as a wrong password (no user enumeration by timing). Made on first use.
_dummy_hash: str | None = None


def _field_error(field: str, zh: str, en: str) -> InputError:
    return InputError(f"{field}: {zh} / {en}")


def normalize_username(username: str) -> str:
    return username.strip().lower()


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise _field_error(
            "role", f"未知角色 {role!r}，可选 {allowed}", f"unknown role {role!r}; one of {allowed}"
        ) from None


def _find_unit(db_session: Session, unit_name: str) -> OrgUnitRow:
    unit = db_session.scalar(select(OrgUnitRow).where(OrgUnitRow.name == unit_name))
    if unit is not None:
        return unit
    names = list(db_session.scalars(select(OrgUnitRow.name)))
    close = difflib.get_close_matches(unit_name, names, n=3, cutoff=0.5)
    if close:
        hint, hint_en = f"（是否指 {'、'.join(close)}？）", f" (did you mean {', '.join(close)}?)"
    elif not names:
        hint, hint_en = "（单位表为空：请先导入实施方案）", " (no units yet: import a plan first)"
    else:
        hint, hint_en = "", ""
    raise _field_error(
        "unit_name",
        f"单位不存在：{unit_name}{hint}",
        f"no organisation unit {unit_name!r}{hint_en}",
    )


def user_snapshot(user: UserRow) -> dict[str, Any]:
    """What the audit log records of a user (never the password hash)."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit_name": user.unit.name if user.unit else None,
        "enterprise_code": user.enterprise_code,
        "is_active": user.is_active,
    }


def principal_of(user: UserRow) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        unit_name=user.unit.name if user.unit else None,
        enterprise_code=user.enterprise_code,
    )


def create_user(
    *,
    db_session: Session,
    username: str,
    password: str,
    role: Role | str,
    unit_name: str | None = None,
    enterprise_code: str | None = None,
    display_name: str | None = None,
    actor: str = "cli",
) -> UserRow:
    """Validate and add a user (flushed, so it has an id), with an audit entry."""
    username = normalize_username(username)
    if not USERNAME_RE.fullmatch(username):
        raise _field_error(
            "username",
            f"用户名 {username!r} 应为 2–64 位小写字母、数字或 _ . -，以字母或数字开头",
            f"username {username!r} must be 2-64 lowercase letters, digits or _ . -, "
            "starting with a letter or digit",
        )
    check_password(password, username)
    role = _parse_role(role)
    unit: OrgUnitRow | None = None
    unit_name = unit_name.strip() if unit_name else None
    if role == Role.UNIT_EDITOR:
        if not unit_name:
            raise _field_error(
                "unit_name", "unit_editor 角色须指定所属单位", "role unit_editor requires a unit"
            )
        unit = _find_unit(db_session, unit_name)
    elif unit_name:
        raise _field_error(
            "unit_name",
            f"只有 unit_editor 可绑定单位（角色为 {role}）",
            f"only role unit_editor is bound to a unit (role is {role})",
        )
    code = uscc.normalize(enterprise_code) if enterprise_code else None
    if role == Role.ENTERPRISE:
        if not code:
            raise _field_error(
                "enterprise_code",
                "enterprise 角色须指定统一社会信用代码",
                "role enterprise requires a unified social credit code",
            )
        problem = uscc.problem(code)
        if problem:
            raise InputError(
                f"enterprise_code: 统一社会信用代码无效 / invalid unified social credit code "
                f"{code}: {problem}"
            )
    elif code:
        raise _field_error(
            "enterprise_code",
            f"只有 enterprise 可绑定统一社会信用代码（角色为 {role}）",
            f"only role enterprise is bound to an enterprise code (role is {role})",
        )
    if get_user_by_username(db_session=db_session, username=username) is not None:
        raise Conflict(f"用户名已存在：{username} / username already exists: {username}")

    user = UserRow(
        username=username,
        display_name=display_name.strip() if display_name else None,
        password_hash=hash_password(password),
        role=role.value,
        unit=unit,
        enterprise_code=code,
        is_active=True,
    )
    db_session.add(user)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor,
        action="create",
        entity="auth_user",
        entity_id=user.id,
        after=user_snapshot(user),
    )
    return user


def list_users(*, db_session: Session) -> list[UserRow]:
    return list(db_session.scalars(select(UserRow).order_by(UserRow.username)))


def get_user_by_username(*, db_session: Session, username: str) -> UserRow | None:
    name = normalize_username(username)
    return db_session.scalar(select(UserRow).where(UserRow.username == name))


def require_user(*, db_session: Session, username: str) -> UserRow:
    user = get_user_by_username(db_session=db_session, username=username)
    if user is None:
        raise NotFound(f"用户不存在：{username} / no such user: {username}")
    return user


def set_user_active(
    *, db_session: Session, username: str, active: bool, actor: str = "cli"
) -> UserRow:
    """Enable or disable a user; a disabled user's tokens and password stop working."""
    user = require_user(db_session=db_session, username=username)
    if user.is_active != active:
        forget_tokens()
        before = user_snapshot(user)
        user.is_active = active
        record(
            db_session=db_session,
            actor=actor,
            action="update",
            entity="auth_user",
            entity_id=user.id,
            before=before,
            after=user_snapshot(user),
        )
    return user


def session_principal(
    *, db_session: Session, user_id: int, version: object, session_id: object = None
) -> Principal | None:
    """The principal of a browser session, or ``None`` when the user is gone, disabled, the
    session's version is not the user's current one (all sessions ended: "log out everywhere"
    or a new password), or the session itself was ended (logout) or is unknown."""
    user = db_session.get(UserRow, user_id)
    if user is None or not user.is_active or version != user.session_version:
        return None
    if not isinstance(session_id, str):
        return None
    row = db_session.get(SessionRow, session_id)
    if row is None or row.user_id != user_id:
        return None
    return principal_of(user)


def session_version(*, db_session: Session, user_id: int) -> int:
    user = db_session.get(UserRow, user_id)
    return user.session_version if user is not None else -1


def start_session(*, db_session: Session, user_id: int, max_age: int | None = None) -> str:
    """A new browser session of the user: its random id (to keep in the signed cookie). The
    user's sessions older than ``max_age`` seconds (their cookies have expired) are dropped."""
    if max_age is not None:
        old = datetime.now(UTC) - timedelta(seconds=max_age)
        db_session.execute(
            delete(SessionRow).where(SessionRow.user_id == user_id, SessionRow.created_at < old)
        )
    session_id = secrets.token_urlsafe(32)
    db_session.add(SessionRow(id=session_id, user_id=user_id))
    db_session.flush()
    return session_id


def end_session(*, db_session: Session, session_id: object) -> None:
    """End one browser session (logout): the user's other sessions go on."""
    if isinstance(session_id, str):
        db_session.execute(delete(SessionRow).where(SessionRow.id == session_id))


def end_sessions(*, db_session: Session, user_id: int) -> None:
    """End every browser session of the user ("log out everywhere", password change)."""
    user = db_session.get(UserRow, user_id)
    if user is not None:
        user.session_version += 1
    db_session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def set_password(*, db_session: Session, username: str, password: str, actor: str = "cli") -> None:
    """A new password (checked by the policy); every browser session of the user ends."""
    user = require_user(db_session=db_session, username=username)
    check_password(password, user.username)
    user.password_hash = hash_password(password)
    end_sessions(db_session=db_session, user_id=user.id)
    record(
        db_session=db_session,
        actor=actor,
        action="update",
        entity="auth_user",
        entity_id=user.id,
        after={"password": "changed", "sessions": "ended"},
    )


def authenticate(
    *, db_session: Session, username: str, password: str, address: str | None
) -> Principal:
    """``authenticate_password`` behind the failed-login throttle (per account and per client
    address): ``Throttled`` (429) while either has too many recent failures."""
    throttle = login_throttle()
    throttle.check(username, address)
    try:
        return authenticate_password(db_session=db_session, username=username, password=password)
    except Unauthenticated:
        throttle.failed(username, address)
        raise


def authenticate_password(*, db_session: Session, username: str, password: str) -> Principal:
    """The principal for a username and password; ``Unauthenticated`` otherwise."""
    global _dummy_hash
    user = get_user_by_username(db_session=db_session, username=username)
    if user is None:
        _dummy_hash = _dummy_hash or hash_password("carbonpeak-dummy-password")
        verify_password(_dummy_hash, password)
        raise Unauthenticated(BAD_CREDENTIALS)
    if not verify_password(user.password_hash, password):
        raise Unauthenticated(BAD_CREDENTIALS)
    if not user.is_active:
        raise Unauthenticated(USER_DISABLED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)  # saved if the caller commits
    return principal_of(user)


def issue_token(*, db_session: Session, username: str, name: str, actor: str | None = None) -> str:
    """Make a token for ``username`` and return it in clear: the only time it is available."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise _field_error(
            "name", "令牌名称应为 1–100 个字符", "token name must be 1-100 characters"
        )
    user = require_user(db_session=db_session, username=username)
    if not user.is_active:
        raise Conflict(f"{USER_DISABLED}: {user.username}")
    new = generate_token()
    row = TokenRow(user=user, name=name, token_hash=new.digest, prefix=new.prefix)
    db_session.add(row)
    db_session.flush()
    record(
        db_session=db_session,
        actor=actor or user.username,
        action="issue_token",
        entity="auth_token",
        entity_id=row.id,
        after={"username": user.username, "name": name, "prefix": new.prefix},
    )
    return new.clear


def list_tokens(*, db_session: Session, username: str) -> list[TokenRow]:
    return list(require_user(db_session=db_session, username=username).tokens)


def get_token(*, db_session: Session, token_id: int) -> TokenRow:
    row = db_session.get(TokenRow, token_id)
    if row is None:
        raise NotFound(f"令牌不存在：{token_id} / no such token: {token_id}")
    return row


def revoke_token(*, db_session: Session, token_id: int, actor: str = "cli") -> TokenRow:
    """Revoke a token (idempotent: revoking a revoked token changes nothing)."""
    row = get_token(db_session=db_session, token_id=token_id)
    if row.revoked_at is None:
        forget_tokens()
        row.revoked_at = utcnow()
        record(
            db_session=db_session,
            actor=actor,
            action="revoke_token",
            entity="auth_token",
            entity_id=row.id,
            after={"username": row.user.username, "name": row.name, "prefix": row.prefix},
        )
    return row


def principal_for_token(*, db_session: Session, token: str) -> Principal:
    """The principal a clear token stands for; updates its ``last_used_at``. Remembered for
    ``TOKEN_MEMORY_SECONDS`` (no database read for a token seen that recently)."""
    digest = hash_token(token)
    clock = time.monotonic()
    known = _token_memory.get(digest)
    if known is not None and clock - known[0] < TOKEN_MEMORY_SECONDS:
        return known[1]
    row = db_session.scalar(select(TokenRow).where(TokenRow.token_hash == digest))
    if row is None or row.revoked_at is not None:
        raise Unauthenticated(BAD_TOKEN)
    if not row.user.is_active:
        raise Unauthenticated(USER_DISABLED)
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
    principal = principal_of(row.user)
    with _token_memory_lock:
        if len(_token_memory) > 10_000:
            _token_memory.clear()
        _token_memory[digest] = (clock, principal)
    return principal


def remembered_principal(token: str) -> Principal | None:
    """The principal of a token :func:`principal_for_token` saw within
    ``TOKEN_MEMORY_SECONDS``, or None: no database, no I/O (the request path may call it on
    the event loop)."""
    known = _token_memory.get(hash_token(token))
    if known is not None and time.monotonic() - known[0] < TOKEN_MEMORY_SECONDS:
        return known[1]
    return None


def forget_tokens() -> None:
    """Forget the remembered token principals (a token revoked, a user disabled)."""
    with _token_memory_lock:
        _token_memory.clear()
