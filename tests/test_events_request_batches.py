"""Meeting requests sent in one batch, on both databases: each item checked as one request is,
in order (a pair asked twice, either way, in the batch or before it; a pair kept apart; the
cap counting the batch's own earlier requests; a participant not approved), each refusal
with its number, field and reason; all or none by default, the rest stored with
``skip_invalid``; one audit entry per stored request."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.db.audit import AuditEntry, set_actor
from tradebridge.errors import Forbidden, RefusedItems
from tradebridge.events import meeting_requests as requests
from tradebridge.events import registration, services
from tradebridge.events.meeting_requests import RequestItem
from tradebridge.events.models import MeetingRequest
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
DAY = date(2026, 12, 8)
NAMES = ("Aysel", "Boris", "Chen", "Dmitri", "Elena", "Farid")
FORUM = EventRecord(
    "business_forum",
    title_en="AZ-RU forum",
    starts_on=DAY,
    ends_on=DAY,
    time_zone="Asia/Baku",
    country="AZE",
    tables=("1", "2"),
    sessions=(Session("", DAY, "10:00", "12:00"),),
    request_cap=2,
)


@pytest.fixture
def forum(db_session):
    """Six people of six organisations, all approved but Elena; Aysel and Dmitri kept apart;
    Dmitri has asked Chen already."""
    session = db_session
    event = services.create(session, FORUM, user=STAFF)
    services.move(session, event.id, "registration_open", user=STAFF)
    people = {}
    for name in NAMES:
        org = registry.create(
            session, OrganisationRecord("buyer", "RUS", name_en=f"{name} LLC"), user=STAFF
        ).id
        p = registration.register(
            session, event.id, ParticipantRecord(org, name, f"{name}@example.org"), user=STAFF
        )
        if name != "Elena":
            registration.decide(session, p.id, "approved", user=STAFF)
        people[name] = p.id
    services.move(session, event.id, "requests_open", user=STAFF)
    requests.block(session, people["Aysel"], people["Dmitri"], user=STAFF)
    earlier = requests.send(session, people["Dmitri"], people["Chen"], user=STAFF)
    session.commit()
    return SimpleNamespace(event=event.id, people=people, earlier=earlier.id)


def _batch(p: dict[str, int]) -> list[RequestItem]:
    return [
        RequestItem(p["Aysel"], p["Boris"], "apricots?", "must"),  # 1 stored
        RequestItem(p["Aysel"], p["Boris"]),  # 2 the same pair again
        RequestItem(p["Boris"], p["Aysel"]),  # 3 the same pair reversed
        RequestItem(p["Aysel"], p["Dmitri"]),  # 4 kept apart
        RequestItem(p["Aysel"], p["Chen"]),  # 5 stored: Aysel's second
        RequestItem(p["Aysel"], p["Farid"]),  # 6 over Aysel's cap of 2
        RequestItem(p["Boris"], p["Elena"]),  # 7 Elena not approved
        RequestItem(p["Chen"], p["Dmitri"]),  # 8 Dmitri asked Chen before the batch
        RequestItem(p["Chen"], p["Farid"], priority="could"),  # 9 stored
    ]


def test_each_refused_request_keeps_its_reason_and_the_rest_are_stored(db_session, forum) -> None:
    p = forum.people
    set_actor(db_session, STAFF)
    sent = requests.send_many(db_session, forum.event, _batch(p), user=STAFF, skip_invalid=True)
    assert [(r.from_id, r.to_id, r.priority) for r in sent.stored] == [
        (p["Aysel"], p["Boris"], "must"),
        (p["Aysel"], p["Chen"], "should"),
        (p["Chen"], p["Farid"], "could"),
    ]
    assert sent.stored[0].message == "apricots?" and sent.stored[0].status == "pending"
    assert [(r.number, r.field, r.reason) for r in sent.refused] == [
        (2, "to_id", "there is already request 1 of this batch between them"),
        (3, "to_id", "there is already request 1 of this batch between them"),
        (4, "to_id", "Aysel and Dmitri are not to meet"),
        (6, "from_id", "Aysel has sent 2 requests, the most this event allows"),
        (7, "to_id", "Elena is not an approved participant"),
        (8, "to_id", f"there is already request #{forum.earlier} between them (pending)"),
    ]
    stored = db_session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)).all()
    assert len(stored) == 4  # Dmitri's earlier request and the batch's three
    entries = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "event_requests", AuditEntry.action == "insert"
        )
    ).all()
    by_id = {e.entity_id: e for e in entries}
    for r in sent.stored:
        entry = by_id[str(r.id)]
        assert entry.actor == "staff@example.org"
        assert (entry.after["from_id"], entry.after["to_id"]) == (r.from_id, r.to_id)
        assert entry.after["priority"] == r.priority and entry.after["status"] == "pending"


def test_a_batch_is_all_or_none_by_default(db_session, forum) -> None:
    p = forum.people
    with pytest.raises(RefusedItems) as refused:
        requests.send_many(db_session, forum.event, _batch(p), user=STAFF)
    assert [number for number, _ in refused.value.refused] == [2, 3, 4, 6, 7, 8]
    message = str(refused.value)
    assert message.startswith("6 of 9 requests refused, none stored: request 2: to_id: ")
    assert "request 7: to_id: Elena is not an approved participant" in message
    assert refused.value.field == "to_id" and refused.value.http_status == 400
    db_session.rollback()
    assert len(db_session.scalars(select(MeetingRequest)).all()) == 1
    good = [RequestItem(p["Aysel"], p["Boris"]), RequestItem(p["Chen"], p["Farid"])]
    sent = requests.send_many(db_session, forum.event, good, user=STAFF)
    assert len(sent.stored) == 2 and sent.refused == []


def test_a_company_sends_a_batch_only_for_its_own_people(db_session, forum) -> None:
    p = forum.people
    aysel = registration.get_participant(db_session, p["Aysel"])
    company = SimpleNamespace(
        role="company", organisation_id=aysel.organisation_id, id=None, email="c@example.org"
    )
    batch = [RequestItem(p["Aysel"], p["Boris"]), RequestItem(p["Boris"], p["Chen"])]
    sent = requests.send_many(db_session, forum.event, batch, user=company, skip_invalid=True)
    assert [(r.from_id, r.to_id) for r in sent.stored] == [(p["Aysel"], p["Boris"])]
    assert isinstance(sent.refused[0].error, Forbidden) and sent.refused[0].number == 2
    with pytest.raises(RefusedItems) as refused:
        requests.send_many(db_session, forum.event, batch[1:], user=company)
    assert refused.value.http_status == 403
