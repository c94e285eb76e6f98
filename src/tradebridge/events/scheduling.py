"""Scheduling an event's B2B meetings from the database with the ``forum`` engine.

``forum_of`` turns the event into the engine's input: its slots (``events.slots``) and tables,
its approved participants (available in the slots of their sessions, with their maximum and
fixed table), their accepted requests (priority must/should/could), the pairs kept apart, and
the published meetings as locked meetings. It goes through ``forum.loading.forum_from_dict``,
so the engine's own checks apply. ``run`` schedules it, re-checks the result with the engine's
independent validator (``forum.validation.check_schedule``) before anything is stored, and
replaces the draft meetings; ``publish`` makes the draft meetings published and the event
published. A run after publication keeps every published meeting where it is, except those of
a participant no longer approved (declined or withdrawn since): the run marks them cancelled
and keeps the list in the run's record (``ScheduleRun.cancelled``), so that nobody waits at a
table for someone who is not coming and the counterpart's slot is free again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from tradebridge.db.audit import update_many
from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, NotFound
from tradebridge.events import services as events
from tradebridge.events.models import (
    BlockedPair,
    Event,
    EventParticipant,
    Meeting,
    MeetingRequest,
    ScheduleRun,
)
from tradebridge.events.registration import organisation_name
from tradebridge.events.slots import instant
from tradebridge.events.status import shown
from tradebridge.forum.model import Forum, Schedule

ROLES = {
    "exporter": "exporter",
    "buyer": "buyer",
    "investor": "investor",
    "service": "service provider",
    "association": "other",
}
MAX_TIME_LIMIT = 600.0


def approved(session: Session, event: Event) -> list[EventParticipant]:
    """The event's approved participants, by id, with their organisations."""
    query = select(EventParticipant).where(
        EventParticipant.event_id == event.id, EventParticipant.status == "approved"
    )
    query = query.options(selectinload(EventParticipant.organisation))
    return list(session.scalars(query.order_by(EventParticipant.id)))


def taking_place(session: Session, event: Event, status: str | None = None) -> list[Row]:
    """The event's meetings that take place (not cancelled), ``status`` ones only if given,
    as rows of ``id, a_id, b_id, slot, table, status`` (no objects: a schedule holds
    thousands)."""
    query = select(
        Meeting.id, Meeting.a_id, Meeting.b_id, Meeting.slot, Meeting.table, Meeting.status
    ).where(
        Meeting.event_id == event.id,
        or_(Meeting.attendance.is_(None), Meeting.attendance != "cancelled"),
    )
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(session.execute(query.order_by(Meeting.starts_at, Meeting.table)))


def _meetings(session: Session, event: Event, status: str | None = None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.event_id == event.id)
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.table)))


def forum_document(session: Session, event: Event) -> dict[str, Any]:
    """The event as the engine's input document (``docs/forum.md``); ids are the
    participants' ids as text."""
    slots = events.event_slots(event)
    if not slots:
        raise BadInput("the event has no meeting slots: give it sessions first", field="sessions")
    if not event.tables:
        raise BadInput("the event has no tables", field="tables")
    of_session: dict[str, list[str]] = defaultdict(list)
    for s in slots:
        of_session[s.session].append(s.id)
    people = approved(session, event)
    ids = {p.id for p in people}
    participants = []
    for p in people:
        doc: dict[str, Any] = {
            "id": str(p.id),
            "name": p.person_name[:300],
            "organisation": organisation_name(p.organisation)[:300],
            "country": p.organisation.country,
            "role": ROLES.get(p.organisation.kind, "other"),
        }
        if p.available_sessions is not None:
            doc["available_slots"] = [
                slot for key in p.available_sessions for slot in of_session.get(str(key), ())
            ]
        if p.max_meetings is not None:
            doc["max_meetings"] = p.max_meetings
        if p.table is not None:
            doc["table"] = p.table
        participants.append(doc)
    accepted = session.execute(
        select(MeetingRequest.from_id, MeetingRequest.to_id, MeetingRequest.priority)
        .where(MeetingRequest.event_id == event.id, MeetingRequest.status == "accepted")
        .order_by(MeetingRequest.id)
    )
    requests = [
        {"from": str(a), "to": str(b), "priority": priority}
        for a, b, priority in accepted
        if a in ids and b in ids
    ]
    pairs = session.execute(
        select(BlockedPair.low_id, BlockedPair.high_id).where(BlockedPair.event_id == event.id)
    )
    blocked = [[str(low), str(high)] for low, high in pairs if {low, high} <= ids]
    locked = [
        {"a": str(m.a_id), "b": str(m.b_id), "slot": m.slot, "table": m.table}
        for m in taking_place(session, event, "published")
        # a cancelled meeting frees its slot and table; one of a participant no longer
        # approved is cancelled by the next run (``cancel_stale``)
        if {m.a_id, m.b_id} <= ids
    ]
    return {
        "name": event.title_en or event.title_az or event.title_ru,
        "slots": [
            {
                "id": s.id,
                "day": s.day.isoformat(),
                "session": s.session,
                "start": s.start,
                "end": s.end,
            }
            for s in slots
        ],
        "tables": list(event.tables),
        "participants": participants,
        "requests": requests,
        "blocked_pairs": blocked,
        "locked": locked,
    }


