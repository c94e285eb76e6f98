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
  approved participants of different organisations, at one of the event's tables (a
  participant with a fixed table meets at it; else the first table free in the slot). The
  schedule's own rules are checked by the engine's validator, as for the draft's hand edits
  (``draft_edits.check_added``): both available and free in the slot (a cancelled meeting
  frees it), the table free, not a pair kept apart, not a pair that meets already, each below
  their maximum. A walk-in joins both agendas as a published meeting, to be marked like the
  others; un-cancelling a meeting is checked the same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, Forbidden, NotFound, nearest
from tradebridge.events import services as events
from tradebridge.events.draft_edits import check_added
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
        check_added(session, m.a.event, m.a_id, m.b_id, m.slot, m.table)
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
    found = _slot(event, slot)
    table = _table(session, event, found.id, table, (a, b))
    check_added(session, event, a.id, b.id, found.id, table)
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
    """``table`` when staff name one (the validator checks it); else a fixed table of either
    person, else the first of the event's tables free in ``slot`` and kept for no host."""
    if table is not None:
        return table
    fixed = [p.table for p in people if p.table]
    if fixed:
        return fixed[0]
    hosts = set(
        session.scalars(
            select(EventParticipant.table).where(
                EventParticipant.event_id == event.id,
                EventParticipant.status == "approved",
                EventParticipant.table.is_not(None),
            )
        )
    )
    taken = {m.table for m in _taking_place(session, event) if m.slot == slot}
    for name in event.tables or ():
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
