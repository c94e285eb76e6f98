"""Reader for UN Comtrade CSV downloads: Comtrade Plus / API v1 records and the legacy bulk layout.

Each record is one reporter's declaration. Kept as a flow: exports (``X``, legacy trade flow
code 2) with exporter = reporter, importer = partner, and imports (``M``, code 1) with
exporter = partner, importer = reporter; HS6 commodity codes only; plain flows only
(``customsCode = C00``, ``motCode = 0``, ``mosCode = 0``, ``partner2Code = 0``).
Filtered (counted, not stored): re-exports/re-imports and other flow kinds, partner World
(code 0) and area aggregates ("Areas, nes", "Bunkers", …), non-HS6 commodity rows.
Value is ``primaryValue`` (US$; ``Trade Value (US$)`` in the legacy layout) and quantity the net
weight in tonnes (kg / 1000).

Exporters and importers report the same flow separately and their figures disagree. The
reporter's side is kept as declared, with no reconciliation; when one download holds both
declarations of a flow (year, exporter, importer, product), the exporter's declaration (FOB,
like BACI) is kept and the importer's mirror record is counted as filtered.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tradebridge.data.ingest import run_ingestion
from tradebridge.data.ingest_plan import (
    IngestReport,
    Progress,
    RawFile,
    SourcePlan,
    iso3_of_code_sql,
)
from tradebridge.data.input_tables import csv_header
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.files import regular_input
from tradebridge.reference.countries import COMTRADE_AGGREGATE_CODES, m49_to_iso3

PLUS = {
    "year": "refYear",
    "flow": "flowCode",
    "reporter": "reporterCode",
    "reporter_iso": "reporterISO",
    "partner": "partnerCode",
    "partner_iso": "partnerISO",
    "product": "cmdCode",
    "classification": "classificationCode",
    "value": "primaryValue",
    "weight": "netWgt",
}
PLUS_PLAIN = {"customsCode": "C00", "motCode": "0", "mosCode": "0", "partner2Code": "0"}
LEGACY = {
    "year": "Year",
    "flow": "Trade Flow Code",
    "reporter": "Reporter Code",
    "reporter_iso": "Reporter ISO",
    "partner": "Partner Code",
    "partner_iso": "Partner ISO",
    "product": "Commodity Code",
    "classification": "Classification",
    "value": "Trade Value (US$)",
    "weight": "Netweight (kg)",
}
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}


def _q(name: str) -> str:
    """The raw column ``name`` as read (prefixed ``src_`` so it never shadows an output alias)."""
    return '"src_' + name.replace('"', '""') + '"'


def _country_sql(code_col: str, iso_col: str, codes: dict[int, str]) -> str:
    """ISO3 from the record's ISO field when it is a country code, else from the M49 code."""
    code = f"TRY_CAST(trim({_q(code_col)}) AS INTEGER)"
    iso = f"upper(trim(coalesce({_q(iso_col)}, '')))"
    return (
        f"CASE WHEN regexp_full_match({iso}, '[A-Z]{{3}}') AND {iso} NOT IN ('W00') THEN {iso}"
        f" ELSE {iso3_of_code_sql(code, codes)} END"
    )


