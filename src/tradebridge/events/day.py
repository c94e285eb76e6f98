"""The day of an event: staff check participants in, meetings are marked held, no-show or
cancelled, and staff add walk-in meetings.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller (changes are audited by the session). The rules:

- all of it happens while the event's schedule is published or the event is live (the days
  themselves); before, there is nothing to track, and after it closes the record stands;
- staff check approved participants in (and undo a check-in made by mistake);
- a published meeting is marked held, no-show or cancelled by staff or by the organisation of
  either participant; a mark may be corrected while the day lasts; marking a meeting held checks
  both people in;
- walk-ins are added by staff only (both people come to the desk, which is their consent): two
  approved participants of different organisations who are not kept apart, in one of the
  event's slots where both are available (their sessions) and free (no meeting there that is
  not cancelled), below their maximum of meetings, at one of the event's tables that is free in
  that slot; a participant with a fixed table meets at it. A walk-in joins both agendas as a
  published meeting, to be marked like the others.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, Forbidden, NotFound, nearest
from tradebridge.events import services as events
from tradebridge.events.meeting_requests import blocked
from tradebridge.events.models import Event, EventParticipant, Meeting
from tradebridge.events.registration import get_participant
from tradebridge.events.slots import Slot, instant
from tradebridge.events.status import shown
from tradebridge.events.vocabulary import ATTENDANCE

DAY_STATUSES = ("published", "live")


def ensure_on_the_day(event: Event, action: str) -> None:
    """``BadInput`` unless the event's schedule is published or the event is live."""
    if event.status not in DAY_STATUSES:
        raise BadInput(
            f"the event is {shown(event.status)}: {action} while it is "
            f"{' or '.join(shown(s) for s in DAY_STATUSES)}",
            field="status",
        )


def check_in(
    session: Session, participant_id: int, *, undo: bool = False, user: Any = None
) -> EventParticipant:
    """Mark an approved participant present (staff only); ``undo`` clears the mark."""
    events.require_staff(user, "check participants in")
    p = get_participant(session, participant_id, user=user)
    ensure_on_the_day(p.event, "participants are checked in")
    if p.status != "approved":
        raise BadInput(f"{p.person_name} is not an approved participant", field="participant")
    p.checked_in_at = None if undo else (p.checked_in_at or utcnow())
    session.flush()
    return p


def get_meeting(session: Session, meeting_id: int, *, user: Any = None) -> Meeting:
    """A published meeting ``user`` may see (``NotFound`` otherwise): staff and viewers any,
    a company those of its own people."""
    m = session.get(Meeting, meeting_id)
    if m is None or m.status != "published" or not events.may_read(user, m.a.event):
        raise NotFound(f"no meeting #{meeting_id}", field="meeting")
    if not (user is None or events.role_of(user) in events.READER_ROLES):
        own = getattr(user, "organisation_id", None)
        if own not in (m.a.organisation_id, m.b.organisation_id):
            raise NotFound(f"no meeting #{meeting_id}", field="meeting")
    return m


def mark(session: Session, meeting_id: int, attendance: str, *, user: Any = None) -> Meeting:
    """Mark a published meeting held, no-show or cancelled (staff, or either side's
    organisation); a held meeting checks both people in."""
    from tradebridge.accounts.policy import may_act_for

    m = get_meeting(session, meeting_id, user=user)
    if user is not None and not any(may_act_for(user, side.organisation_id) for side in (m.a, m.b)):
        raise Forbidden("only staff or the two sides mark a meeting")
    if attendance not in ATTENDANCE:
        raise BadInput(
            f"unknown mark {attendance!r}; valid: {', '.join(ATTENDANCE)}", field="attendance"
        )
    ensure_on_the_day(m.a.event, "meetings are marked")
    if attendance != "cancelled" and m.attendance == "cancelled":
        _ensure_free(session, m.a.event, m.slot, m.table, (m.a, m.b), exclude=m.id)
    now = utcnow()
    m.attendance, m.marked_at = attendance, now
    if attendance == "held":
        for side in (m.a, m.b):
            side.checked_in_at = side.checked_in_at or now
    session.flush()
    return m


def _slot(event: Event, slot_id: str) -> Slot:
    found = {s.id: s for s in events.event_slots(event)}
    if slot_id not in found:
        raise BadInput(f"unknown slot {slot_id!r}; {nearest(slot_id, list(found))}", field="slot")
    return found[slot_id]


def _taking_place(session: Session, event: Event) -> list[Meeting]:
    query = select(Meeting).where(
        Meeting.event_id == event.id,
        Meeting.status == "published",
        Meeting.attendance.is_distinct_from("cancelled"),
    )
    return list(session.scalars(query))


