"""Physical line numbers of CSV records, for errors and rejects that a person opens in an editor.

DuckDB numbers a file's records in two ways, neither of them the line an editor shows: parsed
rows by their position among the rows it kept (blank and malformed lines skipped), malformed
lines by a "logical" line that counts blank lines but not the line breaks inside quoted fields.
``physical_lines`` reads the file once with the same CSV rules (``"`` quotes, ``""`` escapes),
only as far as the last record asked for, and maps both to the line where the record starts.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
>>> _ = path.write_text('h1,h2\\n1,2\\n\\n"a\\nb",3\\nbad\\n4,5\\n')
>>> physical_lines(path, rows=[0, 1, 2], logical=[5], header_lines=1)
({0: 2, 1: 4, 2: 7}, {5: 6})
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

_FIELD_LIMIT = 2**31 - 1


def physical_lines(
    path: Path, *, rows: Iterable[int], logical: Iterable[int], header_lines: int = 1
) -> tuple[dict[int, int], dict[int, int]]:
    """``({row: line}, {logical line: line})``: the physical (1-based) start line of parsed rows
    (0-based among the non-blank, well-formed records after the header) and of logical lines
    (1-based; DuckDB's line numbers of malformed records, which are not parsed rows)."""
    want_rows = set(rows)
    bad = set(logical)
    last_row = max(want_rows, default=-1)
    last_logical = max(bad, default=0)
    at_row: dict[int, int] = {}
    at_logical: dict[int, int] = {}
    limit = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
            reader = csv.reader(fh)
            end, row = 0, -1
            for number, record in enumerate(reader, 1):
                start, end = end + 1, reader.line_num
                if number in bad:
                    at_logical[number] = start
                elif number > header_lines and record:
                    row += 1
                    if row in want_rows:
                        at_row[row] = start
                if row >= last_row and number >= last_logical:
                    break
    finally:
        csv.field_size_limit(limit)
    return at_row, at_logical
