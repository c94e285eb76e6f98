"""Export potential and untapped potential (docs/methods.md#export-potential; after ITC's
export potential indicator, Decreux & Spies 2016).

For exporter i, market j and product k, on values averaged over the last ``a`` years held:

- supply ``S_ik = (x_i·k g_i / Σ_l x_l·k g_l) · min(1, x_i·k / m_ik) · c_ik``: i's projected
  share of world supply of k, scaled down when i imports more of k than it exports (re-export
  correction), times the tariff disadvantage ``c_ik = (1 + t̄_ik) / (1 + t̄_k)``, where ``t̄_ik``
  is the tariff i meets on k averaged over markets weighted by their imports ``m_jk``, and
  ``t̄_k`` the world's trade-weighted tariff on k;
- demand ``D_ijk = m_jk · (g_j / p_j)^ε_k · p_j · (1 + t̄_jk) / (1 + t_ijk) · f_ijk``: j's
  projected imports of k, corrected for i's tariff against j's trade-weighted average tariff
  ``t̄_jk`` and for distance ``f_ijk = exp(−max(0, ln d_ij − mean_w ln d_·jk))``, the mean being
  over j's suppliers of k weighted by what they sell j (suppliers without a distance left out);
- ease ``B_ij = x_ij· / Σ_k S_ik D_ijk``: how much more or less i sells to j than supply and
  demand predict, so that ``Σ_k PV_ijk = x_ij·`` for every pair whatever the inputs;
- potential ``PV_ijk = S_ik D_ijk B_ij``, untapped ``U_ijk = max(PV_ijk − x_ijk, 0)``,
  realised share ``x_ijk / PV_ijk``.

Without projections, elasticities, tariffs or distances every such factor is neutral (ratios 1,
ε 1, tariffs 0, ``f`` 1) and ``meta`` says which were used. A pair with no exports (``x_ij· = 0``)
has ease 0, so all its potentials are 0: the method extrapolates only from trade that exists. A
floor ``min_ease`` (a number, or ``"median"``: the median positive ease of i's markets) replaces
the ease of those pairs only, and is reported. Products no market imports (``m_jk = 0``) have
demand and potential 0. Unknown ``X…`` partners count in world supply but are never markets.

The relational aggregation (averages, ``x_i·k``, ``m_jk``, tariff and distance means) runs in
Ibis (DuckDB or Spark), ``m_jk`` and world supply from the per-year sums stored at ingestion
(``data/aggregates``); each exporter's computation runs on dense NumPy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from ibis import _

from tradebridge.analytics.dimensions import check_key, is_market, names
from tradebridge.analytics.profiles import resolve_year
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.aggregates import Tables, tables
from tradebridge.data.distances import load_distances
from tradebridge.data.projections import elasticity_of, load_elasticities, load_projections
from tradebridge.data.reference_tables import entries as reference_entries
from tradebridge.data.reference_tables import stored_distances, stored_projections
from tradebridge.data.tariffs import ANY_EXPORTER, load_tariffs
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reference.countries import resolve_country
from tradebridge.reference.distances import capital_distances
from tradebridge.reference.sectors import sector_map
from tradebridge.results import with_meta

BY_KEYS = ("product", "hs4", "sector", "market")
VALUE_COLUMNS = ["potential_usd", "actual_usd", "untapped_usd", "net_gap_usd", "realised_share"]
MIN_KM = 1.0  # distances below 1 km (a country to itself) count as 1 km in logs


# --- the pure core -------------------------------------------------------------------------


def reexport_correction(x_k: np.ndarray, m_ik: np.ndarray) -> np.ndarray:
    """``min(1, x_i·k / m_ik)``; 1 where i imports none of k."""
    x_k, m_ik = np.asarray(x_k, float), np.asarray(m_ik, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(m_ik > 0, np.minimum(1.0, x_k / np.where(m_ik > 0, m_ik, 1.0)), 1.0)


def tariff_correction(tbar_ik: np.ndarray, tbar_k: np.ndarray) -> np.ndarray:
    """``c_ik = (1 + t̄_ik) / (1 + t̄_k)``."""
    return (1 + np.asarray(tbar_ik, float)) / (1 + np.asarray(tbar_k, float))


def supply(
    x_k: np.ndarray,
    world_k: np.ndarray,
    *,
    g_i: float = 1.0,
    m_ik: np.ndarray | None = None,
    tariff_corr: np.ndarray | None = None,
) -> np.ndarray:
    """``S_ik = (x_i·k g_i / Σ_l x_l·k g_l) · min(1, x_i·k / m_ik) · c_ik``.

    ``world_k`` is ``Σ_l x_l·k g_l`` (world exports of k, each exporter's weighted by its growth
    ratio); products with no world supply get 0.
    """
    x_k, world_k = np.asarray(x_k, float), np.asarray(world_k, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = np.where(world_k > 0, x_k * g_i / np.where(world_k > 0, world_k, 1.0), 0.0)
    if m_ik is not None:
        s = s * reexport_correction(x_k, m_ik)
    if tariff_corr is not None:
        s = s * tariff_corr
    return s


def distance_factor(d_j: np.ndarray, mean_log_jk: np.ndarray) -> np.ndarray:
    """``f_ijk = exp(−max(0, ln d_ij − mean_w ln d_·jk))``; 1 where either is unknown (NaN)."""
    log_d = np.log(np.maximum(np.asarray(d_j, float), MIN_KM))[:, None]
    gap = np.maximum(0.0, log_d - np.asarray(mean_log_jk, float))
    return np.where(np.isfinite(gap), np.exp(-np.nan_to_num(gap)), 1.0)


def demand(
    m_jk: np.ndarray,
    *,
    gdp_j: np.ndarray | None = None,
    pop_j: np.ndarray | None = None,
    elasticity_k: np.ndarray | None = None,
    tariff_ratio_jk: np.ndarray | None = None,
    distance_jk: np.ndarray | None = None,
) -> np.ndarray:
    """``D_ijk = m_jk · (g_j / p_j)^ε_k · p_j · (1 + t̄_jk)/(1 + t_ijk) · f_ijk`` (J × K)."""
    d = np.asarray(m_jk, float).copy()
    if gdp_j is not None or pop_j is not None:
        rows = d.shape[0]
        g = np.ones(rows) if gdp_j is None else np.asarray(gdp_j, float)
        p = np.ones(rows) if pop_j is None else np.asarray(pop_j, float)
        eps = np.ones(d.shape[1]) if elasticity_k is None else np.asarray(elasticity_k, float)
        d *= (g / p)[:, None] ** eps[None, :] * p[:, None]
    if tariff_ratio_jk is not None:
        d *= tariff_ratio_jk
    if distance_jk is not None:
        d *= distance_jk
    return d


def ease(x_j: np.ndarray, supply_k: np.ndarray, demand_jk: np.ndarray) -> np.ndarray:
    """``B_ij = x_ij· / Σ_k S_ik D_ijk``; 0 when ``x_ij· = 0`` (or nothing is predicted)."""
    predicted = demand_jk @ np.asarray(supply_k, float)
    x_j = np.asarray(x_j, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        safe = np.where(predicted > 0, predicted, 1.0)
        return np.where((x_j > 0) & (predicted > 0), x_j / safe, 0.0)


def floor_ease(b_j: np.ndarray, min_ease: float | str | None) -> tuple[np.ndarray, float | None]:
    """Pairs with ease 0 (no exports) get the floor instead; ``"median"`` is the median of the
    positive eases. Pairs that trade keep their own ease, so their potentials still sum to
    ``x_ij·``."""
    if min_ease is None:
        return b_j, None
    if isinstance(min_ease, str):
        if min_ease.strip().lower() != "median":
            try:
                min_ease = float(min_ease)
            except ValueError:
                raise BadInput(
                    f"min-ease must be a number >= 0 or 'median', got {min_ease!r}",
                    field="min_ease",
                ) from None
        else:
            positive = b_j[b_j > 0]
            min_ease = float(np.median(positive)) if positive.size else 0.0
    floor = float(min_ease)
    if not np.isfinite(floor) or floor < 0:
        raise BadInput(f"min-ease must be a number >= 0, got {min_ease}", field="min_ease")
    return np.where(b_j > 0, b_j, floor), floor


def untapped(potential_v: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """``U = max(PV − x, 0)``."""
    return np.maximum(np.asarray(potential_v, float) - np.asarray(actual, float), 0.0)


# --- optional inputs -----------------------------------------------------------------------


@dataclass(frozen=True)
class PotentialInputs:
    """The optional real-world inputs; each ``None`` means its factor is neutral."""

    projections: pd.DataFrame | None = None
    elasticities: pd.Series | None = None
    tariffs: pd.DataFrame | None = None
    distances: pd.DataFrame | None = None
    labels: dict[str, str | None] = field(default_factory=dict)
    from_files: bool = False
    """True when any input was read from a file given by hand (then nothing is memoised)."""
    stored: tuple[tuple[str, str], ...] = ()
    """(table, checksum) of the warehouse reference tables used: part of the memo key."""

    @classmethod
    def load(
        cls,
        projections: str | Path | None = None,
        elasticities: str | Path | None = None,
        tariffs: str | Path | None = None,
        distances: str | Path | None = None,
        *,
        warehouse: Warehouse | None = None,
        year: int | None = None,
    ) -> PotentialInputs:
        """Load and validate the given files; ``distances="capitals"`` uses great-circle km
        between capitals. Without a projections or distances file, the ``warehouse``'s
        reference tables are used when it holds them (growth projections from its WDI trends
        up to ``year``, CEPII distances; ``data/reference_tables``)."""
        dist_table, dist_label = None, None
        if distances is not None and str(distances) == "capitals":
            dist_table, dist_label = capital_distances(), "great-circle distance between capitals"
        elif distances is not None:
            dist_table, dist_label = load_distances(distances), Path(distances).name
        elif warehouse is not None:
            dist_table, dist_label = stored_distances(warehouse) or (None, None)
        proj_table = load_projections(projections) if projections is not None else None
        proj_label = Path(projections).name if projections is not None else None
        if projections is None and warehouse is not None and year is not None:
            proj_table, proj_label = stored_projections(warehouse, year) or (None, None)
        stored = ()
        if warehouse is not None:
            used = {"wdi": proj_table is not None and projections is None}
            used["distances"] = dist_table is not None and distances is None
            tables = reference_entries(warehouse)
            stored = tuple((n, tables[n]["checksum"]) for n, on in used.items() if on)
        return cls(
            projections=proj_table,
            elasticities=load_elasticities(elasticities) if elasticities is not None else None,
            tariffs=load_tariffs(tariffs) if tariffs is not None else None,
            distances=dist_table,
            from_files=any(f is not None for f in (projections, elasticities, tariffs, distances)),
            stored=stored,
            labels={
                "projections": proj_label,
                "elasticities": Path(elasticities).name if elasticities is not None else None,
                "tariffs": Path(tariffs).name if tariffs is not None else None,
                "distances": dist_label,
            },
        )

    def describe(self) -> dict[str, Any]:
        labels = {
            k: self.labels.get(k) for k in ("projections", "elasticities", "tariffs", "distances")
        }
        neutral = [k for k, v in labels.items() if v is None]
        note = (
            (
                "neutral factors for " + ", ".join(neutral) + " (growth ratios 1, elasticity 1, "
                "tariffs 0, distance factor 1)"
            )
            if neutral
            else "all optional inputs used"
        )
        return {"inputs": labels, "neutral_inputs": neutral, "inputs_note": note}

    def growth(self, codes: pd.Index, column: str) -> np.ndarray | None:
        """The projected ratio ``column`` (gdp or population) of each country, 1 if absent."""
        if self.projections is None:
            return None
        return codes.map(self.projections[column]).to_numpy(dtype=float, na_value=1.0)


# --- relational aggregation (Ibis) ---------------------------------------------------------


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


def _dense(
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
        m_jk = _dense(jk, imp_index, prod_index, "m")
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
        world.tariff_mean = _ratio(
            _dense(jk, imp_index, prod_index, "mt"), _dense(jk, imp_index, prod_index, "m")
        )
        by_k = jk.groupby("product")[["mt", "m"]].sum().reindex(prod_index).fillna(0.0)
        world.tariff_world = _ratio(by_k["mt"].to_numpy(), by_k["m"].to_numpy())
    if inputs.distances is not None:
        world.mean_log_distance = _ratio(
            _dense(jk, imp_index, prod_index, "md"),
            _dense(jk, imp_index, prod_index, "mx"),
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
    """The sorted distinct values of a string column and each row's position among them."""
    if len(column) == 0:
        return pd.Index([], dtype=object, name=name), np.zeros(0, dtype=np.intp)
    encoded = pc.dictionary_encode(column.combine_chunks())
    labels = pd.Index(encoded.dictionary.to_pylist(), dtype=object, name=name)
    order = labels.argsort()
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return labels[order], rank[encoded.indices.to_numpy()]


