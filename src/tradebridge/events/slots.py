"""Meeting slots generated from an event's sessions and its meeting length.

A session runs on one day from ``start`` to ``end`` (local times ``HH:MM`` in the event's time
zone). Its slots start at ``start`` and then every ``meeting + pause`` minutes; a slot is kept
while it ends by the session's end: slot k (from 1) runs from
``start + (k − 1)·(meeting + pause)`` to that plus ``meeting``, for k up to
``⌊(end − start + pause) / (meeting + pause)⌋``. Slot ids are ``<session key>.<k>``.

>>> morning = Session("7", date(2026, 12, 8), "10:00", "11:00")
>>> [(s.id, s.start, s.end) for s in slots([morning], meeting=20, pause=5)]
[('7.1', '10:00', '10:20'), ('7.2', '10:25', '10:45')]
>>> instant(date(2026, 12, 8), "10:00", "Asia/Baku").isoformat()
'2026-12-08T06:00:00+00:00'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class Session:
    """A block of meetings on one day; ``key`` names it in slot ids (the stored session's
    id)."""

    key: str
    day: date
    start: str
    end: str
    name: str = ""


@dataclass(frozen=True)
class Slot:
    """One meeting slot: ``id`` is ``<session key>.<k>``; times are local ``HH:MM``."""

    id: str
    session: str
    day: date
    start: str
    end: str


def is_hhmm(text: str) -> bool:
    """True for a 24-hour time ``HH:MM``.

    >>> is_hhmm("09:30"), is_hhmm("9:30"), is_hhmm("24:00")
    (True, False, False)
    """
    return bool(_HHMM.fullmatch(text))


def minutes(hhmm: str) -> int:
    """Minutes after midnight of ``HH:MM``.

    >>> minutes("01:30")
    90
    """
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    """``HH:MM`` of minutes after midnight.

    >>> hhmm(605)
    '10:05'
    """
    return f"{total // 60:02d}:{total % 60:02d}"


def session_slots(session: Session, meeting: int, pause: int) -> list[Slot]:
    """The slots of one session (see the module's formula)."""
    step = meeting + pause
    first, last = minutes(session.start), minutes(session.end)
    count = max(0, (last - first + pause) // step)
    return [
        Slot(
            f"{session.key}.{k + 1}",
            session.key,
            session.day,
            hhmm(first + k * step),
            hhmm(first + k * step + meeting),
        )
        for k in range(count)
    ]


def slots(sessions: Iterable[Session], *, meeting: int, pause: int = 0) -> list[Slot]:
    """Every session's slots, in time order."""
    found = [slot for session in sessions for slot in session_slots(session, meeting, pause)]
    return sorted(found, key=lambda s: (s.day, s.start, s.id))


def instant(day: date, local: str, zone: str) -> datetime:
    """The UTC moment of the local time ``local`` on ``day`` in the IANA ``zone``."""
    hours, mins = divmod(minutes(local), 60)
    return datetime.combine(day, time(hours, mins), tzinfo=ZoneInfo(zone)).astimezone(UTC)
