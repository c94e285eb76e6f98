"""Small forums for the events tests, built through the services: ``published_forum`` (the
day and its outcomes; the real scheduler) and ``forum`` / ``build_forum`` (ready to schedule,
for the scheduling, hand-edit and document tests)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tradebridge.events import meeting_requests, registration, scheduling, services
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
DAY = date(2026, 12, 8)
# one session of three 20-minute slots (10:00, 10:30, 11:00) and three tables
FORUM = EventRecord(
    "business_forum",
    title_en="AZ-RU forum",
    starts_on=DAY,
    ends_on=DAY,
    time_zone="Asia/Baku",
    country="AZE",
    tables=("T1", "T2", "T3"),
    meeting_minutes=20,
    pause_minutes=10,
    sessions=(Session("", DAY, "10:00", "11:30"),),
)
PEOPLE = [
    ("Aysel", "Kend", "exporter", "AZE"),
    ("Boris", "Sibir", "buyer", "RUS"),
    ("Chen", "Silk", "buyer", "CHN"),
    ("Dmitri", "Volga", "buyer", "RUS"),
    ("Emin", "Kend", "exporter", "AZE"),
]


def company(org_id: int) -> SimpleNamespace:
    """A company user of organisation ``org_id``."""
    return SimpleNamespace(role="company", organisation_id=org_id, id=None, email="c@example.org")


def published_forum(session, *, live: bool = True) -> SimpleNamespace:
    """Aysel (Kend) asked Boris (must) and Chen asked Dmitri (should); both accepted, the
    engine placed both meetings, staff published them (and opened the day, with ``live``).
    Emin is Aysel's colleague, approved, without meetings."""
    orgs = {}
    for _, org, kind, country in PEOPLE:
        if org not in orgs:
            orgs[org] = registry.create(
                session, OrganisationRecord(kind, country, name_en=org), user=STAFF
            ).id
    event = services.create(session, FORUM, user=STAFF)
    services.move(session, event.id, "registration_open", user=STAFF)
    people = {}
    for person, org, _, _ in PEOPLE:
        record = ParticipantRecord(orgs[org], person, f"{person.lower()}@example.org")
        people[person] = registration.register(session, event.id, record, user=STAFF).id
        registration.decide(session, people[person], "approved", user=STAFF)
    services.move(session, event.id, "requests_open", user=STAFF)
    for a, b, priority in (("Aysel", "Boris", "must"), ("Chen", "Dmitri", "should")):
        sent = meeting_requests.send(session, people[a], people[b], priority=priority, user=STAFF)
        meeting_requests.answer(session, sent.id, "accepted", user=STAFF)
    services.move(session, event.id, "scheduling", user=STAFF)
    scheduling.run(session, event.id, user=STAFF, time_limit=5.0)
    scheduling.publish(session, event.id, user=STAFF)
    if live:
        services.move(session, event.id, "live", user=STAFF)
    session.commit()
    meetings = {frozenset((m.a_id, m.b_id)): m.id for m in scheduling.meetings(session, event.id)}
    return SimpleNamespace(
        event=event.id,
        orgs=orgs,
        people=people,
        slots=[s.id for s in services.event_slots(event)],
        meeting=lambda a, b: meetings[frozenset((people[a], people[b]))],
    )


# two morning slots (10:00, 10:30) and one in the afternoon (14:00); two tables
SCHEDULING_FORUM = EventRecord(
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
    """The forum of ``build_forum``, committed."""
    built = build_forum(db_session)
    db_session.commit()
    return built


def build_forum(db_session) -> SimpleNamespace:
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
    event = services.create(db_session, SCHEDULING_FORUM, user=STAFF)
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
        sent = meeting_requests.send(
            db_session, people["Aysel"], people[other], priority=priority, user=STAFF
        )
        meeting_requests.answer(db_session, sent.id, "accepted", user=STAFF)
    services.move(db_session, event.id, "scheduling", user=STAFF)
    db_session.flush()
    return SimpleNamespace(
        event=event.id, people=people, orgs=orgs, morning=morning, afternoon=afternoon
    )
