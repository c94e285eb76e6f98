"""The events' services on both databases: create and edit with the audit log, the status moves
kept with their reasons, who may read and change what, sessions frozen from scheduling on, and
the slots of a stored event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tradebridge.db.audit import AuditEntry
from tradebridge.errors import BadInput, Forbidden, InvalidRecord, NotFound
from tradebridge.events import services
from tradebridge.events.models import EventStatusChange
from tradebridge.events.record import EventRecord
from tradebridge.events.slots import Session
from tradebridge.events.status import IllegalMove

STAFF = SimpleNamespace(role="staff", organisation_id=None, id=None, email="staff@example.org")
VIEWER = SimpleNamespace(role="viewer", organisation_id=None, id=None)
COMPANY = SimpleNamespace(role="company", organisation_id=1, id=None)
DAY1, DAY2 = date(2026, 12, 8), date(2026, 12, 9)

FORUM = EventRecord(
    "business_forum",
    title_en="Azerbaijan-Russia business forum",
    title_az="Azərbaycan-Rusiya biznes forumu",
    title_ru="Азербайджано-российский бизнес-форум",
    starts_on=DAY1,
    ends_on=DAY2,
    time_zone="Asia/Baku",
    city="Baku",
    country="AZE",
    organiser="Export promotion agency",
    partner_countries=("RUS",),
    sectors=("fresh_fruit_vegetables",),
    capacity=200,
    tables=("A1", "A2", "A3"),
    meeting_minutes=20,
    pause_minutes=10,
    sessions=(
        Session("", DAY1, "10:00", "11:00", "morning"),
        Session("", DAY2, "15:00", "15:50", "afternoon"),
    ),
    request_cap=20,
    requests_expire_on=DAY1,
)


@pytest.fixture
def forum(db_session):
    event = services.create(db_session, FORUM, user=STAFF)
    db_session.commit()
    return event.id


def _audit(session, table):
    query = select(AuditEntry).where(AuditEntry.entity_type == table)
    return session.scalars(query.order_by(AuditEntry.id)).all()


def test_a_new_event_is_a_draft_with_its_sessions_and_audited(db_session, forum) -> None:
    event = services.get(db_session, forum, user=STAFF)
    assert event.status == "draft"
    assert services.record_of(event) == replace(
        FORUM,
        sessions=tuple(
            replace(s, key=str(row.id))
            for s, row in zip(FORUM.sessions, event.sessions, strict=True)
        ),
    )
    [entry] = _audit(db_session, "events")
    assert entry.action == "insert" and entry.actor == "test"
    assert entry.after["title_az"] == "Azərbaycan-Rusiya biznes forumu"
    assert len(_audit(db_session, "event_sessions")) == 2


def test_the_slots_of_the_stored_sessions(db_session, forum) -> None:
    event = services.get(db_session, forum)
    first, second = (str(s.id) for s in event.sessions)
    # 10:00-11:00 every 30 minutes (20 + 10): 10:00, 10:30; 15:00-15:50: 15:00, 15:30
    assert [(s.id, s.day, s.start, s.end) for s in services.event_slots(event)] == [
        (f"{first}.1", DAY1, "10:00", "10:20"),
        (f"{first}.2", DAY1, "10:30", "10:50"),
        (f"{second}.1", DAY2, "15:00", "15:20"),
        (f"{second}.2", DAY2, "15:30", "15:50"),
    ]


def test_editing_keeps_session_ids_and_audits_the_change(db_session, forum) -> None:
    event = services.get(db_session, forum)
    record = services.record_of(event)
    morning = replace(record.sessions[0], end="12:00")
    changed = replace(record, title_en="AZ-RU forum", sessions=(morning,))
    services.edit(db_session, forum, changed, user=STAFF)
    db_session.commit()
    event = services.get(db_session, forum)
    assert [str(s.id) for s in event.sessions] == [morning.key]
    assert event.sessions[0].ends == "12:00"
    update = [e for e in _audit(db_session, "events") if e.action == "update"]
    assert update[-1].before["title_en"] == FORUM.title_en
    assert update[-1].after["title_en"] == "AZ-RU forum"
    actions = [e.action for e in _audit(db_session, "event_sessions")]
    assert actions == ["insert", "insert", "update", "delete"]


def test_a_session_of_another_event_cannot_be_taken_over(db_session, forum) -> None:
    other = services.create(db_session, FORUM, user=STAFF)
    foreign = replace(FORUM.sessions[0], key=str(other.sessions[0].id))
    with pytest.raises(BadInput, match="not one of this event's"):
        services.edit(db_session, forum, replace(FORUM, sessions=(foreign,)), user=STAFF)


def test_every_problem_of_a_record_is_listed(db_session) -> None:
    bad = replace(
        FORUM,
        title_en="",
        title_az="",
        title_ru="",
        time_zone="Baku",
        country="XXX",
        tables=("1", "1"),
        meeting_minutes=2,
        sessions=(Session("", date(2027, 1, 1), "11:00", "10:00"),),
    )
    with pytest.raises(InvalidRecord) as refused:
        services.create(db_session, bad, user=STAFF)
    fields = [field for field, _ in refused.value.problems]
    assert fields == ["title_en", "time_zone", "country", "tables", "meeting_minutes", "sessions",
                      "sessions"]  # fmt: skip


def test_overlapping_sessions_and_a_session_too_short_are_refused() -> None:
    record = replace(
        FORUM,
        sessions=(
            Session("", DAY1, "10:00", "11:00"),
            Session("", DAY1, "10:45", "12:00"),
            Session("", DAY2, "10:00", "10:15"),
        ),
    )
    assert record.problems() == [
        ("sessions", "session 3: shorter than one meeting of 20 minutes"),
        ("sessions", "sessions 1 and 2 overlap on 2026-12-08"),
    ]


def test_forward_moves_and_a_reopen_are_kept_with_the_reason(db_session, forum) -> None:
    for target in ("registration_open", "requests_open", "scheduling", "published"):
        services.move(db_session, forum, target, user=STAFF)
    services.move(db_session, forum, "requests_open", reason="late buyers", user=STAFF)
    db_session.commit()
    moves = [(c.from_status, c.to_status, c.reason) for c in services.history(db_session, forum)]
    assert moves == [
        ("draft", "registration_open", ""),
        ("registration_open", "requests_open", ""),
        ("requests_open", "scheduling", ""),
        ("scheduling", "published", ""),
        ("published", "requests_open", "late buyers"),
    ]
    logged = _audit(db_session, "event_status_changes")[-1]
    assert logged.after["reason"] == "late buyers" and logged.after["to_status"] == "requests_open"
    status = [e for e in _audit(db_session, "events") if e.action == "update"][-1]
    assert (status.before["status"], status.after["status"]) == ("published", "requests_open")


def test_an_illegal_move_changes_nothing(db_session, forum) -> None:
    with pytest.raises(IllegalMove, match="cannot move from draft to scheduling"):
        services.move(db_session, forum, "scheduling", user=STAFF)
    db_session.rollback()
    assert services.get(db_session, forum).status == "draft"
    assert db_session.scalars(select(EventStatusChange)).all() == []


@pytest.mark.parametrize("user", [VIEWER, COMPANY])
def test_only_staff_create_edit_and_move(db_session, forum, user) -> None:
    with pytest.raises(Forbidden):
        services.create(db_session, FORUM, user=user)
    with pytest.raises(Forbidden):
        services.edit(db_session, forum, FORUM, user=user)
    with pytest.raises(Forbidden):
        services.move(db_session, forum, "registration_open", user=user)


def test_a_company_sees_no_draft(db_session, forum) -> None:
    with pytest.raises(NotFound):
        services.get(db_session, forum, user=COMPANY)
    assert services.list_events(db_session, user=COMPANY) == []
    assert [e.id for e in services.list_events(db_session, user=VIEWER)] == [forum]
    services.move(db_session, forum, "registration_open", user=STAFF)
    assert services.get(db_session, forum, user=COMPANY).id == forum
    assert [e.id for e in services.list_events(db_session, user=COMPANY)] == [forum]


def test_the_list_filters_by_status_and_kind(db_session, forum) -> None:
    mission = replace(FORUM, kind="outbound_mission", starts_on=DAY2, sessions=())
    services.create(db_session, mission, user=STAFF)
    assert len(services.list_events(db_session)) == 2
    assert len(services.list_events(db_session, kind="outbound_mission")) == 1
    assert services.list_events(db_session, status="live") == []
    with pytest.raises(BadInput, match="unknown status"):
        services.list_events(db_session, status="open")


def test_sessions_and_tables_are_frozen_from_scheduling_on(db_session, forum) -> None:
    for target in ("registration_open", "requests_open", "scheduling"):
        services.move(db_session, forum, target, user=STAFF)
    record = services.record_of(services.get(db_session, forum))
    services.edit(db_session, forum, replace(record, title_en="Renamed"), user=STAFF)
    with pytest.raises(BadInput, match="tables cannot change from scheduling on"):
        services.edit(db_session, forum, replace(record, tables=("A1",)), user=STAFF)
    with pytest.raises(BadInput, match="meeting_minutes"):
        services.edit(db_session, forum, replace(record, meeting_minutes=25), user=STAFF)
    services.move(db_session, forum, "requests_open", reason="add a table", user=STAFF)
    services.edit(db_session, forum, replace(record, tables=("A1",)), user=STAFF)
