"""Events: the one set of functions the REST API and the web pages call.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller; changes are audited by the session (the caller names the actor). The rules:

- staff and admins create, edit and move events; local commands (``user=None``) act as staff;
- viewers and staff read every event; company users read events once registration opens;
- every record passes ``EventRecord.problems()`` (``InvalidRecord`` lists them);
- the sessions, the meeting length and the tables stay as they are from scheduling on
  (slots and tables are what the schedule is made of): reopen the event to change them;
- the status moves through ``events.status.check_move``; each move is kept in
  ``event_status_changes`` with its reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

# the events' modules and pages ask ``events.services`` who is staff: the one definition is
# ``accounts.roles``
from tradebridge.accounts.roles import READER_ROLES as READER_ROLES
from tradebridge.accounts.roles import is_staff as is_staff
from tradebridge.accounts.roles import require_reader as require_reader
from tradebridge.accounts.roles import require_staff as require_staff
from tradebridge.accounts.roles import role_of as role_of
from tradebridge.errors import BadInput, NotFound
from tradebridge.events import slots as slot_times
from tradebridge.events.models import Event, EventSession, EventStatusChange
from tradebridge.events.record import EventRecord, ensure_valid
from tradebridge.events.status import check_move, shown
from tradebridge.events.vocabulary import KINDS, STATUSES

FROZEN_FROM = "scheduling"
SCHEDULE_FIELDS = ("sessions", "meeting_minutes", "pause_minutes", "tables")


def title_in(event: Event, lang: str) -> str:
    """The event's title in ``lang``, else the first one given (en, az, ru)."""
    return getattr(event, f"title_{lang}", "") or event.title_en or event.title_az or event.title_ru


def may_read(user: Any, event: Event) -> bool:
    """Viewers and staff read every event, others those past their draft."""
    return user is None or role_of(user) in READER_ROLES or event.status != "draft"


def get(session: Session, event_id: int, *, user: Any = None) -> Event:
    """One event, if ``user`` may read it (``NotFound`` otherwise, so drafts stay unseen)."""
    event = session.get(Event, event_id)
    if event is None or not may_read(user, event):
        raise NotFound(f"no event #{event_id}", field="event")
    return event


def list_events(
    session: Session,
    *,
    user: Any = None,
    status: str | None = None,
    kind: str | None = None,
) -> list[Event]:
    """The events ``user`` may read, newest first, optionally of one status or kind."""
    if status is not None and status not in STATUSES:
        raise BadInput(f"unknown status {status!r}; valid: {', '.join(STATUSES)}", field="status")
    if kind is not None and kind not in KINDS:
        raise BadInput(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}", field="kind")
    query = select(Event).order_by(Event.starts_on.desc(), Event.id.desc())
    if status is not None:
        query = query.where(Event.status == status)
    if kind is not None:
        query = query.where(Event.kind == kind)
    if not (user is None or role_of(user) in READER_ROLES):
        query = query.where(Event.status != "draft")
    return list(session.scalars(query))


def record_of(event: Event) -> EventRecord:
    """The stored event as a record (its sessions keyed by their ids)."""
    return EventRecord(
        kind=event.kind,
        title_en=event.title_en,
        title_az=event.title_az,
        title_ru=event.title_ru,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        time_zone=event.time_zone,
        city=event.city,
        country=event.country,
        organiser=event.organiser,
        partner_countries=tuple(event.partner_countries or ()),
        sectors=tuple(event.sectors or ()),
        capacity=event.capacity,
        tables=tuple(event.tables or ()),
        meeting_minutes=event.meeting_minutes,
        pause_minutes=event.pause_minutes,
        sessions=tuple(
            slot_times.Session(str(s.id), s.day, s.starts, s.ends, s.name) for s in event.sessions
        ),
        auto_accept=event.auto_accept,
        request_cap=event.request_cap,
        requests_expire_on=event.requests_expire_on,
        synthetic=event.synthetic,
    )


def event_slots(event: Event) -> list[slot_times.Slot]:
    """The event's meeting slots, in time order (ids ``<session id>.<k>``)."""
    return slot_times.slots(
        record_of(event).sessions, meeting=event.meeting_minutes, pause=event.pause_minutes
    )


_COLUMNS = (
    "kind", "title_en", "title_az", "title_ru", "starts_on", "ends_on", "time_zone", "city",
    "country", "organiser", "capacity", "meeting_minutes", "pause_minutes", "auto_accept",
    "request_cap", "requests_expire_on", "synthetic",
)  # fmt: skip
_LISTS = ("partner_countries", "sectors", "tables")


def _store(session: Session, event: Event, record: EventRecord) -> Event:
    for name in _COLUMNS:
        setattr(event, name, getattr(record, name))
    for name in _LISTS:
        setattr(event, name, list(getattr(record, name)))
    stored = {str(s.id): s for s in event.sessions}
    kept = []
    for given in record.sessions:
        if given.key and given.key not in stored:
            raise BadInput(f"session #{given.key} is not one of this event's", field="sessions")
        row = stored.get(given.key) or EventSession()
        row.day, row.starts, row.ends, row.name = given.day, given.start, given.end, given.name
        kept.append(row)
    for row in set(stored.values()) - set(kept):
        session.delete(row)  # deleted as an object, so that the audit log sees it
    event.sessions = kept
    session.add(event)
    session.flush()
    return event


def create(session: Session, record: EventRecord, *, user: Any = None) -> Event:
    """Store a new event, in draft (staff only)."""
    require_staff(user, "create events")
    ensure_valid(record)
    return _store(session, Event(status="draft"), record)


def edit(session: Session, event_id: int, record: EventRecord, *, user: Any = None) -> Event:
    """Replace an event's record (staff only). From scheduling on, the sessions, the meeting
    length and the tables are those the schedule is made of: changing them is refused until
    the event is reopened."""
    require_staff(user, "edit events")
    event = get(session, event_id, user=user)
    ensure_valid(record)
    if STATUSES.index(event.status) >= STATUSES.index(FROZEN_FROM):
        before = record_of(event)
        changed = [
            name for name in SCHEDULE_FIELDS if getattr(record, name) != getattr(before, name)
        ]
        if changed:
            raise BadInput(
                f"the event is {shown(event.status)}: {', '.join(changed)} cannot change from "
                f"{shown(FROZEN_FROM)} on; reopen it first",
                field=changed[0],
            )
    return _store(session, event, record)


def move(
    session: Session,
    event_id: int,
    target: str,
    *,
    reason: str = "",
    user: Any = None,
) -> Event:
    """Move an event's status to ``target`` (staff only; see ``events.status``), keeping the
    move with its reason in ``event_status_changes``."""
    require_staff(user, "change an event's status")
    event = get(session, event_id, user=user)
    check_move(event.status, target, reason=reason)
    session.add(
        EventStatusChange(
            event_id=event.id,
            from_status=event.status,
            to_status=target,
            reason=reason.strip(),
            user_id=getattr(user, "id", None),
        )
    )
    event.status = target
    session.flush()
    return event


def history(session: Session, event_id: int, *, user: Any = None) -> list[EventStatusChange]:
    """The event's status moves, oldest first."""
    get(session, event_id, user=user)
    query = select(EventStatusChange).where(EventStatusChange.event_id == event_id)
    return list(session.scalars(query.order_by(EventStatusChange.at, EventStatusChange.id)))
