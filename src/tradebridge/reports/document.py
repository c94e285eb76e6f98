"""The one way a printed document is made: a self-contained HTML page (charts as inline SVG,
the style inside, nothing fetched when it is opened) that WeasyPrint prints to A4 (``pdf``).

``@page`` rules number the pages; a running footer repeats the data source and, for synthetic
data, the notice on every printed page (on screen the footer is hidden). The market brief,
the event report and the investment pipeline report are all made of these parts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import vl_convert

STYLE = """
@page { size: A4; margin: 16mm 14mm 24mm 14mm;
  @bottom-left { content: element(footer); vertical-align: top; width: 85%; }
  @bottom-right { content: counter(page) " / " counter(pages); vertical-align: top;
                  font: 8pt 'DejaVu Sans', sans-serif; color: #4a5568; } }
body { font-family: 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 1000px;
       color: #1d2733; line-height: 1.35; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.4em; border-bottom: 2px solid #2b6cb0;
     padding-bottom: 0.2em; break-after: avoid; }
.notice { background: #fff3cd; border: 1px solid #e0b100; padding: 0.5em 1em; font-weight: bold; }
.source, .note { color: #4a5568; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.6em; vertical-align: top; }
th { background: #edf2f7; text-align: left; } th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.code, th.code { white-space: nowrap; }
tr, table.keep { break-inside: avoid; }
.facts { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
.fact { border: 1px solid #cbd5e0; padding: 0.5em 0.9em; flex: 1 1 13em; }
.fact b { display: block; font-size: 1.35em; white-space: nowrap; }
figure { margin: 0.6em 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
footer.running { position: running(footer); font-size: 7.5pt; color: #4a5568; }
footer.running b { color: #8a5a00; }
@media screen { footer.running { display: none; } }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } }
"""


def h2(text: str) -> str:
    """A section heading."""
    return f"<h2>{html.escape(text)}</h2>"


def para(text: str, css: str | None = None) -> str:
    """A paragraph of plain text, with a CSS class."""
    return f'<p class="{css}">{html.escape(text)}</p>' if css else f"<p>{html.escape(text)}</p>"


def svg(spec: dict) -> str:
    """A Vega-Lite specification as inline SVG markup, inside a ``figure``."""
    return f"<figure>{vl_convert.vegalite_to_svg(spec)}</figure>"


def running_footer(source: str, notice: str | None = None) -> str:
    """The footer printed on every page: ``source`` and, in bold, a ``notice`` (synthetic
    data)."""
    parts = [html.escape(source)]
    if notice:
        parts.append(f"<b>{html.escape(notice)}</b>")
    return f'<footer class="running">{" ".join(parts)}</footer>'


def document(title: str, code: str, parts: Iterable[str]) -> str:
    """One HTML document in language ``code`` titled ``title`` holding the ``parts`` (markup;
    empty parts are left out). A running footer, if any, must come first."""
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{code}"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    return "\n".join([*head, *(p for p in parts if p), "</body></html>"])
