"""The printed documents of an event: the table plans (per slot and per table, local times),
an agenda as PDF in each language, the store of printed agendas (never serving an agenda
that has changed), every agenda as a zip of PDFs and calendars, and who may read them.

The forum (``event_builders.forum``) once scheduled and published: Aysel meets Boris and Chen
at 10:00 and 10:30 in Baku; Dmitri has no meeting."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest

from event_builders import LIMIT, STAFF
from tradebridge.errors import Forbidden
from tradebridge.events import agendas, day, scheduling
from tradebridge.events.table_plans import table_plan
from tradebridge.reports.agenda_pdf import agenda_pdf
from tradebridge.reports.agenda_store import AgendaStore, digest
from tradebridge.reports.event_documents import (
    AgendaSheet,
    agenda_name,
    table_plan_html,
    table_plan_pdf,
)

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF's pages (test extra)")


@pytest.fixture
def published(db_session, forum):
    scheduling.run(db_session, forum.event, user=STAFF, time_limit=LIMIT)
    scheduling.publish(db_session, forum.event, user=STAFF)
    db_session.commit()
    return forum


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_table_plan_per_slot_and_per_table(db_session, published) -> None:
    plan = table_plan(db_session, published.event, user=STAFF)
    assert plan.meetings == 2
    times = [(ms[0].starts.strftime("%H:%M"), len(ms)) for _, ms in plan.by_slot]
    assert times == [("10:00", 1), ("10:30", 1)]
    people = {frozenset((m.a.person, m.b.person)) for _, ms in plan.by_slot for m in ms}
    assert people == {frozenset(("Aysel", "Boris")), frozenset(("Aysel", "Chen"))}
    # per table: each table's meetings in time order, every meeting once
    per_table = [(m.starts, m.table) for _, ms in plan.by_table for m in ms]
    assert sorted(per_table, key=lambda x: x[0]) == sorted(
        (m.starts, m.table) for _, ms in plan.by_slot for m in ms
    )
    for _, ms in plan.by_table:
        assert [m.starts for m in ms] == sorted(m.starts for m in ms)
    assert {m.a.organisation for _, ms in plan.by_slot for m in ms} <= {"Kend", "Sibir", "Silk"}


def test_a_company_reads_no_table_plan(db_session, published) -> None:
    company = SimpleNamespace(role="company", organisation_id=published.orgs["Kend"], id=None)
    with pytest.raises(Forbidden):
        table_plan(db_session, published.event, user=company)
    with pytest.raises(Forbidden):
        agendas.every_agenda(db_session, published.event, user=company)


def test_every_agenda_in_one_go_matches_each_agenda(db_session, published) -> None:
    every = agendas.every_agenda(db_session, published.event, user=STAFF)
    assert [p.person_name for p, _ in every] == ["Aysel", "Boris", "Chen", "Dmitri"]
    for p, items in every:
        assert items == agendas.agenda(db_session, p.id, user=STAFF)
    assert [len(items) for _, items in every] == [2, 1, 1, 0]


def _sheet(db_session, forum, who: str) -> AgendaSheet:
    pid = forum.people[who]
    return AgendaSheet(
        event_id=forum.event,
        participant_id=pid,
        person=who,
        organisation="Kend",
        event_title="AZ-RU forum",
        city="Bakı",
        time_zone="Asia/Baku",
        items=tuple(agendas.agenda(db_session, pid, user=STAFF)),
    )


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", ("Table", "Azerbaijan")),
        ("az", ("Masa", "Azərbaycan")),
        ("ru", ("Стол", "Азербайджан")),
    ],
)
def test_an_agenda_pdf_in_each_language(db_session, published, code, words) -> None:
    pdf = agenda_pdf(_sheet(db_session, published, "Boris"), code)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Boris" in text and "Aysel" in text and "Bakı" in text
    assert "10:00–10:20" in text or "10:30–10:50" in text
    assert "Asia/Baku" in text
    header, country = words  # Boris meets Aysel of Kend, in Azerbaijan
    assert header in text and country in text


def test_every_agenda_as_a_zip_of_pdfs_and_calendars(db_session, published, tmp_path) -> None:
    sheets = [_sheet(db_session, published, who) for who in ("Aysel", "Boris")]
    data = AgendaStore(tmp_path).zip(sheets, "en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [agenda_name(s, suffix) for s in sheets for suffix in (".pdf", ".ics")]
        assert names[0] == f"agenda-{published.people['Aysel']}-Aysel.pdf"
        assert "Chen" in _text(archive.read(names[0]))
        assert b"DTSTART;TZID=Asia/Baku:20261208T100000" in archive.read(names[1])


def test_a_stored_agenda_is_never_served_once_the_schedule_changed(
    db_session, published, tmp_path
) -> None:
    store = AgendaStore(tmp_path)
    before = _sheet(db_session, published, "Aysel")
    assert store.print_all([before], "ru") == 1
    assert store.print_all([before], "ru") == 0  # kept: printed once
    first = store.get(before, "ru", "pdf")
    assert "Boris" in _text(first) and "Chen" in _text(first)
    # on the day, Aysel's meeting with Chen is cancelled: off her agenda
    [with_chen] = [i for i in before.items if i.person == "Chen"]
    day.mark(db_session, with_chen.meeting_id, "cancelled", user=STAFF)
    db_session.commit()
    after = _sheet(db_session, published, "Aysel")
    assert digest(after, "ru") != digest(before, "ru")
    assert "Chen" not in _text(store.get(after, "ru", "pdf"))
    assert b"Chen" not in store.get(after, "ru", "ics")
    # a full print keeps only the current agendas
    store.print_all([after], "ru")
    kept = sorted(p.name for p in (tmp_path / f"event-{published.event}" / "ru").iterdir())
    assert kept == [f"{digest(after, 'ru')}.ics", f"{digest(after, 'ru')}.pdf"]


def test_the_table_plan_document(db_session, published) -> None:
    plan = table_plan(db_session, published.event, user=STAFF)
    document = table_plan_html(plan, "AZ-RU forum", "ru")
    assert document.count('<section class="table-plan">') == len(plan.by_table)
    text = _text(table_plan_pdf(plan, "AZ-RU forum", "en"))
    assert "Table plan: AZ-RU forum" in text
    assert "Aysel (Kend)" in text and "Boris (Sibir)" in text
