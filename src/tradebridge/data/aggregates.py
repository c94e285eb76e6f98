"""Per-year sums of the flows, built once at ingestion and stored beside them.

Ranking markets or products starts from the same sums of a year's flows every time; summing the
~10 million flows of a full-scale year takes seconds, reading the stored sums a fraction of that.
Each year gets three tables, written as Parquet under ``aggregates/<name>/year=<year>/`` by the
commit that writes the year's flows and recorded in the manifest with their checksums:

- ``imports``: ``year, importer, product, value``, ``value = m_jk = Σ_i x_ijk``;
- ``exports``: ``year, exporter, product, value``, ``value = x_i·k = Σ_j x_ijk``;
- ``products``: ``year, product, value, importers``, ``value = x_··k`` (world trade in k) and
  ``importers`` the number of importers j with ``m_jk > 0`` (flows are never negative, so these
  are the importers with a positive flow of k).

Unknown partner codes (``X…``) are kept: they count in world totals. The expressions below are
the only definition of these sums. A warehouse ingested before they were stored gets the same
expressions evaluated over its flows (the same numbers, only slower) until its next ingestion,
which stores them for every year it holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis

    from tradebridge.data.warehouse import Warehouse

NAMES = ("imports", "exports", "products")
SORT_KEYS = {
    "imports": ["year", "importer", "product"],
    "exports": ["year", "exporter", "product"],
    "products": ["year", "product"],
}


def imports_of(flows: ibis.Table) -> ibis.Table:
    """``m_jk`` per year: ``year, importer, product, value``."""
    return flows.group_by(["year", "importer", "product"]).aggregate(value=flows.value.sum())


def exports_of(flows: ibis.Table) -> ibis.Table:
    """``x_i·k`` per year: ``year, exporter, product, value``."""
    return flows.group_by(["year", "exporter", "product"]).aggregate(value=flows.value.sum())


def products_of(imports: ibis.Table) -> ibis.Table:
    """From ``imports_of``: ``x_··k = Σ_j m_jk`` and the importers with ``m_jk > 0``, per year:
    ``year, product, value, importers``."""
    return imports.group_by(["year", "product"]).aggregate(
        value=imports.value.sum(), importers=imports.importer.count(where=imports.value > 0)
    )


@dataclass(frozen=True)
class Tables:
    """The flows and their per-year sums as Ibis tables on one engine."""

    flows: ibis.Table
    imports: ibis.Table
    exports: ibis.Table
    products: ibis.Table

    @classmethod
    def of_flows(cls, flows: ibis.Table) -> Tables:
        """The sums computed from ``flows`` (any table with the canonical flow columns)."""
        imports = imports_of(flows)
        return cls(flows, imports, exports_of(flows), products_of(imports))

    def where(self, restrict: Callable[[ibis.Table], ibis.Table]) -> Tables:
        """Every table passed through ``restrict``: a filter on ``year`` or ``product`` (the
        keys every table has), which gives the same sums as filtering the flows first."""
        return Tables(
            restrict(self.flows),
            restrict(self.imports),
            restrict(self.exports),
            restrict(self.products),
        )


def tables(wh: Warehouse, engine: str | None = None) -> Tables:
    """The warehouse's flows and sums on ``engine``: the stored sums when every year has them,
    else (a warehouse ingested before they were stored) the same sums computed from the flows."""
    flows = wh.flows(engine)
    parts = wh.partitions()
    if not all(set(NAMES) <= set(p.aggregates) for p in parts.values()):
        return Tables.of_flows(flows)
    stored = {}
    for name in NAMES:
        files = [p.aggregates[name] for _, p in sorted(parts.items())]
        key = hashlib.sha1("".join(f.checksum for f in files).encode()).hexdigest()[:12]
        stored[name] = wh.parquet_table(f"{name}_{key}", [wh.path / f.file for f in files], engine)
    return Tables(flows, **stored)


def build(flows_file: Path, folder: Path) -> dict[str, tuple[Path, int]]:
    """Write the sums of one year's flows file to Parquet files in ``folder`` (sorted by their
    keys, so that a filter on a country reads few row groups); returns ``{name: (path, rows)}``."""
    import ibis

    folder.mkdir(parents=True, exist_ok=True)
    con = ibis.duckdb.connect()
    con.raw_sql("SET enable_progress_bar = false")
    try:
        flows = con.read_parquet(flows_file, hive_partitioning=False)
        out: dict[str, tuple[Path, int]] = {}
        for name, expr in (("imports", imports_of(flows)), ("exports", exports_of(flows))):
            out[name] = _write(con, expr.order_by(SORT_KEYS[name]), folder / f"{name}.parquet")
        imports = con.read_parquet(out["imports"][0])
        out["products"] = _write(
            con, products_of(imports).order_by(SORT_KEYS["products"]), folder / "products.parquet"
        )
        return out
    finally:
        con.disconnect()


def _write(con: ibis.BaseBackend, expr: ibis.Table, path: Path) -> tuple[Path, int]:
    import pyarrow.parquet as pq

    con.to_parquet(expr, path, compression="snappy")
    return path, pq.ParquetFile(path).metadata.num_rows
