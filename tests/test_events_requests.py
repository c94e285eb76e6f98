"""Meeting requests on both databases: sending with a message and a priority, answers by the
other side only, expiry at the end of the set day in the event's zone, the per-person cap,
pairs kept apart, automatic acceptance, and a company seeing only its own requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.events import meeting_requests as requests
from tradebridge.events import registration, services
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
DAY = date(2026, 12, 8)
# requests expire at the end of 2026-12-01 in Baku (UTC+4): 2026-12-01 20:00 UTC
BEFORE = datetime(2026, 12, 1, 19, 59, tzinfo=UTC)
AFTER = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
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
    requests_expire_on=date(2026, 12, 1),
)


def _company(org: int) -> SimpleNamespace:
    return SimpleNamespace(
        role="company", organisation_id=org, id=None, email=f"c{org}@example.org"
    )


def _setup(session, record: EventRecord):
    names = ["Kend Apricots", "Sibir Fruit", "Volga Trade", "Ural Foods"]
    kinds = ["exporter", "buyer", "buyer", "buyer"]
    orgs = [
        registry.create(session, OrganisationRecord(k, "AZE", name_en=n), user=STAFF).id
        for k, n in zip(kinds, names, strict=True)
    ]
    event = services.create(session, record, user=STAFF)
    services.move(session, event.id, "registration_open", user=STAFF)
    people = []
    for k, org in enumerate(orgs):
        p = registration.register(
            session,
            event.id,
            ParticipantRecord(org, f"Person {k}", f"p{k}@example.org"),
            user=STAFF,
        )
        registration.decide(session, p.id, "approved", user=STAFF)
        people.append(p.id)
    services.move(session, event.id, "requests_open", user=STAFF)
    session.commit()
    return SimpleNamespace(
        event=event.id, orgs=orgs, people=people, companies=[_company(o) for o in orgs]
    )


@pytest.fixture
def forum(db_session):
    return _setup(db_session, FORUM)


def test_a_request_waits_for_the_other_side(db_session, forum) -> None:
    exporter, buyer = forum.companies[0], forum.companies[1]
    sent = requests.send(
        db_session, forum.people[0], forum.people[1], message="Apricots for Siberia?",
        priority="must", user=exporter, now=BEFORE,
    )  # fmt: skip
    assert (sent.status, sent.priority, sent.message) == (
        "pending",
        "must",
        "Apricots for Siberia?",
    )
    with pytest.raises(Forbidden):
        requests.answer(db_session, sent.id, "accepted", user=exporter, now=BEFORE)
    done = requests.answer(db_session, sent.id, "accepted", note="see you", user=buyer, now=BEFORE)
    assert (done.status, done.answer, done.answered_at) == ("accepted", "see you", BEFORE)
    with pytest.raises(BadInput, match="accepted, not waiting"):
        requests.answer(db_session, sent.id, "declined", user=buyer, now=BEFORE)


def test_a_company_sends_only_for_its_own_people(db_session, forum) -> None:
    with pytest.raises(Forbidden):
        requests.send(
            db_session, forum.people[1], forum.people[2], user=forum.companies[0], now=BEFORE
        )


def test_one_request_per_pair_either_way(db_session, forum) -> None:
    requests.send(db_session, forum.people[0], forum.people[1], user=STAFF, now=BEFORE)
    with pytest.raises(BadInput, match="already request"):
        requests.send(db_session, forum.people[1], forum.people[0], user=STAFF, now=BEFORE)


def test_the_cap_on_requests_sent(db_session, forum) -> None:
    first = requests.send(db_session, forum.people[0], forum.people[1], user=STAFF, now=BEFORE)
    requests.send(db_session, forum.people[0], forum.people[2], user=STAFF, now=BEFORE)
    with pytest.raises(BadInput, match="sent 2 requests"):
        requests.send(db_session, forum.people[0], forum.people[3], user=STAFF, now=BEFORE)
    requests.withdraw(db_session, first.id, user=forum.companies[0])  # withdrawn do not count
    requests.send(db_session, forum.people[0], forum.people[3], user=STAFF, now=BEFORE)


def test_requests_expire_at_the_end_of_the_day_in_the_event_zone(db_session, forum) -> None:
    waiting = requests.send(db_session, forum.people[0], forum.people[1], user=STAFF, now=BEFORE)
    answered = requests.send(db_session, forum.people[0], forum.people[2], user=STAFF, now=BEFORE)
    requests.answer(db_session, answered.id, "declined", user=STAFF, now=BEFORE)
    assert requests.expire_due(db_session, services.get(db_session, forum.event), BEFORE) == 0
    assert requests.expire_due(db_session, services.get(db_session, forum.event), AFTER) == 1
    assert (waiting.status, answered.status) == ("expired", "declined")
    with pytest.raises(BadInput, match="expired"):
        requests.send(db_session, forum.people[1], forum.people[2], user=STAFF, now=AFTER)


def test_pairs_kept_apart_cannot_request_and_their_requests_are_declined(db_session, forum) -> None:
    sent = requests.send(db_session, forum.people[0], forum.people[1], user=STAFF, now=BEFORE)
    with pytest.raises(Forbidden):
        requests.block(db_session, forum.people[0], forum.people[1], user=forum.companies[0])
    pair = requests.block(
        db_session, forum.people[1], forum.people[0], reason="competitors", user=STAFF
    )
    assert (pair.low_id, pair.high_id) == tuple(sorted(forum.people[:2]))
    assert (sent.status, sent.answer) == ("declined", "competitors")
    with pytest.raises(BadInput, match="not to meet"):
        requests.send(db_session, forum.people[1], forum.people[0], user=STAFF, now=BEFORE)
    requests.unblock(db_session, pair.id, user=STAFF)
    assert not requests.blocked(db_session, forum.people[0], forum.people[1])


def test_automatic_acceptance(db_session) -> None:
    world = _setup(db_session, replace(FORUM, auto_accept=True, requests_expire_on=None))
    sent = requests.send(db_session, world.people[0], world.people[1], user=world.companies[0])
    assert sent.status == "accepted" and sent.answered_at is not None


def test_only_approved_participants_of_other_organisations(db_session, forum) -> None:
    late = registration.register(
        db_session, forum.event, ParticipantRecord(forum.orgs[1], "Late Buyer", "late@example.org"),
        user=STAFF,
    )  # fmt: skip
    with pytest.raises(BadInput, match="not an approved participant"):
        requests.send(db_session, forum.people[0], late.id, user=STAFF, now=BEFORE)
    registration.decide(db_session, late.id, "approved", user=STAFF)
    with pytest.raises(BadInput, match="colleagues"):
        requests.send(db_session, forum.people[1], late.id, user=STAFF, now=BEFORE)


def test_requests_are_sent_while_requests_are_open(db_session, forum) -> None:
    services.move(db_session, forum.event, "scheduling", user=STAFF)
    with pytest.raises(BadInput, match="the event is scheduling"):
        requests.send(
            db_session, forum.people[0], forum.people[1], user=forum.companies[0], now=BEFORE
        )
    requests.send(db_session, forum.people[0], forum.people[1], user=STAFF, now=BEFORE)


def test_a_company_sees_only_its_own_requests(db_session, forum) -> None:
    p = forum.people
    one = requests.send(db_session, p[0], p[1], user=STAFF, now=BEFORE)
    two = requests.send(db_session, p[2], p[0], user=STAFF, now=BEFORE)
    three = requests.send(db_session, p[2], p[3], user=STAFF, now=BEFORE)

    def seen(user, **where):
        found = requests.requests_of(db_session, forum.event, user=user, now=BEFORE, **where)
        return [r.id for r in found]

    assert seen(STAFF) == [three.id, two.id, one.id]
    assert seen(forum.companies[0]) == [two.id, one.id]
    assert seen(forum.companies[1]) == [one.id]
    assert seen(forum.companies[3]) == [three.id]
    assert seen(STAFF, participant_id=p[0], direction="in") == [two.id]
    assert seen(STAFF, participant_id=p[0], direction="out") == [one.id]
    with pytest.raises(NotFound):
        requests.get_request(db_session, three.id, user=forum.companies[0])
