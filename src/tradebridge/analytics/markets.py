"""Market prioritisation: rank every destination of an exporter's basket
(docs/methods.md#market-prioritisation).

For exporter i (its basket: the products in scope that i exports in year t), each market j gets:

- ``demand_usd`` ``D_j = Σ_k w_ik m_jk`` with ``w_ik = x_i·k / x_i··`` (i's own export mix);
- ``demand_growth``: CAGR of ``D_j`` over the window, weights held at year t;
- ``exports_usd`` ``x_ij·`` and ``market_share`` = ``x_ij· / Σ_{k in basket} m_jk``;
- ``trade_intensity`` ``TI_ij = (x_ij·/x_i··) / (m_j/x_···)`` and ``complementarity``
  ``TC_ij = 100 (1 − Σ_k |m_jk/m_j − x_i·k/x_i··| / 2)``, both on the products in scope;
- ``distance_km`` (a distance table given, else the warehouse's reference table of CEPII
  distances when it holds one, else great-circle between capitals), weighted negatively.

Each component is also turned into a percentile rank among the markets (``pct_<name>``, in
(0, 1], ties averaged, distance reversed); ``score = 100 · Σ_c w_c p_c / Σ_c w_c`` over the
components a market has (a missing growth or distance drops out of its weighted mean).

Each market also gets its export potential ``potential_usd = Σ_k PV_ijk`` and untapped potential
``untapped_usd = Σ_k U_ijk`` (docs/methods.md#export-potential, ``analytics/potential``,
averaged over the last ``average`` years); markets are sorted by untapped potential by
default, or by score. When the warehouse holds the World Bank's income groups, each market's
``income_group`` (LIC, LMC, UMC, HIC) is shown beside its name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from ibis import _

from tradebridge.analytics.dimensions import is_market, names
from tradebridge.analytics.growth import cagr
from tradebridge.analytics.potential import potential, sorted_codes
from tradebridge.analytics.profiles import resolve_year, window_years
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.aggregates import tables
from tradebridge.data.distances import distances_from
from tradebridge.data.reference_tables import income_groups, stored_distances
from tradebridge.data.reference_tables import label as reference_label
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, nearest
from tradebridge.reference.countries import resolve_country
from tradebridge.reference.groups import members
from tradebridge.results import with_meta

DEFAULT_WEIGHTS: dict[str, float] = {
    "demand": 0.30,
    "demand_growth": 0.15,
    "exports": 0.10,
    "market_share": 0.05,
    "trade_intensity": 0.10,
    "complementarity": 0.15,
    "distance": 0.15,
}
COMPONENT_COLUMNS = {
    "demand": "demand_usd",
    "demand_growth": "demand_growth",
    "exports": "exports_usd",
    "market_share": "market_share",
    "trade_intensity": "trade_intensity",
    "complementarity": "complementarity",
    "distance": "distance_km",
}
LOWER_IS_BETTER = {"distance"}
SORTS = {"untapped": "untapped_usd", "score": "score"}


def parse_weights(text: str | dict[str, float] | None) -> dict[str, float]:
    """Weights from ``"demand=0.4,distance=0.2"`` (unnamed components keep their default)."""
    weights = dict(DEFAULT_WEIGHTS)
    if not text:
        return weights
    pairs = (
        text.items()
        if isinstance(text, dict)
        else (p.split("=", 1) if "=" in p else (p, "") for p in text.split(",") if p.strip())
    )
    for name, value in pairs:
        name = str(name).strip()
        if name not in DEFAULT_WEIGHTS:
            raise BadInput(
                f"unknown weight {name!r}; {nearest(name, list(DEFAULT_WEIGHTS))}", field="weights"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BadInput(
                f"weight {name} must be a number, got {value!r}", field="weights"
            ) from None
        if not np.isfinite(number) or number < 0:
            raise BadInput(f"weight {name} must be >= 0, got {value}", field="weights")
        weights[name] = number
    if sum(weights.values()) <= 0:
        raise BadInput("at least one weight must be positive", field="weights")
    return weights


def percentile_ranks(values: pd.Series, lower_is_better: bool = False) -> pd.Series:
    """Percentile rank in (0, 1] among the non-missing values (ties share their mean rank)."""
    return (-values if lower_is_better else values).rank(pct=True, method="average")


def score(components: pd.DataFrame, weights: dict[str, float]) -> tuple[pd.Series, pd.DataFrame]:
    """``100 · Σ w_c p_c / Σ w_c`` over each row's available components, and the ranks p."""
    ranks = pd.DataFrame(index=components.index)
    for name, column in COMPONENT_COLUMNS.items():
        ranks[f"pct_{name}"] = percentile_ranks(components[column], name in LOWER_IS_BETTER)
    w = np.array([weights[n] for n in COMPONENT_COLUMNS])
    p = ranks.to_numpy(dtype=float)
    have = np.isfinite(p) & (w > 0)
    num = np.where(have, p * w, 0.0).sum(axis=1)
    den = np.where(have, w, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, 100 * num / den, np.nan)
    return pd.Series(out, index=components.index), ranks


