"""Users: creating them, changing their password, role or status, and checking a log-in.

Every function takes a session and plain arguments, enforces the rules and leaves the commit
to the caller; changes to users are audited by the session (``db.audit``). E-mail addresses
are compared lower-case. The last enabled admin can be neither disabled nor demoted.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tradebridge.accounts import throttle
from tradebridge.accounts.models import Role, User, UserSession
from tradebridge.accounts.passwords import (
    check_strength,
    dummy_verify,
    hash_password,
    verify_password,
)
from tradebridge.errors import BadInput, NotFound, NotSignedIn, nearest

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WRONG = "wrong e-mail or password"


def normalise_email(email: str) -> str:
    """``email`` trimmed and lower-case; ``BadInput`` unless it looks like an address.

    >>> normalise_email("  Ana@Example.ORG ")
    'ana@example.org'
    """
    value = email.strip().casefold()
    if not EMAIL.match(value) or len(value) > 254:
        raise BadInput(f"not an e-mail address: {email.strip()!r}", field="email")
    return value


def parse_role(role: str) -> Role:
    """``role`` as a ``Role``; ``BadInput`` naming the valid ones."""
    try:
        return Role(role)
    except ValueError:
        raise BadInput(
            f"unknown role {role!r}; {nearest(role, list(Role))}", field="role"
        ) from None


def find_user(session: Session, email: str) -> User | None:
    """The user with this e-mail address, if any."""
    return session.scalar(select(User).where(User.email == email.strip().casefold()))


def get_user(session: Session, email: str) -> User:
    """The user with this e-mail address; ``NotFound`` otherwise."""
    user = find_user(session, email)
    if user is None:
        raise NotFound(f"no user {email.strip()!r}", field="email")
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by e-mail address."""
    return list(session.scalars(select(User).order_by(User.email)))


def _organisation(role: Role, organisation_id: int | None) -> int | None:
    if organisation_id is not None and role is not Role.company:
        raise BadInput("only a company user belongs to an organisation", field="organisation")
    return organisation_id


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    display_name: str | None = None,
    organisation_id: int | None = None,
) -> User:
    """A new enabled user; ``BadInput`` for a used address, an unknown role or a weak
    password."""
    address = normalise_email(email)
    kind = parse_role(role)
    if find_user(session, address) is not None:
        raise BadInput(f"a user {address!r} exists already", field="email")
    name = (display_name or "").strip() or address.split("@")[0]
    if len(name) > 200:
        raise BadInput("at most 200 characters", field="display_name")
    user = User(
        email=address,
        display_name=name,
        role=kind.value,
        organisation_id=_organisation(kind, organisation_id),
        password_hash=hash_password(check_strength(password)),
        disabled=False,
    )
    session.add(user)
    session.flush()
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign the user out everywhere (every browser session ends)."""
    for row in session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
        session.delete(row)


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password and end every session of theirs."""
    user.password_hash = hash_password(check_strength(password))
    end_sessions(session, user)
    session.flush()


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """``set_password`` after checking the current one (``BadInput`` if wrong)."""
    if not verify_password(current, user.password_hash):
        raise BadInput("the current password is wrong", field="current_password")
    set_password(session, user, new)


def _enabled_admins(session: Session) -> int:
    query = select(func.count()).where(User.role == Role.admin.value, User.disabled.is_(False))
    return session.scalar(query) or 0


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == Role.admin.value and not user.disabled and _enabled_admins(session) <= 1:
        raise BadInput("the last enabled admin cannot be disabled or demoted", field="role")


def set_role(session: Session, user: User, role: str, organisation_id: int | None = None) -> None:
    """Change the role (and, for a company user, the organisation)."""
    kind = parse_role(role)
    if kind is not Role.admin:
        _keep_an_admin(session, user)
    user.role = kind.value
    user.organisation_id = _organisation(kind, organisation_id)
    session.flush()


def set_disabled(session: Session, user: User, disabled: bool = True) -> None:
    """Disable (or enable again) a user; disabling ends their sessions, and their API tokens
    stop working while it lasts."""
    if disabled:
        _keep_an_admin(session, user)
        end_sessions(session, user)
    user.disabled = disabled
    session.flush()


def authenticate(
    session: Session, email: str, password: str, address: str | None, now: datetime
) -> User:
    """The user whose e-mail and password these are; ``NotSignedIn`` otherwise (one message
    for an unknown address and a wrong password), ``TooManyAttempts`` while throttled. Failures
    are recorded in ``session``: the caller commits them even when this raises."""
    keys = throttle.keys(email, address)
    throttle.check(session, keys, now)
    user = find_user(session, email) if EMAIL.match(email.strip().casefold()) else None
    if user is None:
        dummy_verify()
        ok = False
    else:
        ok = verify_password(password, user.password_hash)
    if not ok:
        throttle.record_failure(session, keys, now)
        raise NotSignedIn(WRONG)
    throttle.clear(session, keys[0])
    if user.disabled:
        raise NotSignedIn("this account is disabled; ask an administrator")
    return user
