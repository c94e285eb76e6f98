"""The one way a report's tables are downloaded: a report is a list of named tables; CSV gives
one of them (the first unless ``table`` names another), XLSX gives all of them (one sheet each)
and PDF the printed report (``reports.document``).

Headers are the field names (``planned_usd``, ``acceptance_rate``), the same in every language,
so that scripts can read the files; amounts are US$ and rates are shares (0 … 1); an empty cell
is a value that does not exist (a rate over zero). A text cell starting with ``=`` is stored as
text, never as a formula a spreadsheet would run.

>>> import pandas as pd
>>> t = Table("stages", pd.DataFrame({"stage": ["lead"], "projects": [2]}))
>>> export([t], "csv").content.decode()
'stage,projects\\nlead,2\\n'
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from tradebridge.errors import BadInput

FORMATS = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Table:
    """One table of a report: its ``name`` (the CSV's ``table=`` and the XLSX sheet) and rows."""

    name: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class Export:
    """A file to download: its bytes, media type and suffix."""

    content: bytes
    media_type: str
    suffix: str


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", field="fmt")
    return fmt


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV with its header."""
    return table.frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as one workbook, a sheet each (numbers as numbers, texts never formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.freeze_panes = "A2"
        header = []
        for name in table.frame.columns:
            cell = WriteOnlyCell(sheet, value=str(name))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in table.frame.itertuples(index=False):
            cells = []
            for value in map(_cell, row):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(
    tables: Sequence[Table],
    fmt: str,
    *,
    table: str | None = None,
    printed: Callable[[], str] | None = None,
) -> Export:
    """The report's ``tables`` as ``fmt``: ``csv`` (the table named ``table``, else the first),
    ``xlsx`` (every table) or ``pdf`` (``printed()``, the report's HTML document, printed)."""
    check_format(fmt)
    if fmt == "csv":
        names = [t.name for t in tables]
        chosen = table or names[0]
        if chosen not in names:
            raise BadInput(f"no table {chosen!r}; choose one of {', '.join(names)}", field="table")
        content = csv_bytes(tables[names.index(chosen)])
    elif fmt == "xlsx":
        content = xlsx_bytes(tables)
    else:
        if printed is None:
            raise BadInput("this report is not printed", field="fmt")
        from tradebridge.reports.pdf import html_to_pdf

        content = html_to_pdf(printed())
    return Export(content, MEDIA_TYPES[fmt], fmt)
