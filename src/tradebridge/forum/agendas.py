"""Printable agendas of a schedule: for each participant an HTML page and an iCalendar file
(RFC 5545, written by hand: VCALENDAR with one VEVENT per meeting, CRLF line ends, lines folded
at 75 octets, TEXT values escaped), and for each slot an HTML table plan.

Times are floating local times (the event's own clock), as given in the forum's slots.
Everything is written to a temporary folder first and moved into place at the end
(``StagedAgendas``), so a failure leaves no half-written agenda behind, and a caller can stage
the agendas, then its other outputs, and commit them all last.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from tradebridge.errors import BadInput, EnvironmentProblem
from tradebridge.forum.model import Forum, Meeting, Participant, Schedule, Slot

PRODID = "-//tradebridge//B2B forum scheduler//EN"


def write_agendas(
    forum: Forum, schedule: Schedule, directory: Path, *, stamp: datetime | None = None
) -> list[Path]:
    """Write ``participants/<id>.html``, ``participants/<id>.ics`` and ``tables/<slot>.html``
    under ``directory``; return the paths written. ``stamp`` is the DTSTAMP (default: now)."""
    staged = StagedAgendas(forum, schedule, directory, stamp=stamp)
    try:
        return staged.commit()
    finally:
        staged.discard()


class StagedAgendas:
    """Agendas written to a temporary folder next to ``directory`` and checked, ready to be
    moved into place by ``commit``; ``discard`` removes whatever is left of the staging.
    Problems with the target (a file where a folder is needed, or the reverse) are found here,
    before anything is moved."""

    def __init__(
        self,
        forum: Forum,
        schedule: Schedule,
        directory: Path,
        *,
        stamp: datetime | None = None,
    ) -> None:
        self.tmp: Path | None = None
        self.directory = Path(directory)
        self.files = _agenda_files(forum, schedule, stamp or datetime.now(UTC))
        _check_target(self.directory, self.files)
        try:
            self.directory.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(
                tempfile.mkdtemp(prefix=f".{self.directory.name}.", dir=self.directory.parent)
            )
            for rel, text in self.files.items():
                path = self.tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
        except OSError as exc:
            self.discard()
            raise EnvironmentProblem(
                f"cannot write agendas: {exc.strerror}", file=str(exc.filename or directory)
            ) from exc

    def commit(self) -> list[Path]:
        """Move every staged file into place; return the paths."""
        assert self.tmp is not None
        written = []
        try:
            for rel in self.files:
                target = self.directory / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.tmp / rel, target)
                written.append(target)
        except OSError as exc:
            raise EnvironmentProblem(
                f"cannot write agendas: {exc.strerror}", file=str(exc.filename or self.directory)
            ) from exc
        return written

    def discard(self) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)


def _agenda_files(forum: Forum, schedule: Schedule, stamp: datetime) -> dict[str, str]:
    """Relative path → text of every agenda file."""
    by_person: dict[str, list[Meeting]] = defaultdict(list)
    by_slot: dict[str, list[Meeting]] = defaultdict(list)
    for m in schedule.meetings:
        by_person[m.a].append(m)
        by_person[m.b].append(m)
        by_slot[m.slot].append(m)
    order = {s.id: i for i, s in enumerate(forum.slots)}
    files: dict[str, str] = {}
    for p in forum.participants:
        mine = sorted(by_person[p.id], key=lambda m: order[m.slot])
        name = _file_name(p.id)
        files[f"participants/{name}.html"] = participant_html(forum, p, mine)
        files[f"participants/{name}.ics"] = participant_ics(forum, p, mine, stamp)
    for s in forum.slots:
        files[f"tables/{_file_name(s.id)}.html"] = table_plan_html(forum, s, by_slot[s.id])
    return files


def _check_target(directory: Path, files: dict[str, str]) -> None:
    """``BadInput`` when ``directory`` or a folder inside it is a file, or a file to write is
    a folder."""
    for folder in (directory, directory / "participants", directory / "tables"):
        if folder.exists() and not folder.is_dir():
            raise BadInput("is a file, not a folder for the agendas", file=str(folder))
    for rel in files:
        if (directory / rel).is_dir():
            raise BadInput("is a folder, an agenda file must go there", file=str(directory / rel))


def participant_html(forum: Forum, p: Participant, meetings: list[Meeting]) -> str:
    rows = []
    for m in meetings:
        s = forum.slot(m.slot)
        other = forum.participant(m.b if m.a == p.id else m.a)
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{escape(v)}</td>"
                for v in (
                    s.day,
                    f"{s.start}–{s.end}",
                    m.table,
                    other.name,
                    other.organisation,
                    other.country,
                    other.role,
                )
            )
            + "</tr>"
        )
    body = (
        "<table><thead><tr><th>Day</th><th>Time</th><th>Table</th><th>Meeting with</th>"
        "<th>Organisation</th><th>Country</th><th>Role</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        if rows
        else "<p>No meetings scheduled.</p>"
    )
    where = f" — your table: {escape(p.table)}" if p.table else ""
    return _page(
        f"{forum.name}: agenda of {p.name}",
        f"<p>{escape(p.name)}, {escape(p.organisation)} ({escape(p.country)}){where}</p>{body}",
    )


def table_plan_html(forum: Forum, slot: Slot, meetings: list[Meeting]) -> str:
    rank = {k: i for i, k in enumerate(forum.tables)}
    rows = []
    for m in sorted(meetings, key=lambda m: rank[m.table]):
        a, b = forum.participant(m.a), forum.participant(m.b)
        rows.append(
            f"<tr><td>{escape(m.table)}</td><td>{escape(a.name)} ({escape(a.organisation)})</td>"
            f"<td>{escape(b.name)} ({escape(b.organisation)})</td></tr>"
        )
    return _page(
        f"{forum.name}: tables, {slot.day} {slot.start}–{slot.end}",
        "<table><thead><tr><th>Table</th><th>Participant</th><th>Participant</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table><p>{len(rows)} of {len(forum.tables)} tables"
        " in use.</p>",
    )


def participant_ics(forum: Forum, p: Participant, meetings: list[Meeting], stamp: datetime) -> str:
    """An iCalendar (RFC 5545) calendar with one event per meeting of ``p``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(forum.name + ': ' + p.name)}",
    ]
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for m in meetings:
        s = forum.slot(m.slot)
        other = forum.participant(m.b if m.a == p.id else m.a)
        uid = hashlib.sha1(
            "\x1f".join((forum.name, m.slot, *sorted((m.a, m.b)))).encode()
        ).hexdigest()
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@tradebridge",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART:{_local(s.day, s.start)}",
            f"DTEND:{_local(s.day, s.end)}",
            f"SUMMARY:{_text(f'B2B meeting: {other.name} ({other.organisation})')}",
            f"LOCATION:{_text(f'Table {m.table}')}",
            "DESCRIPTION:"
            + _text(f"{other.name}, {other.organisation}, {other.country}, {other.role}"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _local(day: str, hhmm: str) -> str:
    return day.replace("-", "") + "T" + hhmm.replace(":", "") + "00"


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8
    character; continuation lines start with one space (RFC 5545 section 3.1)."""
    out, current, size, limit = [], "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = "", 0, 74
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _file_name(identifier: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", identifier)
    if safe != identifier or safe.startswith("."):
        safe = f"{safe}-{hashlib.sha1(identifier.encode()).hexdigest()[:8]}"
    return safe


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>\n"
    )
