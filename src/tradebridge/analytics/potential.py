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

The parts: the formulas (``potential_factors``), the optional inputs (``potential_inputs``),
the world side averaged over the window (``potential_world``: ``m_jk`` and world supply from the
per-year sums stored at ingestion, read by DuckDB alone on the DuckDB engine with neutral
inputs, else through Ibis on DuckDB or Spark, with the tariff and distance means), one
exporter on dense NumPy arrays (``potential_exporter``); this module rolls the rows up and
answers the questions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.analytics.dimensions import check_key, is_market, names
from tradebridge.analytics.potential_exporter import (
    ExporterPotential,
    exporter_potential,
    no_potential,
)
from tradebridge.analytics.potential_factors import ratio, untapped
from tradebridge.analytics.potential_inputs import PotentialInputs
from tradebridge.analytics.potential_world import (
    cached_world,
    exporter_flows,
    own_flows,
    scoped_tables,
    window,
    world_aggregates,
)
from tradebridge.analytics.profiles import resolve_year
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reference.countries import resolve_country
from tradebridge.reference.sectors import sector_map
from tradebridge.results import with_meta

BY_KEYS = ("product", "hs4", "sector", "market")
# the rows of an exporter without exports in scope, rolled up to nothing
EMPTY_ROWS = pd.DataFrame(
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
VALUE_COLUMNS = ["potential_usd", "actual_usd", "untapped_usd", "net_gap_usd", "realised_share"]


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
    out["realised_share"] = ratio(
        out["actual_usd"].to_numpy(), out["potential_usd"].to_numpy(), fill=np.nan
    )
    return out


def _named(keys: np.ndarray, by: str) -> np.ndarray:
    """The display name of each key of a breakdown, looked up once per distinct key."""
    codes, distinct = pd.factorize(keys)
    named = names("partner" if by == "market" else by, pd.Series(distinct, dtype=object))
    return named.to_numpy(dtype=object)[codes]


def product_rows(result: ExporterPotential, market: str | None = None) -> pd.DataFrame:
    """The (market, product) cells of ``result`` (``market``'s only, when given) as the result
    shows them: named, with the net gap and realised share, sorted by untapped then potential
    (descending; ties keep the (market, product) order: the sort is stable). Markets and
    products stay codes until the final columns; each product is named once."""
    r, c = result.cells(market)
    pv, x = result.potential[r, c], result.actual[r, c]
    u = untapped(pv, x)
    order = np.lexsort((-pv, -u))
    r, c, pv, x = r[order], c[order], pv[order], x[order]
    products = pd.Series(result.products, dtype=object)
    return pd.DataFrame(
        {
            "market": result.markets.to_numpy(dtype=object)[r],
            "product": products.to_numpy()[c],
            "name": names("product", products).to_numpy(dtype=object)[c],
            "potential_usd": pv,
            "actual_usd": x,
            "untapped_usd": u[order],
            "net_gap_usd": pv - x,
            "realised_share": ratio(x, pv, fill=np.nan),
            "supply": result.supply[c],
            "demand": result.demand[r, c],
            "ease": result.ease[r],
        }
    )


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
    result = _exporter_result(wh, i, j, years, scope, inputs, min_ease, engine)
    eases = result.raw_ease.reindex([j]) if j else result.raw_ease
    r, c = result.cells(j)
    cells = pd.DataFrame(
        {"potential_usd": result.potential[r, c], "actual_usd": result.actual[r, c]}
    )
    if by == "product":
        out = product_rows(result, j)
    else:
        out = roll_up(result.rows(j) if len(result.products) else EMPTY_ROWS, by)
        key_col = "market" if by == "market" else by
        out["name"] = _named(out[key_col].to_numpy(dtype=object), by)
        columns = ["market"] + ([by] if by != "market" else []) + ["name", *VALUE_COLUMNS]
        columns += ["ease"] if by == "market" else []
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
        "min_ease": result.floor,
        **inputs.describe(),
        **gap_totals(cells),
        "zero_ease_markets": int((eases == 0).sum()),
        "ease_note": "markets where the exporter sold nothing in the window have ease 0 and "
        "potential 0 unless min_ease sets a floor",
        "engine": engine,
    }
    if len(years) < average:
        meta["average_note"] = f"only {len(years)} of the last {average} years are held"
    return with_meta(out.head(top) if top else out, meta)


def _exporter_result(
    wh: Warehouse,
    i: str,
    j: str | None,
    years: list[int],
    scope: ProductScope,
    inputs: PotentialInputs,
    min_ease: float | str | None,
    engine: str | None,
) -> ExporterPotential:
    # one exporter's flows serve every page and call on it (markets, pair, potential, mutual)
    own = wh.memo(
        "potential own flows",
        years,
        (i, scope, engine),
        lambda: exporter_flows(wh, i, years, scope, engine),
    )
    basket = own.groupby("product")["x"].sum()
    if not (basket > 0).any():
        return no_potential(i)
    # one market needs only m_jk and m_ik; sorted, so that j→i reuses the same aggregates
    restrict = tuple(sorted((i, j))) if j and inputs.tariffs is None and min_ease is None else None
    world = cached_world(wh, years, scope, inputs, restrict, engine)
    return exporter_potential(i, own, world, inputs, min_ease=min_ease)


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
