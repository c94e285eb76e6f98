"""The values typed into the web pages' forms, read as plain values: every field is text, an
empty one means "not given" (None), and a value that cannot be read is ``BadInput`` naming its
field, so the page shows the form again with the reason.

Amounts of money are read by ``tradebridge.amounts.amount`` (the services use it too).

>>> whole("12", "capacity"), day("2026-12-08", "starts_on")
(12, datetime.date(2026, 12, 8))
>>> whole("", "capacity") is None
True
>>> day("08.12.2026", "starts_on")
Traceback (most recent call last):
tradebridge.errors.BadInput: starts_on: not a date YYYY-MM-DD: '08.12.2026'
"""

from __future__ import annotations

import re
from datetime import date

from tradebridge.errors import BadInput

_SPLIT = re.compile(r"[;,\s]+")
_WHOLE = re.compile(r"-?\d{1,9}")


def whole(text: str, field: str) -> int | None:
    """An optional whole number (at most nine digits, a sign allowed: the record's own rules
    say whether a negative one is valid)."""
    text = text.strip()
    if not text:
        return None
    if not _WHOLE.fullmatch(text):
        raise BadInput(f"not a whole number: {text!r}", field=field)
    return int(text)


def chosen(text: str, field: str, what: str) -> int:
    """The id picked in a required choice field (``what`` names it in the message).

    >>> chosen("", "to_id", "a participant")
    Traceback (most recent call last):
    tradebridge.errors.BadInput: to_id: choose a participant
    """
    picked = whole(text, field)
    if picked is None:
        raise BadInput(f"choose {what}", field=field)
    return picked


def day(text: str, field: str) -> date | None:
    """An optional date ``YYYY-MM-DD``."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"not a date YYYY-MM-DD: {text!r}", field=field) from None


def words(text: str) -> tuple[str, ...]:
    """The distinct items of a list typed as text, separated by commas, semicolons or spaces,
    in capitals.

    >>> words("RUS, kaz;RUS  uzb")
    ('RUS', 'KAZ', 'UZB')
    """
    return tuple(dict.fromkeys(w.upper() for w in _SPLIT.split(text) if w))


def items(text: str) -> tuple[str, ...]:
    """The distinct items of a list typed as text, as typed.

    >>> items("agri_food; ict,agri_food")
    ('agri_food', 'ict')
    """
    return tuple(dict.fromkeys(w for w in _SPLIT.split(text) if w))


def codes(text: str) -> tuple[str, ...]:
    """HS codes typed as text (dots ignored).

    >>> codes("0813.10, 080810")
    ('081310', '080810')
    """
    return tuple(dict.fromkeys(w.replace(".", "") for w in _SPLIT.split(text) if w))
