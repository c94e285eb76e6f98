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

from collections.abc import Callable, Sequence
from pathlib import Path

from tradebridge.data.ingest_plan import IngestReport, Progress, RawFile, SourcePlan
from tradebridge.data.ingest_run import IngestRun
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, EnvironmentProblem, os_problem
from tradebridge.files import output_path


def _stop_on_problems(run: IngestRun, skip_invalid: bool) -> None:
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
    plan: SourcePlan | Callable[[Path], SourcePlan],
    *,
    inputs: Sequence[Path] = (),
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Ingest ``plan`` into ``warehouse``; all or nothing (see the module docstring).

    ``plan`` may be a function of a scratch folder inside the warehouse (a release zip is
    extracted there, so an interrupted run leaves nothing outside the warehouse, and the next
    writer removes it). ``inputs`` are the paths the user gave: ``rejects`` may not be one of
    them, nor a file the plan reads, nor anything inside the warehouse. Only one ingestion
    writes to a warehouse at a time; a second one waits up to ``lock_timeout`` seconds."""
    if skip_invalid and rejects is None:
        raise BadInput(
            "--skip-invalid needs --rejects FILE to keep every rejected row", field="rejects"
        )
    note = progress or (lambda _msg: None)
    if rejects is not None:
        output_path(rejects, option="--rejects", inputs=inputs, warehouse=warehouse.path)
    import duckdb

    try:
        with warehouse.writing(timeout=lock_timeout, notify=note):
            staging = warehouse.staging_dir()
            try:
                return _ingest(warehouse, plan, staging, skip_invalid, rejects, replace, note)
            finally:
                warehouse.discard(staging)
    except OSError as exc:
        raise os_problem(exc) from exc
    except duckdb.InterruptException as exc:
        raise KeyboardInterrupt from exc
    except (duckdb.IOException, duckdb.OutOfMemoryException) as exc:
        raise EnvironmentProblem(_first_line(exc), file=str(warehouse.path)) from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _ingest(
    warehouse: Warehouse,
    plan: SourcePlan | Callable[[Path], SourcePlan],
    staging: Path,
    skip_invalid: bool,
    rejects: Path | None,
    replace: bool,
    note: Progress,
) -> IngestReport:
    """The ingestion proper, holding the writer lock, with ``staging`` as its scratch folder."""
    if callable(plan):
        scratch = staging / "input"
        scratch.mkdir()
        plan = plan(scratch)
    if rejects is not None:
        output_path(rejects, option="--rejects", inputs=[f.path for f in plan.files])
    report = IngestReport(source=plan.source, notes=list(plan.notes))
    run = IngestRun(staging)
    try:
        for n, raw in enumerate(plan.files):
            note(f"reading {raw.label}")
            report.rows_read += _stage(run, raw, n)
            if not plan.dedupe_rank:
                run.reject_repeats(n)
            _stop_on_problems(run, skip_invalid)
            if not plan.dedupe_rank:
                note(f"writing {raw.label} to Parquet")
                report.rows_filtered += run.filtered(n)
                run.write(n)
                run.drop(n)
        if plan.dedupe_rank:
            run.dedupe(plan.dedupe_rank)
            _stop_on_problems(run, skip_invalid)
            for n in run.staged:
                report.rows_filtered += run.filtered(n)
                run.write(n)
        report.rows_rejected = run.problem_count()
        staged, report.unknown_codes = run.years()
        report.rows_stored = sum(s.rows for s in staged)
        if not staged:
            raise BadInput(
                "no valid flows found in the input",
                file=plan.files[0].label if plan.files else None,
            )
        if rejects is not None:
            run.write_rejects(rejects)
            report.rejects_file = str(rejects)
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


def _stage(run: IngestRun, raw: RawFile, n: int) -> int:
    """``run.stage`` with DuckDB's errors about the file's content as ``BadInput``."""
    import duckdb

    try:
        return run.stage(raw, n)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise BadInput(_first_line(exc), file=raw.label) from exc
