"""The status machine of an event: draft → registration open → requests open → scheduling →
published → live → closed.

An event moves forward one step at a time. Staff may move it back to any earlier status (a
"reopen") only with a reason, which is kept with the change. Every other move (to the same
status, skipping a step, back without a reason, to an unknown status) is refused with a message
naming both statuses.

>>> check_move("draft", "registration_open")
'forward'
>>> check_move("published", "requests_open", reason="a buyer delegation joined late")
'reopen'
>>> check_move("draft", "published")
Traceback (most recent call last):
...
tradebridge.events.status.IllegalMove: status: cannot move from draft to published: an event \
moves forward one step at a time (after draft comes registration open)
"""

from __future__ import annotations

from typing import Literal

from tradebridge.errors import BadInput, nearest
from tradebridge.events.vocabulary import STATUSES

Move = Literal["forward", "reopen"]
MAX_REASON = 1000


class IllegalMove(BadInput):
    """A status change the machine does not allow (HTTP 409: the event is in another state)."""

    http_status = 409


def shown(status: str) -> str:
    """A status as words, for messages.

    >>> shown("requests_open")
    'requests open'
    """
    return status.replace("_", " ")


def next_status(status: str) -> str | None:
    """The status after ``status`` (None after the last).

    >>> next_status("scheduling"), next_status("closed")
    ('published', None)
    """
    position = STATUSES.index(status)
    return STATUSES[position + 1] if position + 1 < len(STATUSES) else None


def check_move(current: str, target: str, *, reason: str | None = None) -> Move:
    """``forward`` or ``reopen`` when the move is allowed; ``IllegalMove`` naming both
    statuses when it is not. A forward move may carry a reason too (it is kept)."""
    for status in (current, target):
        if status not in STATUSES:
            raise BadInput(f"unknown status {status!r}; {nearest(status, list(STATUSES))}",
                           field="status")  # fmt: skip
    moving = f"cannot move from {shown(current)} to {shown(target)}"
    here, there = STATUSES.index(current), STATUSES.index(target)
    if there == here:
        raise IllegalMove(f"{moving}: the event is already {shown(current)}", field="status")
    if there == here + 1:
        return "forward"
    if there > here:
        raise IllegalMove(
            f"{moving}: an event moves forward one step at a time "
            f"(after {shown(current)} comes {shown(STATUSES[here + 1])})",
            field="status",
        )
    if not (reason or "").strip():
        raise IllegalMove(f"{moving}: moving an event back needs a reason", field="reason")
    if len(reason) > MAX_REASON:
        raise BadInput(f"the reason is too long (at most {MAX_REASON} characters)", field="reason")
    return "reopen"