def _projection(cols: dict[str, str], plain: dict[str, str], legacy: bool) -> str:
    codes = m49_to_iso3()
    aggregates = ", ".join(str(c) for c in sorted(COMTRADE_AGGREGATE_CODES))
    flow = (
        (
            f"CASE trim({_q(cols['flow'])}) "
            + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in LEGACY_FLOWS.items())
            + f" ELSE trim({_q(cols['flow'])}) END"
        )
        if legacy
        else f"upper(trim({_q(cols['flow'])}))"
    )
    not_plain = (
        " OR ".join(
            f"trim(coalesce({_q(c)}, '')) NOT IN ('{v}'{', ' + repr(v + '.0') if v == '0' else ''})"
            for c, v in plain.items()
        )
        or "false"
    )
    return f"""
        TRY_CAST(trim({_q(cols["year"])}) AS INTEGER) AS year,
        {flow} AS flow,
        {_country_sql(cols["reporter"], cols["reporter_iso"], codes)} AS reporter_iso3,
        {_country_sql(cols["partner"], cols["partner_iso"], codes)} AS partner_iso3,
        TRY_CAST(trim({_q(cols["partner"])}) AS INTEGER) AS partner_code,
        CASE WHEN flow = 'M' THEN partner_iso3 ELSE reporter_iso3 END AS exporter,
        CASE WHEN flow = 'M' THEN reporter_iso3 ELSE partner_iso3 END AS importer,
        trim(coalesce({_q(cols["product"])}, '')) AS product,
        TRY_CAST(trim({_q(cols["value"])}) AS DOUBLE) AS value,
        TRY_CAST(nullif(trim(coalesce({_q(cols["weight"])}, '')), '') AS DOUBLE) / 1000 AS quantity,
        CASE
            WHEN year IS NULL OR year NOT BETWEEN 1900 AND 2100 THEN '{cols["year"]}'
            WHEN TRY_CAST(trim({_q(cols["reporter"])}) AS INTEGER) IS NULL THEN '{cols["reporter"]}'
            WHEN partner_code IS NULL THEN '{cols["partner"]}'
            WHEN flow IN ('X', 'M') AND partner_iso3 = reporter_iso3 THEN '{cols["partner"]}'
            WHEN flow IN ('X', 'M') AND regexp_full_match(product, '[0-9]{{6}}')
                 AND (value IS NULL OR NOT isfinite(value) OR value < 0) THEN '{cols["value"]}'
        END AS field,
        CASE
            WHEN field = '{cols["year"]}' THEN 'year must be a whole number between 1900 and 2100'
            WHEN field = '{cols["partner"]}' AND partner_iso3 = reporter_iso3
                THEN 'partner ' || partner_iso3 || ' is the reporter: a country''s trade with'
                     || ' itself is not a flow'
            WHEN field IS NOT NULL AND field <> '{cols["value"]}'
                THEN 'country code must be a number'
            WHEN field IS NOT NULL THEN 'trade value must be a number >= 0 (US$)'
            WHEN flow NOT IN ('X', 'M') THEN 'flow ' || flow || ' is neither exports nor imports'
            WHEN NOT upper(trim(coalesce({_q(cols["classification"])}, 'H'))) LIKE 'H%'
                THEN 'classification is not HS'
            WHEN partner_code IN ({aggregates}) THEN 'partner is World or an area aggregate'
            WHEN {not_plain}
                THEN 'not a plain flow (customs, transport, supply mode or 2nd partner)'
            WHEN NOT regexp_full_match(product, '[0-9]{{6}}') THEN 'commodity is not an HS6 code'
        END AS reason,
        CASE WHEN field IS NOT NULL THEN 'rejected' WHEN reason IS NOT NULL THEN 'filtered'
             ELSE 'ok' END AS status,
        CASE flow WHEN 'X' THEN 0 ELSE 1 END AS declaration_rank
    """


def plan(paths: Iterable[Path]) -> SourcePlan:
    files, kinds = [], set()
    for path in paths:
        regular_input(path)
        header = csv_header(path)
        if set(PLUS.values()) <= set(header):
            cols, plain, legacy = PLUS, {c: v for c, v in PLUS_PLAIN.items() if c in header}, False
            kinds.add("Comtrade Plus")
        elif set(LEGACY.values()) <= set(header):
            cols, plain, legacy = LEGACY, {}, True
            kinds.add("Comtrade legacy bulk")
        else:
            need = sorted(set(PLUS.values()) - set(header))
            raise BadInput(
                "not a UN Comtrade CSV: missing Comtrade Plus column(s) "
                + ", ".join(need)
                + " (or the legacy bulk header)",
                file=str(path),
                line=1,
            )
        files.append(
            RawFile(
                path=path,
                label=path.name,
                columns={f"src_{c}": "VARCHAR" for c in header},
                projection=_projection(cols, plain, legacy),
            )
        )
    if not files:
        raise BadInput("no input file given")
    label = f"UN Comtrade ({', '.join(sorted(kinds))}; reporter-declared, not reconciled)"
    return SourcePlan(
        source=label,
        hs_revision=None,
        release=None,
        files=files,
        dedupe_rank="declaration_rank",
        notes=[
            "Comtrade figures are as each reporter declared them; when both sides of a flow "
            "were present, the exporter's declaration was kept."
        ],
    )


def ingest_comtrade(
    warehouse: Warehouse,
    paths: Iterable[str | Path],
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Ingest UN Comtrade CSV files (see the module docstring for what is kept)."""
    given = [Path(p) for p in paths]
    return run_ingestion(
        warehouse,
        plan(given),
        skip_invalid=skip_invalid,
        rejects=rejects,
        inputs=given,
        replace=replace,
        progress=progress,
        lock_timeout=lock_timeout,
    )
