"""The app's printed agendas: what each agenda shows, read from the database, and the store
of printed files (``reports.agenda_store`` under ``<home>/agendas``).

Publishing a schedule starts printing every agenda in the publisher's language in the
background, so that the zip of every agenda and each participant's PDF are then read from
files. Print jobs run one at a time on a thread of their own (each spreading its agendas over
a pool of processes): a zip asked for while the publication's job runs waits for it, then
prints only what changed since.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from tradebridge.events import agendas
from tradebridge.events.models import EventParticipant
from tradebridge.events.registration import organisation_name
from tradebridge.events.services import title_in
from tradebridge.reports.agenda_store import AgendaStore
from tradebridge.reports.event_documents import AgendaSheet
from tradebridge.web.state import AppState


def agenda_sheet(
    p: EventParticipant, items: Sequence[agendas.AgendaItem], code: str
) -> AgendaSheet:
    """What ``p``'s agenda shows in language ``code``."""
    return AgendaSheet(
        event_id=p.event_id,
        participant_id=p.id,
        person=p.person_name,
        organisation=organisation_name(p.organisation),
        event_title=title_in(p.event, code),
        city=p.event.city,
        time_zone=p.event.time_zone,
        items=tuple(items),
    )


def every_sheet(session: Session, event_id: int, code: str, *, user: Any) -> list[AgendaSheet]:
    """Every approved participant's agenda, by name (staff and viewers)."""
    return [
        agenda_sheet(p, items, code)
        for p, items in agendas.every_agenda(session, event_id, user=user)
    ]


def prints(request: Request) -> AgendaPrints:
    """The app's printed agendas."""
    return request.app.state.agenda_prints


class AgendaPrints:
    """The agendas printed for one app, one print job at a time."""

    def __init__(self, state: AppState, root: Path | None = None) -> None:
        self.state = state
        self.store = AgendaStore(root or Path(state.settings.home) / "agendas")
        self.jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agendas")

    def _print_event(self, event_id: int, code: str) -> int:
        with self.state.database().session() as session:
            sheets = every_sheet(session, event_id, code, user=None)
        return self.store.print_all(sheets, code)

    def after_publish(self, event_id: int, code: str) -> Future[int]:
        """Start printing every agenda of ``event_id`` in ``code``; how many were printed."""
        return self.jobs.submit(self._print_event, event_id, code)

    def zip(self, sheets: Sequence[AgendaSheet], code: str) -> bytes:
        """Every agenda of ``sheets`` (PDF and ``.ics``) in one zip, printing what is not
        stored yet once the job under way is done (called from a worker thread)."""
        self.jobs.submit(self.store.print_all, sheets, code).result()
        return self.store.zip(sheets, code)

    def get(self, sheet: AgendaSheet, code: str, kind: str) -> bytes:
        """One agenda's PDF or ``.ics`` (stored, or printed now and stored)."""
        return self.store.get(sheet, code, "pdf" if kind == "pdf" else "ics")
