"""Who is calling and whether they may: the web side of ``accounts``.

Every route declares one policy, ``dependencies=[policy(Access.staff)]`` (or on its router);
``create_app`` refuses to start while a route declares none or several (``check_policies``).
The policy dependency is the one place where access is decided (``accounts.policy.decide``):

- the caller is a browser session (the signed ``tradebridge_session`` cookie) or an API token
  (``Authorization: Bearer tb_…``), or nobody;
- nobody on a route that needs someone: 401 for the API and JSON, a redirect to ``/login`` for
  pages; a role or token scope that may not: 403;
- every unsafe request (POST, PUT, PATCH, DELETE) not made with an API token must carry the
  CSRF token (header ``X-CSRF-Token``, or form field ``csrf_token``): the HMAC of the
  ``tradebridge_csrf`` cookie's random value under the app's secret key (a signed double
  submit). Pages put it in their forms, and on ``<body hx-headers>`` for htmx.

Endpoints get the caller with ``caller: CurrentCaller`` (``Caller | None``) or
``caller: SignedIn`` (``Caller``), and a database session whose changes are audited as theirs
with ``session: DbSession``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tradebridge.accounts.models import Role
from tradebridge.accounts.models import Scope as TokenScope
from tradebridge.accounts.policy import SAFE_METHODS, Access, decide
from tradebridge.db.base import utcnow
from tradebridge.errors import Forbidden, NotSignedIn

SESSION_COOKIE = "tradebridge_session"
CSRF_COOKIE = "tradebridge_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Caller:
    """The signed-in user of a request (a plain copy, safe to keep after the session closes);
    ``scope`` is the API token's scope, ``None`` for a browser session."""

    id: int
    email: str
    display_name: str
    role: Role
    organisation_id: int | None
    scope: TokenScope | None = None

    @classmethod
    def of(cls, user: Any, scope: TokenScope | None = None) -> Caller:
        return cls(
            user.id, user.email, user.display_name, Role(user.role), user.organisation_id, scope
        )


class SignInRequired(NotSignedIn):
    """Nobody is signed in and the route needs someone."""


def _state(request: Request):
    return request.app.state.tradebridge


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def session_serializer(request: Request):
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(_state(request).secret_key(), salt="tradebridge-session")


def _find_caller(request: Request) -> Caller | None:
    """The caller from the bearer token or the session cookie (runs in a worker thread)."""
    from tradebridge.accounts import sessions, tokens

    header = request.headers.get("authorization")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not header and not cookie:
        return None
    database = _state(request).database()
    now = utcnow()
    if header:
        kind, _, secret = header.partition(" ")
        if kind.casefold() != "bearer" or not secret.strip():
            raise NotSignedIn("expected Authorization: Bearer <token>")
        with database.session() as session:
            found = tokens.token_user(session, secret.strip(), now)
            if found is None:
                raise NotSignedIn("unknown or revoked token, or its user is disabled")
            user, token = found
            caller = Caller.of(user, TokenScope(token.scope))  # read before the commit
            if session.dirty:  # when it was last used, kept to the minute
                session.commit()
            return caller
    from itsdangerous import BadSignature

    from tradebridge.accounts.sessions import SESSION_AGE

    try:
        token = session_serializer(request).loads(cookie, max_age=SESSION_AGE.total_seconds())
    except BadSignature:
        return None
    with database.session() as session:
        user = sessions.session_user(session, str(token), now)
        return Caller.of(user) if user is not None else None


async def current_caller(request: Request) -> Caller | None:
    """The request's caller (found once per request)."""
    if not hasattr(request.state, "caller"):
        request.state.caller = await run_in_threadpool(_find_caller, request)
    return request.state.caller


async def signed_in(request: Request) -> Caller:
    """The caller, or ``SignInRequired``."""
    caller = await current_caller(request)
    if caller is None:
        raise SignInRequired("sign in first")
    return caller


CurrentCaller = Annotated[Caller | None, Depends(current_caller)]
SignedIn = Annotated[Caller, Depends(signed_in)]


def database_session(request: Request) -> Iterator[Session]:
    """A session of the app database whose changes are audited as the caller's (the endpoint
    commits; anything not committed is rolled back)."""
    from tradebridge.db.audit import set_actor

    with _state(request).database().session() as session:
        set_actor(session, getattr(request.state, "caller", None))
        yield session


