"""The roles a user has and the scopes an API token has (plain enums, importable without the
database libraries).

Roles: ``admin`` (everything, including users and the audit log), ``staff`` (the agency's
people: the registry and the events), ``company`` (the representative of one organisation),
``viewer`` (reads the agency's records, changes nothing).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Role(StrEnum):
    admin = "admin"
    staff = "staff"
    company = "company"
    viewer = "viewer"


class Scope(StrEnum):
    """What an API token may do: ``read`` (safe methods only) or ``write`` (everything its
    user's role allows)."""

    read = "read"
    write = "write"


STAFF_ROLES = (Role.staff, Role.admin)
READER_ROLES = (Role.viewer, Role.staff, Role.admin)


def role_of(user: Any) -> str | None:
    """``user``'s role as text; None for a local command, which acts without a user."""
    return None if user is None else str(user.role)


def is_staff(user: Any) -> bool:
    """Staff, admins and local commands (no user)."""
    return user is None or role_of(user) in STAFF_ROLES


def require_staff(user: Any, action: str) -> None:
    """``Forbidden`` unless ``is_staff(user)``; ``action`` completes "only staff may …".

    >>> from types import SimpleNamespace
    >>> require_staff(SimpleNamespace(role="company"), "create events")
    Traceback (most recent call last):
    tradebridge.errors.Forbidden: only staff may create events
    """
    from tradebridge.errors import Forbidden

    if not is_staff(user):
        raise Forbidden(f"only staff may {action}")


def require_reader(user: Any, action: str) -> None:
    """``Forbidden`` unless ``user`` reads the agency's records (viewers, staff, admins, local
    commands); ``action`` completes "only staff and viewers may …"."""
    from tradebridge.errors import Forbidden

    if not (user is None or role_of(user) in READER_ROLES):
        raise Forbidden(f"only staff and viewers may {action}")
