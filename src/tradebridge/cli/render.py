"""Writing a result (rows plus ``meta``) to stdout as a table, CSV or JSON.

JSON and CSV stay machine-readable: stdout holds the data alone, and what a reader must know
(synthetic data, a default year that skipped an incomplete one) goes to stderr. Tables get a
title and notes from ``titles`` and a layout from ``terminal_table``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console

from tradebridge.cli.app import Format, err_console
from tradebridge.rows import Rows

if TYPE_CHECKING:  # pandas and the layout code load when a command renders, not at start-up
    import pandas as pd

SYNTHETIC = "Synthetic data: not real statistics."


def _meta(rows: pd.DataFrame | Rows) -> dict:
    if isinstance(rows, Rows):
        return dict(rows.meta)
    from tradebridge.results import meta_of

    return meta_of(rows)


def render(rows: pd.DataFrame | Rows, fmt: Format, *, title: str | None = None) -> None:
    """Write a result (a DataFrame with meta, or plain ``Rows``) to stdout in the requested
    format; ``title`` names results whose ``meta`` holds no question."""
    meta = _meta(rows)
    if fmt is Format.table:
        console = Console()
        print_table(rows, title, console, console.width if console.is_terminal else None)
        return
    if isinstance(rows, Rows):
        if fmt is Format.json:
            sys.stdout.write(rows.to_json() + "\n")
        else:
            rows.to_csv(sys.stdout)
    elif fmt is Format.json:
        from tradebridge.results import to_json

        sys.stdout.write(to_json(rows) + "\n")
    else:
        rows.to_csv(sys.stdout, index=False)
    for line in stderr_notes(meta):
        err_console.print(line, markup=False, highlight=False, soft_wrap=True)


def confirm_written(path: object, what: str, meta: dict) -> None:
    """One line on stderr naming the file written and what it holds, plus the notes of
    ``stderr_notes``: commands that write ``--out`` confirm it rather than print the rows."""
    err_console.print(f"wrote {what} to {path}", markup=False, highlight=False, soft_wrap=True)
    for line in stderr_notes(meta):
        err_console.print(line, markup=False, highlight=False, soft_wrap=True)


def stderr_notes(meta: dict) -> list[str]:
    """What a reader of CSV or JSON output is told on stderr: synthetic data, the default year."""
    out = []
    if meta.get("synthetic"):
        out.append(f"note: {meta.get('notice', SYNTHETIC)}")
    if meta.get("year_note"):
        out.append(f"note: {meta['year_note']}")
    return out


def print_table(
    rows: pd.DataFrame | Rows, subject: str | None, console: Console, width: int | None
) -> None:
    """The table (or row blocks) fitted to ``width`` (None: not a terminal, nothing wraps),
    then its notes and the synthetic-data notice."""
    from tradebridge.cli.terminal_table import choose, columns_of, draw
    from tradebridge.titles import notes, title

    meta = _meta(rows)
    heading = title(meta, subject)
    layout = choose(columns_of(rows, meta), width)
    if width is None:  # as wide as the whole table: nothing wraps
        console = Console(file=console.file, width=layout.table_width, highlight=False)
    draw(console, layout, heading, width)
    lines = []
    if layout.hidden:
        lines.append(
            f"Not shown at this width: {', '.join(layout.hidden)} "
            "(a wider terminal or --format csv shows every column)."
        )
    if layout.short:
        lines.append("Money: K thousand, M million, B billion, T trillion US$.")
    lines.extend(notes(rows, meta))
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=width is None, style="dim")
    if meta.get("synthetic"):
        console.print(
            meta.get("notice", SYNTHETIC), style="bold yellow", markup=False, soft_wrap=True
        )
