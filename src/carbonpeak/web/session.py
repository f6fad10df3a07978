"""The browser session: who is logged in, the CSRF token, the language, flash messages.

The session is a cookie signed with the secret key (Starlette's ``SessionMiddleware``); it
holds the user's id, never a password or a token. The user is read from the database on
every request, so a disabled user is logged out at once.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from carbonpeak.auth import (
    Principal,
    Role,
    end_session,
    end_sessions,
    require_role,
    session_version,
    start_session,
)
from carbonpeak.auth.api import (
    SESSION_ID_KEY,
    SESSION_USER_KEY,
    SESSION_VERSION_KEY,
    session_principal,
)
from carbonpeak.core.errors import PermissionDenied
from carbonpeak.db.api import get_db
from carbonpeak.web.i18n import normalize_lang

USER_KEY = SESSION_USER_KEY
CSRF_KEY = "csrf"
LANG_KEY = "lang"
FLASH_KEY = "flash"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """Raised by page routes for an anonymous visitor: answered with a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url

    @property
    def login_url(self) -> str:
        return "/login?next=" + quote(self.next_url, safe="/")


class CsrfError(PermissionDenied):
    """A form without the session's CSRF token (forged, or from an expired session)."""


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get(CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_KEY] = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    """Raise ``CsrfError`` unless ``submitted`` equals the session's token."""
    expected = request.session.get(CSRF_KEY)
    if not isinstance(expected, str) or not expected or not submitted:
        raise CsrfError("表单已过期，请刷新页面后重试 / the form has expired: reload the page")
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfError("表单校验失败，请刷新页面后重试 / form check failed: reload the page")


def current_lang(request: Request) -> str:
    return normalize_lang(request.session.get(LANG_KEY))


def login(request: Request, principal: Principal, db: Session, max_age: int | None = None) -> None:
    """Start a fresh session for ``principal`` (new CSRF token; the language is kept): a new
    row of ``auth_sessions`` whose id the cookie carries, bound to the user's current session
    version (the caller commits)."""
    lang = current_lang(request)
    request.session.clear()
    version = session_version(db_session=db, user_id=principal.user_id)
    sid = start_session(db_session=db, user_id=principal.user_id, max_age=max_age)
    request.session.update(
        {
            USER_KEY: principal.user_id,
            SESSION_VERSION_KEY: version,
            SESSION_ID_KEY: sid,
            LANG_KEY: lang,
        }
    )
    csrf_token(request)


def logout(request: Request, db: Session | None = None, everywhere: bool = False) -> None:
    """Forget the session here and, given ``db``, end it on the server: this session's row is
    deleted, so a copy of its cookie opens nothing; the user's other sessions go on unless
    ``everywhere`` (then the user's session version moves on too). The caller commits."""
    user_id = request.session.get(USER_KEY)
    if db is not None and isinstance(user_id, int):
        if everywhere:
            end_sessions(db_session=db, user_id=user_id)
        else:
            end_session(db_session=db, session_id=request.session.get(SESSION_ID_KEY))
    lang = current_lang(request)
    request.session.clear()
    request.session[LANG_KEY] = lang


def flash(request: Request, message: str) -> None:
    """Queue a message (a msgid, translated when shown) for the next page."""
    request.session.setdefault(FLASH_KEY, []).append(message)


def pop_flashes(request: Request) -> list[str]:
    messages = request.session.pop(FLASH_KEY, [])
    return [m for m in messages if isinstance(m, str)] if isinstance(messages, list) else []


def safe_next(url: str | None) -> str:
    """A local path to go to after login; anything else (other sites, ``//host``) is ``/``."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


def optional_user(request: Request, db: Annotated[Session, Depends(get_db)]) -> Principal | None:
    """The logged-in user, or ``None``; also kept on ``request.state.user`` for templates."""
    principal = session_principal(request, db)
    if principal is None and request.session.get(USER_KEY) is not None:
        logout(request)  # disabled, deleted, or a session ended elsewhere
    request.state.user = principal
    return principal


def require_user(
    request: Request, principal: Annotated[Principal | None, Depends(optional_user)]
) -> Principal:
    """The logged-in user; an anonymous visitor is sent to the login page."""
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return principal


def require_admin(principal: Annotated[Principal, Depends(require_user)]) -> Principal:
    require_role(principal, Role.ADMIN)
    return principal


PageUser = Annotated[Principal, Depends(require_user)]
AdminUser = Annotated[Principal, Depends(require_admin)]
