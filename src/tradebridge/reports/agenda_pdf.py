"""A participant's agenda as an A4 PDF, laid out by ReportLab.

Agendas are the one document printed by the thousand (every participant of a forum, at each
publication), so they are not printed the way other documents are (HTML through WeasyPrint,
``reports.document``): WeasyPrint spent 350-500 ms of CPU on one agenda's table and about
100 ms even on a table-free page, where ReportLab lays out the same table in about 40 ms
(docs/benchmarks.md, the forum at scale). The page shows what the HTML agenda showed: the
person, the organisation, the event and its city, the zone note, then one row per meeting
(day, time, table, who with their position, organisation, country), the header row repeated
on every page, and the event and the page number in the footer.

Fonts are named, never left to a fallback: DejaVu Sans (regular and bold, found through
fontconfig once per process) covers the Azerbaijani and Cyrillic letters.
"""

from __future__ import annotations

import io
import subprocess
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from tradebridge.errors import EnvironmentProblem
from tradebridge.i18n import language

if TYPE_CHECKING:
    from tradebridge.reports.event_documents import AgendaSheet

REGULAR, BOLD = "TradebridgeSans", "TradebridgeSans-Bold"
FACES = {REGULAR: "DejaVu Sans:style=Book", BOLD: "DejaVu Sans:style=Bold"}
KNOWN = {
    REGULAR: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    BOLD: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
MM = 72 / 25.4
COLUMNS_MM = (27, 23, 13, 46, 45, 28)
"""Day, time, table, with, organisation, country: 182 mm, A4 less 14 mm margins."""
INK, MUTED, RULE, SHADE = "#1d2733", "#4a5568", "#cbd5e0", "#edf2f7"


def _font_file(name: str) -> str:
    """The file of the face named ``name`` (fontconfig's match, checked to be DejaVu)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}", FACES[name]],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        family, _, path = found.partition("|")
        if "DejaVu Sans" in family and Path(path).is_file():
            return path
    except (OSError, subprocess.CalledProcessError):
        pass
    if Path(KNOWN[name]).is_file():
        return KNOWN[name]
    raise EnvironmentProblem(
        "printing agendas needs the DejaVu Sans fonts (Debian: fonts-dejavu-core)"
    )


@cache
def _fonts() -> None:
    """Register the two faces with ReportLab (once per process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FACES:
        pdfmetrics.registerFont(TTFont(name, _font_file(name)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    _fonts()
    base = ParagraphStyle("cell", fontName=REGULAR, fontSize=8.5, leading=10.5, textColor=INK)
    return {
        "cell": base,
        "head": ParagraphStyle("head", parent=base, fontName=BOLD),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "line": ParagraphStyle("line", parent=base, fontSize=10, leading=13, spaceAfter=2),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD, fontSize=10, leading=13),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=9, leading=12, textColor=MUTED, spaceAfter=8
        ),
    }


def _table_style() -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), REGULAR, 8.5, 10.5),
            ("FONT", (0, 0), (-1, 0), BOLD, 8.5, 10.5),
            ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor(INK)),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(RULE)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(SHADE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )


def agenda_pdf(sheet: AgendaSheet, code: str) -> bytes:
    """The agenda of ``sheet`` as an A4 PDF in language ``code`` (az, ru, en)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    lang = language(code)
    style = _styles()

    def p(text: str, kind: str = "cell") -> Paragraph:
        return Paragraph(escape(text), style[kind])

    def fit(text: str, column: int, font: str = REGULAR) -> Any:
        """Plain text when it fits its column on one line (drawn at once), else a paragraph
        that wraps (laid out word by word: several times slower)."""
        if stringWidth(text, font, 8.5) + 8 <= COLUMNS_MM[column] * MM:
            return text
        return p(text, "head" if font == BOLD else "cell")

    where = ", ".join(x for x in (sheet.event_title, sheet.city) if x)
    zone = lang.gettext("Times are local to the event (%(zone)s).") % {"zone": sheet.time_zone}
    story: list[Any] = [p(sheet.person, "title"), p(sheet.organisation, "line")]
    story += [p(where, "bold"), p(zone, "note")]
    if not sheet.items:
        story.append(p(lang.gettext("No published meetings yet."), "line"))
    else:
        heads = (
            lang.gettext("Day"),
            lang.gettext("Time"),
            lang.pgettext("venue", "Table"),
            lang.gettext("With"),
            lang.gettext("Organisation"),
            lang.gettext("Country"),
        )
        small = f'<font size="7.5" color="{MUTED}">'
        rows: list[list[Any]] = [[fit(h, k, BOLD) for k, h in enumerate(heads)]]
        days: dict[date, str] = {}
        for i in sheet.items:
            day = days.setdefault(i.starts.date(), lang.date(i.starts))
            person: Any = fit(i.person, 3)
            if i.position:
                more = f"<br/>{small}{escape(i.position)}</font>"
                person = Paragraph(escape(i.person) + more, style["cell"])
            rows.append(
                [
                    fit(day, 0),
                    fit(f"{i.starts:%H:%M}–{i.ends:%H:%M}", 1),
                    fit(i.table, 2),
                    person,
                    fit(i.organisation, 4),
                    fit(lang.country(i.country), 5),
                ]
            )
        table = Table(rows, colWidths=[w * MM for w in COLUMNS_MM], repeatRows=1)
        table.setStyle(_table_style())
        story.append(table)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(14 * MM, 12 * MM, where)
        canvas.drawRightString(A4[0] - 14 * MM, 12 * MM, str(doc.page))
        canvas.restoreState()

    out = io.BytesIO()
    title = f"{sheet.event_title}: {sheet.person}"
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=14 * MM,
        rightMargin=14 * MM,
        topMargin=16 * MM,
        bottomMargin=20 * MM,
        title=title,
        author="tradebridge",
        lang=code,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
