"""The accounts API: ``/api/v1/me``, the caller's API tokens, and for admins the users and
the audit log. Scripts authenticate with ``Authorization: Bearer tb_…``; a browser session
works too, with the ``X-CSRF-Token`` header on unsafe calls (``/api/v1/me`` gives it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.api.responses import error_body
from tradebridge.api.routes import ERROR_SCHEMA
from tradebridge.db.base import utcnow
from tradebridge.web.auth import DbSession, SignedIn, csrf_token, policy

RoleName = Literal["admin", "staff", "company", "viewer"]
ScopeName = Literal["read", "write"]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
STRICT = ConfigDict(extra="forbid", strict=True)
ERRORS = {
    status: {
        "description": reason,
        "content": {"application/json": {"schema": ERROR_SCHEMA, "example": example}},
    }
    for status, reason, example in [
        (400, "Bad input (a used address, a weak password…)", error_body("…", "email", None)),
        (401, "Not signed in, or an unknown token", error_body("sign in first", None, None)),
        (403, "Not allowed for this role or token, or no CSRF token", error_body("…", None, None)),
        (404, "No such record", error_body("no user 9", "user_id", None)),
        (422, "A parameter of the wrong type", error_body("…", "role", None)),
    ]
}


class Me(BaseModel):
    id: int
    email: str
    display_name: str
    role: RoleName
    organisation_id: int | None
    token_scope: ScopeName | None = Field(description="the token's scope; null for a session")
    csrf_token: str | None = Field(description="for X-CSRF-Token (browser sessions only)")


class UserOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: RoleName
    organisation_id: int | None
    disabled: bool
    created_at: datetime


class NewUser(BaseModel):
    model_config = STRICT
    email: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=10, max_length=1024)]
    role: RoleName
    display_name: Annotated[str, Field(max_length=200)] = ""
    organisation_id: Id | None = None


class UserChange(BaseModel):
    model_config = STRICT
    role: RoleName | None = None
    organisation_id: Id | None = None
    disabled: bool | None = None
    password: Annotated[str, Field(min_length=10, max_length=1024)] | None = None


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    scope: ScopeName
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewToken(BaseModel):
    model_config = STRICT
    name: Annotated[str, Field(min_length=1, max_length=100)]
    scope: ScopeName = "read"


class CreatedToken(TokenOut):
    secret: str = Field(description="the token itself: shown only once")


class AuditOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    actor: str
    action: Literal["insert", "update", "delete"]
    entity_type: str
    entity_id: str
    before: dict | None
    after: dict | None


def _user_out(user) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)


def _token_out(token) -> TokenOut:
    return TokenOut.model_validate(token, from_attributes=True)


def accounts_router() -> APIRouter:
    """The routes above, each with its policy."""
    router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ERRORS)
    signed_in, admin = [policy(Access.signed_in)], [policy(Access.admin)]

    @router.get("/me", dependencies=signed_in, response_model=Me)
    def me(request: Request, caller: SignedIn) -> Me:
        return Me(
            id=caller.id,
            email=caller.email,
            display_name=caller.display_name,
            role=caller.role.value,
            organisation_id=caller.organisation_id,
            token_scope=caller.scope.value if caller.scope else None,
            csrf_token=None if caller.scope else csrf_token(request),
        )

    @router.get("/tokens", dependencies=signed_in, response_model=list[TokenOut])
    def tokens(caller: SignedIn, session: DbSession) -> list[TokenOut]:
        from tradebridge.accounts.tokens import list_tokens
        from tradebridge.accounts.users import get_user

        return [_token_out(t) for t in list_tokens(session, get_user(session, caller.email))]

    @router.post("/tokens", dependencies=signed_in, response_model=CreatedToken, status_code=201)
    def create_token(body: NewToken, caller: SignedIn, session: DbSession) -> CreatedToken:
        from tradebridge.accounts.tokens import create_token as create
        from tradebridge.accounts.users import get_user

        token, secret = create(session, get_user(session, caller.email), body.name, body.scope)
        session.commit()
        return CreatedToken(**_token_out(token).model_dump(), secret=secret)

    @router.delete("/tokens/{token_id}", dependencies=signed_in, status_code=204)
    def revoke_token(token_id: Id, caller: SignedIn, session: DbSession) -> Response:
        from tradebridge.accounts.tokens import revoke_token as revoke
        from tradebridge.accounts.users import get_user

        revoke(session, get_user(session, caller.email), token_id, utcnow())
        session.commit()
        return Response(status_code=204)

    @router.get("/users", dependencies=admin, response_model=list[UserOut])
    def users(session: DbSession) -> list[UserOut]:
        from tradebridge.accounts.users import list_users

        return [_user_out(u) for u in list_users(session)]

    @router.post("/users", dependencies=admin, response_model=UserOut, status_code=201)
    def create_user(body: NewUser, session: DbSession) -> UserOut:
        from tradebridge.accounts.users import create_user as create

        user = create(session, **body.model_dump())
        session.commit()
        return _user_out(user)

    @router.patch("/users/{user_id}", dependencies=admin, response_model=UserOut)
    def change_user(user_id: Id, body: UserChange, session: DbSession) -> UserOut:
        from tradebridge.accounts import users as service
        from tradebridge.accounts.models import User
        from tradebridge.errors import NotFound

        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"no user {user_id}", field="user_id")
        given = body.model_fields_set
        if "role" in given or "organisation_id" in given:
            role = body.role or user.role
            kept = user.organisation_id if role == "company" else None
            organisation = body.organisation_id if "organisation_id" in given else kept
            service.set_role(session, user, role, organisation)
        if body.disabled is not None:
            service.set_disabled(session, user, body.disabled)
        if body.password is not None:
            service.set_password(session, user, body.password)
        session.commit()
        return _user_out(user)

    @router.get("/audit", dependencies=admin, response_model=list[AuditOut])
    def audit(
        session: DbSession,
        actor: Annotated[str | None, Query(max_length=254)] = None,
        entity_type: Annotated[str | None, Query(max_length=64)] = None,
        entity_id: Annotated[str | None, Query(max_length=64)] = None,
        since: date | None = None,
        until: date | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> list[AuditOut]:
        from tradebridge.accounts.audit_log import search

        found = search(
            session,
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
        return [AuditOut(**row) for row in found]

    return router
