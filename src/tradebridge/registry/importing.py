"""Importing organisation files under the ingestion contract: all or nothing by default; with
``skip_invalid`` the good rows are stored and every problem of every rejected row is written to
the rejects file (``file, line, field, reason, raw``); rows read = stored + rejected.

A row is rejected when ``record.parse_cells`` finds a problem, when its cell count differs from
the header's, or when its ``ref`` repeats an earlier row's or one already in the registry (a
re-import updates nothing). The first problem of an all-or-nothing import is the one-line error
``file:line: field: reason`` (exit 2), counting the others.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradebridge.atomic import write_atomically
from tradebridge.errors import BadInput
from tradebridge.registry.reader import Table, read_table
from tradebridge.registry.record import OrganisationRecord, parse_cells

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REJECT_COLUMNS = ("file", "line", "field", "reason", "raw")


@dataclass(frozen=True)
class Reject:
    """One problem of one rejected row."""

    file: str
    line: int
    field: str
    reason: str
    raw: str

    def error(self) -> BadInput:
        return BadInput(self.reason, file=self.file, line=self.line, field=self.field or None)


@dataclass
class Checked:
    """A table's rows sorted into records to store (with their lines) and problems."""

    file: str
    rows_read: int = 0
    records: list[tuple[int, OrganisationRecord]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({r.line for r in self.rejects})


@dataclass
class ImportReport:
    """What an import did; ``rows_read == rows_stored + rows_rejected``."""

    file: str
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    rejects_file: str | None = None
    rejects: list[Reject] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_stored": self.rows_stored,
            "rows_rejected": self.rows_rejected,
            "rejects_file": self.rejects_file,
            "rejects": [r.__dict__ for r in self.rejects],
        }


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block. An import makes millions of small
    objects that live until it ends (cells, records, rows to insert), and every full collection
    walks all of them again: a quarter of a 50,000-row import's time. Reference counting still
    frees what is dropped; the collector resumes (and catches up) after the block."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _raw(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def check_table(table: Table, refs_held: Callable[[set[str]], set[str]]) -> Checked:
    """Sort ``table``'s rows; ``refs_held(refs)`` says which of ``refs`` the registry holds."""
    checked = Checked(table.file, rows_read=len(table.rows))
    first_line: dict[str, int] = {}
    parsed: list[tuple[int, list[str], OrganisationRecord]] = []
    for row in table.rows:
        if row.problem is not None:
            checked.rejects.append(Reject(table.file, row.line, *row.problem, _raw(row.raw)))
            continue
        record, problems = parse_cells(row.cells)
        if record is not None and record.ref is not None:
            if record.ref in first_line:
                problems = [("ref", f"{record.ref!r} repeats line {first_line[record.ref]}")]
            else:
                first_line[record.ref] = row.line
        raw = _raw(row.raw) if problems else ""
        checked.rejects += [Reject(table.file, row.line, f, reason, raw) for f, reason in problems]
        if not problems and record is not None:
            parsed.append((row.line, row.raw, record))
    held = refs_held(set(first_line)) if first_line else set()
    for line, raw, record in parsed:
        if record.ref in held:
            reason = f"{record.ref!r} is already in the registry (a re-import updates nothing)"
            checked.rejects.append(Reject(table.file, line, "ref", reason, _raw(raw)))
        else:
            checked.records.append((line, record))
    checked.rejects.sort(key=lambda r: r.line)
    return checked


def stop_on_problems(checked: Checked, skip_invalid: bool) -> None:
    """Without ``skip_invalid``, any problem stops the import: ``BadInput`` for the first one."""
    if checked.rejects and not skip_invalid:
        first = checked.rejects[0]
        count = len(checked.rejects)
        rows = checked.rows_rejected
        more = (
            f" (and {count - 1} more in {rows} row(s); nothing was stored; "
            "use --skip-invalid --rejects FILE to store the good rows)"
            if count > 1
            else " (nothing was stored)"
        )
        raise BadInput(
            first.reason + more, file=first.file, line=first.line, field=first.field or None
        )


def rejects_csv(rejects: Iterable[Reject]) -> str:
    """The rejects file's text: a header, then one line per problem."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REJECT_COLUMNS)
    writer.writerows((r.file, r.line, r.field, r.reason, r.raw) for r in rejects)
    return buffer.getvalue()


def import_file(
    session: Session,
    path: Path,
    *,
    name: str | None = None,
    skip_invalid: bool = False,
    rejects: Path | None = None,
) -> ImportReport:
    """Import the organisations of ``path`` (CSV or XLSX; ``name`` is how messages call it)
    in the caller's transaction. Without ``skip_invalid`` any problem raises ``BadInput`` and
    nothing is stored; with it the good rows are stored and every problem is in the report's
    ``rejects``, and written to ``rejects`` once the rows are stored."""
    from tradebridge.db.bulk import roomy_cache
    from tradebridge.registry.services import refs_held, store_new

    with _without_cycle_collection(), roomy_cache(session):
        table = read_table(path, name)
        checked = check_table(table, lambda refs: refs_held(session, refs))
        stop_on_problems(checked, skip_invalid)
        store_new(session, [record for _, record in checked.records])
    report = ImportReport(
        file=table.file,
        rows_read=checked.rows_read,
        rows_stored=len(checked.records),
        rows_rejected=checked.rows_rejected,
        rejects=checked.rejects,
    )
    if rejects is not None:
        text = rejects_csv(report.rejects)
        write_atomically(rejects, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        report.rejects_file = str(rejects)
    return report
