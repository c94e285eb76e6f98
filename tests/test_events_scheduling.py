"""Scheduling from the database on both databases: the engine's input built from the event
(written out by hand here), draft meetings stored after the result is re-checked, publication,
and a run after publication that keeps every published meeting."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from event_builders import DAY, LIMIT, STAFF
from tradebridge.errors import BadInput
from tradebridge.events import meeting_requests as requests
from tradebridge.events import registration, scheduling, services
from tradebridge.forum.model import Meeting as ForumMeeting
from tradebridge.forum.validation import InvalidSchedule


def test_the_engine_input_from_the_database(db_session, forum) -> None:
    p, m, a = forum.people, forum.morning, forum.afternoon
    doc = scheduling.forum_document(db_session, services.get(db_session, forum.event))
    assert doc == {
        "name": "AZ-RU forum",
        "slots": [
            {"id": f"{m}.1", "day": DAY.isoformat(), "session": str(m),
             "start": "10:00", "end": "10:20"},
            {"id": f"{m}.2", "day": DAY.isoformat(), "session": str(m),
             "start": "10:30", "end": "10:50"},
            {"id": f"{a}.1", "day": DAY.isoformat(), "session": str(a),
             "start": "14:00", "end": "14:20"},
        ],
        "tables": ["T1", "T2"],
        "participants": [
            {"id": str(p["Aysel"]), "name": "Aysel", "organisation": "Kend", "country": "AZE",
             "role": "exporter", "available_slots": [f"{m}.1", f"{m}.2"]},
            {"id": str(p["Boris"]), "name": "Boris", "organisation": "Sibir", "country": "RUS",
             "role": "buyer"},
            {"id": str(p["Chen"]), "name": "Chen", "organisation": "Silk", "country": "CHN",
             "role": "buyer"},
            {"id": str(p["Dmitri"]), "name": "Dmitri", "organisation": "Volga", "country": "RUS",
             "role": "buyer"},
        ],
        "requests": [
            {"from": str(p["Aysel"]), "to": str(p["Boris"]), "priority": "must"},
            {"from": str(p["Aysel"]), "to": str(p["Chen"]), "priority": "should"},
            {"from": str(p["Aysel"]), "to": str(p["Dmitri"]), "priority": "could"},
        ],
        "blocked_pairs": [],
        "locked": [],
    }  # fmt: skip


def _pairs(found) -> set[frozenset[int]]:
    return {frozenset((m.a_id, m.b_id)) for m in found}


def test_a_run_stores_the_draft_and_why_the_rest_was_left_out(db_session, forum) -> None:
    p = forum.people
    done = scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    db_session.commit()
    found = scheduling.meetings(db_session, forum.event)
    assert _pairs(found) == {
        frozenset((p["Aysel"], p["Boris"])),
        frozenset((p["Aysel"], p["Chen"])),
    }
    assert {m.status for m in found} == {"draft"}
    assert sorted(m.slot for m in found) == [f"{forum.morning}.1", f"{forum.morning}.2"]
    # 10:00 and 10:30 in Baku (UTC+4)
    assert sorted(m.starts_at for m in found) == [
        datetime(2026, 12, 8, 6, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 6, 30, tzinfo=UTC),
    ]
    assert (done.stats["requested"], done.stats["scheduled"]) == (3, 2)
    assert done.stats["weighted_score"] == 110.0
    assert done.unscheduled == [{"from": p["Aysel"], "to": p["Dmitri"], "reason": "both full"}]


def test_the_engine_result_is_checked_again_before_it_is_stored(db_session, forum, monkeypatch):
    import tradebridge.forum.scheduling as engine

    real = engine.schedule

    def broken(forum_, **options):
        result = real(forum_, **options)
        first = result.meetings[0]
        clash = ForumMeeting(
            first.a, next(x.b for x in result.meetings if x.b != first.b), first.slot, "T2"
        )
        return type(result)((*result.meetings, clash), result.unscheduled, result.stats)

    monkeypatch.setattr(engine, "schedule", broken)
    with pytest.raises(InvalidSchedule, match="meetings in slot"):
        scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    db_session.rollback()
    assert scheduling.meetings(db_session, forum.event) == []
    assert scheduling.latest_run(db_session, forum.event) is None


def test_scheduling_only_while_the_event_is_scheduling(db_session, forum) -> None:
    services.move(db_session, forum.event, "requests_open", reason="one more buyer", user=STAFF)
    with pytest.raises(BadInput, match="meetings are scheduled while it is scheduling"):
        scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    with pytest.raises(BadInput, match="scheduling"):
        scheduling.publish(db_session, forum.event, user=STAFF)


def test_publishing_needs_a_run(db_session, forum) -> None:
    with pytest.raises(BadInput, match="run the scheduler"):
        scheduling.publish(db_session, forum.event, user=STAFF)


def test_a_run_after_publication_keeps_every_published_meeting(db_session, forum) -> None:
    p = forum.people
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    scheduling.publish(db_session, forum.event, user=STAFF)
    db_session.commit()
    assert services.get(db_session, forum.event).status == "published"
    published = {
        (m.id, m.a_id, m.b_id, m.slot, m.table)
        for m in scheduling.meetings(db_session, forum.event)
    }
    assert len(published) == 2
    # a late request: Boris and Chen, then a new run
    services.move(db_session, forum.event, "scheduling", reason="late request", user=STAFF)
    late = requests.send(db_session, p["Boris"], p["Chen"], priority="must", user=STAFF)
    requests.answer(db_session, late.id, "accepted", user=STAFF)
    done = scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    db_session.commit()
    after = scheduling.meetings(db_session, forum.event)
    kept = {(m.id, m.a_id, m.b_id, m.slot, m.table) for m in after if m.status == "published"}
    assert kept == published
    [new] = [m for m in after if m.status == "draft"]
    assert frozenset((new.a_id, new.b_id)) == frozenset((p["Boris"], p["Chen"]))
    assert done.stats["scheduled"] == 3


def test_a_company_sees_only_its_own_published_meetings(db_session, forum) -> None:
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    boris = SimpleNamespace(role="company", organisation_id=forum.orgs["Sibir"], id=None)
    assert scheduling.meetings(db_session, forum.event, user=boris) == []  # drafts are hidden
    scheduling.publish(db_session, forum.event, user=STAFF)
    [mine] = scheduling.meetings(db_session, forum.event, user=boris)
    assert forum.people["Boris"] in (mine.a_id, mine.b_id)
    dmitri = SimpleNamespace(role="company", organisation_id=forum.orgs["Volga"], id=None)
    assert scheduling.meetings(db_session, forum.event, user=dmitri) == []


def test_a_run_cancels_the_published_meetings_of_a_participant_since_declined(
    db_session, forum
) -> None:
    """Boris is declined after publication: the next run marks his published meeting with
    Aysel cancelled, says so, and keeps her other published meeting; the slot is free for
    Dmitri."""
    p = forum.people
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    scheduling.publish(db_session, forum.event, user=STAFF)
    [with_boris] = [
        m for m in scheduling.meetings(db_session, forum.event) if p["Boris"] in (m.a_id, m.b_id)
    ]
    freed = with_boris.slot
    services.move(db_session, forum.event, "scheduling", reason="changes", user=STAFF)
    registration.decide(db_session, p["Boris"], "declined", user=STAFF)
    done = scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    db_session.commit()
    assert done.cancelled == [
        {
            "a": with_boris.a_id,
            "b": with_boris.b_id,
            "slot": freed,
            "table": with_boris.table,
            "starts_at": with_boris.starts_at.isoformat(),
            "reason": f"Boris (#{p['Boris']}) is declined",
        }
    ]
    after = scheduling.meetings(db_session, forum.event)
    [gone] = [m for m in after if m.attendance == "cancelled"]
    assert (gone.id, gone.status) == (with_boris.id, "published")  # kept on record
    assert _pairs(m for m in after if m.attendance != "cancelled") == {
        frozenset((p["Aysel"], p["Chen"])),
        frozenset((p["Aysel"], p["Dmitri"])),
    }
    [dmitri] = [m for m in after if m.status == "draft"]
    assert dmitri.slot == freed
    summary = scheduling.summary(db_session, forum.event, user=STAFF)
    assert summary["run"]["cancelled"] == done.cancelled


def test_publishing_refuses_a_draft_of_a_participant_declined_after_the_run(
    db_session, forum
) -> None:
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    registration.decide(db_session, forum.people["Chen"], "declined", user=STAFF)
    with pytest.raises(BadInput, match=r"Chen\): a participant is no longer approved"):
        scheduling.publish(db_session, forum.event, user=STAFF)


def test_runs_and_publication_are_audited_meeting_by_meeting(db_session, forum) -> None:
    from sqlalchemy import select

    from tradebridge.db.audit import AuditEntry, set_actor

    set_actor(db_session, STAFF)
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    first = {m.id: m for m in scheduling.meetings(db_session, forum.event)}
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)  # a new draft
    second = {m.id for m in scheduling.meetings(db_session, forum.event)}
    scheduling.publish(db_session, forum.event, user=STAFF)
    db_session.commit()
    entries = db_session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "event_meetings")
    ).all()
    seen = {(e.action, int(e.entity_id)) for e in entries}
    assert {("insert", i) for i in first} | {("delete", i) for i in first} <= seen
    assert {("insert", i) for i in second} | {("update", i) for i in second} <= seen
    for e in entries:
        assert e.actor == STAFF.email
        if e.action == "delete":
            old = first[int(e.entity_id)]
            assert (e.before["a_id"], e.before["slot"], e.before["status"]) == (
                old.a_id, old.slot, "draft"
            )  # fmt: skip
        if e.action == "update":
            assert (e.before, e.after) == ({"status": "draft"}, {"status": "published"})