def _importer_product(
    t: ibis.Table, inputs: PotentialInputs, importers: list[str] | None
) -> pd.DataFrame:
    """``m_jk`` with the tariff and distance sums, from the flows."""
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


def _ratio(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), fill)


def _with_tariff(t: ibis.Table, tariffs: pd.DataFrame) -> ibis.Table:
    """``t`` plus ``_rate``: the pair's own tariff, else the importer's MFN rate, else 0."""
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


# --- one exporter on NumPy -----------------------------------------------------------------


@dataclass
class ExporterPotential:
    """One exporter's result on dense arrays: markets (J) × products (K)."""

    markets: pd.Index
    products: pd.Index
    potential: np.ndarray  # PV_ijk
    actual: np.ndarray  # x_ijk
    supply: np.ndarray  # S_ik (K)
    demand: np.ndarray  # D_ijk
    ease: np.ndarray  # B_ij after any floor (J)
    raw_ease: pd.Series  # B_ij before the floor, by market
    floor: float | None

    def rows(self) -> pd.DataFrame:
        """Long rows for every (market, product) with a potential or actual exports."""
        r, c = np.nonzero((self.potential > 0) | (self.actual > 0))
        out = pd.DataFrame(
            {
                "market": self.markets.to_numpy(dtype=object)[r],
                "product": self.products.to_numpy(dtype=object)[c],
                "potential_usd": self.potential[r, c],
                "actual_usd": self.actual[r, c],
                "supply": self.supply[c],
                "demand": self.demand[r, c],
                "ease": self.ease[r],
            }
        )
        out["untapped_usd"] = untapped(out["potential_usd"], out["actual_usd"])
        return out

    def market_totals(self) -> pd.DataFrame:
        """Per market ``Σ_k PV``, ``Σ_k x``, ``Σ_k U`` and the realised share (markets with a
        potential or exports)."""
        out = pd.DataFrame(
            {
                "market": self.markets.to_numpy(dtype=object),
                "potential_usd": self.potential.sum(axis=1),
                "actual_usd": self.actual.sum(axis=1),
                "untapped_usd": untapped(self.potential, self.actual).sum(axis=1),
                "ease": self.ease,
            }
        )
        out["net_gap_usd"] = out["potential_usd"] - out["actual_usd"]
        out["realised_share"] = _ratio(
            out["actual_usd"].to_numpy(), out["potential_usd"].to_numpy(), fill=np.nan
        )
        return out[(out["potential_usd"] > 0) | (out["actual_usd"] > 0)].reset_index(drop=True)


