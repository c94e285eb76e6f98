"""An event's printed documents, in az, ru or en: a participant's agenda and the venue's
table plans, as self-contained HTML printed to A4 PDF by WeasyPrint (``reports.pdf``), and
every agenda of an event as a zip of PDFs.

Times are local to the event, and each document says which zone. Many agendas are printed in
a pool of processes (WeasyPrint lays out one document per core), each worker printing a batch
of agendas so that its start-up cost is paid once per batch. The documents are made the one
way every printed document is (``reports.document``).
"""

from __future__ import annotations

import html
import io
import os
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from tradebridge.events.agendas import AgendaItem
from tradebridge.events.table_plans import PlannedMeeting, TablePlan
from tradebridge.i18n import language
from tradebridge.reports.document import document, h2, para

EXTRA_STYLE = """<style>
table.sheet { width: 100%; }
td.time, td.table { white-space: nowrap; }
section.table-plan { break-before: page; }
small { color: #4a5568; }
</style>"""
ZIP_BATCH = 25
"""Agendas printed by one worker in one go."""


@dataclass(frozen=True)
class AgendaSheet:
    """What one agenda page shows: the event, the participant, the meetings."""

    participant_id: int
    person: str
    organisation: str
    event_title: str
    city: str
    time_zone: str
    items: tuple[AgendaItem, ...]


def _cell(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<td{klass}>{html.escape(text)}</td>"


def _heads(*names: str) -> str:
    return "<thead><tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr></thead>"


def agenda_body(sheet: AgendaSheet, code: str) -> str:
    """The agenda's HTML body (no document around it)."""
    lang = language(code)
    heading = f"<h1>{html.escape(sheet.person)}</h1>" + para(sheet.organisation)
    where = ", ".join(x for x in (sheet.event_title, sheet.city) if x)
    heading += f"<p><b>{html.escape(where)}</b></p>"
    zone = lang.gettext("Times are local to the event (%(zone)s).") % {"zone": sheet.time_zone}
    heading += para(zone, "note")
    if not sheet.items:
        return heading + para(lang.gettext("No published meetings yet."))
    rows = "".join(
        "<tr>"
        + _cell(lang.date(i.starts))
        + _cell(f"{i.starts:%H:%M}–{i.ends:%H:%M}", "time")
        + _cell(i.table, "table")
        + f"<td>{html.escape(i.person)}"
        + (f"<br><small>{html.escape(i.position)}</small>" if i.position else "")
        + "</td>"
        + _cell(i.organisation)
        + _cell(lang.country(i.country))
        + "</tr>"
        for i in sheet.items
    )
    heads = _heads(
        lang.gettext("Day"),
        lang.gettext("Time"),
        lang.pgettext("venue", "Table"),
        lang.gettext("With"),
        lang.gettext("Organisation"),
        lang.gettext("Country"),
    )
    return f'{heading}<table class="sheet">{heads}<tbody>{rows}</tbody></table>'


def agenda_html(sheet: AgendaSheet, code: str) -> str:
    """The agenda as one self-contained HTML document."""
    title = f"{sheet.event_title}: {sheet.person}"
    return document(title, code, [EXTRA_STYLE, agenda_body(sheet, code)])


def agenda_pdf(sheet: AgendaSheet, code: str) -> bytes:
    """The agenda as an A4 PDF."""
    from tradebridge.reports.pdf import html_to_pdf

    return html_to_pdf(agenda_html(sheet, code))


def _seat(m: PlannedMeeting) -> tuple[str, str]:
    return (
        f"{m.a.person} ({m.a.organisation})",
        f"{m.b.person} ({m.b.organisation})",
    )


def table_plan_html(plan: TablePlan, event_title: str, code: str) -> str:
    """The plans as one HTML document: per slot (table → the two people), then per table
    (the day's sequence), each table on its own printed page."""
    lang = language(code)
    title = lang.gettext("Table plan")
    full = f"{title}: {event_title}"
    body = f"<h1>{html.escape(full)}</h1>"
    zone = lang.gettext("Times are local to the event (%(zone)s).") % {"zone": plan.time_zone}
    body += para(zone, "note")
    if not plan.meetings:
        return document(full, code, [EXTRA_STYLE, body, para(lang.gettext("None."))])
    body += h2(lang.gettext("By slot"))
    heads = _heads(
        lang.pgettext("venue", "Table"), lang.gettext("Participant"), lang.gettext("Meets")
    )
    for _slot, meetings in plan.by_slot:
        first = meetings[0]
        when = f"{lang.date(first.starts)} {first.starts:%H:%M}–{first.ends:%H:%M}"
        rows = "".join(
            "<tr>" + _cell(m.table, "table") + "".join(_cell(s) for s in _seat(m)) + "</tr>"
            for m in meetings
        )
        body += (
            f'<h3>{html.escape(when)}</h3><table class="sheet">{heads}<tbody>{rows}</tbody></table>'
        )
    heads = _heads(lang.gettext("Time"), lang.gettext("Participant"), lang.gettext("Meets"))
    for table, meetings in plan.by_table:
        label = lang.pgettext("venue", "Table %(table)s") % {"table": table}
        rows = "".join(
            "<tr>"
            + _cell(f"{lang.date(m.starts)} {m.starts:%H:%M}–{m.ends:%H:%M}", "time")
            + "".join(_cell(s) for s in _seat(m))
            + "</tr>"
            for m in meetings
        )
        body += (
            f'<section class="table-plan">{h2(label)}'
            f'<table class="sheet">{heads}<tbody>{rows}</tbody></table></section>'
        )
    return document(full, code, [EXTRA_STYLE, body])


def table_plan_pdf(plan: TablePlan, event_title: str, code: str) -> bytes:
    """The plans as an A4 PDF."""
    from tradebridge.reports.pdf import html_to_pdf

    return html_to_pdf(table_plan_html(plan, event_title, code))


def agenda_name(sheet: AgendaSheet) -> str:
    """The file name of an agenda in the zip: ``agenda-<participant id>-<name>.pdf``, the name
    kept to letters, digits and hyphens."""
    safe = "".join(c if c.isalnum() else "-" for c in sheet.person).strip("-")[:60]
    return f"agenda-{sheet.participant_id}-{safe or 'participant'}.pdf"


def _print_batch(batch: Sequence[AgendaSheet], code: str) -> list[bytes]:
    return [agenda_pdf(sheet, code) for sheet in batch]


def agendas_zip(sheets: Sequence[AgendaSheet], code: str, *, workers: int | None = None) -> bytes:
    """Every agenda as a PDF in one zip (in ``sheets``' order); printed by ``workers``
    processes (default: the machine's cores, one when there are few agendas)."""
    workers = workers or min(os.cpu_count() or 1, max(1, len(sheets) // ZIP_BATCH))
    batches = [sheets[i : i + ZIP_BATCH] for i in range(0, len(sheets), ZIP_BATCH)]
    if workers <= 1 or len(batches) <= 1:
        printed = [_print_batch(b, code) for b in batches]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            printed = list(pool.map(_print_batch, batches, [code] * len(batches)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for batch, pdfs in zip(batches, printed, strict=True):
            for sheet, pdf in zip(batch, pdfs, strict=True):
                archive.writestr(agenda_name(sheet), pdf)
    return out.getvalue()
