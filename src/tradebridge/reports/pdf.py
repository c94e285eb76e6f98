"""HTML documents printed to PDF by WeasyPrint (CSS paged media: ``@page`` size, margin boxes
for page numbers, running elements for footers).

WeasyPrint needs the system's Pango, HarfBuzz and fontconfig; without them the PDF cannot be
made and the error says so (exit status 1, an environment problem, not bad input).
"""

from __future__ import annotations

from tradebridge.errors import EnvironmentProblem


def html_to_pdf(document: str) -> bytes:
    """The PDF of an HTML ``document`` that holds everything it shows (no external files)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: a system library is missing
        raise EnvironmentProblem(
            f"PDF output needs WeasyPrint and its system libraries (Pango): {exc}"
        ) from None
    return HTML(string=document, base_url=None).write_pdf()