def imports_by_market_product(
    wh: Warehouse, year: int, scope: ProductScope, engine: str | None
) -> pd.DataFrame:
    """``m_jk`` for every importer j and product k of ``year`` in scope, read from the stored
    sums and memoised per process: columns ``importer, product`` (categorical) and ``m``; the
    same for every exporter."""

    def compute() -> pd.DataFrame:
        t = tables(wh, engine).imports
        t = scope.apply(t.filter(t.year == year))
        rows = t.select("importer", "product", "value").to_pyarrow()
        frame = {"m": rows["value"].to_numpy().astype(float)}
        for name in ("importer", "product"):
            labels, codes = sorted_codes(rows[name], name)
            frame[name] = pd.Categorical.from_codes(codes, categories=labels)
        return pd.DataFrame(frame)[["importer", "product", "m"]]

    return wh.memo("imports by market and product", [year], (scope, engine), compute)


def _demand(m_jk: pd.DataFrame, w: pd.Series, exporter: str) -> pd.DataFrame:
    """``D_j = Σ_k w_ik m_jk`` and the basket's imports ``Σ_{k in basket} m_jk`` per market."""
    weights = m_jk["product"].map(w).astype(float)
    inside = weights.notna() & (m_jk["importer"] != exporter).to_numpy()
    part = pd.DataFrame(
        {
            "importer": m_jk["importer"].to_numpy()[inside],
            "demand": (m_jk["m"] * weights).to_numpy()[inside],
            "basket_imports": m_jk["m"].to_numpy()[inside],
        }
    )
    return part.groupby("importer", observed=True)[["demand", "basket_imports"]].sum()


def market_components(
    wh: Warehouse,
    exporter: str,
    year: int,
    base: int | None,
    window: int,
    scope: ProductScope,
    engine: str | None,
) -> tuple[pd.DataFrame, float]:
    """The per-market components (one row per importer) and i's basket total ``x_i··``."""
    t = wh.flows(engine)
    own = scope.apply(t.filter(t.year == year, t.exporter == exporter))
    own = own.group_by(["importer", "product"]).aggregate(x=_.value.sum()).execute()
    basket = own.groupby("product")["x"].sum()
    basket = basket[basket > 0]
    x_i = float(basket.sum())
    if x_i <= 0:
        return pd.DataFrame(), 0.0
    w = basket / x_i
    now = imports_by_market_product(wh, year, scope, engine)
    world = float(now["m"].sum())
    m_j = now.groupby("importer", observed=True)["m"].sum()
    m_j = m_j[m_j > 0]
    share = now["m"].to_numpy() / now["importer"].map(m_j).astype(float).to_numpy()
    b = now["product"].map(w).astype(float).fillna(0.0).to_numpy()
    gap = (
        pd.Series(np.abs(share - b) - b, index=now.index).groupby(now["importer"].to_numpy()).sum()
    )
    out = pd.DataFrame({"imports_usd": m_j})
    out["gap"] = gap.reindex(out.index)
    out = out.join(_demand(now, w, exporter), how="left")
    out["x_ij"] = own.groupby("importer")["x"].sum().reindex(out.index)
    out = out.fillna({"demand": 0.0, "basket_imports": 0.0, "x_ij": 0.0})
    out["complementarity"] = 100 * (1 - (1 + out["gap"]) / 2)
    out["trade_intensity"] = (out["x_ij"] / x_i) / (out["imports_usd"] / world)
    out["market_share"] = out["x_ij"] / out["basket_imports"].where(out["basket_imports"] > 0)
    if base is not None:
        then = _demand(imports_by_market_product(wh, base, scope, engine), w, exporter)["demand"]
        out["demand_growth"] = cagr(out["demand"], out.index.map(then).astype(float), window)
    else:
        out["demand_growth"] = np.nan
    out.index = out.index.astype(str)
    out = out.rename(
        columns={
            "demand": "demand_usd",
            "x_ij": "exports_usd",
            "basket_imports": "basket_imports_usd",
        }
    )
    return out.drop(columns=["gap"]), x_i


MARKET_COLUMNS = (
    "market",
    "name",
    "potential_usd",
    "untapped_usd",
    "score",
    "rank",
    *COMPONENT_COLUMNS.values(),
    *[f"pct_{n}" for n in COMPONENT_COLUMNS],
)


