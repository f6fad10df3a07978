"""HTTP side of the auth domain: who is calling (the FastAPI dependencies every router uses:
``current_principal``, ``optional_principal``), who am I, my API tokens, and the audit log
(admins read it; nobody writes it over HTTP). Thin: parse, call, format.

Credentials come in the ``Authorization`` header: ``Bearer cp_…`` (an API token), or, for
convenience with curl and browsers, HTTP Basic with a username and password (argon2 makes that
deliberately slow: scripts should use tokens).

The audit log's reader lives here rather than in :mod:`carbonpeak.audit` because reading it
needs a principal, and auth itself records into the audit log: audit sits below auth."""

from __future__ import annotations

import json
from base64 import b64decode
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPBasic, HTTPBasicCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from carbonpeak import audit
from carbonpeak.audit import AuditRow
from carbonpeak.auth import service
from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.orm import TokenRow
from carbonpeak.auth.permissions import require_role
from carbonpeak.auth.tokens import display_prefix
from carbonpeak.core.errors import NotFound, Unauthenticated
from carbonpeak.db.api import Db
from carbonpeak.db.session import session_factory

#: Keys of the browser session (a signed cookie, see carbonpeak.web.session): the user's id and
#: the session version it was made with (bumped by logout and a password change).
SESSION_USER_KEY = "uid"
SESSION_VERSION_KEY = "sv"
#: the id of this browser session (auth_sessions): logout ends only this one
SESSION_ID_KEY = "sid"
#: A logged-in browser may read the API (its pages and the e2e tests do); writes need a token
#: or a password in the Authorization header, so a forged cross-site form cannot write.
SESSION_METHODS = ("GET", "HEAD")

NOT_AUTHENTICATED = "需要登录：请提供 API 令牌 / authentication required: send a bearer token"
MALFORMED_BASIC = "Basic 认证格式错误 / malformed HTTP Basic credentials"


# The two schemes are declared for OpenAPI (the "Authorize" button in /docs) but parse nothing:
# ``optional_principal`` reads the header itself, so that neither rejects a request meant for
# the other and every error message is ours (bilingual, UTF-8 passwords accepted).
class _BearerDoc(HTTPBearer):
    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


class _BasicDoc(HTTPBasic):
    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


_bearer_scheme = _BearerDoc(
    scheme_name="token", auto_error=False, description="API token 令牌: `cp_…`"
)
_basic_scheme = _BasicDoc(
    scheme_name="password", auto_error=False, description="Username and password 用户名和密码"
)


def _unauthenticated(message: str) -> HTTPException:
    # An HTTPException rather than ``Unauthenticated`` so the 401 carries the challenge header
    # (RFC 9110 §11.6.1); the body is the same {"detail": message} as for every domain error.
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": "Bearer"})


def _basic_credentials(param: str) -> HTTPBasicCredentials:
    try:
        decoded = b64decode(param, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise _unauthenticated(MALFORMED_BASIC) from None
    username, sep, password = decoded.partition(":")
    if not sep:
        raise _unauthenticated(MALFORMED_BASIC)
    return HTTPBasicCredentials(username=username, password=password)


def session_principal(request: Request, db: Session) -> Principal | None:
    """The user of the browser session, or ``None`` (no session, an ended or stale one)."""
    if "session" not in request.scope:
        return None
    user_id = request.session.get(SESSION_USER_KEY)
    if not isinstance(user_id, int):
        return None
    version = request.session.get(SESSION_VERSION_KEY)
    return service.session_principal(
        db_session=db,
        user_id=user_id,
        version=version,
        session_id=request.session.get(SESSION_ID_KEY),
    )


async def optional_principal(
    request: Request,
    _bearer: Annotated[None, Depends(_bearer_scheme)] = None,
    _basic: Annotated[None, Depends(_basic_scheme)] = None,
) -> Principal | None:
    """The caller, or ``None`` for an anonymous request. Bad credentials are a 401, never
    silently anonymous. ``async``: a bearer token this process saw within
    ``TOKEN_MEMORY_SECONDS`` is answered from memory on the event loop (a gateway posting
    every package costs no database read and no hop to the thread pool); anything else is
    looked up in the database by :func:`principal_from_db` in the thread pool."""
    scheme, param = get_authorization_scheme_param(request.headers.get("Authorization"))
    if not scheme and (
        request.method not in SESSION_METHODS
        or "session" not in request.scope
        or not isinstance(request.session.get(SESSION_USER_KEY), int)
    ):
        return None  # anonymous (a session is looked up only for a GET with its user)
    if param and scheme.lower() == "bearer":
        known = service.remembered_principal(param)
        if known is not None:
            return known
    return await run_in_threadpool(principal_from_db, request)


def principal_from_db(request: Request) -> Principal | None:
    """:func:`optional_principal` with the database, in a session of its own (committed when
    the token's ``last_used_at`` or a rehashed password changed, else rolled back: its
    connection goes back to the pool before the request's work starts)."""
    scheme, param = get_authorization_scheme_param(request.headers.get("Authorization"))
    db = session_factory(request.app.state.database_url)()
    try:
        if not scheme:
            return session_principal(request, db) if request.method in SESSION_METHODS else None
        try:
            if scheme.lower() == "bearer":
                if not param:
                    raise _unauthenticated(NOT_AUTHENTICATED)
                principal = service.principal_for_token(db_session=db, token=param)
            elif scheme.lower() == "basic":
                creds = _basic_credentials(param)
                principal = service.authenticate(
                    db_session=db,
                    username=creds.username,
                    password=creds.password,
                    address=request.client.host if request.client else None,
                )
            else:
                raise _unauthenticated(
                    f"不支持的认证方式 {scheme} / unsupported authorization scheme {scheme}"
                )
        except Unauthenticated as exc:
            raise _unauthenticated(str(exc)) from exc
        if db.dirty:
            db.commit()  # last_used_at or a rehashed password: its own small unit of work
        return principal
    finally:
        db.rollback()
        db.close()


def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """The caller; 401 with ``WWW-Authenticate: Bearer`` when no credentials were sent."""
    if principal is None:
        raise _unauthenticated(NOT_AUTHENTICATED)
    return principal


router = APIRouter()
accounts = APIRouter(prefix="/auth", tags=["auth"])
audit_log = APIRouter(prefix="/audit", tags=["audit"])

CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

SHOWN_ONCE = "令牌只显示这一次，请妥善保存 / the token is shown only this once: store it safely"


class PrincipalOut(BaseModel):
    user_id: int
    username: str
    role: Role
    unit_name: str | None
    enterprise_code: str | None


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="令牌名称 / what the token is for")


