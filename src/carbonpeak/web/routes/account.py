"""Login, logout and the language switch (all forms carry the session's CSRF token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carbonpeak.auth import Throttled, authenticate
from carbonpeak.core.errors import Unauthenticated
from carbonpeak.db.api import Db
from carbonpeak.web import session
from carbonpeak.web.config import get_web_settings
from carbonpeak.web.i18n import N_, normalize_lang
from carbonpeak.web.session import CSRF_FIELD, check_csrf, optional_user
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)

BAD_LOGIN = N_("Wrong username or password, or the account is disabled.")
LOGGED_OUT = N_("You have logged out.")
LOGGED_OUT_EVERYWHERE = N_("You have logged out on every device.")


@router.get("/login")
def login_form(request: Request, db: Db, next: str = "/") -> Response:
    if optional_user(request, db) is not None:
        return RedirectResponse(session.safe_next(next), status_code=303)
    context = {"next": session.safe_next(next), "error": None, "username": ""}
    return render(request, "login.html", context)


@router.post("/login")
def login_submit(
    request: Request,
    db: Db,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    address = request.client.host if request.client else None
    try:
        principal = authenticate(
            db_session=db, username=username, password=password, address=address
        )
    except Throttled as exc:
        context = {"next": session.safe_next(next), "error": str(exc), "username": username}
        return render(request, "login.html", context, status_code=429)
    except Unauthenticated:
        context = {"next": session.safe_next(next), "error": BAD_LOGIN, "username": username}
        return render(request, "login.html", context, status_code=401)
    session.login(request, principal, db, get_web_settings().session_max_age)
    db.commit()  # the new session's row (and a rehashed password, if argon2's parameters changed)
    return RedirectResponse(session.safe_next(next), status_code=303)


@router.post("/logout")
def logout(
    request: Request, db: Db, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = ""
) -> Response:
    check_csrf(request, csrf_token)
    session.logout(request, db)  # ends this session on the server too (its auth_sessions row)
    db.commit()
    session.flash(request, LOGGED_OUT)
    return RedirectResponse("/login", status_code=303)


@router.post("/logout/all")
def logout_everywhere(
    request: Request, db: Db, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = ""
) -> Response:
    """End every session of the user (all browsers and devices), this one included."""
    check_csrf(request, csrf_token)
    session.logout(request, db, everywhere=True)
    db.commit()
    session.flash(request, LOGGED_OUT_EVERYWHERE)
    return RedirectResponse("/login", status_code=303)


@router.post("/lang")
def switch_language(
    request: Request,
    lang: Annotated[str, Form(max_length=10)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """Store the chosen language (zh/en) in the session and go back to the page."""
    check_csrf(request, csrf_token)
    request.session[session.LANG_KEY] = normalize_lang(lang)
    return RedirectResponse(session.safe_next(next), status_code=303)
