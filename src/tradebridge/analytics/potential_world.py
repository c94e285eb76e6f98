"""The world side of export potential, averaged over the years of the window: imports ``m_jk``
of every importer and product and world supply ``Σ_l x_l·k g_l`` from the sums stored at
ingestion, the tariff and distance means from the flows (Ibis), each exporter's own flows, all
on dense arrays and memoised per process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tradebridge.analytics.potential_factors import MIN_KM, ratio
from tradebridge.analytics.potential_inputs import PotentialInputs
from tradebridge.analytics.scope import ProductScope
from tradebridge.data import stored_sums
from tradebridge.data.aggregates import Tables, tables
from tradebridge.data.tariffs import ANY_EXPORTER
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput

if TYPE_CHECKING:
    import ibis


@dataclass
class WorldArrays:
    """Averaged world aggregates on dense arrays: importers × products."""

    importers: pd.Index
    products: pd.Index
    imports: np.ndarray  # m_jk
    supply_total: np.ndarray  # Σ_l x_l·k g_l
    tariff_mean: np.ndarray | None = None  # t̄_jk (I × K)
    tariff_world: np.ndarray | None = None  # t̄_k
    mean_log_distance: np.ndarray | None = None  # mean_w ln d_·jk (I × K)


def window(wh: Warehouse, year: int, average: int) -> list[int]:
    """The years held among the last ``average`` up to ``year``."""
    if average < 1:
        raise BadInput(f"--average must be 1 or more years, got {average}", field="average")
    return [y for y in wh.years() if year - average < y <= year]


def scoped_tables(
    wh: Warehouse, years: list[int], scope: ProductScope, engine: str | None
) -> Tables:
    """The flows and their stored sums over ``years``, restricted to the product scope."""
    return tables(wh, engine).where(lambda t: scope.apply(t.filter(t.year.isin(years))))


def dense(
    frame: pd.DataFrame, rows: pd.Index, cols: pd.Index, column: str, fill: float = 0.0
) -> np.ndarray:
    out = np.full((len(rows), len(cols)), fill)
    r = rows.get_indexer(frame["importer"])
    c = cols.get_indexer(frame["product"])
    ok = (r >= 0) & (c >= 0)
    out[r[ok], c[ok]] = frame[column].to_numpy(dtype=float)[ok]
    return out


def world_aggregates(
    sums: Tables, n_years: int, inputs: PotentialInputs, importers: list[str] | None = None
) -> WorldArrays:
    """``m_jk``, ``Σ_l x_l·k g_l`` and the tariff and distance means, averaged over the years.

    ``importers`` restricts ``m_jk`` and the means to those importers (for one market); the
    supply totals always cover every importer. ``m_jk`` and the supply come from the stored
    sums; the tariff and distance means, which weigh each exporter's flows, from the flows.
    """
    supply = _world_supply(sums, inputs)
    prod_index = pd.Index(sorted(set(supply["product"])), name="product")
    if inputs.tariffs is None and inputs.distances is None:
        m = sums.imports
        m = m.filter(m.importer.isin(importers)) if importers is not None else m
        imp_index, m_jk = _summed_matrix(
            m.select("importer", "product", "value").to_pyarrow(), prod_index
        )
    else:
        jk = _importer_product(sums.flows, inputs, importers)
        imp_index = pd.Index(sorted(set(jk["importer"])), name="importer")
        m_jk = dense(jk, imp_index, prod_index, "m")
    world = WorldArrays(
        importers=imp_index,
        products=prod_index,
        imports=m_jk / n_years,
        supply_total=supply.set_index("product")["s"]
        .reindex(prod_index)
        .fillna(0.0)
        .to_numpy(dtype=float)
        / n_years,
    )
    if inputs.tariffs is not None:
        world.tariff_mean = ratio(
            dense(jk, imp_index, prod_index, "mt"), dense(jk, imp_index, prod_index, "m")
        )
        by_k = jk.groupby("product")[["mt", "m"]].sum().reindex(prod_index).fillna(0.0)
        world.tariff_world = ratio(by_k["mt"].to_numpy(), by_k["m"].to_numpy())
    if inputs.distances is not None:
        world.mean_log_distance = ratio(
            dense(jk, imp_index, prod_index, "md"),
            dense(jk, imp_index, prod_index, "mx"),
            fill=np.nan,
        )
    return world


def _summed_matrix(table: pa.Table, products: pd.Index) -> tuple[pd.Index, np.ndarray]:
    """The sorted importers of ``importer, product, value`` rows and the importers × products
    matrix of the values summed over repeated pairs (rows of other products are left out)."""
    importers, rows = sorted_codes(table["importer"], "importer")
    labels, cols = sorted_codes(table["product"], "product")
    cols = products.get_indexer(labels)[cols]
    keep = cols >= 0
    flat = rows[keep] * len(products) + cols[keep]
    values = table["value"].to_numpy()[keep]
    matrix = np.bincount(flat, weights=values, minlength=len(importers) * len(products))
    return importers, matrix.reshape(len(importers), len(products))


def sorted_codes(column: pa.ChunkedArray, name: str) -> tuple[pd.Index, np.ndarray]:
    """The sorted distinct values of a string column and each row's position among them.

    A dictionary-encoded column (as ``stored_sums.imports`` reads it) is decoded chunk by chunk
    through its small dictionaries; a plain one is dictionary-encoded first.

    >>> labels, codes = sorted_codes(pa.chunked_array([["RUS", "AZE"], ["AZE"]]), "importer")
    >>> list(labels), codes.tolist()
    (['AZE', 'RUS'], [1, 0, 0])
    """
    chunks = [
        chunk if pa.types.is_dictionary(chunk.type) else pc.dictionary_encode(chunk)
        for chunk in column.chunks
        if len(chunk)
    ]
    if not chunks:
        return pd.Index([], dtype=object, name=name), np.zeros(0, dtype=np.intp)
    unified = pa.chunked_array(chunks).unify_dictionaries()
    labels = pd.Index(unified.chunk(0).dictionary.to_pylist(), dtype=object, name=name)
    order = labels.argsort()
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    indices = np.concatenate([chunk.indices.to_numpy() for chunk in unified.chunks])
    return labels[order], rank[indices]


def _importer_product(
    t: ibis.Table, inputs: PotentialInputs, importers: list[str] | None
) -> pd.DataFrame:
    """``m_jk`` with the tariff and distance sums, from the flows."""
    from ibis import _

    scoped = t.filter(t.importer.isin(importers)) if importers is not None else t
    metrics: dict[str, Any] = {"m": _.value.sum()}
    if inputs.tariffs is not None:
        scoped = _with_tariff(scoped, inputs.tariffs)
        metrics["mt"] = (_.value * _._rate).sum()
    if inputs.distances is not None:
        scoped = _with_log_distance(scoped, inputs.distances)
        metrics["md"] = (_.value * _._logd).sum()
        metrics["mx"] = _.value.sum(where=_._logd.notnull())
    return scoped.group_by(["importer", "product"]).aggregate(**metrics).execute()


def _world_supply(sums: Tables, inputs: PotentialInputs) -> pd.DataFrame:
    """World supply ``Σ_l x_l·k g_l`` by product (``g_l`` 1 without projections)."""
    import ibis

    if inputs.projections is None:
        t = sums.products
        return t.group_by("product").aggregate(s=t.value.sum()).execute()
    g = ibis.memtable(
        pd.DataFrame(
            {
                "_iso3": inputs.projections.index.to_numpy(dtype=object),
                "_g": inputs.projections["gdp"].to_numpy(dtype=float),
            }
        )
    )
    t = sums.exports.left_join(g, sums.exports.exporter == g._iso3)
    return t.group_by("product").aggregate(s=(t.value * ibis.coalesce(t._g, 1.0)).sum()).execute()


def _with_tariff(t: ibis.Table, tariffs: pd.DataFrame) -> ibis.Table:
    """``t`` plus ``_rate``: the pair's own tariff, else the importer's MFN rate, else 0."""
    import ibis

    own = tariffs[tariffs["exporter"] != ANY_EXPORTER]
    mfn = tariffs[tariffs["exporter"] == ANY_EXPORTER]
    a = ibis.memtable(
        pd.DataFrame(
            {
                "_ai": own["importer"].to_numpy(dtype=object),
                "_ae": own["exporter"].to_numpy(dtype=object),
                "_ap": own["product"].to_numpy(dtype=object),
                "_at": own["tariff"].to_numpy(dtype=float),
            }
        )
    )
    b = ibis.memtable(
        pd.DataFrame(
            {
                "_bi": mfn["importer"].to_numpy(dtype=object),
                "_bp": mfn["product"].to_numpy(dtype=object),
                "_bt": mfn["tariff"].to_numpy(dtype=float),
            }
        )
    )
    t = t.left_join(a, [t.importer == a._ai, t.exporter == a._ae, t.product == a._ap])
    t = t.left_join(b, [t.importer == b._bi, t.product == b._bp])
    return t.mutate(_rate=ibis.coalesce(t._at, t._bt, 0.0))


def _with_log_distance(t: ibis.Table, distances: pd.DataFrame) -> ibis.Table:
    import ibis

    d = ibis.memtable(
        pd.DataFrame(
            {
                "_o": distances["iso3_o"].to_numpy(dtype=object),
                "_d": distances["iso3_d"].to_numpy(dtype=object),
                "_logd": np.log(np.maximum(distances["km"].to_numpy(dtype=float), MIN_KM)),
            }
        )
    )
    return t.left_join(d, [t.exporter == d._o, t.importer == d._d])


def cached_world(
    wh: Warehouse,
    years: list[int],
    scope: ProductScope,
    inputs: PotentialInputs,
    importers: tuple[str, ...] | None,
    engine: str,
) -> WorldArrays:
    """``world_aggregates`` over ``years`` in ``scope``, memoised per process
    (``Warehouse.memo``, keyed also by the checksums of the warehouse reference tables used);
    inputs read from files given by hand are never memoised. With neutral inputs on DuckDB it
    reads the stored sums directly (``direct_world``)."""

    def compute() -> WorldArrays:
        chosen = list(importers) if importers else None
        neutral = inputs.tariffs is None and inputs.distances is None
        if neutral and inputs.projections is None and stored_sums.direct(wh, engine):
            return direct_world(wh, years, scope, chosen)
        sums = scoped_tables(wh, years, scope, engine)
        return world_aggregates(sums, len(years), inputs, chosen)

    if inputs.from_files:
        return compute()
    return wh.memo("potential world", years, (scope, importers, engine, inputs.stored), compute)


def direct_world(
    wh: Warehouse, years: list[int], scope: ProductScope, importers: list[str] | None
) -> WorldArrays:
    """``world_aggregates`` with neutral inputs, from the stored sums read by DuckDB alone
    (``data/stored_sums``): the same sums, without Ibis."""
    supply = stored_sums.world_trade(wh, years)
    if not scope.everything:
        supply = supply[scope.keeps(supply["product"])]
    prod_index = pd.Index(sorted(set(supply["product"])), name="product")
    imp_index, m_jk = _summed_matrix(stored_sums.imports(wh, years, importers), prod_index)
    return WorldArrays(
        importers=imp_index,
        products=prod_index,
        imports=m_jk / len(years),
        supply_total=supply.set_index("product")["s"]
        .reindex(prod_index)
        .fillna(0.0)
        .to_numpy(dtype=float)
        / len(years),
    )


def own_flows(t: ibis.Table, exporters: list[str], n_years: int) -> pd.DataFrame:
    """Averaged ``exporter, importer, product, x`` of the given exporters."""
    from ibis import _

    own = t.filter(t.exporter.isin(exporters))
    frame = own.group_by(["exporter", "importer", "product"]).aggregate(x=_.value.sum()).execute()
    frame["x"] = frame["x"].astype(float) / n_years
    return frame


def exporter_flows(
    wh: Warehouse, exporter: str, years: list[int], scope: ProductScope, engine: str
) -> pd.DataFrame:
    """``own_flows`` of one exporter over ``years`` in ``scope``: read by DuckDB alone when
    ``stored_sums.direct``, else through Ibis on ``engine``."""
    if not stored_sums.direct(wh, engine):
        return own_flows(scoped_tables(wh, years, scope, engine).flows, [exporter], len(years))
    frame = stored_sums.exporter_flows(wh, exporter, years)
    if not scope.everything:
        frame = frame[scope.keeps(frame["product"])].reset_index(drop=True)
    frame["x"] = frame["x"].astype(float) / len(years)
    return frame
