"""Log-in throttling: failed attempts counted per account and per address, in the database so
that every worker process sees the same counts.

A key (``account:<email>`` or ``address:<ip>``) is locked for ``LOCK`` once it has ``LIMITS``
failures within ``WINDOW`` of its first; a success clears the account's count (not the
address's, so that one good account does not reset an address guessing others). Times are
passed in (``now``) so that tests need no clock.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tradebridge.accounts.models import LoginFailures
from tradebridge.errors import TooManyAttempts

WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
LIMITS = {"account": 5, "address": 20}


def keys(email: str, address: str | None) -> list[str]:
    """The throttling keys of one attempt."""
    found = [f"account:{email.strip().casefold()}"]
    if address:
        found.append(f"address:{address}")
    return found


def check(session: Session, keys: list[str], now: datetime) -> None:
    """``TooManyAttempts`` (with the seconds to wait) when any key is locked."""
    for key in keys:
        row = session.get(LoginFailures, key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            wait = math.ceil((row.locked_until - now).total_seconds())
            raise TooManyAttempts(
                f"too many failed log-ins; try again in {math.ceil(wait / 60)} minute(s)",
                retry_after=wait,
            )


def record_failure(session: Session, keys: list[str], now: datetime) -> None:
    """Count one failure against each key, locking those that reach their limit."""
    for key in keys:
        row = session.get(LoginFailures, key, with_for_update=True)
        if row is None:
            row = LoginFailures(key=key, failures=0, first_at=now)
            session.add(row)
        if now - row.first_at > WINDOW or (row.locked_until and row.locked_until <= now):
            row.failures, row.first_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= LIMITS[key.split(":", 1)[0]]:
            row.locked_until = now + LOCK
    session.flush()


def clear(session: Session, key: str) -> None:
    """Forget the failures of ``key`` (after a successful log-in)."""
    row = session.get(LoginFailures, key)
    if row is not None:
        session.delete(row)
        session.flush()
