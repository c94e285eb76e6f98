"""Signing in and out, and the signed-in user's own account: password and API tokens.

``/login`` (public), ``/logout`` (any signed-in user), ``/account`` with its forms (any
signed-in user). Log-in failures are throttled per account and per address
(``accounts.throttle``); a successful log-in starts a new session and a new CSRF value.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, NotSignedIn, TooManyAttempts
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Caller,
    DbSession,
    SignedIn,
    cookie_header,
    policy,
    session_serializer,
)
from tradebridge.web.templating import page

router = APIRouter()
Text = Annotated[str, Form()]


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, else the home page.

    >>> safe_next("/account?x=1"), safe_next("//evil.example/"), safe_next("https://x/")
    ('/account?x=1', '/', '/')
    """
    if target and target.startswith("/") and not target.startswith(("//", "/\\\\")):
        return target
    return "/"


def _login_page(request: Request, next_url: str, message: str | None, status: int) -> Response:
    context = {
        "data_twin": False,
        "title": _("Log in"),
        "next_url": safe_next(next_url),
        "message": message,
    }
    return page(request, "login.html", context, status=status)


@router.get("/login", dependencies=[policy(Access.public)])
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next, None, 200)


@router.post("/login", dependencies=[policy(Access.public)])
def login(
    request: Request, session: DbSession, email: Text = "", password: Text = "", next: Text = "/"
) -> Response:
    from tradebridge.accounts.sessions import SESSION_AGE, start_session
    from tradebridge.accounts.users import authenticate

    now = utcnow()
    try:
        user = authenticate(session, email, password, client_address(request), now)
    except TooManyAttempts as exc:
        session.commit()
        response = _login_page(request, next, _("Too many failed log-ins; try again later."), 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except NotSignedIn as exc:
        session.commit()
        wrong = _("Wrong e-mail or password.")
        disabled = _("This account is disabled; ask an administrator.")
        return _login_page(request, next, disabled if "disabled" in str(exc) else wrong, 401)
    token = start_session(session, user, client_address(request), now)
    session.commit()
    response = RedirectResponse(safe_next(next), status_code=303)
    age = int(SESSION_AGE.total_seconds())
    signed = session_serializer(request).dumps(token)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, signed, request, age))
    fresh = secrets.token_urlsafe(24)
    response.headers.append("set-cookie", cookie_header(CSRF_COOKIE, fresh, request, None))
    return response


@router.post("/logout", dependencies=[policy(Access.signed_in)])
def logout(request: Request, session: DbSession) -> Response:
    from itsdangerous import BadSignature

    from tradebridge.accounts.sessions import end_session

    try:
        end_session(
            session, str(session_serializer(request).loads(request.cookies[SESSION_COOKIE]))
        )
        session.commit()
    except (BadSignature, KeyError):
        pass
    response = RedirectResponse("/", status_code=303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, "", request, 0))
    return response


def _account(
    request: Request, caller: Caller, session, *, message=None, error=None, secret=None, status=200
) -> Response:
    from tradebridge.accounts.tokens import list_tokens
    from tradebridge.accounts.users import get_user

    user = get_user(session, caller.email)
    tokens: list[dict[str, Any]] = [
        {
            "id": t.id,
            "name": t.name,
            "prefix": t.prefix,
            "scope": t.scope,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "revoked": t.revoked_at is not None,
        }
        for t in list_tokens(session, user)
    ]
    context = {
        "data_twin": False,
        "title": _("My account"),
        "user": {"email": user.email, "display_name": user.display_name, "role": user.role},
        "tokens": tokens,
        "message": message,
        "error": error,
        "secret": secret,
    }
    return page(request, "account.html", context, status=status)


@router.get("/account", dependencies=[policy(Access.signed_in)])
def account(request: Request, caller: SignedIn, session: DbSession) -> Response:
    return _account(request, caller, session)


@router.post("/account/password", dependencies=[policy(Access.signed_in)])
def change_password(
    request: Request,
    caller: SignedIn,
    session: DbSession,
    current_password: Text = "",
    new_password: Text = "",
    repeat_password: Text = "",
) -> Response:
    from tradebridge.accounts.users import change_own_password, get_user

    if new_password != repeat_password:
        error = _("The two new passwords differ.")
        return _account(request, caller, session, error=error, status=400)
    try:
        change_own_password(
            session, get_user(session, caller.email), current_password, new_password
        )
    except BadInput as exc:
        session.rollback()
        return _account(request, caller, session, error=str(exc), status=400)
    session.commit()
    response = RedirectResponse("/login?next=/account", status_code=303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, "", request, 0))
    return response


@router.post("/account/tokens", dependencies=[policy(Access.signed_in)])
def create_token(
    request: Request, caller: SignedIn, session: DbSession, name: Text = "", scope: Text = "read"
) -> Response:
    from tradebridge.accounts.tokens import create_token as create
    from tradebridge.accounts.users import get_user

    try:
        _row, secret = create(session, get_user(session, caller.email), name, scope)
    except BadInput as exc:
        session.rollback()
        return _account(request, caller, session, error=str(exc), status=400)
    session.commit()
    shown = _("Copy the token now: it is shown only once.")
    return _account(request, caller, session, message=shown, secret=secret, status=201)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[policy(Access.signed_in)])
def revoke_token(request: Request, token_id: int, caller: SignedIn, session: DbSession) -> Response:
    from tradebridge.accounts.tokens import revoke_token as revoke
    from tradebridge.accounts.users import get_user

    revoke(session, get_user(session, caller.email), token_id, utcnow())
    session.commit()
    return RedirectResponse("/account", status_code=303)
