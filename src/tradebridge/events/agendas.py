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
from tradebridge.events.registration import get_participant

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


@cache
def _sides_query() -> Any:
    """Every meeting with both sides' person, position and organisation, as plain columns
    (built once: aliasing the tables costs more than running the query)."""
    from sqlalchemy.orm import aliased

    from tradebridge.registry.models import Organisation

    def side(who: Any, org: Any) -> list[Any]:
        names = (org.name_en, org.name_az, org.name_ru)
        return [who.id, who.person_name, who.position, *names, org.country]

    a, b = aliased(EventParticipant), aliased(EventParticipant)
    oa, ob = aliased(Organisation), aliased(Organisation)
    return (
        select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.table,
            *side(a, oa),
            *side(b, ob),
        )  # fmt: skip
        .join(a, Meeting.a_id == a.id)
        .join(oa, a.organisation_id == oa.id)
        .join(b, Meeting.b_id == b.id)
        .join(ob, b.organisation_id == ob.id)
    )


def _sides(session: Session, event_id: int, participant_id: int | None = None) -> list[Any]:
    """The published meetings that are not cancelled (of one participant, or all), in time
    order, as rows of plain columns: the meeting, then each side (read in one query, without
    loading objects: an event's 10,000 meetings take a fraction of a second)."""
    from sqlalchemy import or_

    query = _sides_query().where(Meeting.event_id == event_id, Meeting.status == "published")
    query = query.where(or_(Meeting.attendance.is_(None), Meeting.attendance != "cancelled"))
    if participant_id is not None:
        query = query.where(scheduling.involving(participant_id))
    return list(session.execute(query.order_by(Meeting.starts_at, Meeting.table)))


def _items(row: Any, zone: ZoneInfo) -> tuple[tuple[int, AgendaItem], tuple[int, AgendaItem]]:
    """The row's meeting on each side's agenda: ``(a's id, item), (b's id, item)``."""
    meeting, starts, ends, table = row[:4]
    starts, ends = starts.astimezone(zone), ends.astimezone(zone)

    def item(other: Any) -> AgendaItem:
        _, person, position, name_en, name_az, name_ru, country = other
        name = name_en or name_az or name_ru
        return AgendaItem(meeting, starts, ends, table, person, position, name, country)

    a, b = row[4:11], row[11:18]
    return (a[0], item(b)), (b[0], item(a))


def agenda(session: Session, participant_id: int, *, user: Any = None) -> list[AgendaItem]:
    """The participant's published meetings (not cancelled) in time order, times local to
    the event."""
    p = get_participant(session, participant_id, user=user)
    _own(user, p)
    zone = ZoneInfo(p.event.time_zone)
    found = []
    for row in _sides(session, p.event_id, p.id):
        for me, item in _items(row, zone):
            if me == p.id:
                found.append(item)
    return found


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
    of: dict[int, list[AgendaItem]] = {p.id: [] for p in people}
    for row in _sides(session, event.id):
        for me, item in _items(row, zone):
            if me in of:
                of[me].append(item)
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
