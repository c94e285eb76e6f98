"""The table plans for the venue staff: the published meetings of an event (not cancelled),
per slot (each table in use and the two people meeting there) and per table (the day's
sequence), in the event's local time. Staff and viewers read them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from tradebridge.events import services
from tradebridge.events.models import EventParticipant, Meeting
from tradebridge.events.registration import organisation_name


@dataclass(frozen=True)
class Seat:
    """One side of a meeting: the person and their organisation."""

    participant_id: int
    person: str
    organisation: str
    country: str


@dataclass(frozen=True)
class PlannedMeeting:
    """A published meeting at a table: local start and end, and the two sides."""

    slot: str
    starts: datetime
    ends: datetime
    table: str
    a: Seat
    b: Seat


@dataclass(frozen=True)
class TablePlan:
    """The plan: ``by_slot`` in time order (each slot's meetings in table order), ``by_table``
    in the event's table order (each table's meetings in time order)."""

    event_id: int
    time_zone: str
    tables: tuple[str, ...]
    by_slot: tuple[tuple[str, tuple[PlannedMeeting, ...]], ...]
    by_table: tuple[tuple[str, tuple[PlannedMeeting, ...]], ...]

    @property
    def meetings(self) -> int:
        return sum(len(ms) for _, ms in self.by_slot)


def _seat(p: EventParticipant) -> Seat:
    return Seat(p.id, p.person_name, organisation_name(p.organisation), p.organisation.country)


def table_plan(session: Session, event_id: int, *, user: Any = None) -> TablePlan:
    """The event's published meetings arranged per slot and per table (staff and viewers)."""
    services.require_reader(user, "read the table plans")
    event = services.get(session, event_id, user=user)
    zone = ZoneInfo(event.time_zone)
    found = session.scalars(
        select(Meeting)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == "published",
            or_(Meeting.attendance.is_(None), Meeting.attendance != "cancelled"),
        )
        .options(
            joinedload(Meeting.a).joinedload(EventParticipant.organisation),
            joinedload(Meeting.b).joinedload(EventParticipant.organisation),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    order = {t: i for i, t in enumerate(event.tables or ())}
    planned = [
        PlannedMeeting(
            slot=m.slot,
            starts=m.starts_at.astimezone(zone),
            ends=m.ends_at.astimezone(zone),
            table=m.table,
            a=_seat(m.a),
            b=_seat(m.b),
        )
        for m in found
    ]
    by_slot: dict[str, list[PlannedMeeting]] = defaultdict(list)
    by_table: dict[str, list[PlannedMeeting]] = defaultdict(list)
    for m in planned:
        by_slot[m.slot].append(m)
        by_table[m.table].append(m)

    def table_key(table: str) -> tuple[int, str]:
        return order.get(table, len(order)), table

    return TablePlan(
        event_id=event.id,
        time_zone=event.time_zone,
        tables=tuple(event.tables or ()),
        by_slot=tuple(
            (slot, tuple(sorted(ms, key=lambda m: table_key(m.table))))
            for slot, ms in by_slot.items()
        ),
        by_table=tuple(
            (table, tuple(by_table[table])) for table in sorted(by_table, key=table_key)
        ),
    )