def exporter_potential(
    exporter: str,
    own: pd.DataFrame,
    world: WorldArrays,
    inputs: PotentialInputs,
    *,
    min_ease: float | str | None = None,
) -> ExporterPotential:
    """PV, actual exports, supply, demand and ease of one exporter in every market.

    ``own`` holds the exporter's averaged flows ``importer, product, x`` (to every partner,
    unknown codes included, for the supply side). The markets are the known countries among
    ``world``'s importers other than the exporter.
    """
    x_k = own.groupby("product")["x"].sum()
    x_k = x_k[x_k > 0]
    cols = world.products.get_indexer(x_k.index)
    keep = cols >= 0
    x_k, cols = x_k[keep], cols[keep]
    markets = pd.Index([c for c in world.importers if c != exporter and is_market(c)])
    rows = world.importers.get_indexer(markets)
    products = x_k.index
    m_jk = world.imports[np.ix_(rows, cols)]
    x_jk = _dense(own, markets, products, "x")
    me = world.importers.get_loc(exporter) if exporter in world.importers else None
    m_ik = world.imports[me, cols] if me is not None else np.zeros(len(cols))
    g_i = 1.0
    if inputs.projections is not None and exporter in inputs.projections.index:
        g_i = float(inputs.projections.loc[exporter, "gdp"])
    tariff_corr = ratio = None
    if inputs.tariffs is not None:
        t_ijk = _tariffs_of(exporter, inputs.tariffs, world.importers, products)
        tbar_ik = _ratio((m_jk * t_ijk[rows]).sum(axis=0), m_jk.sum(axis=0))
        tariff_corr = tariff_correction(tbar_ik, world.tariff_world[cols])
        ratio = (1 + world.tariff_mean[np.ix_(rows, cols)]) / (1 + t_ijk[rows])
    dist = None
    if inputs.distances is not None:
        table = inputs.distances[inputs.distances["iso3_o"] == exporter].set_index("iso3_d")["km"]
        d_j = markets.map(table).to_numpy(dtype=float, na_value=np.nan)
        dist = distance_factor(d_j, world.mean_log_distance[np.ix_(rows, cols)])
    s_k = supply(
        x_k.to_numpy(), world.supply_total[cols], g_i=g_i, m_ik=m_ik, tariff_corr=tariff_corr
    )
    d_jk = demand(
        m_jk,
        gdp_j=inputs.growth(markets, "gdp"),
        pop_j=inputs.growth(markets, "population"),
        elasticity_k=elasticity_of(products, inputs.elasticities)
        if inputs.elasticities is not None
        else None,
        tariff_ratio_jk=ratio,
        distance_jk=dist,
    )
    raw_ease = ease(x_jk.sum(axis=1), s_k, d_jk)
    b_j, floor = floor_ease(raw_ease, min_ease)
    return ExporterPotential(
        markets=markets,
        products=products,
        potential=b_j[:, None] * s_k[None, :] * d_jk,
        actual=x_jk,
        supply=s_k,
        demand=d_jk,
        ease=b_j,
        raw_ease=pd.Series(raw_ease, index=markets, name="ease"),
        floor=floor,
    )


