"""HTTP API of the auth domain: who am I, my API tokens, and the audit log (admins read it;
nobody writes it over HTTP). Thin: parse, call, format.

The audit log's reader lives here rather than in :mod:`carbonpeak.audit` because reading it
needs a principal, and auth itself records into the audit log: audit sits below auth."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, Field

from carbonpeak import audit
from carbonpeak.audit import AuditRow
from carbonpeak.auth import service
from carbonpeak.auth.deps import current_principal
from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.orm import TokenRow
from carbonpeak.auth.permissions import require_role
from carbonpeak.auth.tokens import display_prefix
from carbonpeak.core.errors import NotFound
from carbonpeak.db.session import Db

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
