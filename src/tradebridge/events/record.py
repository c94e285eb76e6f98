"""One event as plain data, and the one validator the web form, the REST API and the services
go through: ``EventRecord.problems()`` lists every rule broken as ``(field, reason)``.

>>> from datetime import date
>>> forum = EventRecord("business_forum", title_en="AZ-RU forum", starts_on=date(2026, 12, 8),
...     ends_on=date(2026, 12, 8), time_zone="Asia/Baku", country="AZE", tables=("1", "2"),
...     sessions=(Session("", date(2026, 12, 8), "10:00", "12:00"),))
>>> forum.problems()
[]
>>> forum_in_mars = EventRecord("business_forum", title_en="x", starts_on=date(2026, 12, 8),
...     ends_on=date(2026, 12, 7), time_zone="Mars/Olympus", country="AZE")
>>> [field for field, _ in forum_in_mars.problems()]
['ends_on', 'time_zone']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from tradebridge.errors import InvalidRecord, nearest
from tradebridge.events.slots import Session, is_hhmm, minutes, session_slots
from tradebridge.events.vocabulary import KINDS, TITLE_LANGUAGES
from tradebridge.field_checks import (
    Problem,
    code_problems,
    country_codes,
    sector_ids,
    text_problems,
    within,
)

MAX_TITLE = 300
MAX_LINE = 300
MAX_DAYS = 60
MAX_TABLES = 10_000
MAX_TABLE_NAME = 20
MAX_SESSIONS = 100
MEETING_MINUTES = (5, 240)
PAUSE_MINUTES = (0, 120)
MAX_CAPACITY = 100_000
MAX_REQUEST_CAP = 1_000


@dataclass(frozen=True)
class EventRecord:
    """Everything an event is, as plain values. ``tables`` are the venue's table names;
    ``request_cap`` is the most meeting requests one participant may send (None: no cap);
    requests not answered by ``requests_expire_on`` expire; with ``auto_accept`` a request is
    accepted as soon as it is sent."""

    kind: str
    title_en: str = ""
    title_az: str = ""
    title_ru: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    time_zone: str = "UTC"
    city: str = ""
    country: str = ""
    organiser: str = ""
    partner_countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    capacity: int | None = None
    tables: tuple[str, ...] = ()
    meeting_minutes: int = 20
    pause_minutes: int = 5
    sessions: tuple[Session, ...] = ()
    auto_accept: bool = False
    request_cap: int | None = None
    requests_expire_on: date | None = None
    synthetic: bool = False

    def titles(self) -> list[str]:
        """The titles given, English first."""
        return [t for t in (self.title_en, self.title_az, self.title_ru) if t]

    def title(self, language: str = "en") -> str:
        """The title in ``language``, else the first title given."""
        return getattr(self, f"title_{language}", "") or (self.titles() or [""])[0]

    def problems(self) -> list[Problem]:
        """Every rule this record breaks, as ``(field, reason)``; empty when it is valid."""
        return list(_problems(self))


def ensure_valid(record: EventRecord) -> EventRecord:
    """``record`` if it breaks no rule; ``InvalidRecord`` listing them otherwise."""
    problems = record.problems()
    if problems:
        raise InvalidRecord(problems)
    return record


def table_names(count: int) -> tuple[str, ...]:
    """The tables ``1`` … ``count``, for a venue whose tables carry numbers.

    >>> table_names(3)
    ('1', '2', '3')
    """
    return tuple(str(k) for k in range(1, count + 1))


@cache
def is_time_zone(name: str) -> bool:
    """True for an IANA time zone name (``Asia/Baku``, ``Europe/Moscow``, ``UTC``).

    >>> is_time_zone("Asia/Baku"), is_time_zone("GMT+4"), is_time_zone("../etc/passwd")
    (True, False, False)
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    if name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _problems(r: EventRecord) -> Iterable[Problem]:
    if r.kind not in KINDS:
        yield "kind", f"unknown kind {r.kind!r}; {nearest(r.kind, list(KINDS))}"
    if not r.titles():
        yield "title_en", "at least one title (title_en, title_az or title_ru) is required"
    for language in TITLE_LANGUAGES:
        yield from text_problems(f"title_{language}", getattr(r, f"title_{language}"), MAX_TITLE)
    yield from _date_problems(r)
    if not is_time_zone(r.time_zone):
        yield "time_zone", f"not an IANA time zone such as Asia/Baku: {r.time_zone!r}"
    yield from text_problems("city", r.city, MAX_LINE)
    yield from text_problems("organiser", r.organiser, MAX_LINE)
    for name, values in (("country", [r.country]), ("partner_countries", r.partner_countries)):
        yield from code_problems(name, values, country_codes(), "country code")
    yield from code_problems("sectors", r.sectors, sector_ids(), "sector")
    yield from within("capacity", r.capacity, (1, MAX_CAPACITY))
    yield from _table_problems(r.tables)
    yield from within("meeting_minutes", r.meeting_minutes, MEETING_MINUTES)
    yield from within("pause_minutes", r.pause_minutes, PAUSE_MINUTES)
    yield from within("request_cap", r.request_cap, (1, MAX_REQUEST_CAP))
    yield from _session_problems(r)


