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

from tradebridge.data.warehouse import Partition, StagedYear, Warehouse
from tradebridge.errors import BadInput

Progress = Callable[[str], None]
CANONICAL = "year, exporter, importer, product, value, quantity"
PARQUET = "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"


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


def iso3_of_code_sql(code: str, codes: dict[int, str]) -> str:
    """SQL mapping the integer expression ``code`` to ISO3 through ``codes`` (a list lookup,
    which keeps row order), or to the explicit unknown code ``X<code>``."""
    top = max(codes, default=0)
    table = ", ".join(f"'{codes[c]}'" if c in codes else "NULL" for c in range(top + 1))
    return (
        f"coalesce(CASE WHEN {code} BETWEEN 0 AND {top} THEN [{table}][{code} + 1] END,"
        f" 'X' || {code}::VARCHAR)"
    )


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
    """State of one ingestion inside an embedded DuckDB.

    Each file is parsed once into ``parsed_<n>``; ``staged_<n>`` is a view applying the reader's
    projection, evaluated only while rejected rows are collected and while good rows are written.
    """

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        import duckdb

        self.con = duckdb.connect(config={"temp_directory": str(staging / "duckdb.tmp")})
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute(
            "CREATE TABLE problems"
            " (file VARCHAR, line BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR)"
        )
        self.con.execute("CREATE TABLE losers (src INTEGER, _row BIGINT)")
        self.staged: list[int] = []
        self.parts: dict[int, list[Path]] = {}

    def stage(self, raw: RawFile, n: int) -> int:
        """Parse one file and collect its problems; returns the number of rows read."""
        self.con.execute(f"CREATE TABLE parsed_{n} AS SELECT * FROM {_read_csv_sql(raw)}")
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
            CREATE VIEW staged_{n} AS
            SELECT {raw.projection}, rowid AS _row,
                   CASE WHEN status = 'rejected' THEN {_raw_line(raw)} END AS _raw
            FROM parsed_{n}
            """
        )
        self.con.execute(
            f"CREATE TABLE flagged_{n} AS SELECT _row, status, field, reason, _raw"
            f" FROM staged_{n} WHERE status <> 'ok'"
        )
        invalid = self.con.execute(
            f"SELECT _row, field, reason, _raw FROM flagged_{n} WHERE status = 'rejected'"
            " ORDER BY _row"
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
        parsed = self.con.execute(f"SELECT count(*) FROM parsed_{n}").fetchone()[0]
        self.staged.append(n)
        return int(parsed) + len(bad_lines)

    def dedupe(self, rank: str) -> None:
        """Mark all but the best-ranked record of each flow across the staged files as losers."""
        union = " UNION ALL ".join(
            f"SELECT {n} AS src, _row, year, exporter, importer, product, {rank} AS rank"
            f" FROM staged_{n} WHERE _row NOT IN (SELECT _row FROM flagged_{n})"
            for n in self.staged
        )
        self.con.execute(
            f"""
            INSERT INTO losers SELECT src, _row FROM (
                SELECT src, _row, row_number() OVER (
                    PARTITION BY year, exporter, importer, product ORDER BY rank, src, _row) AS n
                FROM ({union})
            ) WHERE n > 1
            """
        )

    def _good(self, n: int) -> str:
        """File ``n``'s good rows: every parsed row that was not flagged (nor lost to a repeat).

        Selecting by row number keeps the status expression out of the scan that writes."""
        return (
            f"(SELECT {CANONICAL} FROM staged_{n}"
            f" WHERE _row NOT IN (SELECT _row FROM flagged_{n})"
            f" AND _row NOT IN (SELECT _row FROM losers WHERE src = {n}))"
        )

    def filtered(self, n: int) -> int:
        """Rows of file ``n`` that are not flows (filtered by the reader, or a repeat)."""
        query = (
            f"SELECT (SELECT count(*) FROM flagged_{n} WHERE status = 'filtered')"
            f" + (SELECT count(*) FROM losers WHERE src = {n})"
        )
        return int(self.con.execute(query).fetchone()[0])

    def write(self, n: int) -> None:
        """Write file ``n``'s good rows to Parquet parts in the staging folder, one per year."""
        years = self.con.execute(
            f"SELECT DISTINCT year FROM staged_{n} WHERE year IS NOT NULL"
        ).fetchall()
        for (year,) in years:
            path = self.staging / f"part-{n}-{year}.parquet"
            written = self.con.execute(
                f"""
                COPY (SELECT year::SMALLINT AS year, exporter, importer, product,
                             value::DOUBLE AS value, quantity::DOUBLE AS quantity
                      FROM {self._good(n)} WHERE year = {int(year)})
                TO {_sql_str(str(path))} {PARQUET}
                """
            ).fetchone()[0]
            if written:
                self.parts.setdefault(int(year), []).append(path)
            else:
                path.unlink(missing_ok=True)

    def drop(self, n: int) -> None:
        self.con.execute(f"DROP VIEW staged_{n}; DROP TABLE parsed_{n}; DROP TABLE flagged_{n}")

    def first_problem(self) -> tuple | None:
        return self.con.execute(
            "SELECT file, line, field, reason FROM problems ORDER BY file, line LIMIT 1"
        ).fetchone()

    def problem_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM problems").fetchone()[0])

    def write_rejects(self, path: Path) -> None:
        """Every rejected row with its file, line, field and reason, written atomically."""
        from tradebridge.atomic import write_atomically

        rows = self.con.execute(
            "SELECT file, line, field, reason, raw FROM problems ORDER BY file, line"
        ).fetchall()

        def write(tmp: Path) -> None:
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                out = csv.writer(fh)
                out.writerow(["file", "line", "field", "reason", "raw"])
                out.writerows(rows)

        write_atomically(path, write, field="rejects")

    def years(self) -> tuple[list[StagedYear], dict[str, int]]:
        """One Parquet file per year (parts of several files merged), and the unknown codes."""
        staged = []
        for year, parts in sorted(self.parts.items()):
            path = parts[0]
            if len(parts) > 1:
                path = self.staging / f"{year}.parquet"
                files = ", ".join(_sql_str(str(p)) for p in parts)
                self.con.execute(
                    f"COPY (SELECT * FROM read_parquet([{files}])) TO "
                    f"{_sql_str(str(path))} {PARQUET}"
                )
            rows, value = self.con.execute(
                f"SELECT count(*), coalesce(sum(value), 0) FROM read_parquet({_sql_str(str(path))})"
            ).fetchone()
            staged.append(StagedYear(year=year, path=path, rows=int(rows), value_usd=float(value)))
        files = ", ".join(_sql_str(str(s.path)) for s in staged)
        unknown = (
            self.con.execute(
                f"""
            SELECT code, count(*) FROM (
                SELECT exporter AS code FROM read_parquet([{files}]) WHERE exporter LIKE 'X%'
                UNION ALL
                SELECT importer FROM read_parquet([{files}]) WHERE importer LIKE 'X%'
            ) GROUP BY code ORDER BY code
            """
            ).fetchall()
            if staged
            else []
        )
        return staged, {str(c): int(k) for c, k in unknown}

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


def _stop_on_problems(run: _Run, skip_invalid: bool) -> None:
    """Without ``skip_invalid``, the first problem found stops the ingestion."""
    count = run.problem_count()
    if count and not skip_invalid:
        file, line, fld, reason = run.first_problem()
        more = (
            f" (and {count - 1} more; use --skip-invalid --rejects FILE to keep the good rows)"
            if count > 1
            else ""
        )
        raise BadInput(reason + more, file=file, line=line, field=fld)


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
            _stop_on_problems(run, skip_invalid)
            if not plan.dedupe_rank:
                note(f"writing {raw.label} to Parquet")
                report.rows_filtered += run.filtered(n)
                run.write(n)
                run.drop(n)
        if plan.dedupe_rank:
            run.dedupe(plan.dedupe_rank)
            for n in run.staged:
                report.rows_filtered += run.filtered(n)
                run.write(n)
        report.rows_rejected = run.problem_count()
        if rejects is not None:
            run.write_rejects(rejects)
            report.rejects_file = str(rejects)
        staged, report.unknown_codes = run.years()
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
