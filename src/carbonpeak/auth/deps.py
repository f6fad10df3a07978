"""FastAPI dependencies: who is calling. Every write endpoint depends on ``current_principal``.

Credentials come in the ``Authorization`` header: ``Bearer cp_…`` (an API token), or, for
convenience with curl and browsers, HTTP Basic with a username and password (argon2 makes that
deliberately slow: scripts should use tokens).
"""

from __future__ import annotations

from base64 import b64decode
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy.orm import Session

from carbonpeak.auth import service
from carbonpeak.auth.model import Principal
from carbonpeak.core.errors import Unauthenticated
from carbonpeak.db.session import get_db

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


def optional_principal(
    request: Request,
    db: Annotated[Session, Depends(get_db)],
    _bearer: Annotated[None, Depends(_bearer_scheme)] = None,
    _basic: Annotated[None, Depends(_basic_scheme)] = None,
) -> Principal | None:
    """The caller, or ``None`` for an anonymous request. Bad credentials are a 401, never
    silently anonymous."""
    scheme, param = get_authorization_scheme_param(request.headers.get("Authorization"))
    if not scheme:
        return None
    try:
        if scheme.lower() == "bearer":
            if not param:
                raise _unauthenticated(NOT_AUTHENTICATED)
            principal = service.principal_for_token(db_session=db, token=param)
        elif scheme.lower() == "basic":
            creds = _basic_credentials(param)
            principal = service.authenticate_password(
                db_session=db, username=creds.username, password=creds.password
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


def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """The caller; 401 with ``WWW-Authenticate: Bearer`` when no credentials were sent."""
    if principal is None:
        raise _unauthenticated(NOT_AUTHENTICATED)
    return principal