class TokenIssued(BaseModel):
    name: str
    prefix: str
    token: str
    note: str = SHOWN_ONCE


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: TokenRow) -> TokenOut:
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
        )


@accounts.get("/me", response_model=PrincipalOut)
def me(principal: CurrentPrincipal) -> PrincipalOut:
    """当前用户 / the authenticated user."""
    return PrincipalOut(
        user_id=principal.user_id,
        username=principal.username,
        role=principal.role,
        unit_name=principal.unit_name,
        enterprise_code=principal.enterprise_code,
    )


@accounts.post("/tokens", response_model=TokenIssued, status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreate, principal: CurrentPrincipal, db: Db) -> TokenIssued:
    """签发自己的 API 令牌 / issue an API token for yourself (shown once)."""
    clear = service.issue_token(
        db_session=db, username=principal.username, name=body.name, actor=principal.username
    )
    db.commit()
    return TokenIssued(name=body.name.strip(), prefix=display_prefix(clear), token=clear)


@accounts.get("/tokens", response_model=list[TokenOut])
def list_my_tokens(principal: CurrentPrincipal, db: Db) -> list[TokenOut]:
    """我的令牌（不含令牌本身） / my tokens (never the tokens themselves)."""
    return [TokenOut.of(r) for r in service.list_tokens(db_session=db, username=principal.username)]


@accounts.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: int, principal: CurrentPrincipal, db: Db) -> TokenOut:
    """撤销令牌 / revoke a token: your own, or anyone's for an admin."""
    row = service.get_token(db_session=db, token_id=token_id)
    if row.user_id != principal.user_id and principal.role != Role.ADMIN:
        # Not 403: whether someone else's token id exists is none of the caller's business.
        raise NotFound(f"令牌不存在：{token_id} / no such token: {token_id}")
    row = service.revoke_token(db_session=db, token_id=token_id, actor=principal.username)
    db.commit()
    return TokenOut.of(row)


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any

    @classmethod
    def of(cls, row: AuditRow) -> AuditEntryOut:
        return cls(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            before=json.loads(row.before) if row.before is not None else None,
            after=json.loads(row.after) if row.after is not None else None,
        )


@audit_log.get("", response_model=list[AuditEntryOut])
def list_audit(
    principal: Annotated[Principal, Depends(current_principal)],
    db: Db,
    entity: Annotated[str | None, Query(description="e.g. plan_task, auth_user")] = None,
    entity_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=audit.MAX_LIMIT)] = 100,
) -> list[AuditEntryOut]:
    """审计日志，最新在前（仅管理员） / the audit log, latest first (admins only)."""
    require_role(principal, Role.ADMIN)
    rows = audit.list_entries(db_session=db, entity=entity, entity_id=entity_id, limit=limit)
    return [AuditEntryOut.of(r) for r in rows]


router.include_router(accounts)
router.include_router(audit_log)