def forum_of(session: Session, event: Event) -> Forum:
    """The event as the engine's checked ``Forum`` (``BadInputs`` listing every problem); the
    published meetings of participants no longer approved are left out (see ``stale``)."""
    from tradebridge.forum.loading import forum_from_dict

    return forum_from_dict(forum_document(session, event), source=f"event #{event.id}")


def editable(session: Session, event_id: int, user: Any) -> Event:
    """The event, if ``user`` is staff and it is scheduling (``BadInput`` otherwise)."""
    events.require_staff(user, "schedule meetings")
    event = events.get(session, event_id, user=user)
    if event.status != "scheduling":
        raise BadInput(
            f"the event is {shown(event.status)}; meetings are scheduled while it is "
            f"{shown('scheduling')} (move it there, or reopen it with a reason)",
            field="status",
        )
    return event


def run(
    session: Session,
    event_id: int,
    *,
    user: Any = None,
    time_limit: float = 10.0,
    seed: int = 1,
) -> ScheduleRun:
    """Schedule the event's accepted requests around its published meetings, re-check the
    result, and store it as the draft meetings (staff only, while the event is scheduling)."""
    from tradebridge.forum.scheduling import schedule
    from tradebridge.forum.validation import check_schedule

    event = editable(session, event_id, user)
    cancelled = cancel_stale(session, event)
    forum = forum_of(session, event)
    result = schedule(forum, time_limit=min(time_limit, MAX_TIME_LIMIT), seed=seed)
    check_schedule(forum, result.meetings)
    _store(session, event, forum, result)
    stored = ScheduleRun(
        event_id=event.id,
        user_id=getattr(user, "id", None),
        stats=asdict(result.stats),
        unscheduled=[
            {"from": int(u.a), "to": int(u.b), "reason": u.reason} for u in result.unscheduled
        ],
        cancelled=cancelled,
    )
    session.add(stored)
    session.flush()
    return stored


def stale(session: Session, event: Event) -> list[Meeting]:
    """The published meetings (not cancelled) with a participant who is no longer approved."""
    a, b = aliased(EventParticipant), aliased(EventParticipant)
    query = (
        select(Meeting)
        .join(a, Meeting.a_id == a.id)
        .join(b, Meeting.b_id == b.id)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == "published",
            or_(Meeting.attendance.is_(None), Meeting.attendance != "cancelled"),
            or_(a.status != "approved", b.status != "approved"),
        )
    )
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.table)))


def cancel_stale(session: Session, event: Event) -> list[dict[str, Any]]:
    """Mark cancelled the published meetings of participants no longer approved (they stay
    on record, freeing their slot and table); the list of what was cancelled: both sides,
    slot, table, start (UTC, ISO) and why."""
    out = []
    for m in stale(session, event):
        gone = [p for p in (m.a, m.b) if p.status != "approved"]
        out.append(
            {
                "a": m.a_id,
                "b": m.b_id,
                "slot": m.slot,
                "table": m.table,
                "starts_at": m.starts_at.isoformat(),
                "reason": "; ".join(f"{p.person_name} (#{p.id}) is {p.status}" for p in gone),
            }
        )
        m.attendance, m.marked_at = "cancelled", utcnow()
    session.flush()
    return out


def meeting_times(event: Event, forum: Forum, slot_id: str) -> tuple[datetime, datetime]:
    """The UTC start and end of slot ``slot_id`` of the event."""
    slot = forum.slot(slot_id)
    day = date.fromisoformat(slot.day)
    return instant(day, slot.start, event.time_zone), instant(day, slot.end, event.time_zone)


