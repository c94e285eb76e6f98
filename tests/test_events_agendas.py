"""Agendas on both databases: a participant's published meetings in the event's local time,
and the iCalendar file parsed back with ``icalendar``: its times carry the event's zone (not
floating), with the zone's definition, at the moments the schedule says."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from event_builders import LIMIT, STAFF
from tradebridge.errors import NotFound
from tradebridge.events import agendas, scheduling

STAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def published(db_session, forum):  # noqa: F811
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    scheduling.publish(db_session, forum.event, user=STAFF)
    db_session.commit()
    return forum


def test_the_agenda_in_local_time(db_session, published) -> None:
    items = agendas.agenda(db_session, published.people["Aysel"])
    assert [(i.starts.strftime("%H:%M"), i.ends.strftime("%H:%M")) for i in items] == [
        ("10:00", "10:20"),
        ("10:30", "10:50"),
    ]
    assert {i.person for i in items} == {"Boris", "Chen"}
    assert str(items[0].starts.tzinfo) == "Asia/Baku"
    [boris] = agendas.agenda(db_session, published.people["Boris"])
    assert (boris.person, boris.organisation, boris.country) == ("Aysel", "Kend", "AZE")


def test_the_ics_carries_the_event_zone(db_session, published) -> None:
    aysel = published.people["Aysel"]
    data = agendas.calendar_file(
        event_id=published.event,
        title="AZ-RU forum",
        city="Bakı",
        time_zone="Asia/Baku",
        participant_id=aysel,
        person="Aysel",
        items=agendas.agenda(db_session, aysel),
        stamp=STAMP,
    )
    assert b"DTSTART;TZID=Asia/Baku:20261208T100000" in data
    calendar = Calendar.from_ical(data)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Baku"
    events = calendar.walk("VEVENT")
    starts = sorted(e.decoded("DTSTART") for e in events)
    # 10:00 and 10:30 in Baku are 06:00 and 06:30 UTC
    assert [s.astimezone(UTC) for s in starts] == [
        datetime(2026, 12, 8, 6, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 6, 30, tzinfo=UTC),
    ]
    assert all(s.tzinfo is not None for s in starts)  # not floating times
    assert {str(e["SUMMARY"]) for e in events} == {"B2B: Boris (Sibir)", "B2B: Chen (Silk)"}
    assert len({str(e["UID"]) for e in events}) == 2


def test_drafts_are_not_on_an_agenda(db_session, forum) -> None:  # noqa: F811
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    assert agendas.agenda(db_session, forum.people["Aysel"]) == []


def test_a_company_reads_only_its_own_agendas(db_session, published) -> None:
    sibir = SimpleNamespace(role="company", organisation_id=published.orgs["Sibir"], id=None)
    assert len(agendas.agenda(db_session, published.people["Boris"], user=sibir)) == 1
    with pytest.raises(NotFound):
        agendas.agenda(db_session, published.people["Aysel"], user=sibir)
