"""Follow-ups of what events led to: each outcome with some interest or a lead, and each
mission result with contacts or leads, gets two, due 30 and 90 days after the later of the
event's last day and the day the outcome was first recorded:

>>> due_dates(date(2026, 5, 20), date(2026, 5, 21))
[(30, datetime.date(2026, 6, 20)), (90, datetime.date(2026, 8, 19))]
>>> due_dates(date(2026, 5, 20), date(2026, 7, 1))[0]
(30, datetime.date(2026, 7, 31))

They are the staff's work: staff and viewers list them (due ones first, the overdue before
the others), staff mark them done (with a note). Their dates stay as first planned when the
outcome changes; an outcome changed to no interest and no lead drops the open ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import services as events
from tradebridge.events.outcome_models import FollowUp, MissionResult, Outcome
from tradebridge.events.registration import organisation_name
from tradebridge.events.vocabulary import FOLLOW_UP_DAYS

SOON_DAYS = 14
MAX_NOTE = 2000


def due_dates(event_ends_on: date, recorded_on: date) -> list[tuple[int, date]]:
    """``(days, due date)`` of each follow-up (see the module's rule)."""
    base = max(event_ends_on, recorded_on)
    return [(days, base + timedelta(days=days)) for days in FOLLOW_UP_DAYS]


def plan(
    session: Session,
    source: Outcome | MissionResult,
    *,
    wanted: bool,
    today: date | None = None,
) -> list[FollowUp]:
    """Give ``source`` its follow-ups when ``wanted`` and it has none open or done yet; drop
    the open ones when not ``wanted``."""
    if not wanted:
        for f in source.follow_ups:
            if f.done_at is None:
                session.delete(f)  # as objects, so that the audit log sees them
        session.flush()
        session.expire(source, ["follow_ups"])
        return list(source.follow_ups)
    have = {f.after_days for f in source.follow_ups}
    recorded = today or utcnow().date()
    for days, due in due_dates(source.event.ends_on, recorded):
        if days not in have:
            source.follow_ups.append(
                FollowUp(
                    event_id=source.event_id,
                    organisation_id=source.organisation_id,
                    after_days=days,
                    due_on=due,
                )
            )
    session.flush()
    return list(source.follow_ups)


def _reader(user: Any) -> None:
    if not (user is None or events.role_of(user) in events.READER_ROLES):
        raise Forbidden("only staff follow up what events led to")


@dataclass(frozen=True)
class FollowUpView:
    """A follow-up with what the staff's list shows."""

    id: int
    event_id: int
    event_title: str
    organisation_id: int
    organisation: str
    after_days: int
    due_on: date
    overdue: bool
    done: bool
    note: str
    source: str
    meeting_id: int | None


def _view(f: FollowUp, today: date) -> FollowUpView:
    e = f.event
    return FollowUpView(
        id=f.id,
        event_id=e.id,
        event_title=e.title_en or e.title_az or e.title_ru,
        organisation_id=f.organisation_id,
        organisation=organisation_name(f.organisation),
        after_days=f.after_days,
        due_on=f.due_on,
        overdue=f.done_at is None and f.due_on < today,
        done=f.done_at is not None,
        note=f.note,
        source="meeting" if f.outcome_id is not None else "mission",
        meeting_id=f.outcome.meeting_id if f.outcome is not None else None,
    )


def follow_ups_of(
    session: Session,
    *,
    user: Any = None,
    event_id: int | None = None,
    open_only: bool = False,
    due_within: int | None = None,
    today: date | None = None,
) -> list[FollowUpView]:
    """Follow-ups (staff and viewers), earliest due first (so the overdue lead): of one event
    or all, only the open ones, only those due by ``today + due_within`` days."""
    _reader(user)
    today = today or utcnow().date()
    query = select(FollowUp).options(
        selectinload(FollowUp.event),
        selectinload(FollowUp.organisation),
        selectinload(FollowUp.outcome),
    )
    if event_id is not None:
        events.get(session, event_id, user=user)
        query = query.where(FollowUp.event_id == event_id)
    if open_only or due_within is not None:
        query = query.where(FollowUp.done_at.is_(None))
    if due_within is not None:
        query = query.where(FollowUp.due_on <= today + timedelta(days=due_within))
    found = session.scalars(query.order_by(FollowUp.due_on, FollowUp.id))
    return [_view(f, today) for f in found]


def due(session: Session, *, user: Any = None, today: date | None = None) -> list[FollowUpView]:
    """The open follow-ups due within two weeks, overdue first: the staff home page's list."""
    return follow_ups_of(session, user=user, due_within=SOON_DAYS, today=today)


def mark_done(
    session: Session, follow_up_id: int, *, note: str = "", undo: bool = False, user: Any = None
) -> FollowUp:
    """Mark a follow-up done (staff only), with a note; ``undo`` opens it again."""
    events.require_staff(user, "mark follow-ups done")
    f = session.get(FollowUp, follow_up_id)
    if f is None:
        raise NotFound(f"no follow-up #{follow_up_id}", field="follow_up")
    if len(note) > MAX_NOTE:
        raise BadInput(f"the note is too long (at most {MAX_NOTE} characters)", field="note")
    if undo:
        f.done_at, f.done_by = None, None
    else:
        f.done_at = f.done_at or utcnow()
        f.done_by = getattr(user, "id", None)
    if note.strip():
        f.note = note.strip()
    session.flush()
    return f