def _ensure_free(
    session: Session,
    event: Event,
    slot: str,
    table: str,
    people: tuple[EventParticipant, ...],
    *,
    exclude: int | None = None,
) -> None:
    """``BadInput`` unless both people and the table are free in ``slot``."""
    others = [m for m in _taking_place(session, event) if m.id != exclude]
    for m in others:
        if m.slot != slot:
            continue
        for p in people:
            if p.id in (m.a_id, m.b_id):
                raise BadInput(f"{p.person_name} has meeting #{m.id} in slot {slot}", field="slot")
        if m.table == table:
            raise BadInput(
                f"table {table} is taken in slot {slot} (meeting #{m.id})", field="table"
            )
    for p in people:
        count = sum(p.id in (m.a_id, m.b_id) for m in others)
        if p.max_meetings is not None and count >= p.max_meetings:
            raise BadInput(
                f"{p.person_name} has {count} meetings, their maximum", field="participant"
            )


def walk_in(
    session: Session,
    a_id: int,
    b_id: int,
    slot: str,
    table: str | None = None,
    *,
    user: Any = None,
) -> Meeting:
    """Add a walk-in meeting of ``a_id`` and ``b_id`` in ``slot`` (staff only; see the
    rules above). ``table``: one of the event's free tables (None: a fixed table of either,
    else the first free one)."""
    events.require_staff(user, "add walk-in meetings")
    a, b = (get_participant(session, pid, user=user) for pid in (a_id, b_id))
    event = a.event
    if b.event_id != event.id or a.id == b.id:
        raise BadInput("a walk-in is two different participants of one event", field="b")
    ensure_on_the_day(event, "walk-in meetings are added")
    for side, p in (("a", a), ("b", b)):
        if p.status != "approved":
            raise BadInput(f"{p.person_name} is not an approved participant", field=side)
    if a.organisation_id == b.organisation_id:
        raise BadInput("colleagues of one organisation do not meet as a walk-in", field="b")
    if blocked(session, a.id, b.id):
        raise BadInput(f"{a.person_name} and {b.person_name} are not to meet", field="b")
    found = _slot(event, slot)
    for side, p in (("a", a), ("b", b)):
        if p.available_sessions is not None and int(found.session) not in p.available_sessions:
            raise BadInput(f"{p.person_name} is not available in slot {slot}", field=side)
    table = _table(session, event, found.id, table, (a, b))
    _ensure_free(session, event, found.id, table, (a, b))
    meeting = Meeting(
        event_id=event.id,
        a_id=a.id,
        b_id=b.id,
        slot=found.id,
        table=table,
        starts_at=instant(found.day, found.start, event.time_zone),
        ends_at=instant(found.day, found.end, event.time_zone),
        status="published",
        walk_in=True,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _table(
    session: Session,
    event: Event,
    slot: str,
    table: str | None,
    people: tuple[EventParticipant, ...],
) -> str:
    tables = list(event.tables or ())
    fixed = {p.table for p in people if p.table}
    if len(fixed) > 1:
        raise BadInput("both participants host at their own fixed tables", field="table")
    if fixed:
        own = fixed.pop()
        if table is not None and table != own:
            raise BadInput(f"a participant of this meeting hosts at table {own}", field="table")
        return own
    hosts = {
        p.table
        for p in session.scalars(
            select(EventParticipant).where(
                EventParticipant.event_id == event.id,
                EventParticipant.status == "approved",
                EventParticipant.table.is_not(None),
            )
        )
    }
    if table is not None:
        if table not in tables:
            raise BadInput(f"unknown table {table!r}; {nearest(table, tables)}", field="table")
        if table in hosts:
            raise BadInput(f"table {table} is another participant's fixed table", field="table")
        return table
    taken = {m.table for m in _taking_place(session, event) if m.slot == slot}
    for name in tables:
        if name not in taken and name not in hosts:
            return name
    raise BadInput(f"no table is free in slot {slot}", field="table")


def day_sheet(session: Session, event_id: int, *, user: Any = None) -> dict[str, Any]:
    """The day at a glance: the published meetings ``user`` may see in time order, the
    approved participants (checked in or not: staff and viewers), and counts of each mark."""
    from tradebridge.events import scheduling

    event = events.get(session, event_id, user=user)
    found = [
        m for m in scheduling.meetings(session, event_id, user=user) if m.status == "published"
    ]
    counts = dict.fromkeys((*ATTENDANCE, "unmarked"), 0)
    for m in found:
        counts[m.attendance or "unmarked"] += 1
    people: list[EventParticipant] = []
    if user is None or events.role_of(user) in events.READER_ROLES:
        people = list(
            session.scalars(
                select(EventParticipant)
                .where(EventParticipant.event_id == event.id, EventParticipant.status == "approved")
                .order_by(EventParticipant.person_name, EventParticipant.id)
            )
        )
    return {"event": event, "meetings": found, "participants": people, "counts": counts}
