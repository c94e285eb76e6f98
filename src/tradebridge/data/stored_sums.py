"""The stored per-year sums (``data/aggregates``) and one exporter's flows, read with DuckDB alone
(the imports with pyarrow, keeping their dictionaries): what a question on the DuckDB engine
reads first from a fresh process (export potential, markets), without loading Ibis and its SQL
compilers.

The queries are the sums' own definitions applied to the stored files (a sum over the years of
a window of the rows each year holds); the Ibis expressions of ``data/aggregates`` stay the
definition for every other engine and for warehouses ingested before the sums were stored
(``direct`` is False for those).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from tradebridge.data.aggregates import NAMES

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from tradebridge.data.warehouse import Warehouse


def direct(wh: Warehouse, engine: str) -> bool:
    """Whether ``engine`` is DuckDB and every year of ``wh`` has its three sums stored."""
    parts = wh.partitions()
    stored = all(set(NAMES) <= set(p.aggregates) for p in parts.values())
    return engine == "duckdb" and bool(parts) and stored


_READ = "read_parquet($files, hive_partitioning = false)"


@cache
def _database() -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con


def _cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of the process's in-memory DuckDB (one per query: safe across threads)."""
    return _database().cursor()


def _files(wh: Warehouse, name: str, years: Iterable[int]) -> list[str]:
    parts = wh.partitions()
    if name == "flows":
        return [str(wh.path / parts[y].file) for y in sorted(years)]
    return [str(wh.path / parts[y].aggregates[name].file) for y in sorted(years)]


def imports(wh: Warehouse, years: Iterable[int], importers: list[str] | None = None) -> pa.Table:
    """``importer, product, value`` (``m_jk``) of each year held in ``years``, one row per year
    (not summed), optionally only ``importers``'. Read with pyarrow, ``importer`` and
    ``product`` keep the Parquet files' own dictionaries (a code per row into a few thousand
    labels): nothing hashes the million strings again (``potential_world.sorted_codes``)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    parts = [
        pq.ParquetFile(file, read_dictionary=["importer", "product"]).read(
            columns=["importer", "product", "value"]
        )
        for file in _files(wh, "imports", years)
    ]
    table = pa.concat_tables(parts)
    if importers is not None:
        table = table.filter(pc.is_in(table["importer"], value_set=pa.array(importers)))
    return table


def world_trade(wh: Warehouse, years: Iterable[int]) -> pd.DataFrame:
    """``product, s``: world trade ``x_··k`` of each product summed over ``years``."""
    query = f"SELECT product, sum(value) AS s FROM {_READ} GROUP BY product"
    return _cursor().execute(query, {"files": _files(wh, "products", years)}).df()


def exporter_flows(wh: Warehouse, exporter: str, years: Iterable[int]) -> pd.DataFrame:
    """``exporter, importer, product, x``: the exporter's flows summed over ``years``."""
    query = (
        f"SELECT exporter, importer, product, sum(value) AS x FROM {_READ}"
        " WHERE exporter = $exporter GROUP BY exporter, importer, product"
    )
    params = {"files": _files(wh, "flows", years), "exporter": exporter}
    return _cursor().execute(query, params).df()
