"""Staff's hand edits of the draft schedule, on both databases: each rule refused with a
message naming the people and the slot's local time, the valid edits stored, published meetings
untouchable.

The forum (``event_builders.forum``) after its run: Aysel (morning only) meets Boris and Chen
in the two morning slots; Dmitri is left out; the afternoon slot (14:00-14:20) is empty."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from event_builders import LIMIT, STAFF
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import draft_edits, scheduling
from tradebridge.events import meeting_requests as requests
from tradebridge.events.models import EventParticipant, Meeting


@pytest.fixture
def draft(db_session, forum):
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    db_session.commit()
    p = forum.people
    by_pair = {frozenset((m.a_id, m.b_id)): m for m in scheduling.meetings(db_session, forum.event)}
    forum.boris = by_pair[frozenset((p["Aysel"], p["Boris"]))]
    forum.chen = by_pair[frozenset((p["Aysel"], p["Chen"]))]
    forum.after = f"{forum.afternoon}.1"
    return forum


def _count(db_session, event_id: int) -> int:
    return len(scheduling.meetings(db_session, event_id))


def test_a_meeting_moves_to_a_free_table_and_slot(db_session, draft) -> None:
    other = "T2" if draft.boris.table == "T1" else "T1"
    moved = draft_edits.move(
        db_session, draft.event, draft.boris.id, slot=draft.boris.slot, table=other, user=STAFF
    )
    assert (moved.slot, moved.table) == (draft.boris.slot, other)
    # Boris alone, to the afternoon? Aysel is there in the morning only: refused below; but
    # the Boris-Dmitri meeting staff add there is fine, and 14:00 in Baku is 10:00 UTC
    added = draft_edits.add(
        db_session,
        draft.event,
        draft.people["Boris"],
        draft.people["Dmitri"],
        slot=draft.after,
        table="T1",
        user=STAFF,
    )
    assert added.status == "draft"
    assert added.starts_at == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    assert added.ends_at == datetime(2026, 12, 8, 10, 20, tzinfo=UTC)
    assert _count(db_session, draft.event) == 3


def test_a_participant_unavailable_in_the_slot_is_refused(db_session, draft) -> None:
    aysel = draft.people["Aysel"]
    with pytest.raises(
        BadInput,
        match=rf"Aysel \(#{aysel}\) is not available in slot {draft.after} "
        r"\(2026-12-08 14:00–14:20\)",
    ):
        draft_edits.move(
            db_session, draft.event, draft.boris.id, slot=draft.after, table="T1", user=STAFF
        )
    db_session.refresh(draft.boris)
    assert draft.boris.slot != draft.after


def test_a_participant_busy_in_the_slot_is_refused(db_session, draft) -> None:
    other = "T2" if draft.boris.table == "T1" else "T1"
    with pytest.raises(BadInput, match=r"Aysel \(#\d+\) has 2 meetings in slot"):
        draft_edits.move(
            db_session, draft.event, draft.chen.id, slot=draft.boris.slot, table=other, user=STAFF
        )


def test_a_taken_table_is_refused(db_session, draft) -> None:
    p = draft.people
    draft_edits.add(
        db_session, draft.event, p["Boris"], p["Dmitri"], slot=draft.after, table="T1", user=STAFF
    )
    with pytest.raises(BadInput, match=f"table T1 has 2 meetings in slot {draft.after}"):
        draft_edits.add(
            db_session, draft.event, p["Chen"], p["Aysel"], slot=draft.after, table="T1",
            user=STAFF,
        )  # fmt: skip


def test_a_pair_kept_apart_is_refused(db_session, draft) -> None:
    p = draft.people
    requests.block(db_session, p["Boris"], p["Dmitri"], reason="competitors", user=STAFF)
    with pytest.raises(BadInput, match=r"Boris \(#\d+\) and Dmitri \(#\d+\) are a blocked pair"):
        draft_edits.add(
            db_session, draft.event, p["Boris"], p["Dmitri"], slot=draft.after, table="T1",
            user=STAFF,
        )  # fmt: skip


def test_the_maximum_of_meetings_holds(db_session, draft) -> None:
    p = draft.people
    db_session.get(EventParticipant, p["Boris"]).max_meetings = 1
    with pytest.raises(BadInput, match=r"Boris \(#\d+\) has 2 meetings, more than max_meetings 1"):
        draft_edits.add(
            db_session, draft.event, p["Boris"], p["Dmitri"], slot=draft.after, table="T1",
            user=STAFF,
        )  # fmt: skip


def test_a_pair_meets_once_and_only_approved_people_meet(db_session, draft) -> None:
    p = draft.people
    with pytest.raises(BadInput, match=r"Aysel \(#\d+\) and Boris \(#\d+\) meet 2 times"):
        other = "T2" if draft.chen.table == "T1" else "T1"
        draft_edits.add(
            db_session, draft.event, p["Aysel"], p["Boris"], slot=draft.chen.slot, table=other,
            user=STAFF,
        )  # fmt: skip
    with pytest.raises(BadInput, match=r"Olga \(#\d+\) is not approved"):
        draft_edits.add(
            db_session, draft.event, p["Olga"], p["Boris"], slot=draft.after, table="T1",
            user=STAFF,
        )  # fmt: skip
    with pytest.raises(BadInput, match="unknown slot"):
        draft_edits.move(db_session, draft.event, draft.boris.id, slot="9.9", table="T1",
                         user=STAFF)  # fmt: skip
    assert _count(db_session, draft.event) == 2


def test_a_draft_meeting_is_cancelled(db_session, draft) -> None:
    draft_edits.cancel(db_session, draft.event, draft.chen.id, user=STAFF)
    db_session.commit()
    assert db_session.get(Meeting, draft.chen.id) is None  # a draft is deleted, not marked
    assert _count(db_session, draft.event) == 1


def test_published_meetings_are_untouchable(db_session, draft) -> None:
    from tradebridge.events import services

    scheduling.publish(db_session, draft.event, user=STAFF)
    services.move(db_session, draft.event, "scheduling", reason="edits", user=STAFF)
    with pytest.raises(BadInput, match="is published and stays where it is"):
        draft_edits.cancel(db_session, draft.event, draft.chen.id, user=STAFF)
    with pytest.raises(BadInput, match="is published and stays where it is"):
        draft_edits.move(
            db_session, draft.event, draft.boris.id, slot=draft.after, table="T1", user=STAFF
        )


def test_only_staff_edit_and_only_while_scheduling(db_session, draft) -> None:
    from tradebridge.events import services

    company = SimpleNamespace(role="company", organisation_id=draft.orgs["Kend"], id=None)
    with pytest.raises(Forbidden):
        draft_edits.cancel(db_session, draft.event, draft.chen.id, user=company)
    with pytest.raises(NotFound):
        draft_edits.cancel(db_session, draft.event, 10**6, user=STAFF)
    services.move(db_session, draft.event, "requests_open", reason="one more", user=STAFF)
    with pytest.raises(BadInput, match="meetings are scheduled while it is scheduling"):
        draft_edits.cancel(db_session, draft.event, draft.chen.id, user=STAFF)