def _tariffs_of(
    exporter: str, tariffs: pd.DataFrame, importers: pd.Index, products: pd.Index
) -> np.ndarray:
    """``t_ijk`` for one exporter (importers × products): own rows over MFN rows, else 0."""
    out = np.zeros((len(importers), len(products)))
    for who in (ANY_EXPORTER, exporter):
        part = tariffs[tariffs["exporter"] == who]
        r = importers.get_indexer(part["importer"])
        c = products.get_indexer(part["product"])
        ok = (r >= 0) & (c >= 0)
        out[r[ok], c[ok]] = part["tariff"].to_numpy(dtype=float)[ok]
    if exporter in importers:
        out[importers.get_loc(exporter), :] = 0.0
    return out


def cached_world(
    wh: Warehouse,
    sums: Tables,
    years: list[int],
    scope: ProductScope,
    inputs: PotentialInputs,
    importers: tuple[str, ...] | None,
    engine: str | None,
) -> WorldArrays:
    """``world_aggregates``, memoised per process (``Warehouse.memo``, keyed also by the
    checksums of the warehouse reference tables used); inputs read from files given by hand
    are never memoised."""

    def compute() -> WorldArrays:
        return world_aggregates(sums, len(years), inputs, list(importers) if importers else None)

    if inputs.from_files:
        return compute()
    return wh.memo("potential world", years, (scope, importers, engine, inputs.stored), compute)


