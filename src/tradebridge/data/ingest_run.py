"""One ingestion inside an embedded DuckDB (``IngestRun``): each raw file parsed once, its rows
classified by the reader's projection, repeated flows refused, problems given their physical
line, the good rows written to Parquet by year (see ``data/ingest.py`` for the pipeline)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from tradebridge.atomic import write_atomically
from tradebridge.data.csv_lines import physical_lines
from tradebridge.data.ingest_plan import RawFile
from tradebridge.data.manifest import StagedYear

CANONICAL = "year, exporter, importer, product, value, quantity"
PARQUET = "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"


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


class IngestRun:
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
            "CREATE TABLE problems (src INTEGER, file VARCHAR, logical BIGINT, _row BIGINT,"
            " line BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR,"
            " ref_src INTEGER, ref_row BIGINT)"
        )
        self.con.execute("CREATE TABLE losers (src INTEGER, _row BIGINT)")
        self.con.execute("CREATE TABLE repeats (src INTEGER, _row BIGINT)")
        self.staged: list[int] = []
        self.files: dict[int, RawFile] = {}
        self.staged_views: set[int] = set()
        self.parts: dict[int, list[Path]] = {}

    def stage(self, raw: RawFile, n: int) -> int:
        """Parse one file and collect its problems; returns the number of rows read.

        Problems are kept with DuckDB's logical line (malformed lines) or the parsed row number;
        ``resolve_lines`` turns both into the file's physical line."""
        self.files[n] = raw
        self.con.execute(f"CREATE TABLE parsed_{n} AS SELECT * FROM {_read_csv_sql(raw)}")
        malformed = self.con.execute(
            """
            SELECT line, arg_min(column_name, k), arg_min(error_type::VARCHAR, k),
                   arg_min(error_message, k), arg_min(left(csv_line, 1000), k)
            FROM (SELECT *, coalesce(column_idx, 0) AS k FROM raw_rejects)
            GROUP BY line ORDER BY line
            """
        ).fetchall()
        if malformed:
            self.con.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, NULL, NULL)",
                [
                    (
                        n,
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
        self.con.execute(
            f"INSERT INTO problems SELECT {n}, {_sql_str(raw.label)}, NULL, _row, NULL, field,"
            f" reason, _raw, NULL, NULL FROM flagged_{n} WHERE status = 'rejected'"
        )
        parsed = self.con.execute(f"SELECT count(*) FROM parsed_{n}").fetchone()[0]
        self.staged.append(n)
        self.staged_views.add(n)
        return int(parsed) + len(malformed)

    def reject_repeats(self, n: int) -> None:
        """Reject every row repeating a flow (year, exporter, importer, product) of an earlier
        row of file ``n``: two values for one flow are never summed nor chosen between."""
        self._reject_repeats(
            [n], f"SELECT {n} AS src, _row, year, exporter, importer, product FROM {self._ok(n)}"
        )

    def dedupe(self, rank: str) -> None:
        """Keep the best-ranked records of each flow across the staged files: worse-ranked ones
        (the other side's declaration) are filtered; repeats among the best are rejected."""
        union = " UNION ALL ".join(
            f"SELECT {n} AS src, _row, year, exporter, importer, product, {rank} AS rank"
            f" FROM {self._ok(n)}"
            for n in self.staged
        )
        self.con.execute(
            f"""
            CREATE TEMP TABLE ranked AS
            SELECT *, min(rank) OVER (PARTITION BY year, exporter, importer, product) AS best
            FROM ({union});
            INSERT INTO losers SELECT src, _row FROM ranked WHERE rank > best
            """
        )
        self._reject_repeats(
            self.staged,
            "SELECT src, _row, year, exporter, importer, product FROM ranked WHERE rank = best",
        )
        self.con.execute("DROP TABLE ranked")

    def _ok(self, n: int) -> str:
        return f"(SELECT * FROM staged_{n} WHERE _row NOT IN (SELECT _row FROM flagged_{n}))"

    def _reject_repeats(self, files: list[int], rows: str) -> None:
        """Among ``rows`` (src, _row, year, exporter, importer, product), reject each row whose
        flow an earlier row already holds, naming that first row.

        The check that usually finds nothing is cheap: one 64-bit hash of each row's key, sorted
        in NumPy (a grouping over every key in DuckDB took several times the CPU and memory).
        Distinct hashes mean distinct keys; only rows whose hash repeats (a repeat, or rarely
        two keys sharing a hash) go through the exact grouping on the keys themselves."""
        import numpy as np

        keys = "year, exporter, importer, product"
        hashes = self.con.execute(f"SELECT hash({keys}) AS h FROM ({rows})").fetchnumpy()["h"]
        hashes.sort()
        twice = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
        del hashes
        if not twice.size:
            return
        import pyarrow as pa

        self.con.register("repeated_hashes", pa.table({"h": twice}))
        self.con.execute(
            f"CREATE TEMP TABLE candidates AS SELECT * FROM ({rows})"
            f" WHERE hash({keys}) IN (SELECT h FROM repeated_hashes)"
        )
        self.con.unregister("repeated_hashes")
        self.con.execute(
            f"""
            CREATE TEMP TABLE repeated AS SELECT * FROM (
                SELECT r.*, row_number() OVER w AS k, first_value(src) OVER w AS first_src,
                       first_value(_row) OVER w AS first_row
                FROM candidates r
                WINDOW w AS (PARTITION BY {keys} ORDER BY src, _row)
            ) WHERE k > 1;
            INSERT INTO repeats SELECT src, _row FROM repeated;
            INSERT INTO problems
            SELECT src, NULL, NULL, _row, NULL, 'product',
                   'repeats the flow ' || year || ' ' || exporter || ' to ' || importer
                   || ', product ' || product || ', of {{first}}; a flow must appear once'
                   || ' (repeats are refused, never summed)',
                   NULL, first_src, first_row
            FROM repeated;
            DROP TABLE repeated; DROP TABLE candidates
            """
        )
        for n in files:
            self.con.execute(
                "UPDATE problems SET file = ? WHERE src = ? AND file IS NULL",
                [self.files[n].label, n],
            )

    def _good(self, n: int) -> str:
        """File ``n``'s good rows: every parsed row that was not flagged (nor lost to a repeat).

        Selecting by row number keeps the status expression out of the scan that writes."""
        return (
            f"(SELECT {CANONICAL} FROM staged_{n}"
            f" WHERE _row NOT IN (SELECT _row FROM flagged_{n})"
            f" AND _row NOT IN (SELECT _row FROM losers WHERE src = {n})"
            f" AND _row NOT IN (SELECT _row FROM repeats WHERE src = {n}))"
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
        """Forget file ``n``'s tables (its problems are resolved to lines first)."""
        self.resolve_lines()
        self.con.execute(f"DROP VIEW staged_{n}; DROP TABLE parsed_{n}; DROP TABLE flagged_{n}")
        self.staged_views.discard(n)

    def resolve_lines(self) -> None:
        """Give every problem its file's physical line (see ``csv_lines``), the raw text of
        rejected repeats, and the place of the first row each repeat repeats."""
        import pyarrow as pa

        pending = self.con.execute(
            "SELECT DISTINCT src FROM problems WHERE line IS NULL"
            " UNION SELECT DISTINCT ref_src FROM problems WHERE ref_src IS NOT NULL"
        ).fetchall()
        for (n,) in sorted(pending):
            raw = self.files[n]
            malformed = [
                r[0]
                for r in self.con.execute(
                    "SELECT logical FROM problems WHERE src = ? AND logical IS NOT NULL", [n]
                ).fetchall()
            ]
            rows = self.con.execute(
                "SELECT _row FROM problems WHERE src = ? AND _row IS NOT NULL UNION"
                " SELECT ref_row FROM problems WHERE ref_src = ?",
                [n, n],
            ).fetchall()
            at_row, at_logical = physical_lines(
                raw.path,
                rows=[r[0] for r in rows],
                logical=malformed,
                header_lines=raw.header_lines,
            )
            self.con.register(
                "line_map",
                pa.table(
                    {
                        "kind": ["row"] * len(at_row) + ["logical"] * len(at_logical),
                        "k": list(at_row) + list(at_logical),
                        "line": list(at_row.values()) + list(at_logical.values()),
                    }
                ),
            )
            self.con.execute(
                f"""
                UPDATE problems SET line = m.line FROM line_map m
                WHERE problems.src = {n} AND problems.line IS NULL AND (
                    (m.kind = 'row' AND problems._row = m.k)
                    OR (m.kind = 'logical' AND problems.logical = m.k));
                UPDATE problems SET reason = replace(reason, '{{first}}',
                    'line ' || m.line || CASE WHEN problems.src = {n} THEN ''
                                              ELSE ' of ' || {_sql_str(raw.label)} END),
                    ref_src = NULL
                FROM line_map m
                WHERE problems.ref_src = {n} AND m.kind = 'row' AND problems.ref_row = m.k;
                """
            )
            self.con.unregister("line_map")
            if n in self.staged_views:
                self.con.execute(
                    f"""
                    UPDATE problems SET raw = x.r
                    FROM (SELECT rowid AS _row, {_raw_line(raw)} AS r FROM parsed_{n}
                          WHERE rowid IN (SELECT _row FROM repeats WHERE src = {n})) x
                    WHERE problems.src = {n} AND problems.raw IS NULL
                          AND problems._row = x._row
                    """
                )

    def first_problem(self) -> tuple | None:
        self.resolve_lines()
        return self.con.execute(
            "SELECT file, line, field, reason FROM problems ORDER BY src, line LIMIT 1"
        ).fetchone()

    def problem_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM problems").fetchone()[0])

    def write_rejects(self, path: Path) -> None:
        """All problems, one row each with its reason, to ``path`` (atomically)."""
        self.resolve_lines()
        rows = self.con.execute(
            "SELECT file, line, field, reason, raw FROM problems ORDER BY src, line"
        ).fetchall()

        def write(tmp: Path) -> None:
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                _write_rejects_csv(fh, rows)

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


def _write_rejects_csv(fh: IO[str], rows: list[tuple]) -> None:
    out = csv.writer(fh)
    out.writerow(["file", "line", "field", "reason", "raw"])
    out.writerows(rows)


def _describe_csv_error(kind: str, message: str) -> str:
    if kind == "CAST":
        return message.split(". ", 1)[-1].strip()
    return f"malformed line ({kind.lower()}: {message.strip()})"
