"""What a reader hands the ingestion pipeline (``RawFile``, ``SourcePlan``: the raw CSV files and
the SQL that turns their rows into canonical flows) and what the pipeline reports back
(``IngestReport``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradebridge.data.manifest import Partition

Progress = Callable[[str], None]


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