def _store(session: Session, event: Event, forum: Forum, result: Schedule) -> None:
    """Replace the draft meetings with the run's (its published meetings stay as they are):
    one statement to delete, one to insert, one audit entry per meeting either way."""
    from tradebridge.db.audit import delete_many, insert_many

    published = {
        (frozenset((str(m.a_id), str(m.b_id))), m.slot, m.table)
        for m in taking_place(session, event, "published")
    }
    drafts = select(Meeting.id).where(Meeting.event_id == event.id, Meeting.status == "draft")
    delete_many(session, Meeting, list(session.scalars(drafts)))
    times: dict[str, tuple[datetime, datetime]] = {}
    rows = []
    for m in result.meetings:
        if (m.pair, m.slot, m.table) in published:
            continue
        if m.slot not in times:
            times[m.slot] = meeting_times(event, forum, m.slot)
        starts, ends = times[m.slot]
        rows.append(
            {
                "event_id": event.id,
                "a_id": int(m.a),
                "b_id": int(m.b),
                "slot": m.slot,
                "table": m.table,
                "starts_at": starts,
                "ends_at": ends,
                "status": "draft",
            }
        )
    insert_many(session, Meeting, rows)


def publish(session: Session, event_id: int, *, user: Any = None) -> Event:
    """Publish the draft meetings and move the event to published (staff only), once they
    pass the hard rules again (a participant may have been declined since the run)."""
    event = editable(session, event_id, user)
    if latest_run(session, event.id) is None:
        raise BadInput("run the scheduler before publishing", field="status")
    from tradebridge.events.draft_edits import check_draft

    check_draft(session, event)
    drafts = select(Meeting.id).where(Meeting.event_id == event.id, Meeting.status == "draft")
    update_many(
        session, Meeting, {ident: {"status": "published"} for ident in session.scalars(drafts)}
    )
    return events.move(session, event.id, "published", user=user)


def latest_run(session: Session, event_id: int) -> ScheduleRun | None:
    query = select(ScheduleRun).where(ScheduleRun.event_id == event_id)
    return session.scalar(query.order_by(ScheduleRun.id.desc()).limit(1))


def meetings(
    session: Session, event_id: int, *, user: Any = None, participant_id: int | None = None
) -> list[Meeting]:
    """The event's meetings in time order: staff and viewers see drafts and published ones;
    a company only the published meetings of its own people. Filtered in the database, both
    sides loaded with the meetings."""
    from sqlalchemy import or_
    from sqlalchemy.orm import joinedload

    event = events.get(session, event_id, user=user)
    query = select(Meeting).where(Meeting.event_id == event.id)
    if participant_id is not None:
        query = query.where(or_(Meeting.a_id == participant_id, Meeting.b_id == participant_id))
    if not (user is None or events.role_of(user) in events.READER_ROLES):
        own = select(EventParticipant.id).where(
            EventParticipant.event_id == event.id,
            EventParticipant.organisation_id == getattr(user, "organisation_id", None),
        )
        query = query.where(
            Meeting.status == "published", or_(Meeting.a_id.in_(own), Meeting.b_id.in_(own))
        )
    query = query.options(
        joinedload(Meeting.a).joinedload(EventParticipant.organisation),
        joinedload(Meeting.b).joinedload(EventParticipant.organisation),
    )
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.table)))


def summary(session: Session, event_id: int, *, user: Any = None) -> dict[str, Any]:
    """The draft for staff: the last run's statistics, the requests left out with the
    reason, and meetings per participant."""
    events.require_staff(user, "see the schedule draft")
    event = events.get(session, event_id, user=user)
    last = latest_run(session, event.id)
    count: Counter[int] = Counter()
    found = _meetings(session, event)
    for m in found:
        count[m.a_id] += 1
        count[m.b_id] += 1
    return {
        "run": None
        if last is None
        else {
            "at": last.at,
            "stats": last.stats,
            "unscheduled": last.unscheduled,
            "cancelled": last.cancelled or [],
        },
        "meetings": len(found),
        "published": sum(m.status == "published" for m in found),
        "per_participant": dict(count),
    }


def get_meeting(session: Session, meeting_id: int, *, user: Any = None) -> Meeting:
    m = session.get(Meeting, meeting_id)
    if m is None or m not in meetings(session, m.event_id, user=user):
        raise NotFound(f"no meeting #{meeting_id}", field="meeting")
    return m


def local_time(meeting: Meeting, zone: str) -> str:
    """When a meeting starts, as ``YYYY-MM-DD HH:MM`` in the event's zone."""
    from zoneinfo import ZoneInfo

    return meeting.starts_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
