"""Staff's hand edits of the draft schedule: move a draft meeting to another slot or table,
cancel it, or add a meeting, while the event is scheduling.

Every edit is checked by the engine's independent validator
(``forum.validation.schedule_problems``) on the whole schedule as it would be after the edit,
so the rules are written once: both participants available and free in the slot, the table
free (and not kept for a host), not a pair kept apart, at most one meeting per pair, each
participant's maximum. Published meetings are locked: they are never moved or cancelled here
(reopen the schedule and run it again, or decline the participant). A refused edit changes
nothing and says why, with the participants' names and the slot's local time.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput, BadInputs, NotFound
from tradebridge.events import scheduling
from tradebridge.events.models import Event, EventParticipant, Meeting
from tradebridge.forum.model import Forum
from tradebridge.forum.model import Meeting as ForumMeeting

_ID = re.compile(r"#(\d+)")
_SLOT = re.compile(r"slot (\S+?)(?=[,;)]|$| )")


def _forum(session: Session, event: Event) -> Forum:
    """The event as the validator sees it, participants named ``#<id>`` so that its messages
    can be rewritten with names."""
    from tradebridge.forum.loading import forum_from_dict

    doc = scheduling.forum_document(session, event)
    for p in doc["participants"]:
        p["id"] = f"#{p['id']}"
    for r in doc["requests"]:
        r["from"], r["to"] = f"#{r['from']}", f"#{r['to']}"
    doc["blocked_pairs"] = [[f"#{a}", f"#{b}"] for a, b in doc["blocked_pairs"]]
    for m in doc["locked"]:
        m["a"], m["b"] = f"#{m['a']}", f"#{m['b']}"
    return forum_from_dict(doc, source=f"event #{event.id}")


def _as_forum(m: Meeting | Row) -> ForumMeeting:
    return ForumMeeting(f"#{m.a_id}", f"#{m.b_id}", m.slot, m.table)


def _readable(session: Session, event: Event, forum: Forum, problem: str) -> str:
    """``problem`` with participants' names and slots' local times."""

    def person(match: re.Match[str]) -> str:
        p = session.get(EventParticipant, int(match.group(1)))
        return f"{p.person_name} (#{p.id})" if p is not None else match.group(0)

    def slot(match: re.Match[str]) -> str:
        sid = match.group(1)
        if sid not in {s.id for s in forum.slots}:
            return match.group(0)
        s = forum.slot(sid)
        return f"slot {sid} ({s.day} {s.start}–{s.end})"

    text = re.sub(r"^meeting \d+ ", "the meeting ", problem)
    return _SLOT.sub(slot, _ID.sub(person, text))


def _check(session: Session, event: Event, forum: Forum, meetings: list[ForumMeeting]) -> None:
    from tradebridge.forum.validation import schedule_problems

    problems = schedule_problems(forum, meetings, complete=False)
    if problems:
        raise BadInputs([_readable(session, event, forum, p) for p in problems])


def _blocked_by_stale(session: Session, event: Event) -> None:
    gone = scheduling.stale(session, event)
    if gone:
        raise BadInput(
            f"{len(gone)} published meeting(s) have a participant who is no longer approved; "
            "run the scheduler first (it cancels them and frees their slots)",
            field="meeting",
        )


def _current(session: Session, event: Event) -> list[Row]:
    """The meetings that take place (a cancelled one frees its slot and table), as rows."""
    return scheduling.taking_place(session, event)


def _draft(session: Session, event_id: int, meeting_id: int, user: Any) -> tuple[Event, Meeting]:
    event = scheduling.editable(session, event_id, user)
    m = session.get(Meeting, meeting_id)
    if m is None or m.event_id != event.id:
        raise NotFound(f"no meeting #{meeting_id} at event #{event.id}", field="meeting")
    if m.status != "draft":
        raise BadInput(
            f"meeting #{m.id} is published and stays where it is; only draft meetings are "
            "edited by hand",
            field="meeting",
        )
    return event, m


def move(
    session: Session,
    event_id: int,
    meeting_id: int,
    *,
    slot: str,
    table: str,
    user: Any = None,
) -> Meeting:
    """Move draft meeting ``meeting_id`` to ``slot`` at ``table`` (staff, while scheduling)."""
    event, m = _draft(session, event_id, meeting_id, user)
    _blocked_by_stale(session, event)
    forum = _forum(session, event)
    moved = ForumMeeting(f"#{m.a_id}", f"#{m.b_id}", slot.strip(), table.strip())
    others = [_as_forum(x) for x in _current(session, event) if x.id != m.id]
    _check(session, event, forum, [moved, *others])
    m.slot, m.table = moved.slot, moved.table
    m.starts_at, m.ends_at = scheduling.meeting_times(event, forum, moved.slot)
    session.flush()
    return m


def cancel(session: Session, event_id: int, meeting_id: int, *, user: Any = None) -> None:
    """Cancel draft meeting ``meeting_id`` (staff, while scheduling): it is deleted, and the
    audit log keeps it."""
    _event, m = _draft(session, event_id, meeting_id, user)
    session.delete(m)
    session.flush()


def add(
    session: Session,
    event_id: int,
    a_id: int,
    b_id: int,
    *,
    slot: str,
    table: str,
    user: Any = None,
) -> Meeting:
    """Add a draft meeting of participants ``a_id`` and ``b_id`` in ``slot`` at ``table``
    (staff, while scheduling); both must be approved participants of the event. A meeting
    nobody requested may be added: staff may arrange one the participants asked for in
    person."""
    event = scheduling.editable(session, event_id, user)
    for pid, name in ((a_id, "a"), (b_id, "b")):
        p = session.get(EventParticipant, pid)
        if p is None or p.event_id != event.id:
            raise NotFound(f"no participant #{pid} at event #{event.id}", field=name)
        if p.status != "approved":
            raise BadInput(f"{p.person_name} (#{p.id}) is not approved", field=name)
    _blocked_by_stale(session, event)
    forum = check_added(session, event, a_id, b_id, slot.strip(), table.strip())
    starts, ends = scheduling.meeting_times(event, forum, slot.strip())
    m = Meeting(
        event_id=event.id,
        a_id=a_id,
        b_id=b_id,
        slot=slot.strip(),
        table=table.strip(),
        starts_at=starts,
        ends_at=ends,
        status="draft",
    )
    session.add(m)
    session.flush()
    return m


def check_added(
    session: Session, event: Event, a_id: int, b_id: int, slot: str, table: str
) -> Forum:
    """Refuse (``BadInputs``, every problem, with names and local times) a meeting of
    participants ``a_id`` and ``b_id`` in ``slot`` at ``table`` that would break a hard rule of
    the event's schedule as it stands (its meetings that take place); else the event as the
    validator saw it. The draft's hand edits and the day's walk-ins both add meetings through
    it."""
    forum = _forum(session, event)
    new = ForumMeeting(f"#{a_id}", f"#{b_id}", slot, table)
    _check(session, event, forum, [new, *(_as_forum(x) for x in _current(session, event))])
    return forum


def check_draft(session: Session, event: Event) -> None:
    """Refuse (``BadInputs``, every problem) when the stored meetings break a hard rule, e.g.
    a draft meeting of a participant declined after the run."""
    people = {p.id: p for p in scheduling.approved(session, event)}
    found = _current(session, event)
    gone = [m for m in found if m.a_id not in people or m.b_id not in people]
    if gone:
        raise BadInputs(
            [
                f"meeting #{m.id} ({m.a.person_name} and {m.b.person_name}): "
                "a participant is no longer approved; run the scheduler again"
                for m in (session.get(Meeting, row.id) for row in gone)
            ]
        )
    _check(session, event, _forum(session, event), [_as_forum(m) for m in found])
