"""Browser sessions: a random token per signed-in browser, kept in the database as its SHA-256
(the cookie that carries it is signed by the web layer). A session ends at log-out, after
``SESSION_AGE``, when the password changes or when the user is disabled."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tradebridge.accounts.models import User, UserSession

SESSION_AGE = timedelta(days=7)


def digest(token: str) -> str:
    """The SHA-256 (hex) under which a random token is stored.

    >>> digest("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, address: str | None, now: datetime) -> str:
    """A new session for ``user``; returns its token (to be put in the cookie)."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_AGE,
            address=(address or "")[:64] or None,
        )
    )
    session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    session.flush()
    return token


def session_user(session: Session, token: str, now: datetime) -> User | None:
    """The enabled user of an unexpired session, else ``None``."""
    query = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == digest(token), UserSession.expires_at > now)
        .where(User.disabled.is_(False))
    )
    return session.scalar(query)


def end_session(session: Session, token: str) -> None:
    """Log the session out (nothing happens for an unknown token)."""
    session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))
