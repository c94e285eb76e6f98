"""Passwords: Argon2id hashes (pwdlib), the rules a new password must meet, and reading one
without it ever appearing on a command line.

>>> hashed = hash_password("correct horse battery")
>>> hashed.startswith("$argon2id$"), verify_password("correct horse battery", hashed)
(True, True)
>>> verify_password("wrong", hashed)
False
>>> check_strength("short")
Traceback (most recent call last):
...
tradebridge.errors.BadInput: password: too short: at least 10 characters
"""

from __future__ import annotations

from functools import cache

from tradebridge.errors import BadInput

MIN_LENGTH = 10
MAX_LENGTH = 1024


@cache
def _hasher():
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(),))


def check_strength(password: str) -> str:
    """``password`` if it may be used: 10 to 1,024 characters, not only spaces."""
    if len(password) < MIN_LENGTH:
        raise BadInput(f"too short: at least {MIN_LENGTH} characters", field="password")
    if len(password) > MAX_LENGTH:
        raise BadInput(f"too long: at most {MAX_LENGTH} characters", field="password")
    if not password.strip():
        raise BadInput("only spaces", field="password")
    return password


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (salted; about 0.3 s by design)."""
    return _hasher().hash(password)


def verify_password(password: str, hashed: str) -> bool:
    """True when ``password`` matches ``hashed``; false for a malformed hash."""
    try:
        return _hasher().verify(password, hashed)
    except Exception:  # an unreadable stored hash matches nothing
        return False


def dummy_verify() -> None:
    """Spend the time of one verification (for an unknown account, so that timing does not
    tell which accounts exist)."""
    verify_password("x", _dummy_hash())


@cache
def _dummy_hash() -> str:
    return hash_password("not a real password")
