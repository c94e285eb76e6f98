"""The synthetic demo events: built over a synthetic registry through the services and the
real scheduler, labelled synthetic, the same for the same seed, loaded once; the command."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tradebridge.errors import BadInput
from tradebridge.events import follow_ups, outcomes
from tradebridge.events.demo import BUYERS, EXPORTERS, load_demo_events
from tradebridge.events.models import Event, Meeting, ScheduleRun
from tradebridge.registry import services as registry
from tradebridge.registry.record import Contact, OrganisationRecord, Product

TODAY = date(2026, 11, 30)
CODES = ("080510", "080810", "200911")


def _registry(session) -> None:
    """Just enough synthetic organisations: AZE exporters (each offering one of ``CODES``)
    and RUS buyers."""
    for n in range(EXPORTERS + 14):
        record = OrganisationRecord(
            "exporter", "AZE", name_en=f"Exporter {n}", synthetic=True, status="verified",
            offered=(Product(CODES[n % 3]),),
            contacts=(Contact(f"Person {n}", "Director", f"e{n}@x.example"),),
        )  # fmt: skip
        registry.create(session, record, confirm_duplicates=True)
    for n in range(BUYERS + 4):
        record = OrganisationRecord("buyer", "RUS", name_en=f"Buyer {n}", synthetic=True)
        registry.create(session, record, confirm_duplicates=True)


def _summary(session) -> tuple:
    """Who met whom, how each meeting was marked, and what came of it (the slots and tables
    are the engine's choice among equally good schedules, which may differ by process)."""
    leads = outcomes.leads(session)
    meetings = session.scalars(select(Meeting)).all()
    return (
        [(x.kind, x.organisation, x.counterpart, x.product, x.value_usd) for x in leads],
        sorted((min(m.a_id, m.b_id), max(m.a_id, m.b_id), m.attendance, m.walk_in)
               for m in meetings),
    )  # fmt: skip


def test_the_demo_events(db_session, tmp_path) -> None:
    with pytest.raises(BadInput, match="need the demo registry"):
        load_demo_events(db_session, today=TODAY)
    _registry(db_session)
    assert load_demo_events(db_session, today=TODAY) == 3
    db_session.commit()
    assert load_demo_events(db_session, today=TODAY) == 0
    forum, mission, upcoming = db_session.scalars(select(Event).order_by(Event.id)).all()
    assert all(e.synthetic and "(synthetic demo)" in e.title_en for e in (forum, mission, upcoming))
    assert "(sintetik demo)" in forum.title_az and "(синтетическое демо)" in forum.title_ru
    assert (forum.status, forum.starts_on) == ("closed", date(2026, 10, 16))
    assert (upcoming.status, upcoming.starts_on) == ("registration_open", date(2027, 1, 9))
    assert (mission.kind, mission.status) == ("outbound_mission", "closed")
    # scheduled by the engine (one run kept), then marked on the day
    assert db_session.scalars(select(ScheduleRun).where(ScheduleRun.event_id == forum.id)).all()
    meetings = db_session.scalars(select(Meeting).where(Meeting.event_id == forum.id)).all()
    marks = {m.attendance for m in meetings}
    assert {"held", "no_show"} <= marks and None not in marks
    assert sum(m.walk_in for m in meetings) == 1
    leads = outcomes.leads(db_session, event_id=forum.id)
    deals = [x for x in leads if x.kind == "deal"]
    assert deals and all(x.value_usd > 0 and x.product in CODES for x in deals)
    assert all(x.synthetic for x in outcomes.leads(db_session))
    from_meetings = [x.meeting_id for x in leads if x.meeting_id is not None]
    assert len(from_meetings) == len(set(from_meetings))  # one side's record per meeting
    assert outcomes.mission_results(db_session, mission.id)
    # outcomes recorded two days after the forum (2026-10-18): due 30 and 90 days later
    due = {f.due_on for f in follow_ups.follow_ups_of(db_session, event_id=forum.id)}
    assert due == {date(2026, 11, 17), date(2027, 1, 16)}

    if db_session.bind.dialect.name == "sqlite":
        return
    # the same seed gives the same events on the other database, in another session
    from tradebridge.db import migrate
    from tradebridge.db.audit import set_actor
    from tradebridge.db.engine import open_database

    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    migrate.upgrade(again)
    with again.session() as other:
        set_actor(other, "test")
        _registry(other)
        load_demo_events(other, today=TODAY)
        other.commit()
        assert _summary(other) == _summary(db_session)
    again.dispose()


def test_the_events_demo_command(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from tradebridge.cli import app

    monkeypatch.delenv("TRADEBRIDGE_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    run = CliRunner().invoke
    assert run(app, ["db", "upgrade", "-w", str(home)]).exit_code == 0
    refused = run(app, ["events", "demo", "-w", str(home)])
    assert refused.exit_code == 2 and "need the demo registry" in refused.output
