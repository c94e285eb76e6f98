"""Printed agendas kept on disk, named by what they show, so that each is printed once.

An agenda's PDF and ``.ics`` are stored under ``<home>/agendas/event-<id>/<language>/`` as
``<digest>.pdf`` and ``<digest>.ics``, where the digest is the SHA-256 of everything the
agenda shows (the sheet: participant, organisation, event title, city, zone and every
meeting's time, table and counterpart) with the language and ``LAYOUT``. A change anywhere in
the schedule or in a name changes the digest of every agenda it touches, so a stored file is
never served for an agenda that has changed: it is simply not found, and the agenda is printed
again. Files are written atomically (``atomic``); after a full print the language's folder
keeps only the current agendas.

Printing many agendas spreads them over a pool of processes (one per core), each writing its
files; the zip of every agenda is then read from the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Literal

from tradebridge.atomic import write_atomically
from tradebridge.reports.event_documents import AgendaSheet, agenda_name

Kind = Literal["pdf", "ics"]
LAYOUT = "agenda-2"
"""Changed whenever the printed agenda or the calendar file changes, to print them again."""
BATCH = 40
"""Agendas printed by one worker in one go."""


def digest(sheet: AgendaSheet, code: str) -> str:
    """The name of ``sheet``'s files in language ``code``: a hash of all they show."""
    doc = {"layout": LAYOUT, "language": code, "sheet": asdict(sheet)}
    text = json.dumps(doc, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def render(sheet: AgendaSheet, code: str, kind: Kind) -> bytes:
    """The agenda's PDF or iCalendar file (in the event's zone, its title in ``code``)."""
    if kind == "pdf":
        from tradebridge.reports.agenda_pdf import agenda_pdf

        return agenda_pdf(sheet, code)
    from tradebridge.events.agendas import calendar_file

    return calendar_file(
        event_id=sheet.event_id,
        title=sheet.event_title,
        city=sheet.city,
        time_zone=sheet.time_zone,
        participant_id=sheet.participant_id,
        person=sheet.person,
        items=sheet.items,
    )


def _write(path: Path, data: bytes) -> None:
    write_atomically(path, lambda tmp: tmp.write_bytes(data), field="agenda")


def _print_one(folder: Path, sheet: AgendaSheet, code: str) -> dict[str, bytes]:
    """Both files of ``sheet``, written (the ``.ics`` last: its presence means both are)."""
    name = digest(sheet, code)
    made = {kind: render(sheet, code, kind) for kind in ("pdf", "ics")}
    for kind, data in made.items():
        _write(folder / f"{name}.{kind}", data)
    return made


def _print_batch(folder: Path, sheets: Sequence[AgendaSheet], code: str) -> int:
    for sheet in sheets:
        _print_one(folder, sheet, code)
    return len(sheets)


class AgendaStore:
    """The printed agendas of every event under ``root`` (``<home>/agendas``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def folder(self, event_id: int, code: str) -> Path:
        """The folder of one event's agendas in one language (made when missing)."""
        path = self.root / f"event-{event_id}" / code
        path.mkdir(parents=True, exist_ok=True)
        return path

    def get(self, sheet: AgendaSheet, code: str, kind: Kind) -> bytes:
        """The agenda's file: read when stored, else printed (both kinds) and stored."""
        folder = self.folder(sheet.event_id, code)
        try:
            return (folder / f"{digest(sheet, code)}.{kind}").read_bytes()
        except FileNotFoundError:
            return _print_one(folder, sheet, code)[kind]

    def print_all(
        self, sheets: Sequence[AgendaSheet], code: str, *, workers: int | None = None
    ) -> int:
        """Print and store every agenda of ``sheets`` (one event's) not stored yet, then drop
        the language's files that no current agenda names; how many were printed.
        ``workers`` processes print (default: the machine's cores, one for few agendas)."""
        if not sheets:
            return 0
        folder = self.folder(sheets[0].event_id, code)
        current = {digest(s, code) for s in sheets}
        todo = [s for s in sheets if not (folder / f"{digest(s, code)}.ics").is_file()]
        batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
        workers = workers or min(os.cpu_count() or 1, len(batches))
        if workers <= 1 or len(batches) <= 1:
            done = sum(_print_batch(folder, b, code) for b in batches)
        else:
            spawn = multiprocessing.get_context("spawn")  # no fork of a threaded server
            with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
                n = len(batches)
                done = sum(pool.map(_print_batch, [folder] * n, batches, [code] * n))
        for path in folder.iterdir():
            if path.suffix in (".pdf", ".ics") and path.stem not in current:
                path.unlink(missing_ok=True)
        return done

    def zip(self, sheets: Sequence[AgendaSheet], code: str) -> bytes:
        """Every agenda of ``sheets`` as PDF and ``.ics`` in one zip (in ``sheets``' order),
        from the stored files (printing any missing)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            for sheet in sheets:
                for kind in ("pdf", "ics"):
                    archive.writestr(agenda_name(sheet, f".{kind}"), self.get(sheet, code, kind))
        return out.getvalue()
