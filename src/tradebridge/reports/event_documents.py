"""An event's printed documents, in az, ru or en: a participant's agenda and the venue's
table plans, as self-contained HTML printed to A4 PDF by WeasyPrint (``reports.pdf``), and
every agenda of an event as a zip of PDFs.

Times are local to the event, and each document says which zone. Many agendas are printed in
a pool of processes (WeasyPrint lays out one document per core), each worker printing a batch
of agendas so that its start-up cost is paid once per batch.
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

STYLE = """
@page { size: A4; margin: 14mm 14mm 18mm 14mm;
  @bottom-right { content: counter(page) " / " counter(pages);
                  font: 8pt 'DejaVu Sans', sans-serif; color: #4a5568; } }
body { font-family: 'DejaVu Sans', sans-serif; color: #1d2733; font-size: 10pt;
       line-height: 1.3; }
h1 { font-size: 1.5em; margin: 0 0 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.2em; border-bottom: 2px solid #2b6cb0;
     padding-bottom: 0.15em; break-after: avoid; }
.note { color: #4a5568; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
th { background: #edf2f7; }
td.time, td.table { white-space: nowrap; }
tr { break-inside: avoid; }
section.table-plan { break-before: page; }
small { color: #4a5568; }
"""
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


def _document(title: str, body: str, code: str) -> str:
    return (
        f'<!doctype html><html lang="{code}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _cell(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<td{klass}>{html.escape(text)}</td>"


def _heads(*names: str) -> str:
    return "<thead><tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr></thead>"


def agenda_body(sheet: AgendaSheet, code: str) -> str:
    """The agenda's HTML body (no document around it)."""
    lang = language(code)
    heading = f"<h1>{html.escape(sheet.person)}</h1>"
    heading += f"<p>{html.escape(sheet.organisation)}</p>"
    where = ", ".join(x for x in (sheet.event_title, sheet.city) if x)
    heading += f"<p><b>{html.escape(where)}</b></p>"
    zone = lang.gettext("Times are local to the event (%(zone)s).") % {"zone": sheet.time_zone}
    heading += f'<p class="note">{html.escape(zone)}</p>'
    if not sheet.items:
        return heading + f"<p>{html.escape(lang.gettext('No published meetings yet.'))}</p>"
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
    return f"{heading}<table>{heads}<tbody>{rows}</tbody></table>"


def agenda_html(sheet: AgendaSheet, code: str) -> str:
    """The agenda as one self-contained HTML document."""
    return _document(f"{sheet.event_title}: {sheet.person}", agenda_body(sheet, code), code)


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
    body = f"<h1>{html.escape(title)}: {html.escape(event_title)}</h1>"
    zone = lang.gettext("Times are local to the event (%(zone)s).") % {"zone": plan.time_zone}
    body += f'<p class="note">{html.escape(zone)}</p>'
    if not plan.meetings:
        return _document(title, body + f"<p>{html.escape(lang.gettext('None.'))}</p>", code)
    body += f"<h2>{html.escape(lang.gettext('By slot'))}</h2>"
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
        body += f"<h3>{html.escape(when)}</h3><table>{heads}<tbody>{rows}</tbody></table>"
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
            f'<section class="table-plan"><h2>{html.escape(label)}</h2>'
            f"<table>{heads}<tbody>{rows}</tbody></table></section>"
        )
    return _document(f"{title}: {event_title}", body, code)


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
