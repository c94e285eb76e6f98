"""Reading an organisation file: CSV (comma, semicolon or tab, UTF-8) or the first sheet of a
spreadsheet (XLSX, XLS, ODS through python-calamine), as text cells with their line numbers.

The header is checked before any row: an unknown or repeated column, or a missing required one,
stops the reading with a one-line error (file, line 1, field). Rows come back as
``(line, cells)`` where ``line`` is the line (or spreadsheet row) a person sees in an editor and
``cells`` maps every column of the header to its text. A row with more or fewer cells than the
header is a problem of that row, not of the file. Blank rows are skipped and not counted.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from tradebridge.errors import BadInput, nearest, os_problem
from tradebridge.registry.vocabulary import (
    COLUMN_NAMES,
    COLUMNS,
    NAME_COLUMNS,
    NO,
    YES,
    is_contact_column,
)

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_CODE_COLUMNS = ("products_offered", "products_sought")


@dataclass
class Row:
    """One data row: its line in the file, its cells by column, its cells as written."""

    line: int
    cells: dict[str, str]
    raw: list[str]
    problem: tuple[str, str] | None = None


@dataclass
class Table:
    """A file's header and rows."""

    file: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)


def read_table(path: Path, name: str | None = None) -> Table:
    """The header and rows of ``path`` (``name`` is how errors call the file)."""
    shown = name or str(path)
    suffix = Path(name or path).suffix.lower()
    if suffix not in CSV_SUFFIXES + SHEET_SUFFIXES:
        raise BadInput(
            f"unknown file type {suffix or '(none)'!r}; expected .csv or .xlsx", file=shown
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_problem(exc, shown) from exc
    lines = _csv_lines(data, shown) if suffix in CSV_SUFFIXES else _sheet_lines(data, shown)
    return _table(lines, shown)


def _table(lines: Iterator[tuple[int, list[str]]], file: str) -> Table:
    first = next(lines, None)
    if first is None:
        raise BadInput("the file is empty; expected a header row", file=file, line=1)
    line, raw_header = first
    header = [cell.strip().casefold() for cell in raw_header]
    while header and not header[-1]:
        header.pop()
    _check_header(header, file, line)
    table = Table(file, header)
    width = len(header)
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        row = Row(line, {}, cells)
        filled = len(cells)
        while filled > width and not cells[filled - 1].strip():
            filled -= 1
        if filled != width:
            row.problem = ("", f"{filled} cells where the header has {width}")
        else:
            row.cells = dict(zip(header, cells[:width], strict=True))
        table.rows.append(row)
    return table


def _check_header(header: list[str], file: str, line: int) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            raise BadInput("a column without a name in the header", file=file, line=line)
        if name not in COLUMN_NAMES and not is_contact_column(name):
            hint = nearest(name, list(COLUMN_NAMES))
            raise BadInput(f"unknown column; {hint}", file=file, line=line, field=name)
        if name in seen:
            raise BadInput("the column appears twice", file=file, line=line, field=name)
        seen.add(name)
    for column in COLUMNS:
        if column.required and column.name not in seen:
            raise BadInput("required column missing", file=file, line=line, field=column.name)
    if not seen.intersection(NAME_COLUMNS):
        raise BadInput(
            "no name column; give at least one of " + ", ".join(NAME_COLUMNS),
            file=file,
            line=line,
        )


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput("not UTF-8 text; save the file as CSV UTF-8", file=file, line=line) from None


def _delimiter(text: str) -> str:
    """The delimiter of the header line: a tab, a semicolon (Excel in many locales) or a comma.

    >>> _delimiter("kind;name_en;country\\n"), _delimiter("kind,name_en\\n")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_lines(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data, file)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BadInput("contains NUL bytes: not a text file", file=file, line=line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            yield start, cells
    except csv.Error as exc:
        raise BadInput(f"malformed CSV ({exc})", file=file, line=end + 1) from None


def _sheet_lines(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged files
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise BadInput(f"not a readable spreadsheet ({reason})", file=file) from None
    header: list[str] = []
    for number, values in enumerate(rows, start=1):
        if number == 1:
            header = [_cell(v, "") for v in values]
            yield number, header
            continue
        names = [h.strip().casefold() for h in header]
        yield number, [_cell(v, names[i] if i < len(names) else "") for i, v in enumerate(values)]


def _cell(value: object, column: str) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without ``.0`` (HS codes
    typed as numbers get their leading zeros back), dates as ``YYYY-MM-DD``, booleans as yes/no.

    >>> _cell(80810.0, "products_offered"), _cell(3.5, "city"), _cell(True, "synthetic")
    ('080810', '3.5', 'yes')
    >>> _cell(datetime(2024, 5, 1), "brand_since")
    '2024-05-01'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(6) if column in _CODE_COLUMNS and len(text) < 6 else text
    return str(value)
