"""A result as a terminal table that never cuts a number.

At a given terminal width the layout is the first of these that fits:

1. every column, numbers in full (``15,018,422,259``);
2. every column, money abbreviated (``15B``);
3. low-priority columns hidden (``HIDE_ORDER``, first listed first hidden), money abbreviated;
4. one block per row (``label  value`` lines), every column, numbers in full where they fit.

Number cells and codes never wrap or shrink; names wrap at spaces, headers between words.
Output that is not a terminal (``width=None``) is always layout 1, as wide as it needs, with
nothing to wrap: ``draw_plain`` writes it without Rich (the same characters Rich draws, without
styles), which a large result or a short command would otherwise pay for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any

from tradebridge.cli.cells import Kind, cell, header, kind_of, missing
from tradebridge.rows import Rows

if TYPE_CHECKING:  # Rich loads when a table is drawn on a terminal
    import pandas as pd
    from rich.console import Console

# hidden first when the terminal is narrow: derived, repeated or secondary columns
HIDE_ORDER = (
    "base_value_usd",
    "density",
    "supply",
    "demand",
    "ease",
    "rank",
    "distance_km",
    "market_share",
    "trade_intensity",
    "complementarity",
    "demand_growth",
    "exports_usd",
    "demand_usd",
    "world_trade",
    "world_growth",
    "export_value",
    "rca",
    "cog",
    "realised_share",
    "net_gap_usd",
    "ab_net_gap_usd",
    "ba_net_gap_usd",
    "ab_potential_usd",
    "ba_potential_usd",
    "ab_actual_usd",
    "ba_actual_usd",
    "total_usd",
    "hs_revision",
    "release",
    "checksum",
    "ingested_at",
)
TEXT_MIN = 20  # narrowest a wrapping text column (names) gets
WORD_MAX = 20  # longer words in names may be folded
BORDERS = 1  # the left edge; each column adds its padding (2) and right border (1)


@dataclass
class Column:
    """One column ready to print: header, kind and its cells in full and abbreviated (each
    written on first use: a table off a terminal never needs the abbreviations)."""

    name: str
    header: str
    kind: Kind
    values: list[Any]

    @cached_property
    def full(self) -> list[str]:
        return [cell(v, self.kind) for v in self.values]

    @cached_property
    def short(self) -> list[str]:
        return [cell(v, self.kind, short=True) for v in self.values]

    @property
    def numeric(self) -> bool:
        return self.kind is not Kind.text

    def cells(self, short: bool) -> list[str]:
        return self.short if short else self.full

    def natural(self, short: bool) -> int:
        return max([len(self.header), *(len(c) for c in self.cells(short))])

    def narrowest(self, short: bool) -> int:
        """Numbers and short codes whole; headers wrap between words; names down to TEXT_MIN."""
        word = max(len(w) for w in self.header.split()) if self.header.strip() else 1
        widest = max([0, *(len(c) for c in self.cells(short))])
        if self.wraps:  # down to TEXT_MIN, or the longest word of the names (up to WORD_MAX)
            longest = max(len(w) for c in self.full for w in c.split() or [""])
            return max(word, min(widest, max(TEXT_MIN, min(longest, WORD_MAX))))
        return max(word, widest)

    @property
    def wraps(self) -> bool:
        """Only text with spaces (names) wraps; codes such as sector ids stay whole."""
        if self.numeric or max([0, *(len(c) for c in self.full)]) <= TEXT_MIN:
            return False
        return any(" " in c for c in self.full)


def _frame_columns(rows: pd.DataFrame) -> list[tuple[str, list[Any], bool, bool]]:
    """``(name, values, numeric, integer)`` of each column of a DataFrame, from its dtypes."""
    from pandas.api import types

    out = []
    for name in rows.columns:
        values = rows[name]
        numeric = types.is_numeric_dtype(values) and not types.is_bool_dtype(values)
        out.append((str(name), values.tolist(), numeric, types.is_integer_dtype(values)))
    return out


def _plain_columns(rows: Rows) -> list[tuple[str, list[Any], bool, bool]]:
    """The same for plain rows, from the values: numbers (not booleans) with gaps are numeric,
    whole when every one is an ``int``."""
    out = []
    for name in rows.columns:
        values = rows.column(name)
        present = [v for v in values if not missing(v)]
        numeric = bool(present) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in present
        )
        integer = numeric and all(isinstance(v, int) for v in present)
        out.append((name, values, numeric, integer))
    return out


def columns_of(rows: pd.DataFrame | Rows, meta: dict) -> list[Column]:
    """The columns of a result, their kinds and cells."""
    described = _plain_columns(rows) if isinstance(rows, Rows) else _frame_columns(rows)
    out = []
    for name, values, numeric, integer in described:
        kind = kind_of(name, numeric=numeric, integer=integer)
        out.append(Column(name=name, header=header(name, meta), kind=kind, values=values))
    return out


def widths(columns: list[Column], short: bool, width: int | None) -> list[int] | None:
    """Each column's width so that the table fits ``width`` (None: no limit), or None."""
    natural = [c.natural(short) for c in columns]
    overhead = BORDERS + 3 * len(columns)
    if width is None or sum(natural) + overhead <= width:
        return natural
    least = [c.narrowest(short) for c in columns]
    fixed = [n if not c.wraps else 0 for c, n in zip(columns, least, strict=True)]
    room = width - overhead - sum(fixed)
    wrapping = [i for i, c in enumerate(columns) if c.wraps]
    if room < sum(least[i] for i in wrapping):
        return None
    out = list(fixed)
    share = room // len(wrapping) if wrapping else 0
    for i in wrapping:
        out[i] = min(natural[i], max(least[i], share))
    spare = room - sum(out[i] for i in wrapping)
    for i in wrapping:  # hand what is left to the columns still short of their natural width
        extra = min(spare, natural[i] - out[i])
        out[i] += extra
        spare -= extra
    return out


