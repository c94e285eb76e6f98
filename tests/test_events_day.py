"""The day of an event, on both databases: check-in, meetings marked held, no-show or
cancelled by staff or either side, and walk-in meetings with every rule checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from event_builders import STAFF, company, published_forum
from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import day, meeting_requests, services
from tradebridge.events.models import Meeting


def test_nothing_happens_on_the_day_before_the_schedule_is_published(db_session) -> None:
    forum = published_forum(db_session, live=False)
    services.move(db_session, forum.event, "scheduling", reason="one more buyer", user=STAFF)
    with pytest.raises(BadInput, match="while it is published or live") as caught:
        day.check_in(db_session, forum.people["Aysel"], user=STAFF)
    assert caught.value.field == "status"
    with pytest.raises(BadInput, match="meetings are marked while it is published or live"):
        day.mark(db_session, forum.meeting("Aysel", "Boris"), "held", user=STAFF)
    with pytest.raises(BadInput, match="walk-in meetings are added while"):
        day.walk_in(db_session, forum.people["Boris"], forum.people["Chen"], forum.slots[0])


def test_staff_check_people_in_and_companies_may_not(db_session) -> None:
    forum = published_forum(db_session, live=False)  # published is enough: the day may start
    p = day.check_in(db_session, forum.people["Aysel"], user=STAFF)
    first = p.checked_in_at
    assert first is not None
    assert day.check_in(db_session, forum.people["Aysel"], user=STAFF).checked_in_at == first
    with pytest.raises(Forbidden):
        day.check_in(db_session, forum.people["Aysel"], user=company(forum.orgs["Kend"]))
    assert day.check_in(db_session, forum.people["Aysel"], undo=True).checked_in_at is None


def test_either_side_marks_its_meeting_and_nobody_else(db_session) -> None:
    forum = published_forum(db_session)
    meeting = forum.meeting("Aysel", "Boris")
    marked = day.mark(db_session, meeting, "no_show", user=company(forum.orgs["Sibir"]))
    assert (marked.attendance, marked.a.checked_in_at) == ("no_show", None)
    marked = day.mark(db_session, meeting, "held", user=company(forum.orgs["Kend"]))
    assert marked.attendance == "held"
    assert marked.a.checked_in_at is not None and marked.b.checked_in_at is not None
    with pytest.raises(NotFound):  # a third company does not even see it
        day.mark(db_session, meeting, "cancelled", user=company(forum.orgs["Silk"]))
    with pytest.raises(BadInput, match="unknown mark 'late'"):
        day.mark(db_session, meeting, "late", user=STAFF)
    db_session.commit()
    changes = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "event_meetings", AuditEntry.action == "update"
        )
    ).all()
    assert [c.after["attendance"] for c in changes if "attendance" in c.after] == [
        "no_show",
        "held",
    ]


def _free_slot(db_session, forum, *names: str) -> str:
    busy = {
        m.slot
        for m in db_session.scalars(select(Meeting).where(Meeting.event_id == forum.event))
        if {m.a_id, m.b_id} & {forum.people[n] for n in names}
    }
    return next(s for s in forum.slots if s not in busy)


def test_a_walk_in_needs_both_people_and_the_table_free(db_session) -> None:
    forum = published_forum(db_session)
    boris, chen = forum.people["Boris"], forum.people["Chen"]
    ab = db_session.get(Meeting, forum.meeting("Aysel", "Boris"))
    with pytest.raises(BadInput, match=rf"Boris \(#{boris}\) has 2 meetings in slot {ab.slot}"):
        day.walk_in(db_session, chen, boris, ab.slot, user=STAFF)
    slot = _free_slot(db_session, forum, "Boris", "Chen")
    taken = db_session.scalars(select(Meeting).where(Meeting.slot == slot)).first()
    if taken is not None:
        with pytest.raises(BadInput, match=f"table {taken.table} has 2 meetings in slot {slot}"):
            day.walk_in(db_session, boris, chen, slot, taken.table, user=STAFF)
    with pytest.raises(BadInput, match="unknown table 'T9'"):
        day.walk_in(db_session, boris, chen, slot, "T9", user=STAFF)
    with pytest.raises(BadInput, match="unknown slot"):
        day.walk_in(db_session, boris, chen, "99.1", user=STAFF)
    with pytest.raises(BadInput, match="colleagues"):
        day.walk_in(db_session, forum.people["Aysel"], forum.people["Emin"], slot, user=STAFF)
    with pytest.raises(Forbidden):
        day.walk_in(db_session, boris, chen, slot, user=company(forum.orgs["Sibir"]))
    walk_in = day.walk_in(db_session, boris, chen, slot, user=STAFF)
    free = {"T1", "T2", "T3"} - ({taken.table} if taken else set())
    assert walk_in.walk_in and walk_in.status == "published" and walk_in.table in free
    assert walk_in.attendance is None
    with pytest.raises(BadInput, match=rf"Boris \(#{boris}\) has 2 meetings in slot {slot}"):
        day.walk_in(db_session, boris, forum.people["Dmitri"], slot, user=STAFF)
    later = _free_slot(db_session, forum, "Boris", "Chen")
    with pytest.raises(BadInput, match=r"Boris \(#\d+\) and Chen \(#\d+\) meet 2 times"):
        day.walk_in(db_session, boris, chen, later, user=STAFF)  # one meeting per pair, as ever


def test_a_cancelled_meeting_frees_its_table_and_blocked_pairs_never_meet(db_session) -> None:
    forum = published_forum(db_session)
    ab = db_session.get(Meeting, forum.meeting("Aysel", "Boris"))
    emin, boris = forum.people["Emin"], forum.people["Boris"]
    meeting_requests.block(db_session, emin, forum.people["Dmitri"], user=STAFF)
    with pytest.raises(BadInput, match="are a blocked pair"):
        day.walk_in(db_session, emin, forum.people["Dmitri"], forum.slots[0], user=STAFF)
    with pytest.raises(BadInput, match=r"Boris \(#\d+\) has 2 meetings"):
        day.walk_in(db_session, emin, boris, ab.slot, ab.table, user=STAFF)
    day.mark(db_session, ab.id, "cancelled", user=STAFF)
    again = day.walk_in(db_session, emin, boris, ab.slot, ab.table, user=STAFF)
    assert (again.slot, again.table) == (ab.slot, ab.table)
    with pytest.raises(
        BadInput, match=r"Boris \(#\d+\) has 2 meetings"
    ):  # no un-cancelling over it now
        day.mark(db_session, ab.id, "held", user=STAFF)


def test_the_day_sheet_counts_the_marks(db_session) -> None:
    forum = published_forum(db_session)
    day.mark(db_session, forum.meeting("Aysel", "Boris"), "held", user=STAFF)
    sheet = day.day_sheet(db_session, forum.event, user=STAFF)
    assert sheet["counts"] == {"held": 1, "no_show": 0, "cancelled": 0, "unmarked": 1}
    assert len(sheet["participants"]) == 5
    mine = day.day_sheet(db_session, forum.event, user=company(forum.orgs["Silk"]))
    assert [frozenset((m.a_id, m.b_id)) for m in mine["meetings"]] == [
        frozenset((forum.people["Chen"], forum.people["Dmitri"]))
    ]
    assert mine["participants"] == []
