"""A participant's agenda: their published meetings in time order, as data for the page and as
an iCalendar file whose times carry the event's time zone (``DTSTART;TZID=Asia/Baku:…`` with
the zone's ``VTIMEZONE``), so that a calendar shows them at the right moment wherever it is.

A company reads the agendas of its own people, staff and viewers everyone's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tradebridge.db.base import utcnow
from tradebridge.errors import NotFound
from tradebridge.events import scheduling, services
from tradebridge.events.models import Event, EventParticipant, Meeting
from tradebridge.events.registration import get_participant, organisation_name

PRODID = "-//tradebridge//event agenda//EN"


@dataclass(frozen=True)
class AgendaItem:
    """One meeting of the agenda: local start and end in the event's zone, the table, and
    who the participant meets."""

    meeting_id: int
    starts: datetime
    ends: datetime
    table: str
    person: str
    position: str
    organisation: str
    country: str


def _own(user: Any, p: EventParticipant) -> None:
    if user is None or services.role_of(user) in services.READER_ROLES:
        return
    if getattr(user, "organisation_id", None) != p.organisation_id:
        raise NotFound(f"no agenda of participant #{p.id}", field="participant")


def _item(m: Meeting, me: int, zone: ZoneInfo) -> AgendaItem:
    other = m.b if m.a_id == me else m.a
    return AgendaItem(
        meeting_id=m.id,
        starts=m.starts_at.astimezone(zone),
        ends=m.ends_at.astimezone(zone),
        table=m.table,
        person=other.person_name,
        position=other.position,
        organisation=organisation_name(other.organisation),
        country=other.organisation.country,
    )


def _kept(m: Meeting) -> bool:
    """On the agenda: published and not cancelled."""
    return m.status == "published" and m.attendance != "cancelled"


def agenda(session: Session, participant_id: int, *, user: Any = None) -> list[AgendaItem]:
    """The participant's published meetings (not cancelled) in time order, times local to
    the event."""
    p = get_participant(session, participant_id, user=user)
    _own(user, p)
    zone = ZoneInfo(p.event.time_zone)
    found = scheduling.meetings(session, p.event_id, participant_id=p.id)
    return [_item(m, p.id, zone) for m in found if _kept(m)]


def every_agenda(
    session: Session, event_id: int, *, user: Any = None
) -> list[tuple[EventParticipant, list[AgendaItem]]]:
    """Every approved participant's agenda (staff and viewers), by name: the published
    meetings read in one query, with both sides and their organisations."""
    services.require_reader(user, "read every agenda")
    event: Event = services.get(session, event_id, user=user)
    zone = ZoneInfo(event.time_zone)
    people = list(
        session.scalars(
            select(EventParticipant)
            .where(EventParticipant.event_id == event.id, EventParticipant.status == "approved")
            .options(joinedload(EventParticipant.organisation))
            .order_by(EventParticipant.person_name, EventParticipant.id)
        )
    )
    found = session.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.status == "published")
        .order_by(Meeting.starts_at, Meeting.table)
    )
    of: dict[int, list[AgendaItem]] = {p.id: [] for p in people}
    for m in found:  # both sides are among ``people`` (in the session's identity map)
        if not _kept(m):
            continue
        for me in (m.a_id, m.b_id):
            if me in of:
                of[me].append(_item(m, me, zone))
    return [(p, of[p.id]) for p in people]


@cache
def _zone_component(time_zone: str) -> Any:
    """The zone's VTIMEZONE (its transitions, worked out once per zone: icalendar spends
    about 200 ms on them)."""
    from icalendar import Timezone

    return Timezone.from_tzid(time_zone)


def calendar_file(
    *,
    event_id: int,
    title: str,
    city: str,
    time_zone: str,
    participant_id: int,
    person: str,
    items: Sequence[AgendaItem],
    stamp: datetime | None = None,
) -> bytes:
    """The agenda of ``person`` (participant ``participant_id``) as an iCalendar file
    (RFC 5545): one VEVENT per meeting, its times in the event's zone with that zone's
    VTIMEZONE; ``stamp`` is the DTSTAMP (default now)."""
    from icalendar import Calendar
    from icalendar import Event as Vevent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{title}: {person}")
    calendar.add("x-wr-timezone", time_zone)
    if items:  # the zone's definition before the events that name it
        calendar.add_component(_zone_component(time_zone))
    when = stamp or utcnow()
    for item in items:
        vevent = Vevent()
        uid = f"event-{event_id}-meeting-{item.meeting_id}-{participant_id}@tradebridge"
        vevent.add("uid", uid)
        vevent.add("dtstamp", when)
        vevent.add("dtstart", item.starts)
        vevent.add("dtend", item.ends)
        vevent.add("summary", f"B2B: {item.person} ({item.organisation})")
        vevent.add("location", f"{city}, table {item.table}".lstrip(", "))
        vevent.add(
            "description", f"{item.person}, {item.position}, {item.organisation}, {item.country}"
        )
        calendar.add_component(vevent)
    return calendar.to_ical()
