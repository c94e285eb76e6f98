"""The demo's accounts: one user per role, with generated passwords, for ``make demo``.

Each run gives every demo account a fresh random password (the old one cannot be shown: only
its hash is kept), so a second run prints working log-ins instead of failing on existing users.
The company user represents one synthetic exporter of the demo registry. Every demo account is
labelled synthetic in its display name.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput

ROLES = ("admin", "staff", "company", "viewer")
DOMAIN = "demo.example"  # reserved for examples: never a real mailbox


@dataclass(frozen=True)
class DemoLogin:
    """A demo account's log-in: ``organisation`` is the company user's organisation (id, name)."""

    role: str
    email: str
    password: str
    organisation: tuple[int, str] | None = None


def demo_organisation(session: Session) -> tuple[int, str]:
    """The synthetic exporter the demo company user represents: the first (lowest id) one."""
    from tradebridge.registry.models import Organisation

    o = Organisation
    found = session.execute(
        select(o.id, o.name_en, o.name_az, o.name_ru)
        .where(o.synthetic.is_(True), o.kind == "exporter", o.status != "archived")
        .order_by(o.id)
        .limit(1)
    ).first()
    if found is None:
        raise BadInput(
            "the database holds no synthetic exporter: load the demo registry first "
            "(tradebridge demo-registry FILE, then tradebridge registry import FILE)",
            field="registry",
        )
    return int(found.id), found.name_en or found.name_az or found.name_ru


def demo_accounts(session: Session) -> list[DemoLogin]:
    """Create the demo accounts, or give the existing ones new passwords (and their role, their
    organisation and their access back); their log-ins, admin first."""
    from tradebridge.accounts.users import (
        create_user,
        find_user,
        set_disabled,
        set_password,
        set_role,
    )

    organisation = demo_organisation(session)
    organisation_id = organisation[0]
    logins = []
    for role in ROLES:
        email = f"{role}@{DOMAIN}"
        password = secrets.token_urlsafe(12)
        org = organisation_id if role == "company" else None
        user = find_user(session, email)
        if user is None:
            name = f"Demo {role} (synthetic account)"
            create_user(
                session,
                email=email,
                password=password,
                role=role,
                display_name=name,
                organisation_id=org,
            )
        else:
            set_password(session, user, password)
            set_role(session, user, role, org)
            if user.disabled:
                set_disabled(session, user, False)
        logins.append(DemoLogin(role, email, password, organisation if role == "company" else None))
    return logins