def own_flows(t: ibis.Table, exporters: list[str], n_years: int) -> pd.DataFrame:
    """Averaged ``exporter, importer, product, x`` of the given exporters."""
    own = t.filter(t.exporter.isin(exporters))
    frame = own.group_by(["exporter", "importer", "product"]).aggregate(x=_.value.sum()).execute()
    frame["x"] = frame["x"].astype(float) / n_years
    return frame


# --- roll-ups and the public functions -----------------------------------------------------


def roll_up(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sums of PV, actual and U by market and ``by`` (a copy of the rows for ``by="product"``);
    net gap = PV − actual (negative where actual exceeds the potential, while U, a sum of
    per-product shortfalls, stays positive); realised share = actual / PV."""
    if by == "product":
        out = rows.copy()
    else:
        group = ["market"]
        if by == "hs4":
            rows = rows.assign(hs4=rows["product"].str[:4])
        elif by == "sector":
            codes = pd.Index(rows["product"].unique())
            table = sector_map(codes).set_index("product")["sector"]
            rows = rows.assign(sector=rows["product"].map(table))
        if by != "market":
            group.append(by)
        out = rows.groupby(group, as_index=False, sort=False)[
            ["potential_usd", "actual_usd", "untapped_usd"]
        ].sum()
        if by == "market":
            out["ease"] = out["market"].map(rows.groupby("market")["ease"].first())
    out["net_gap_usd"] = out["potential_usd"] - out["actual_usd"]
    out["realised_share"] = _ratio(
        out["actual_usd"].to_numpy(), out["potential_usd"].to_numpy(), fill=np.nan
    )
    return out


def gap_totals(rows: pd.DataFrame) -> dict[str, Any]:
    """Totals over (market, product) rows, told apart: ``untapped_usd = Σ max(PV − x, 0)``,
    ``above_potential_usd = Σ max(x − PV, 0)``, ``net_gap_usd = Σ PV − Σ x``; so
    ``untapped_usd − above_potential_usd = net_gap_usd``.

    >>> t = gap_totals(pd.DataFrame({"potential_usd": [30.0, 10.0], "actual_usd": [10.0, 25.0]}))
    >>> t["untapped_usd"], t["above_potential_usd"], t["net_gap_usd"]
    (20.0, 15.0, 5.0)
    """
    pv = rows["potential_usd"].to_numpy(dtype=float)
    x = rows["actual_usd"].to_numpy(dtype=float)
    return {
        "potential_usd": float(pv.sum()),
        "actual_usd": float(x.sum()),
        "untapped_usd": float(untapped(pv, x).sum()),
        "above_potential_usd": float(untapped(x, pv).sum()),
        "net_gap_usd": float(pv.sum() - x.sum()),
        "totals_note": "untapped_usd sums max(potential − actual, 0) per (market, product); "
        "above_potential_usd sums max(actual − potential, 0); net_gap_usd = potential_usd − "
        "actual_usd = untapped_usd − above_potential_usd",
    }


def potential(
    wh: Warehouse,
    exporter: str,
    *,
    year: int | None = None,
    market: str | None = None,
    by: str = "product",
    average: int = 3,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    top: int | None = None,
    min_ease: float | str | None = None,
    projections: str | Path | None = None,
    elasticities: str | Path | None = None,
    tariffs: str | Path | None = None,
    distances: str | Path | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Export potential of ``exporter`` in every market (or one), rolled up by ``by``.

    Rows (sorted by untapped potential): ``market``, the ``by`` key (product, hs4 or sector;
    none for ``by="market"``), ``name``, ``potential_usd``, ``actual_usd``, ``untapped_usd``,
    ``net_gap_usd``, ``realised_share``; per product also ``supply`` (S_ik), ``demand``
    (D_ijk, US$) and ``ease`` (B_ij); per market ``ease``. See the module docstring for the
    formulas; ``gap_totals`` for the totals in ``meta``.
    """
    engine = resolve_engine(engine)
    i = resolve_country(exporter)
    check_key(by, BY_KEYS)
    j = resolve_country(market) if market else None
    if j == i:
        raise BadInput("the market must differ from the exporter", field="market")
    year = resolve_year(wh, year)
    years = window(wh, year, average)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    inputs = PotentialInputs.load(
        projections, elasticities, tariffs, distances, warehouse=wh, year=year
    )
    rows, eases, floor = _exporter_rows(wh, i, j, years, scope, inputs, min_ease, engine)
    out = roll_up(rows, by)
    key_col = "market" if by == "market" else by
    keys = pd.Series(out[key_col].unique(), dtype=object)
    named = names("partner" if by == "market" else by, keys).to_numpy()
    out["name"] = out[key_col].map(dict(zip(keys, named, strict=True)))
    columns = ["market"] + ([by] if by != "market" else []) + ["name", *VALUE_COLUMNS]
    columns += (
        ["supply", "demand", "ease"] if by == "product" else (["ease"] if by == "market" else [])
    )
    if by == "product":  # rows come in (market, product) order: a stable sort keeps it for ties
        order = np.lexsort((-out["potential_usd"].to_numpy(), -out["untapped_usd"].to_numpy()))
        out = out[columns].take(order)
    else:
        out = out.sort_values(
            ["untapped_usd", "potential_usd", *columns[:2]], ascending=[False, False, True, True]
        )[columns]
    out = out.reset_index(drop=True)
    meta = {
        **wh.provenance(years),
        "question": f"export potential of {i}" + (f" in {j}" if j else "") + f" by {by}",
        "exporter": i,
        "market": j,
        "by": by,
        "year": year,
        "average": average,
        "years": years,
        **scope.describe(),
        "top": top,
        "min_ease": floor,
        **inputs.describe(),
        **gap_totals(rows),
        "zero_ease_markets": int((eases == 0).sum()),
        "ease_note": "markets where the exporter sold nothing in the window have ease 0 and "
        "potential 0 unless min_ease sets a floor",
        "engine": engine,
    }
    if len(years) < average:
        meta["average_note"] = f"only {len(years)} of the last {average} years are held"
    return with_meta(out.head(top) if top else out, meta)


def _exporter_rows(
    wh: Warehouse,
    i: str,
    j: str | None,
    years: list[int],
    scope: ProductScope,
    inputs: PotentialInputs,
    min_ease: float | str | None,
    engine: str | None,
) -> tuple[pd.DataFrame, pd.Series, float | None]:
    sums = scoped_tables(wh, years, scope, engine)
    # one exporter's flows serve every page and call on it (markets, pair, potential, mutual)
    own = wh.memo(
        "potential own flows",
        years,
        (i, scope, engine),
        lambda: own_flows(sums.flows, [i], len(years)),
    )
    basket = own.groupby("product")["x"].sum()
    basket = pd.Index(sorted(basket[basket > 0].index), name="product")
    if basket.empty:
        empty = pd.DataFrame(
            columns=[
                "market",
                "product",
                "potential_usd",
                "actual_usd",
                "supply",
                "demand",
                "ease",
                "untapped_usd",
            ]
        )
        return empty, pd.Series(dtype=float), None
    # one market needs only m_jk and m_ik; sorted, so that j→i reuses the same aggregates
    restrict = tuple(sorted((i, j))) if j and inputs.tariffs is None and min_ease is None else None
    world = cached_world(wh, sums, years, scope, inputs, restrict, engine)
    result = exporter_potential(i, own, world, inputs, min_ease=min_ease)
    rows, eases, floor = result.rows(), result.raw_ease, result.floor
    if j:
        return rows[rows["market"] == j].reset_index(drop=True), eases.reindex([j]), floor
    return rows, eases, floor


def potential_cube(
    wh: Warehouse,
    year: int | None = None,
    *,
    by: str = "market",
    average: int = 3,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    chunk: int = 24,
    projections: str | Path | None = None,
    elasticities: str | Path | None = None,
    tariffs: str | Path | None = None,
    distances: str | Path | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Export potential of every known exporter, ``chunk`` exporters per query to bound memory.

    Rows ``exporter, market`` (+ the ``by`` key unless ``by="market"``), ``potential_usd``,
    ``actual_usd``, ``untapped_usd``, ``realised_share``; each exporter's (market, product) rows
    are rolled up before the next chunk is read.
    """
    check_key(by, BY_KEYS)
    engine = resolve_engine(engine)
    year = resolve_year(wh, year)
    years = window(wh, year, average)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    inputs = PotentialInputs.load(
        projections, elasticities, tariffs, distances, warehouse=wh, year=year
    )
    sums = scoped_tables(wh, years, scope, engine)
    world = world_aggregates(sums, len(years), inputs)
    exporters = sorted(
        e for e in sums.exports.select("exporter").distinct().execute()["exporter"] if is_market(e)
    )
    parts = []
    for start in range(0, len(exporters), chunk):
        names_ = exporters[start : start + chunk]
        flows = own_flows(sums.flows, names_, len(years))
        for e, own in flows.groupby("exporter", sort=True):
            result = exporter_potential(e, own, world, inputs)
            rolled = result.market_totals() if by == "market" else roll_up(result.rows(), by)
            rolled.insert(0, "exporter", e)
            parts.append(
                rolled[["exporter", "market", *([by] if by != "market" else []), *VALUE_COLUMNS]]
            )
    out = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["exporter", "market", *VALUE_COLUMNS])
    )
    meta = {
        **wh.provenance(years),
        "question": f"export potential of every exporter by {by}",
        "year": year,
        "years": years,
        "average": average,
        "by": by,
        **scope.describe(),
        **inputs.describe(),
        "exporters": len(exporters),
        "engine": engine,
    }
    return with_meta(out, meta)