@dataclass
class Layout:
    """The chosen layout: the columns shown, their widths, abbreviation, what was hidden."""

    columns: list[Column]
    widths: list[int] | None  # None: one block per row
    short: bool
    hidden: list[str]

    @property
    def vertical(self) -> bool:
        return self.widths is None

    @property
    def table_width(self) -> int:
        return sum(self.widths or []) + BORDERS + 3 * len(self.columns)


def choose(columns: list[Column], width: int | None) -> Layout:
    """The first layout that fits (see the module docstring)."""
    for short in (False, True):
        fitted = widths(columns, short, width)
        if fitted is not None:
            return Layout(columns, fitted, short, [])
    shown = list(columns)
    hidden: list[str] = []
    for name in HIDE_ORDER:
        match = [c for c in shown if c.name == name]
        if not match:
            continue
        shown.remove(match[0])
        hidden.append(match[0].header)
        fitted = widths(shown, True, width)
        if fitted is not None:
            return Layout(shown, fitted, True, hidden)
    return Layout(columns, None, False, [])


def draw_table(console: Console, layout: Layout, title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for column, w in zip(layout.columns, layout.widths or [], strict=True):
        table.add_column(
            column.header,
            justify="right" if column.numeric else "left",
            width=w,
            overflow="fold",
        )
    for row in zip(*(c.cells(layout.short) for c in layout.columns), strict=True):
        table.add_row(*row)
    console.print(table)


def draw_blocks(console: Console, layout: Layout, title: str, width: int) -> None:
    """One block per row: the leading text columns as its heading, then ``label  value`` lines."""
    from rich.text import Text

    columns = layout.columns
    lead = 0
    while lead < len(columns) and not columns[lead].numeric:
        lead += 1
    lead = max(lead, 1)
    label_width = max(len(c.header) for c in columns[lead:]) if columns[lead:] else 0
    values_full = max([0, *(len(v) for c in columns[lead:] for v in c.full)])
    short = 2 + label_width + 2 + values_full > width
    value_width = max([0, *(len(v) for c in columns[lead:] for v in c.cells(short))])
    console.print(Text(title, style="bold"))
    for i in range(len(columns[0].full)):
        console.print()
        console.print(Text("  ".join(c.full[i] for c in columns[:lead]), style="bold"))
        for c in columns[lead:]:
            console.print(
                f"  {c.header:<{label_width}}  {c.cells(short)[i]:>{value_width}}",
                markup=False,
                highlight=False,
            )
    console.print()
    if short:
        layout.short = True


def draw(console: Console, layout: Layout, title: str, width: int | None) -> None:
    """Print the layout under ``title``; ``width`` bounds the row blocks."""
    if layout.vertical:
        draw_blocks(console, layout, title, width or 0)
    else:
        draw_table(console, layout, title)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``, broken at spaces, a longer word folded.

    >>> wrapped("AZE exports by partner", 10)
    ['AZE', 'exports by', 'partner']
    >>> wrapped("abcdefgh", 3)
    ['abc', 'def', 'gh']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def draw_plain(out: IO[str], layout: Layout, title: str) -> None:
    """A layout whose cells all fit their column (no wrapping), as Rich's default table draws it
    (heavy header box, cells padded by one space, the title centred over the table and wrapped
    to its width), without styles."""
    widths = layout.widths or []
    columns = layout.columns
    total = layout.table_width

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right + "\n"

    def row(cells: tuple[str, ...] | list[str], edge: str) -> str:
        padded = (
            c.rjust(w) if column.numeric else c.ljust(w)
            for c, w, column in zip(cells, widths, columns, strict=True)
        )
        return f"{edge} " + f" {edge} ".join(padded) + f" {edge}\n"

    for part in wrapped(title, total) if title else []:
        left = (total - len(part)) // 2
        out.write(" " * left + part + " " * (total - len(part) - left) + "\n")
    out.write(line("┏", "━", "┳", "┓"))
    out.write(row([c.header for c in columns], "┃"))
    out.write(line("┡", "━", "╇", "┩"))
    out.writelines(
        row(cells, "│") for cells in zip(*(c.cells(layout.short) for c in columns), strict=True)
    )
    out.write(line("└", "─", "┴", "┘"))