DbSession = Annotated[Session, Depends(database_session)]


def csrf_token(request: Request) -> str:
    """The CSRF token for this browser (marks the response as not shareable)."""
    request.state.csrf_used = True
    return _csrf_for(request, request.state.csrf_nonce)


def _csrf_for(request: Request, nonce: str) -> str:
    key = _state(request).secret_key().encode()
    return hmac.new(key, b"csrf:" + nonce.encode(), hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> None:
    """``Forbidden`` unless the request carries the CSRF token of its cookie."""
    nonce = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not given and content_type in FORM_TYPES:
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not nonce or not given or not hmac.compare_digest(given, _csrf_for(request, nonce)):
        raise Forbidden("the form's security token is missing or stale; reload the page")


def policy(access: Access | str) -> DependsParam:
    """The dependency declaring (and enforcing) who may call a route."""
    return Depends(_ENFORCERS[Access(access)])


def _enforcer(access: Access):
    async def enforce(request: Request) -> None:
        caller = await current_caller(request)
        role = caller.role if caller else None
        scope = caller.scope if caller else None
        decision = decide(access, role, scope, request.method)
        if decision == "sign_in":
            raise SignInRequired("sign in first")
        if decision == "forbidden":
            reason = "this token may only read" if role and scope else "not allowed for your role"
            raise Forbidden(reason)
        if request.method not in SAFE_METHODS and scope is None:
            await check_csrf(request)

    enforce.__access__ = access  # type: ignore[attr-defined]
    enforce.__name__ = f"policy_{access.value}"
    return enforce


_ENFORCERS = {access: _enforcer(access) for access in Access}


def api_routes(app: FastAPI) -> list[Any]:
    """Every API route of ``app`` as FastAPI resolves it (with the dependencies its routers
    add): objects with ``path``, ``methods`` and ``dependant``."""
    from fastapi.routing import iter_route_contexts

    return [
        context
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
    ]


def declared_policies(route: Any) -> list[Access]:
    """The policies a route declares (exactly one when it is right)."""
    found, stack = [], list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        access = getattr(dependant.call, "__access__", None)
        if access is not None:
            found.append(access)
        stack.extend(dependant.dependencies)
    return found


def check_policies(app: FastAPI) -> None:
    """``RuntimeError`` naming every route that declares no policy, or more than one."""
    wrong = []
    for route in api_routes(app):
        count = len(declared_policies(route))
        if count != 1:
            wrong.append(f"{sorted(route.methods)} {route.path}: {count} policies")
    if wrong:
        raise RuntimeError("every route declares one access policy: " + "; ".join(wrong))


def cookie_header(
    name: str, value: str, request: Request, max_age: int | None, http_only: bool = True
) -> str:
    """A ``Set-Cookie`` value: path /, SameSite=Lax, HttpOnly, Secure over HTTPS."""
    parts = [f"{name}={value}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if is_https(request):
        parts.append("Secure")
    return "; ".join(parts)


class CsrfCookie:
    """ASGI middleware giving every browser a random CSRF value: read from its cookie, or made
    for this request and set on the response when a page used it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        nonce = request.cookies.get(CSRF_COOKIE)
        state = scope.setdefault("state", {})
        state["csrf_nonce"] = nonce or secrets.token_urlsafe(24)

        async def send_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and state.get("csrf_used"):
                headers = list(message.get("headers", []))
                if nonce is None:
                    value = cookie_header(CSRF_COOKIE, state["csrf_nonce"], request, None)
                    headers.append((b"set-cookie", value.encode("latin-1")))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_cookie)


def sign_in_redirect(request: Request) -> Response:
    """A page that needs a signed-in user: to ``/login``, coming back afterwards."""
    from urllib.parse import urlencode

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def install(app: FastAPI) -> None:
    """Register the sign-in handling and the CSRF middleware on ``app``."""
    from tradebridge.web.errors import _respond, wants_json

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        page = not wants_json(request) and request.method in SAFE_METHODS
        if isinstance(exc, SignInRequired) and page:
            return sign_in_redirect(request)
        response = _respond(request, 401, str(exc), None, [])
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    app.add_middleware(CsrfCookie)
