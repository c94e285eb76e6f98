"""A small AZ-RU forum in the database, ready to schedule, for the scheduling tests."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tradebridge.events import meeting_requests as requests
from tradebridge.events import registration, services
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session
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
    db_session.flush()
    return SimpleNamespace(
        event=event.id, people=people, orgs=orgs, morning=morning, afternoon=afternoon
    )
