"""An event's printed documents, in az, ru or en: what one participant's agenda shows
(``AgendaSheet``, printed by ``reports.agenda_pdf`` and kept by ``reports.agenda_store``) and
the venue's table plans, as self-contained HTML printed to A4 PDF by WeasyPrint
(``reports.pdf``), made the one way every printed document is (``reports.document``).

Times are local to the event, and each document says which zone.
"""

from __future__ import annotations

import html
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


@dataclass(frozen=True)
class AgendaSheet:
    """What one agenda page shows: the event, the participant, the meetings."""

    event_id: int
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


def agenda_name(sheet: AgendaSheet, suffix: str = ".pdf") -> str:
    """The file name of an agenda in the zip: ``agenda-<participant id>-<name>.pdf`` (or
    ``.ics``), the name kept to letters, digits and hyphens."""
    safe = "".join(c if c.isalnum() else "-" for c in sheet.person).strip("-")[:60]
    return f"agenda-{sheet.participant_id}-{safe or 'participant'}{suffix}"
