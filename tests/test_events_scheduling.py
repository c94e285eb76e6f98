"""Scheduling from the database on both databases: the engine's input built from the event
(written out by hand here), draft meetings stored after the result is re-checked, publication,
and a run after publication that keeps every published meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from tradebridge.errors import BadInput
from tradebridge.events import meeting_requests as requests
from tradebridge.events import registration, scheduling, services
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.forum.model import Meeting as ForumMeeting
from tradebridge.forum.validation import InvalidSchedule
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
DAY = date(2026, 12, 8)
FORUM = EventRecord(
    "business_forum",
    title_en="AZ-RU forum",
    starts_on=DAY,
    ends_on=DAY,
    time_zone="Asia/Baku",
    country="AZE",
    tables=("T1", "T2"),
    meeting_minutes=20,
    pause_minutes=10,
    sessions=(Session("", DAY, "10:00", "11:00"), Session("", DAY, "14:00", "14:20")),
)
LIMIT = 5.0


@pytest.fixture
def forum(db_session):
    """Aysel (exporter, morning only) asked Boris (must), Chen (should) and Dmitri (could);
    all accepted. Olga registered but was never approved. Two morning slots and one in the
    afternoon: Aysel meets Boris and Chen; Dmitri cannot fit."""
    orgs = {}
    for name, kind, country in [
        ("Kend", "exporter", "AZE"), ("Sibir", "buyer", "RUS"), ("Silk", "buyer", "CHN"),
        ("Volga", "buyer", "RUS"), ("Ural", "buyer", "RUS"),
    ]:  # fmt: skip
        orgs[name] = registry.create(
            db_session, OrganisationRecord(kind, country, name_en=name), user=STAFF
        ).id
    event = services.create(db_session, FORUM, user=STAFF)
    morning, afternoon = (s.id for s in event.sessions)
    services.move(db_session, event.id, "registration_open", user=STAFF)
    people = {}
    for person, org, sessions in [
        ("Aysel", "Kend", (morning,)), ("Boris", "Sibir", None), ("Chen", "Silk", None),
        ("Dmitri", "Volga", None), ("Olga", "Ural", None),
    ]:  # fmt: skip
        record = ParticipantRecord(
            orgs[org], person, f"{person.lower()}@example.org",
            available_sessions=sessions,
        )  # fmt: skip
        people[person] = registration.register(db_session, event.id, record, user=STAFF).id
        if person != "Olga":
            registration.decide(db_session, people[person], "approved", user=STAFF)
    services.move(db_session, event.id, "requests_open", user=STAFF)
    for other, priority in (("Boris", "must"), ("Chen", "should"), ("Dmitri", "could")):
        sent = requests.send(
            db_session, people["Aysel"], people[other], priority=priority, user=STAFF
        )
        requests.answer(db_session, sent.id, "accepted", user=STAFF)
    services.move(db_session, event.id, "scheduling", user=STAFF)
    db_session.commit()
    return SimpleNamespace(
        event=event.id, people=people, orgs=orgs, morning=morning, afternoon=afternoon
    )


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


def test_a_published_meeting_of_a_participant_since_declined_stops_the_run(db_session, forum):
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    scheduling.publish(db_session, forum.event, user=STAFF)
    services.move(db_session, forum.event, "scheduling", reason="changes", user=STAFF)
    registration.decide(db_session, forum.people["Boris"], "declined", user=STAFF)
    with pytest.raises(BadInput, match="unknown participant"):
        scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
