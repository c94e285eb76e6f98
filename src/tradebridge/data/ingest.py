"""The ingestion pipeline shared by every reader: stage, validate, reject or stop, commit.

A reader describes its source as a :class:`SourcePlan`: for each raw CSV file, the DuckDB
``read_csv`` options and a SQL projection that turns the typed raw columns into canonical flow
columns plus a ``status`` (``ok``, ``rejected`` or ``filtered``), a ``field`` and a ``reason``.
The pipeline runs it in an embedded DuckDB:

1. each file is parsed once into a table (malformed lines and values that do not parse land in
   DuckDB's rejects table with their line number and column);
2. rows are classified by the reader's projection; without ``skip_invalid`` the first problem
   stops the run with ``file:line: field: reason``; with it, every rejected row goes to the
   rejects file with its reason;
3. the good rows of each year are written to Parquet in the warehouse's staging folder and the
   warehouse commits them atomically.

Counts reconcile: rows read = rows stored + rows rejected + rows filtered (rows a source marks
as not being flows, such as Comtrade's non-plain or aggregate records).
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tradebridge.data.warehouse import Partition, StagedYear, Warehouse
from tradebridge.errors import BadInput

Progress = Callable[[str], None]
CANONICAL = "year, exporter, importer, product, value, quantity"


@dataclass(frozen=True)
class RawFile:
    """One raw CSV file and how to turn its rows into canonical flows.

    ``columns`` maps raw column names to DuckDB types for ``read_csv``; ``projection`` is a
    SELECT list over those columns (and ``_line``, the row's line in the file) that yields
    ``year, exporter, importer, product, value, quantity, status, field, reason``.
    """

    path: Path
    label: str
    columns: dict[str, str]
    projection: str
    header_lines: int = 1
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourcePlan:
    """Everything a reader found: the source label, its provenance, and the files to read."""

    source: str
    hs_revision: str | None
    release: str | None
    files: Sequence[RawFile]
    notes: list[str] = field(default_factory=list)
    dedupe_rank: str | None = None
    """Column of the projection ranking records of the same flow (year, exporter, importer,
    product); when set, only the best-ranked record of each flow is kept, the rest filtered."""


@dataclass
class IngestReport:
    """What an ingestion did; ``rows_read == rows_stored + rows_rejected + rows_filtered``."""

    source: str
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    rows_filtered: int = 0
    unknown_codes: dict[str, int] = field(default_factory=dict)
    partitions: list[Partition] = field(default_factory=list)
    rejects_file: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def value_usd(self) -> float:
        return sum(p.value_usd for p in self.partitions)


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_csv_sql(raw: RawFile) -> str:
    cols = ", ".join(f"{_sql_str(k)}: {_sql_str(v)}" for k, v in raw.columns.items())
    opts = {
        "header": "true",
        "auto_detect": "false",
        "delim": "','",
        "quote": "'\"'",
        "escape": "'\"'",
        "store_rejects": "true",
        "rejects_table": "'raw_rejects'",
        "rejects_scan": "'raw_rejects_scan'",
        **raw.options,
    }
    extra = ", ".join(f"{k}={v}" for k, v in opts.items())
    return f"read_csv({_sql_str(str(raw.path))}, columns={{{cols}}}, {extra})"


class _Run:
    """State of one ingestion inside an embedded DuckDB."""

    def __init__(self, staging: Path) -> None:
        self.con = duckdb.connect(config={"temp_directory": str(staging / "duckdb.tmp")})
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute(
            "CREATE TABLE problems"
            " (file VARCHAR, line BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR)"
        )
        self.staged_tables: list[str] = []

    def stage(self, raw: RawFile, n: int) -> int:
        """Parse one file and classify its rows; returns the number of rows read."""
        table = f"staged_{n}"
        self.con.execute(f"CREATE TABLE parsed AS SELECT * FROM {_read_csv_sql(raw)}")
        malformed = self.con.execute(
            """
            SELECT line, arg_min(column_name, column_idx), arg_min(error_type::VARCHAR, column_idx),
                   arg_min(error_message, column_idx), arg_min(csv_line, column_idx)
            FROM raw_rejects GROUP BY line ORDER BY line
            """
        ).fetchall()
        bad_lines = [int(r[0]) for r in malformed]
        if malformed:
            self.con.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        raw.label,
                        int(line),
                        col if kind == "CAST" else None,
                        _describe_csv_error(kind, msg),
                        text,
                    )
                    for line, col, kind, msg, text in malformed
                ],
            )
        self.con.execute("DROP TABLE raw_rejects; DROP TABLE raw_rejects_scan")
        self.con.execute(
            f"""
            CREATE TABLE {table} AS
            SELECT * FROM (
                SELECT {raw.projection},
                       CASE WHEN status = 'rejected' THEN {_raw_line(raw)} END AS _raw, _row
                FROM (SELECT *, rowid AS _row FROM parsed)
            )
            """
        )
        self.con.execute("DROP TABLE parsed")
        invalid = self.con.execute(
            f"SELECT _row, field, reason, _raw FROM {table} WHERE status = 'rejected' ORDER BY _row"
        ).fetchall()
        if invalid:
            first_data_line = raw.header_lines + 1
            self.con.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, ?, ?)",
                [
                    (raw.label, _line_of(int(r), bad_lines, first_data_line), f, reason, text)
                    for r, f, reason, text in invalid
                ],
            )
        parsed = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        self.staged_tables.append(table)
        return int(parsed) + len(bad_lines)

    def dedupe(self, rank: str) -> None:
        """Filter all but the best-ranked record of each flow across the staged files."""
        union = " UNION ALL ".join(
            f"SELECT {n} AS src, _row, year, exporter, importer, product, {rank} AS rank"
            f" FROM {t} WHERE status = 'ok'"
            for n, t in enumerate(self.staged_tables)
        )
        self.con.execute(
            f"""
            CREATE TABLE losers AS SELECT src, _row FROM (
                SELECT src, _row, row_number() OVER (
                    PARTITION BY year, exporter, importer, product ORDER BY rank, src, _row) AS n
                FROM ({union})
            ) WHERE n > 1
            """
        )
        for n, table in enumerate(self.staged_tables):
            self.con.execute(
                f"""
                UPDATE {table} SET status = 'filtered',
                    reason = 'the same flow is declared again; the best-ranked declaration is kept'
                WHERE _row IN (SELECT _row FROM losers WHERE src = {n})
                """
            )

    def filtered(self) -> int:
        return sum(
            int(
                self.con.execute(f"SELECT count(*) FROM {t} WHERE status = 'filtered'").fetchone()[
                    0
                ]
            )
            for t in self.staged_tables
        )

    def first_problem(self) -> tuple | None:
        return self.con.execute(
            "SELECT file, line, field, reason FROM problems ORDER BY file, line LIMIT 1"
        ).fetchone()

    def problem_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM problems").fetchone()[0])

    def write_rejects(self, path: Path) -> None:
        rows = self.con.execute(
            "SELECT file, line, field, reason, raw FROM problems ORDER BY file, line"
        ).fetchall()
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["file", "line", "field", "reason", "raw"])
            out.writerows(rows)
        tmp.replace(path)

    def good_rows(self) -> str:
        union = " UNION ALL ".join(
            f"SELECT {CANONICAL} FROM {t} WHERE status = 'ok'" for t in self.staged_tables
        )
        return f"({union})"

    def unknown_codes(self) -> dict[str, int]:
        rows = self.con.execute(
            f"""
            SELECT code, count(*) FROM (
                SELECT exporter AS code FROM {self.good_rows()} WHERE exporter LIKE 'X%'
                UNION ALL
                SELECT importer FROM {self.good_rows()} WHERE importer LIKE 'X%'
            ) GROUP BY code ORDER BY code
            """
        ).fetchall()
        return {str(c): int(n) for c, n in rows}

    def write_years(self, staging: Path) -> list[StagedYear]:
        good = self.good_rows()
        years = [
            int(y)
            for (y,) in self.con.execute(
                f"SELECT DISTINCT year FROM {good} ORDER BY year"
            ).fetchall()
        ]
        staged = []
        for year in years:
            path = staging / f"{year}.parquet"
            self.con.execute(
                f"""
                COPY (SELECT year::SMALLINT AS year, exporter, importer, product,
                             value::DOUBLE AS value, quantity::DOUBLE AS quantity
                      FROM {good} WHERE year = {year})
                TO {_sql_str(str(path))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)
                """
            )
            rows, value = self.con.execute(
                f"SELECT count(*), coalesce(sum(value), 0) FROM read_parquet({_sql_str(str(path))})"
            ).fetchone()
            staged.append(StagedYear(year=year, path=path, rows=int(rows), value_usd=float(value)))
        return staged

    def close(self) -> None:
        self.con.close()


def _raw_line(raw: RawFile) -> str:
    """SQL rebuilding a parsed row as comma-separated text, for the rejects file."""
    cols = ", ".join(f"coalesce({_quote_ident(c)}::VARCHAR, '')" for c in raw.columns)
    return f"concat_ws(',', {cols})"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _line_of(row: int, bad_lines: list[int], first_data_line: int) -> int:
    """The file line of the ``row``-th parsed row (0-based), skipping malformed lines.

    Parsed rows fill the data lines in order except the lines DuckDB rejected; the answer is
    the smallest line L with L - first_data_line - (#bad lines <= L) == row.
    """
    line = first_data_line + row
    while True:
        skipped = bisect.bisect_right(bad_lines, line)
        candidate = first_data_line + row + skipped
        if candidate == line:
            return line
        line = candidate


def _describe_csv_error(kind: str, message: str) -> str:
    if kind == "CAST":
        return message.split(". ", 1)[-1].strip()
    return f"malformed line ({kind.lower()}: {message.strip()})"


def run_ingestion(
    warehouse: Warehouse,
    plan: SourcePlan,
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``plan`` into ``warehouse``; all or nothing (see the module docstring)."""
    if skip_invalid and rejects is None:
        raise BadInput(
            "--skip-invalid needs --rejects FILE to keep every rejected row", field="rejects"
        )
    note = progress or (lambda _msg: None)
    report = IngestReport(source=plan.source, notes=list(plan.notes))
    existed = warehouse.path.exists()
    staging = warehouse.staging_dir()
    run = _Run(staging)
    try:
        for n, raw in enumerate(plan.files):
            note(f"reading {raw.label}")
            report.rows_read += run.stage(raw, n)
        if plan.dedupe_rank:
            run.dedupe(plan.dedupe_rank)
        report.rows_filtered = run.filtered()
        report.rows_rejected = run.problem_count()
        if report.rows_rejected and not skip_invalid:
            file, line, fld, reason = run.first_problem()
            more = report.rows_rejected - 1
            suffix = (
                f" (and {more} more; use --skip-invalid --rejects FILE to keep the good rows)"
                if more
                else ""
            )
            raise BadInput(reason + suffix, file=file, line=line, field=fld)
        if rejects is not None:
            run.write_rejects(rejects)
            report.rejects_file = str(rejects)
        report.unknown_codes = run.unknown_codes()
        note("writing Parquet")
        staged = run.write_years(staging)
        report.rows_stored = sum(s.rows for s in staged)
        if not staged:
            raise BadInput(
                "no valid flows found in the input",
                file=plan.files[0].label if plan.files else None,
            )
        note("committing")
        report.partitions = warehouse.commit(
            staged,
            source=plan.source,
            hs_revision=plan.hs_revision,
            release=plan.release,
            replace=replace,
        )
        return report
    finally:
        run.close()
        warehouse.discard(staging)
        if not existed and not any(warehouse.path.iterdir()):
            warehouse.path.rmdir()
