"""HTML tables for documents: text, money (one unit per column), shares and plain numbers."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from tradebridge.i18n import language
from tradebridge.number_format import money_column

Kind = Literal["text", "money", "share", "number", "code"]
KEEP_ROWS = 15  # a table this short is kept on one printed page (class "keep")


@dataclass(frozen=True)
class Column:
    """One column: the frame's ``field``, its header text, how its cells read."""

    field: str
    header: str
    kind: Kind = "text"
    digits: int = 0


def _cells(values: pd.Series, column: Column, code: str) -> tuple[str, list[str]]:
    """The column's header (with its money unit) and its cells as text."""
    lang = language(code)
    if column.kind == "money":
        money = money_column(values, code)
        unit = f"{money.unit} " if money.unit else ""
        header = lang.gettext("{label}, {unit}US$").format(label=column.header, unit=unit)
        return header, money.cells
    if column.kind == "share":
        return column.header, [lang.percent(v) for v in values]
    if column.kind == "number":
        return column.header, [lang.number(v, column.digits) for v in values]
    return column.header, ["" if v is None or v is pd.NA else str(v) for v in values]


def html_table(rows: pd.DataFrame, columns: Mapping[str, Column] | list[Column], code: str) -> str:
    """``rows`` as an HTML table; numbers right-aligned and never wrapped (class ``num``), a
    short table marked ``keep`` (not split across printed pages).

    An empty frame gives a one-line paragraph saying there are no rows.
    """
    if rows.empty:
        empty = language(code).gettext("No rows.")
        return f'<p class="empty">{html.escape(empty)}</p>'
    chosen = list(columns.values()) if isinstance(columns, Mapping) else list(columns)
    heads, bodies, classes = [], [], []
    for column in chosen:
        header, cells = _cells(rows[column.field], column, code)
        heads.append(header)
        bodies.append(cells)
        classes.append("num" if column.kind in ("money", "share", "number") else column.kind)
    head = "".join(
        f'<th class="{c}">{html.escape(h)}</th>' for h, c in zip(heads, classes, strict=True)
    )
    lines = []
    for r in range(len(rows)):
        cells = "".join(
            f'<td class="{c}">{html.escape(b[r])}</td>'
            for b, c in zip(bodies, classes, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    keep = ' class="keep"' if len(rows) <= KEEP_ROWS else ""
    return f"<table{keep}><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