def _date_problems(r: EventRecord) -> Iterable[Problem]:
    if r.starts_on is None:
        yield "starts_on", "the first day is required"
    if r.ends_on is None:
        yield "ends_on", "the last day is required"
    if r.starts_on is None or r.ends_on is None:
        return
    if r.ends_on < r.starts_on:
        yield "ends_on", f"the last day {r.ends_on} is before the first {r.starts_on}"
    elif (r.ends_on - r.starts_on).days >= MAX_DAYS:
        yield "ends_on", f"an event lasts at most {MAX_DAYS} days"
    if r.requests_expire_on is not None and r.requests_expire_on > r.ends_on:
        yield "requests_expire_on", "meeting requests must expire by the event's last day"


def _table_problems(tables: tuple[str, ...]) -> Iterable[Problem]:
    if len(tables) > MAX_TABLES:
        yield "tables", f"{len(tables):,} tables; at most {MAX_TABLES:,}"
        return
    seen: set[str] = set()
    for name in tables:
        if not name.strip() or name != name.strip():
            yield "tables", f"a table name is empty or has spaces around it: {name!r}"
        elif len(name) > MAX_TABLE_NAME:
            yield "tables", f"table name {name!r} is longer than {MAX_TABLE_NAME} characters"
        elif name in seen:
            yield "tables", f"table {name!r} is listed twice"
        seen.add(name)


def _session_problems(r: EventRecord) -> Iterable[Problem]:
    if len(r.sessions) > MAX_SESSIONS:
        yield "sessions", f"{len(r.sessions)} sessions; at most {MAX_SESSIONS}"
        return
    timed = []
    for k, s in enumerate(r.sessions, start=1):
        where = f"session {k}"
        yield from text_problems("sessions", s.name, MAX_LINE)
        if not (is_hhmm(s.start) and is_hhmm(s.end)):
            yield "sessions", f"{where}: times are HH:MM, not {s.start!r} and {s.end!r}"
            continue
        if r.starts_on and r.ends_on and not r.starts_on <= s.day <= r.ends_on:
            yield "sessions", f"{where}: {s.day} is not a day of the event"
        if minutes(s.end) <= minutes(s.start):
            yield "sessions", f"{where}: ends at {s.end}, not after it starts at {s.start}"
            continue
        if MEETING_MINUTES[0] <= r.meeting_minutes and not session_slots(
            s, r.meeting_minutes, max(r.pause_minutes, 0)
        ):
            yield "sessions", f"{where}: shorter than one meeting of {r.meeting_minutes} minutes"
        timed.append((s.day, minutes(s.start), minutes(s.end), k))
    timed.sort()
    for before, after in zip(timed, timed[1:], strict=False):
        if before[0] == after[0] and after[1] < before[2]:
            yield "sessions", f"sessions {before[3]} and {after[3]} overlap on {before[0]}"
