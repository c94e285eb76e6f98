"""One exporter's export potential in every market on dense arrays (markets × products), from
the world aggregates and its own averaged flows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradebridge.analytics.dimensions import is_market
from tradebridge.analytics.potential_factors import (
    demand,
    distance_factor,
    ease,
    floor_ease,
    ratio,
    supply,
    tariff_correction,
    untapped,
)
from tradebridge.analytics.potential_inputs import PotentialInputs
from tradebridge.analytics.potential_world import WorldArrays, dense
from tradebridge.data.projections import elasticity_of
from tradebridge.data.tariffs import ANY_EXPORTER


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

    def cells(self, market: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The market and product codes (positions in ``markets`` and ``products``) of every
        cell with a potential or actual exports, market by market, products in order; only
        ``market``'s cells when given."""
        r, c = np.nonzero((self.potential > 0) | (self.actual > 0))
        if market is not None:
            keep = r == (self.markets.get_loc(market) if market in self.markets else -1)
            r, c = r[keep], c[keep]
        return r, c

    def rows(self, market: str | None = None) -> pd.DataFrame:
        """Long rows for every (market, product) with a potential or actual exports (only
        ``market``'s when given), in the order of ``cells``."""
        r, c = self.cells(market)
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
        out["realised_share"] = ratio(
            out["actual_usd"].to_numpy(), out["potential_usd"].to_numpy(), fill=np.nan
        )
        return out[(out["potential_usd"] > 0) | (out["actual_usd"] > 0)].reset_index(drop=True)


def no_potential(exporter: str) -> ExporterPotential:
    """The result of an exporter that exported nothing in scope: no market, no product."""
    empty = np.zeros((0, 0))
    return ExporterPotential(
        markets=pd.Index([], dtype=object, name="market"),
        products=pd.Index([], dtype=object, name="product"),
        potential=empty,
        actual=empty,
        supply=np.zeros(0),
        demand=empty,
        ease=np.zeros(0),
        raw_ease=pd.Series(dtype=float, name="ease"),
        floor=None,
    )


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
    x_jk = dense(own, markets, products, "x")
    me = world.importers.get_loc(exporter) if exporter in world.importers else None
    m_ik = world.imports[me, cols] if me is not None else np.zeros(len(cols))
    g_i = 1.0
    if inputs.projections is not None and exporter in inputs.projections.index:
        g_i = float(inputs.projections.loc[exporter, "gdp"])
    tariff_corr = tariff_ratio = None
    if inputs.tariffs is not None:
        t_ijk = _tariffs_of(exporter, inputs.tariffs, world.importers, products)
        tbar_ik = ratio((m_jk * t_ijk[rows]).sum(axis=0), m_jk.sum(axis=0))
        tariff_corr = tariff_correction(tbar_ik, world.tariff_world[cols])
        tariff_ratio = (1 + world.tariff_mean[np.ix_(rows, cols)]) / (1 + t_ijk[rows])
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
        tariff_ratio_jk=tariff_ratio,
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
