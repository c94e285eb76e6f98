"""Reader for plain flow CSVs: ``year,exporter,importer,product,value[,quantity]``.

Countries are ISO3 codes (any case) or explicit unknown codes ``X<digits>``; ``product`` is an
HS6 code (five digits are accepted and left-padded, as spreadsheets drop the leading zero);
``value`` is in US$ and ``quantity`` in tonnes (optional, empty or ``NA`` for unknown).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tradebridge.data.ingest import run_ingestion
from tradebridge.data.ingest_plan import IngestReport, Progress, RawFile, SourcePlan
from tradebridge.data.input_tables import csv_header
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.files import regular_input

REQUIRED = ["year", "exporter", "importer", "product", "value"]


def _projection() -> str:
    """SQL over the raw text columns (prefixed ``src_``) yielding canonical flows and a status."""
    country = "regexp_full_match({c}, '[A-Z]{{3}}|X[0-9]+')"
    return f"""
        TRY_CAST(trim(src_year) AS INTEGER) AS year,
        upper(trim(src_exporter)) AS exporter,
        upper(trim(src_importer)) AS importer,
        lpad(trim(src_product), 6, '0') AS product,
        TRY_CAST(trim(src_value) AS DOUBLE) AS value,
        trim(coalesce(src_quantity, '')) AS q_text,
        CASE WHEN q_text IN ('', 'NA') THEN NULL ELSE TRY_CAST(q_text AS DOUBLE) END AS quantity,
        CASE
            WHEN year IS NULL OR year NOT BETWEEN 1900 AND 2100 THEN 'year'
            WHEN exporter IS NULL OR NOT {country.format(c="exporter")} THEN 'exporter'
            WHEN importer IS NULL OR NOT {country.format(c="importer")} THEN 'importer'
            WHEN importer = exporter THEN 'importer'
            WHEN NOT regexp_full_match(coalesce(trim(src_product), ''), '[0-9]{{5,6}}')
                THEN 'product'
            WHEN value IS NULL OR NOT isfinite(value) OR value < 0 THEN 'value'
            WHEN q_text NOT IN ('', 'NA')
                 AND (quantity IS NULL OR NOT isfinite(quantity) OR quantity < 0) THEN 'quantity'
        END AS field,
        CASE field
            WHEN 'year' THEN 'year must be a whole number between 1900 and 2100'
            WHEN 'exporter' THEN 'exporter must be an ISO3 code or X<digits>'
            WHEN 'importer' THEN CASE WHEN importer = exporter
                THEN 'importer ' || importer || ' is the exporter: a country''s trade with'
                     || ' itself is not a flow'
                ELSE 'importer must be an ISO3 code or X<digits>' END
            WHEN 'product' THEN 'product must be an HS6 code (5 or 6 digits)'
            WHEN 'value' THEN 'value must be a number >= 0 (US$)'
            WHEN 'quantity' THEN 'quantity must be a number >= 0, empty or NA'
        END AS reason,
        CASE WHEN field IS NULL THEN 'ok' ELSE 'rejected' END AS status
    """


def plan(paths: Iterable[Path], source: str | None = None) -> SourcePlan:
    files = []
    for path in paths:
        regular_input(path)
        header = [c.lower() for c in csv_header(path)]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise BadInput(
                f"missing column(s) {', '.join(missing)}; expected "
                "year,exporter,importer,product,value[,quantity]",
                file=str(path),
                line=1,
            )
        extra = [c for c in header if c not in REQUIRED + ["quantity"]]
        if extra:
            raise BadInput(f"unexpected column(s) {', '.join(extra)}", file=str(path), line=1)
        columns = {f"src_{c}": "VARCHAR" for c in header}
        projection = _projection()
        if "quantity" not in header:
            projection = projection.replace("coalesce(src_quantity, '')", "''")
        files.append(
            RawFile(
                path=path,
                label=path.name,
                columns=columns,
                projection=projection,
                options={"encoding": "'utf-8'", "skip": "0"},
            )
        )
    if not files:
        raise BadInput("no input file given")
    label = source or "CSV " + ", ".join(f.label for f in files)
    # several files may hold one year: read them all before writing, so that a flow repeated
    # in another file is refused like one repeated in the same file (every row ranks equal)
    rank = "0" if len(files) > 1 else None
    return SourcePlan(source=label, hs_revision=None, release=None, files=files, dedupe_rank=rank)


def ingest_csv(
    warehouse: Warehouse,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Ingest plain flow CSVs (see the module docstring for the columns)."""
    given = [Path(p) for p in paths]
    return run_ingestion(
        warehouse,
        plan(given, source),
        skip_invalid=skip_invalid,
        rejects=rejects,
        inputs=given,
        replace=replace,
        progress=progress,
        lock_timeout=lock_timeout,
    )