def markets(
    wh: Warehouse,
    exporter: str,
    *,
    year: int | None = None,
    window: int = 5,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    group: str | None = None,
    weights: str | dict[str, float] | None = None,
    distances: str | Path | None = None,
    average: int = 3,
    sort: str = "untapped",
    top: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Every destination market of ``exporter``'s basket, ranked by untapped potential (or by
    the transparent score with ``sort="score"``).

    Rows: ``market, name, potential_usd, untapped_usd, score, rank``, the components (see the
    module docstring) and their percentile ranks ``pct_*``; ``rank`` follows the chosen order.
    Only known countries are markets (unknown ``X…`` codes count in the world totals but are
    never ranked).
    """
    engine = resolve_engine(engine)
    if sort not in SORTS:
        raise BadInput(f"unknown order {sort!r}; {nearest(sort, list(SORTS))}", field="sort")
    i = resolve_country(exporter)
    year = resolve_year(wh, year)
    base, years = window_years(wh, year, window)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    chosen = parse_weights(weights)
    comp, x_i = market_components(wh, i, year, base, window, scope, engine)
    km, distance_source = _distances_from(wh, i, distances)
    meta: dict[str, Any] = {
        **wh.provenance(years),
        "question": f"which markets first for {i}'s exports",
        "exporter": i,
        "year": year,
        "window": window,
        "base_year": base,
        **scope.describe(),
        "group": group,
        "top": top,
        "weights": chosen,
        "distance_source": distance_source,
        "basket_usd": x_i,
        "sort": sort,
        "potential_average": average,
        "engine": engine,
    }
    columns = list(MARKET_COLUMNS)
    if comp.empty:
        meta["note"] = f"{i} exports nothing in scope in {year}: no basket to rank markets for"
        return with_meta(pd.DataFrame(columns=columns), meta)
    comp = comp[[is_market(c) and c != i for c in comp.index]]
    if group:
        comp = comp[comp.index.isin(members(group, year))]
    comp["distance_km"] = comp.index.map(km).astype(float)
    comp["score"], ranks = score(comp, chosen)
    pv = potential(
        wh,
        i,
        year=year,
        by="market",
        average=average,
        sectors=sectors,
        exclude_sectors=exclude_sectors,
        products=products,
        engine=engine,
    )
    meta["potential_years"] = pv.attrs["meta"]["years"]
    rows = _with_potential(comp, pv.set_index("market"), ranks)
    rows = _with_income_groups(wh, rows, columns, meta)
    rows = _ranked(rows, sort)[columns].reset_index(drop=True)
    return with_meta(rows.head(top) if top else rows, meta)


def _distances_from(wh: Warehouse, i: str, distances: str | Path | None) -> tuple[pd.Series, str]:
    """Kilometres from ``i`` to each market, and their source: the given table, else the
    warehouse's stored distances, else capital to capital."""
    stored = stored_distances(wh) if distances is None else None
    if stored is None:
        return distances_from(i, distances)
    table, source = stored
    return table[table["iso3_o"] == i].set_index("iso3_d")["km"], source


def _with_potential(comp: pd.DataFrame, pv: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """The components with each market's potential and untapped potential (0 where none) and
    the percentile ranks, one row per market."""
    comp["potential_usd"] = comp.index.map(pv["potential_usd"]).astype(float)
    comp["untapped_usd"] = comp.index.map(pv["untapped_usd"]).astype(float)
    comp = comp.fillna({"potential_usd": 0.0, "untapped_usd": 0.0})
    rows = pd.concat([comp, ranks], axis=1).reset_index(names="market")
    rows["name"] = names("partner", rows["market"]).to_numpy()
    return rows


def _with_income_groups(
    wh: Warehouse, rows: pd.DataFrame, columns: list[str], meta: dict[str, Any]
) -> pd.DataFrame:
    """The World Bank income group of each market after its name, when the warehouse holds the
    table (``columns`` and ``meta`` say so)."""
    groups = income_groups(wh)
    if groups is not None:
        rows.insert(rows.columns.get_loc("name") + 1, "income_group", rows["market"].map(groups))
        columns.insert(columns.index("name") + 1, "income_group")
        meta["income_groups"] = reference_label(wh, "income_groups")
    return rows


def _ranked(rows: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Rows in the chosen order (ties by the other measure, then demand, then code), ranked."""
    order = [SORTS[sort], "score" if sort == "untapped" else "untapped_usd", "demand_usd"]
    rows = rows.sort_values([*order, "market"], ascending=[False, False, False, True])
    rows["rank"] = np.arange(1, len(rows) + 1)
    return rows
