"""Registrations and decisions in batches on both databases: each item checked as one is, in
order (an e-mail or a fixed table taken by an earlier item, an unknown organisation, a bad
HS code, the capacity reached by the batch itself), each refusal with its number, field and
reason; all or none by default, the rest stored with ``skip_invalid``; one audit entry per
row, updates showing only what changed."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.db.audit import AuditEntry, set_actor
from tradebridge.errors import Forbidden, RefusedItems
from tradebridge.events import registration, services
from tradebridge.events.models import EventParticipant
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import Entry, ParticipantRecord
from tradebridge.events.registration_batches import DecisionItem, decide_many, register_many
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
    tables=("1", "2", "3"),
    sessions=(Session("", DAY, "10:00", "12:00"),),
    capacity=4,
)


@pytest.fixture
def world(db_session):
    orgs = [
        registry.create(db_session, OrganisationRecord(kind, country, name_en=name), user=STAFF).id
        for kind, country, name in (
            ("exporter", "AZE", "Kend Apricots"),
            ("buyer", "RUS", "Sibir Fruit"),
            ("exporter", "AZE", "Baku Steel"),
        )
    ]
    event = services.create(db_session, FORUM, user=STAFF)
    services.move(db_session, event.id, "registration_open", user=STAFF)
    db_session.commit()
    return SimpleNamespace(event=event.id, orgs=orgs)


def _person(org: int, name: str, **more) -> ParticipantRecord:
    return ParticipantRecord(org, name, f"{name.lower()}@example.org", **more)


def _batch(o: list[int]) -> list[ParticipantRecord]:
    return [
        _person(o[0], "Aysel", table="1"),  # 1 stored
        ParticipantRecord(o[1], "Ivan", "AYSEL@example.org"),  # 2 Aysel's e-mail
        _person(o[1], "Olga", table="1"),  # 3 Aysel's table
        _person(999_999, "Rashad"),  # 4 no such organisation
        _person(o[1], "Ivan", entries=(Entry("request", "Apricots", hs_codes=("081310",)),)),
        _person(o[2], "Nina", entries=(Entry("offer", "Steel", hs_codes=("123456",)),)),  # 6
        _person(o[1], "Olga"),  # 7 stored
        _person(o[2], "Pavel"),  # 8 stored: the fourth, the capacity
        _person(o[2], "Rustam"),  # 9 the event is full
    ]


def test_each_refused_registration_keeps_its_reason_and_the_rest_are_stored(
    db_session, world
) -> None:
    done = register_many(db_session, world.event, _batch(world.orgs), user=STAFF,
                         skip_invalid=True)  # fmt: skip
    assert [(p.person_name, p.status, p.table) for p in done.stored] == [
        ("Aysel", "pending", "1"),
        ("Ivan", "pending", None),
        ("Olga", "pending", None),
        ("Pavel", "pending", None),
    ]
    assert [(e.kind, e.hs_codes) for e in done.stored[1].entries] == [("request", ["081310"])]
    assert [(r.number, r.field, r.reason) for r in done.refused] == [
        (2, "email", "AYSEL@example.org is already registered for this event "
                     "(registration 1 of this batch)"),
        (3, "table", "table 1 is already registration 1 of this batch's"),
        (4, "organisation_id", "no registered organisation #999999"),
        (6, "entries", "entry 1: not an HS6 code: '123456'"),
        (9, "capacity", "the event is full (4 participants)"),
    ]  # fmt: skip
    inserted = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "insert").order_by(AuditEntry.id)
    ).all()
    people = {e.entity_id: e.after for e in inserted if e.entity_type == "event_participants"}
    assert {people[str(p.id)]["person_name"] for p in done.stored} == {
        "Aysel", "Ivan", "Olga", "Pavel"
    }  # fmt: skip
    [entry] = [e.after for e in inserted if e.entity_type == "event_marketplace"]
    assert entry["participant_id"] == done.stored[1].id and entry["hs_codes"] == ["081310"]
    registration.withdraw(db_session, done.stored[3].id, user=STAFF)  # a place again
    again = register_many(db_session, world.event, [_person(world.orgs[0], "Aysel")],
                          user=STAFF, skip_invalid=True)  # fmt: skip
    assert again.refused[0].reason == "aysel@example.org is already registered for this event"


def test_a_registration_batch_is_all_or_none_by_default(db_session, world) -> None:
    with pytest.raises(RefusedItems) as refused:
        register_many(db_session, world.event, _batch(world.orgs), user=STAFF)
    assert [number for number, _ in refused.value.refused] == [2, 3, 4, 6, 9]
    assert str(refused.value).startswith("5 of 9 registrations refused, none stored: ")
    db_session.rollback()
    assert db_session.scalars(select(EventParticipant)).all() == []
    company = SimpleNamespace(role="company", organisation_id=world.orgs[0], id=None,
                              email="c@example.org")  # fmt: skip
    batch = [_person(world.orgs[0], "Aysel"), _person(world.orgs[1], "Ivan")]
    with pytest.raises(RefusedItems) as refused:
        register_many(db_session, world.event, batch, user=company)
    assert refused.value.http_status == 403
    assert "registration 2: you may only act for your own organisation" in str(refused.value)
    done = register_many(db_session, world.event, batch[:1], user=company)
    assert [p.person_name for p in done.stored] == ["Aysel"]


def test_decisions_in_a_batch(db_session, world) -> None:
    o = world.orgs
    stored = register_many(
        db_session,
        world.event,
        [_person(o[0], "Aysel"), _person(o[1], "Ivan"), _person(o[2], "Nina")],
        user=STAFF,
    ).stored
    aysel, ivan, nina = (p.id for p in stored)
    registration.withdraw(db_session, nina, user=STAFF)
    set_actor(db_session, STAFF)
    items = [
        DecisionItem(aysel, "approved"),
        DecisionItem(ivan, "declined", " no buyer yet "),
        DecisionItem(nina, "approved"),  # withdrawn
        DecisionItem(999_999, "approved"),  # no such participant
    ]
    company = SimpleNamespace(role="company", organisation_id=o[0], id=None)
    with pytest.raises(Forbidden):
        decide_many(db_session, world.event, items, user=company)
    with pytest.raises(RefusedItems) as refused:
        decide_many(db_session, world.event, items, user=STAFF)
    assert refused.value.http_status == 400  # the first refused, Nina's, is a 400
    done = decide_many(db_session, world.event, items, user=STAFF, skip_invalid=True)
    assert [(p.person_name, p.status, p.decision_note) for p in done.stored] == [
        ("Aysel", "approved", ""),
        ("Ivan", "declined", "no buyer yet"),
    ]
    assert [(r.number, r.field, r.reason) for r in done.refused] == [
        (3, "decision", "the participant has withdrawn"),
        (4, "participant", "no participant #999999"),
    ]
    updates = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity_type == "event_participants"
        )
    ).all()
    changed = {e.entity_id: (e.before, e.after, e.actor) for e in updates}
    assert changed[str(aysel)] == (
        {"status": "pending"}, {"status": "approved"}, "staff@example.org"
    )  # fmt: skip
    assert changed[str(ivan)][:2] == (
        {"status": "pending", "decision_note": ""},
        {"status": "declined", "decision_note": "no buyer yet"},
    )
    again = decide_many(db_session, world.event, items[:1], user=STAFF)
    assert again.stored[0].status == "approved"
    after = select(AuditEntry).where(
        AuditEntry.action == "update", AuditEntry.entity_type == "event_participants"
    )
    assert len(db_session.scalars(after).all()) == len(updates)  # nothing changed, no entry
