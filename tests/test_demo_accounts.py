"""The demo's accounts (``make demo``): one per role, the company user linked to a synthetic
exporter, and a second run that gives new passwords instead of failing or duplicating."""

from __future__ import annotations

import pytest

from tradebridge.accounts.demo import ROLES, demo_accounts
from tradebridge.errors import BadInput


def _organisation(session, name: str, kind: str, synthetic: bool) -> int:
    from tradebridge.registry.models import Organisation

    org = Organisation(kind=kind, name_en=name, country="AZE", synthetic=synthetic)
    session.add(org)
    session.flush()
    return org.id


def test_demo_accounts_once_and_again(db) -> None:
    from sqlalchemy import func, select

    from tradebridge.accounts.models import User
    from tradebridge.accounts.passwords import verify_password
    from tradebridge.accounts.users import get_user

    with db.transaction(actor="test") as session:
        _organisation(session, "A real buyer", "buyer", synthetic=False)
        _organisation(session, "A real exporter", "exporter", synthetic=False)
        exporter = _organisation(session, "Demo exporter", "exporter", synthetic=True)
        first = demo_accounts(session)
    assert [login.role for login in first] == list(ROLES)
    assert [login.email for login in first] == [f"{r}@demo.example" for r in ROLES]
    company = next(login for login in first if login.role == "company")
    assert company.organisation == (exporter, "Demo exporter")
    with db.transaction(actor="test") as session:
        again = demo_accounts(session)
        assert session.scalar(select(func.count()).select_from(User)) == 4
        for old, new in zip(first, again, strict=True):
            assert new.password != old.password
            user = get_user(session, new.email)
            assert user.role == new.role and "synthetic" in user.display_name
            assert verify_password(new.password, user.password_hash)
            assert not verify_password(old.password, user.password_hash)
        assert get_user(session, "company@demo.example").organisation_id == exporter


def test_demo_accounts_need_the_demo_registry(db) -> None:
    with db.transaction(actor="test") as session:
        _organisation(session, "A real exporter", "exporter", synthetic=False)
        with pytest.raises(BadInput, match="load the demo registry first"):
            demo_accounts(session)
