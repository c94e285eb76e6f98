"""Registration for an event on both databases: who may sign whom up and when, approval by
staff, capacity, fixed tables, availability and marketplace entries checked, the participant
list as each role sees it, filtered and sorted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.events import registration, services
from tradebridge.events.record import EventRecord
from tradebridge.events.registration import Entry, Filters, ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.registry import services as registry
from tradebridge.registry.record import OrganisationRecord

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
VIEWER = SimpleNamespace(role="viewer", organisation_id=None, id=None)
DAY = date(2026, 12, 8)
FORUM = EventRecord(
    "business_forum",
    title_en="AZ-RU forum",
    starts_on=DAY,
    ends_on=DAY,
    time_zone="Asia/Baku",
    country="AZE",
    partner_countries=("RUS",),
    tables=("1", "2", "3"),
    sessions=(Session("", DAY, "10:00", "12:00"), Session("", DAY, "14:00", "16:00")),
    capacity=4,
)
ORGS = [
    OrganisationRecord(
        "exporter", "AZE", name_en="Kend Apricots", sectors=("fresh_fruit_vegetables",)
    ),
    OrganisationRecord("buyer", "RUS", name_en="Sibir Fruit", sectors=("fresh_fruit_vegetables",)),
    OrganisationRecord("exporter", "AZE", name_en="Baku Steel", sectors=("steel",)),
]


@pytest.fixture
def world(db_session):
    """An event with registration open and three organisations; a company user of each."""
    orgs = [registry.create(db_session, r, user=STAFF).id for r in ORGS]
    event = services.create(db_session, FORUM, user=STAFF)
    services.move(db_session, event.id, "registration_open", user=STAFF)
    db_session.commit()
    companies = [
        SimpleNamespace(role="company", organisation_id=o, id=None, email=f"c{o}@example.org")
        for o in orgs
    ]
    return SimpleNamespace(
        event=event.id, sessions=[s.id for s in event.sessions], orgs=orgs, companies=companies
    )


def _person(org: int, name: str, **more) -> ParticipantRecord:
    return ParticipantRecord(org, name, f"{name.split()[0].lower()}@example.org", **more)


def test_a_company_signs_up_its_own_person_waiting_for_approval(db_session, world) -> None:
    record = _person(
        world.orgs[0],
        "Aysel Mammadova",
        position="director",
        available_sessions=(world.sessions[1],),
        max_meetings=6,
        entries=(Entry("offer", "Dried apricots", "pitted, 10 t a month", ("081310",)),),
    )
    p = registration.register(db_session, world.event, record, user=world.companies[0])
    db_session.commit()
    assert (p.status, p.available_sessions, p.max_meetings) == ("pending", [world.sessions[1]], 6)
    assert [(e.kind, e.hs_codes) for e in p.entries] == [("offer", ["081310"])]
    logged = db_session.scalars(
        select(AuditEntry.entity_type).where(AuditEntry.action == "insert")
    ).all()
    assert {"event_participants", "event_marketplace"} <= set(logged)


def test_a_company_cannot_sign_up_another_organisation(db_session, world) -> None:
    with pytest.raises(Forbidden, match="your own organisation"):
        registration.register(
            db_session, world.event, _person(world.orgs[1], "Ivan Petrov"), user=world.companies[0]
        )


def test_companies_register_only_while_registration_or_requests_are_open(db_session, world) -> None:
    record = _person(world.orgs[0], "Aysel Mammadova")
    for target in ("requests_open", "scheduling"):
        services.move(db_session, world.event, target, user=STAFF)
    with pytest.raises(BadInput, match="the event is scheduling"):
        registration.register(db_session, world.event, record, user=world.companies[0])
    p = registration.register(db_session, world.event, record, user=STAFF)  # staff still may
    assert p.status == "pending"


def test_nobody_registers_for_a_draft_a_company_cannot_see(db_session, world) -> None:
    draft = services.create(db_session, FORUM, user=STAFF)
    with pytest.raises(NotFound):
        registration.register(
            db_session, draft.id, _person(world.orgs[0], "Aysel M"), user=world.companies[0]
        )


def test_staff_approve_and_decline_companies_may_not(db_session, world) -> None:
    p = registration.register(
        db_session, world.event, _person(world.orgs[0], "Aysel M"), user=STAFF
    )
    with pytest.raises(Forbidden):
        registration.decide(db_session, p.id, "approved", user=world.companies[0])
    registration.decide(db_session, p.id, "declined", note="not an exporter yet", user=STAFF)
    assert (p.status, p.decision_note) == ("declined", "not an exporter yet")
    registration.decide(db_session, p.id, "approved", user=STAFF)
    assert p.status == "approved"
    with pytest.raises(BadInput, match="approved or declined"):
        registration.decide(db_session, p.id, "maybe", user=STAFF)


def test_a_withdrawn_participant_is_not_approved(db_session, world) -> None:
    p = registration.register(
        db_session, world.event, _person(world.orgs[0], "Aysel M"), user=world.companies[0]
    )
    registration.withdraw(db_session, p.id, user=world.companies[0])
    with pytest.raises(BadInput, match="withdrawn"):
        registration.decide(db_session, p.id, "approved", user=STAFF)


def test_a_full_event_takes_nobody_more(db_session, world) -> None:
    for k in range(4):
        registration.register(
            db_session, world.event, _person(world.orgs[k % 3], f"P{k} X"), user=STAFF
        )
    with pytest.raises(BadInput, match="full"):
        registration.register(
            db_session, world.event, _person(world.orgs[0], "Late Comer"), user=STAFF
        )


def test_one_email_registers_once_per_event(db_session, world) -> None:
    registration.register(db_session, world.event, _person(world.orgs[0], "Aysel M"), user=STAFF)
    with pytest.raises(BadInput, match="already registered"):
        registration.register(
            db_session, world.event, _person(world.orgs[0], "Aysel M"), user=STAFF
        )


def test_sessions_tables_and_codes_are_checked(db_session, world) -> None:
    other = services.create(db_session, FORUM, user=STAFF)
    bad = _person(
        world.orgs[0],
        "Aysel M",
        available_sessions=(other.sessions[0].id,),
        table="Z9",
        entries=(Entry("swap", "", "", ("12345",)),),
    )
    with pytest.raises(InvalidRecord) as refused:
        registration.register(db_session, world.event, bad, user=STAFF)
    assert [f for f, _ in refused.value.problems] == [
        "entries",
        "entries",
        "entries",
        "available_sessions",
        "table",
    ]


def test_a_fixed_table_is_for_staff_to_give_and_to_one_host(db_session, world) -> None:
    with pytest.raises(Forbidden, match="fixed table"):
        registration.register(
            db_session,
            world.event,
            _person(world.orgs[0], "Aysel M", table="1"),
            user=world.companies[0],
        )
    registration.register(
        db_session, world.event, _person(world.orgs[0], "Aysel M", table="1"), user=STAFF
    )
    with pytest.raises(BadInput, match="table 1 is already"):
        registration.register(
            db_session, world.event, _person(world.orgs[1], "Ivan P", table="1"), user=STAFF
        )


def test_an_archived_organisation_cannot_register(db_session, world) -> None:
    registry.archive(db_session, world.orgs[2], user=STAFF)
    with pytest.raises(BadInput, match="no registered organisation"):
        registration.register(
            db_session, world.event, _person(world.orgs[2], "Rashad A"), user=STAFF
        )


def test_a_registration_is_linked_to_the_persons_account(db_session, world) -> None:
    from tradebridge.accounts.users import create_user

    account = create_user(
        db_session, email="aysel@example.org", password="a long pass phrase 1", role="company",
        organisation_id=world.orgs[0],
    )  # fmt: skip
    p = registration.register(
        db_session, world.event, _person(world.orgs[0], "Aysel M"), user=STAFF
    )
    assert p.user_id == account.id


@pytest.fixture
def crowd(db_session, world):
    """Four people: approved Aysel (AZE exporter, apricots), approved Ivan (RUS buyer),
    pending Rashad (AZE steel), declined Olga (RUS buyer)."""
    people = [
        (0, "Aysel Mammadova", "approved", (Entry("offer", "Apricots", "", ("081310",)),)),
        (1, "Ivan Petrov", "approved", (Entry("request", "Dried fruit", "", ("081320",)),)),
        (2, "Rashad Aliyev", "pending", (Entry("offer", "Rebar", "", ("721420",)),)),
        (1, "Olga Smirnova", "declined", ()),
    ]
    ids = {}
    for org, name, status, entries in people:
        p = registration.register(
            db_session, world.event, _person(world.orgs[org], name, entries=entries), user=STAFF
        )
        if status != "pending":
            registration.decide(db_session, p.id, status, user=STAFF)
        ids[name.split()[0]] = p.id
    db_session.commit()
    return ids


def _names(found) -> list[str]:
    return [p.person_name.split()[0] for p in found]


def test_staff_see_everyone_a_company_the_approved_and_its_own(db_session, world, crowd) -> None:
    everyone = registration.participants(db_session, world.event, user=STAFF)
    assert _names(everyone) == ["Aysel", "Ivan", "Olga", "Rashad"]
    steel = registration.participants(db_session, world.event, user=world.companies[2])
    assert _names(steel) == ["Aysel", "Ivan", "Rashad"]
    fruit_buyer = registration.participants(db_session, world.event, user=world.companies[1])
    assert _names(fruit_buyer) == ["Aysel", "Ivan", "Olga"]
    with pytest.raises(NotFound):
        registration.get_participant(db_session, crowd["Rashad"], user=world.companies[0])
    assert (
        registration.get_participant(db_session, crowd["Rashad"], user=VIEWER).id == crowd["Rashad"]
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(country="rus"), ["Ivan", "Olga"]),
        (Filters(kind="exporter"), ["Aysel", "Rashad"]),
        (Filters(sector="steel"), ["Rashad"]),
        (Filters(hs="0813"), ["Aysel", "Ivan"]),
        (Filters(hs="081310"), ["Aysel"]),
        (Filters(text="PETROV"), ["Ivan"]),
        (Filters(text="kend"), ["Aysel"]),
        (Filters(status="pending"), ["Rashad"]),
        (Filters(sort="country"), ["Aysel", "Rashad", "Ivan", "Olga"]),
        (Filters(sort="organisation"), ["Rashad", "Aysel", "Ivan", "Olga"]),
        (Filters(sort="registered"), ["Aysel", "Ivan", "Rashad", "Olga"]),
    ],
)
def test_the_list_filters_and_sorts(db_session, world, crowd, filters, expected) -> None:
    assert (
        _names(registration.participants(db_session, world.event, filters, user=STAFF)) == expected
    )


def test_a_company_edits_its_registration_but_not_its_table(db_session, world, crowd) -> None:
    company = world.companies[0]
    p = registration.get_participant(db_session, crowd["Aysel"], user=company)
    record = ParticipantRecord(
        p.organisation_id, p.person_name, p.email, max_meetings=3,
        available_sessions=(world.sessions[0],),
    )  # fmt: skip
    registration.update(db_session, p.id, record, user=company)
    assert (p.max_meetings, p.available_sessions, p.entries) == (3, [world.sessions[0]], [])
    db_session.flush()
    entries = db_session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity_type == "event_marketplace")
        .order_by(AuditEntry.id)
    ).all()
    assert entries == ["insert", "insert", "insert", "delete"]  # Aysel's apricots went
    with pytest.raises(Forbidden):
        registration.update(db_session, p.id, replace(record, table="2"), user=company)
    with pytest.raises(Forbidden):
        registration.update(db_session, crowd["Ivan"], record, user=company)
