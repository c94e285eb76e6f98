"""Writing organisation files: the export of a list and the empty template, as CSV (UTF-8, comma)
or XLSX (openpyxl), in exactly the columns the import reads, atomically.

A file exported from the registry imports back unchanged (same columns, same text); the template
is the header alone (CSV) or the header with drop-down lists for the fixed vocabularies and a
second sheet describing every column in the reader's language (XLSX).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tradebridge.atomic import write_atomically
from tradebridge.errors import BadInput
from tradebridge.registry.vocabulary import (
    COLUMN_NAMES,
    COLUMNS,
    LIST_SEPARATOR,
    columns_with_contacts,
)

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "organisations"
TEMPLATE_ROWS = 5000


def format_of(path: Path | str) -> str:
    """``csv`` or ``xlsx`` from the file name; ``BadInput`` for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise BadInput(
            f"unknown file type {suffix or '(none)'!r}; expected .csv or .xlsx",
            file=str(path),
            field="out",
        )
    return suffix


def columns_of_rows(rows: Sequence[Mapping[str, str]]) -> tuple[str, ...]:
    """The columns of a file holding ``rows``: the import's, with room for the most contacts
    any row has (``contact2_…`` and so on)."""
    most = max((sum(name.endswith("_public") for name in row) for row in rows), default=1)
    return columns_with_contacts(most)


def csv_text(rows: Iterable[Mapping[str, str]]) -> str:
    """The rows as CSV text with the header (cells of contacts a row lacks are empty).

    >>> csv_text([]).split(",")[:3]
    ['ref', 'kind', 'name_en']
    """
    rows = list(rows)
    columns = columns_of_rows(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(name, "") for name in columns] for row in rows)
    return buffer.getvalue()


def xlsx_bytes(rows: Iterable[Mapping[str, str]]) -> bytes:
    """The rows as an XLSX workbook (one sheet, every cell text, so codes keep their zeros)."""
    from openpyxl import Workbook

    rows = list(rows)
    columns = columns_of_rows(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(list(columns))
    for row in rows:
        values = [row.get(name, "") for name in columns]
        if any(value.startswith("=") for value in values):
            sheet.append(_text_cells(sheet, values))
        else:
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cells(sheet: object, values: Iterable[str]) -> list[object]:
    """Cells holding ``values`` as text: openpyxl would store a text starting with ``=`` as a
    formula, which a spreadsheet then runs; typed as a string it is shown, never evaluated."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cells.append(cell)
    return cells


def export_bytes(rows: Iterable[Mapping[str, str]], fmt: str) -> bytes:
    """The rows as a file of format ``csv`` or ``xlsx``."""
    return csv_text(rows).encode("utf-8") if fmt == "csv" else xlsx_bytes(rows)


def write_export(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    """The rows written to ``path`` (CSV or XLSX by its suffix), atomically."""
    data = export_bytes(rows, format_of(path))
    return write_atomically(path, lambda tmp: tmp.write_bytes(data))


def template_bytes(fmt: str, language: str = "en") -> bytes:
    """The empty import template: the header (CSV), or the header with drop-down lists and a
    sheet describing the columns in ``language`` (XLSX)."""
    if fmt == "csv":
        return csv_text([]).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from tradebridge.i18n import language as language_of

    texts = language_of(language)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMN_NAMES))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, len(column.name) + 2)
        sheet.column_dimensions[letter].number_format = "@"  # text: codes keep their zeros
        if column.choices and not column.is_list:
            check = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"')
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
    guide = book.create_sheet(texts.gettext("columns"))
    guide.append([texts.gettext("column"), texts.gettext("required"), texts.gettext("content")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        content = texts.gettext(column.content)
        if column.choices:
            content += ": " + ", ".join(column.choices)
        if column.is_list:
            content += " " + texts.gettext("(several, separated by %(sep)s)") % {
                "sep": LIST_SEPARATOR
            }
        required = texts.gettext("yes") if column.required else ""
        guide.append([column.name, required, content])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(path: Path, language: str = "en") -> Path:
    """The template written to ``path`` (CSV or XLSX by its suffix), atomically."""
    data = template_bytes(format_of(path), language)
    return write_atomically(path, lambda tmp: tmp.write_bytes(data))
