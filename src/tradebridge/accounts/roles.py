"""The roles a user has and the scopes an API token has (plain enums, importable without the
database libraries).

Roles: ``admin`` (everything, including users and the audit log), ``staff`` (the agency's
people: the registry and the events), ``company`` (the representative of one organisation),
``viewer`` (reads the agency's records, changes nothing).
"""

from __future__ import annotations

from enum import StrEnum


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
