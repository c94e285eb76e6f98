"""The admin's pages: users (add, reset a password, change a role, disable or enable) and the
audit log (filtered by user, entity and dates, with the values before and after)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.models import Role
from tradebridge.accounts.policy import Access
from tradebridge.errors import BadInput, NotFound
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, policy
from tradebridge.web.form_values import whole
from tradebridge.web.templating import page

router = APIRouter(dependencies=[policy(Access.admin)])
Text = Annotated[str, Form()]
PAGE_SIZE = 100


def _user_rows(session) -> list[dict]:
    from tradebridge.accounts.users import list_users

    return [
        {
            "id": u.id,
            "email": u.email,
            "display_name": u.display_name,
            "role": u.role,
            "organisation_id": u.organisation_id,
            "disabled": u.disabled,
            "created_at": u.created_at,
        }
        for u in list_users(session)
    ]


def _users_page(request: Request, session, *, message=None, error=None, status=200) -> Response:
    context = {
        "data_twin": False,
        "title": _("Users"),
        "users": _user_rows(session),
        "roles": [r.value for r in Role],
        "message": message,
        "error": error,
    }
    return page(request, "admin_users.html", context, status=status)


@router.get("/admin/users")
def users(request: Request, session: DbSession) -> Response:
    return _users_page(request, session)


@router.post("/admin/users")
def add_user(
    request: Request,
    session: DbSession,
    email: Text = "",
    display_name: Text = "",
    role: Text = "viewer",
    organisation: Text = "",
    password: Text = "",
) -> Response:
    from tradebridge.accounts.users import create_user

    try:
        create_user(
            session,
            email=email,
            password=password,
            role=role,
            display_name=display_name,
            organisation_id=whole(organisation, "organisation"),
        )
    except BadInput as exc:
        session.rollback()
        return _users_page(request, session, error=str(exc), status=400)
    session.commit()
    return RedirectResponse("/admin/users", status_code=303)


def _user(session, user_id: int):
    from tradebridge.accounts.models import User

    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", field="user")
    return user


def _change(request: Request, session, user_id: int, change) -> Response:
    try:
        change(_user(session, user_id))
    except NotFound:
        raise
    except BadInput as exc:
        session.rollback()
        return _users_page(request, session, error=str(exc), status=400)
    session.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/role")
def change_role(
    request: Request, user_id: int, session: DbSession, role: Text = "", organisation: Text = ""
) -> Response:
    from tradebridge.accounts.users import set_role

    return _change(
        request,
        session,
        user_id,
        lambda u: set_role(session, u, role, whole(organisation, "organisation")),
    )


@router.post("/admin/users/{user_id}/disable")
def disable(request: Request, user_id: int, session: DbSession) -> Response:
    from tradebridge.accounts.users import set_disabled

    return _change(request, session, user_id, lambda u: set_disabled(session, u, True))


@router.post("/admin/users/{user_id}/enable")
def enable(request: Request, user_id: int, session: DbSession) -> Response:
    from tradebridge.accounts.users import set_disabled

    return _change(request, session, user_id, lambda u: set_disabled(session, u, False))


@router.post("/admin/users/{user_id}/password")
def reset_password(
    request: Request, user_id: int, session: DbSession, password: Text = ""
) -> Response:
    from tradebridge.accounts.users import set_password

    return _change(request, session, user_id, lambda u: set_password(session, u, password))


@router.get("/admin/audit")
def audit(
    request: Request,
    session: DbSession,
    user: Annotated[str, Query(max_length=254)] = "",
    entity: Annotated[str, Query(max_length=64)] = "",
    entity_id: Annotated[str, Query(max_length=64)] = "",
    since: date | None = None,
    until: date | None = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    from tradebridge.accounts.audit_log import entity_types, search

    found = search(
        session,
        actor=user.strip() or None,
        entity_type=entity.strip() or None,
        entity_id=entity_id.strip() or None,
        since=since,
        until=until,
        limit=PAGE_SIZE + 1,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    context = {
        "data_twin": False,
        "title": _("Audit log"),
        "entries": found[:PAGE_SIZE],
        "more": len(found) > PAGE_SIZE,
        "page_number": page_number,
        "filters": {
            "user": user,
            "entity": entity,
            "entity_id": entity_id,
            "since": since.isoformat() if since else "",
            "until": until.isoformat() if until else "",
        },
        "entity_types": entity_types(session),
    }
    return page(request, "admin_audit.html", context)
