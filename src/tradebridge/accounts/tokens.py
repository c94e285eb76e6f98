"""API tokens for scripts: ``Authorization: Bearer tb_…``. The token is random, shown once
when created, and stored as its SHA-256; ``read`` tokens may only read (GET, HEAD, OPTIONS),
``write`` tokens may do whatever their user's role allows. A token stops working when revoked
or while its user is disabled. When it was last used is kept to the minute (``USE_GRAIN``), so
that a script's many calls do not each write to the database."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.accounts.models import ApiToken, Scope, User
from tradebridge.accounts.sessions import digest
from tradebridge.errors import BadInput, NotFound, nearest

PREFIX = "tb_"
USE_GRAIN = timedelta(minutes=1)


def parse_scope(scope: str) -> Scope:
    try:
        return Scope(scope)
    except ValueError:
        raise BadInput(
            f"unknown scope {scope!r}; {nearest(scope, list(Scope))}", field="scope"
        ) from None


def create_token(session: Session, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token of ``user``: the row and the secret (shown once, never stored)."""
    label = name.strip()
    if not label or len(label) > 100:
        raise BadInput("a name of 1 to 100 characters", field="name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=label,
        prefix=secret[:10],
        token_hash=digest(secret),
        scope=parse_scope(scope).value,
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included, marked)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(session.scalars(query.order_by(ApiToken.id.desc())))


def revoke_token(session: Session, user: User, token_id: int, now: datetime) -> None:
    """Revoke one of the user's own tokens (``NotFound`` for anybody else's)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(f"no token {token_id} of yours", field="token")
    if token.revoked_at is None:
        token.revoked_at = now
        session.flush()


def token_user(session: Session, secret: str, now: datetime) -> tuple[User, ApiToken] | None:
    """The enabled user and the live token this secret belongs to, else ``None``; records when
    it was last used (unless it was within ``USE_GRAIN``)."""
    if not secret.startswith(PREFIX):
        return None
    query = (
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == digest(secret), ApiToken.revoked_at.is_(None))
        .where(User.disabled.is_(False))
    )
    found = session.execute(query).first()
    if found is None:
        return None
    user, token = found
    if token.last_used_at is None or now - token.last_used_at >= USE_GRAIN:
        token.last_used_at = now
    return user, token
