"""Writing a result (rows plus ``meta``) to stdout as a table, CSV or JSON.

JSON and CSV stay machine-readable: stdout holds the data alone, and what a reader must know
(synthetic data, a default year that skipped an incomplete one) goes to stderr. Tables get a
title and notes from ``titles`` and a layout from ``terminal_table``. A table printed to a
terminal shows its first ``TERMINAL_ROWS`` rows and says how many more there are: a terminal is
for reading, and drawing hundreds of thousands of rows takes minutes. Everything else (CSV, JSON,
a table sent to a pipe or a file) holds every row.
"""

from __future__ import annotations

import shutil
import sys
from typing import IO, TYPE_CHECKING

from tradebridge.cli.app import Format, say
from tradebridge.rows import Rows

if TYPE_CHECKING:  # pandas and the layout code load when a command renders, not at start-up
    import pandas as pd

SYNTHETIC = "Synthetic data: not real statistics."
TERMINAL_ROWS = 50  # rows of a table printed to a terminal


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
        width = terminal_width(sys.stdout)
        limit = TERMINAL_ROWS if width is not None else None
        print_table(rows, title, sys.stdout, width, limit=limit)
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
        say(line)


def confirm_written(path: object, what: str, meta: dict) -> None:
    """One line on stderr naming the file written and what it holds, plus the notes of
    ``stderr_notes``: commands that write ``--out`` confirm it rather than print the rows."""
    say(f"wrote {what} to {path}")
    for line in stderr_notes(meta):
        say(line)


def stderr_notes(meta: dict) -> list[str]:
    """What a reader of CSV or JSON output is told on stderr: synthetic data, the default year."""
    out = []
    if meta.get("synthetic"):
        out.append(f"note: {meta.get('notice', SYNTHETIC)}")
    if meta.get("year_note"):
        out.append(f"note: {meta['year_note']}")
    return out


def terminal_width(out: IO[str]) -> int | None:
    """The width of the terminal ``out`` writes to ($COLUMNS first), None if not a terminal."""
    return shutil.get_terminal_size().columns if out.isatty() else None


def first_rows(rows: pd.DataFrame | Rows, limit: int | None) -> tuple[pd.DataFrame | Rows, int]:
    """The first ``limit`` rows (None: all) and how many are left out.

    >>> first_rows(Rows(("n",), [(1,), (2,), (3,)]), 2)
    (Rows(columns=('n',), rows=[(1,), (2,)], meta={}), 1)
    """
    if limit is None or len(rows) <= limit:
        return rows, 0
    if isinstance(rows, Rows):
        return Rows(rows.columns, rows.rows[:limit], rows.meta), len(rows) - limit
    return rows.iloc[:limit], len(rows) - limit


def print_table(
    rows: pd.DataFrame | Rows,
    subject: str | None,
    out: IO[str],
    width: int | None,
    *,
    limit: int | None = None,
) -> None:
    """The table (or row blocks) fitted to ``width`` (None: not a terminal, nothing wraps), at
    most ``limit`` rows of it, then its notes and the synthetic-data notice."""
    from tradebridge.cli.terminal_table import choose, columns_of, draw, draw_plain
    from tradebridge.titles import notes, title

    meta = _meta(rows)
    heading = title(meta, subject)
    shown, more = first_rows(rows, limit)
    layout = choose(columns_of(shown, meta), width)
    lines = []
    if more:
        lines.append(f"{more:,} more rows not shown; --format csv or json gives every row.")
    if layout.hidden:
        lines.append(
            f"Not shown at this width: {', '.join(layout.hidden)} "
            "(a wider terminal or --format csv shows every column)."
        )
    if layout.short:
        lines.append("Money: K thousand, M million, B billion, T trillion US$.")
    lines.extend(notes(rows, meta))
    notice = meta.get("notice", SYNTHETIC) if meta.get("synthetic") else None
    if width is None:  # as wide as the whole table: nothing wraps, no styles
        draw_plain(out, layout, heading)
        out.writelines(f"{line}\n" for line in [*lines, *([notice] if notice else [])])
        return
    from rich.console import Console

    console = Console(file=out, width=width, highlight=False)
    draw(console, layout, heading, width)
    for line in lines:
        console.print(line, markup=False, highlight=False, style="dim")
    if notice:
        console.print(notice, style="bold yellow", markup=False, soft_wrap=True)
