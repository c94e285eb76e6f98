"""Diversification opportunities: what a location could export next
(docs/methods.md#diversification).

Candidates are the products a location does not yet export competitively (``M_cp = 0``), ranked
as the Atlas of Economic Complexity ranks "growth opportunities": by a weighted sum of three
standardised components,

    score = w_distance * z(-distance) + w_pci * z(PCI) + w_cog * z(COG),   distance = 1 - density,

where ``z`` standardises over the location's candidates (mean 0, population sd 1). A strategy is a
set of weights (see ``STRATEGIES``): "low-hanging" favours products close to what the location
already does, "long-jumps" favours complex products that open new paths, "balanced" is between.
Each candidate carries its sector, world trade in the year and the world trade growth
(CAGR over ``growth_years``; null when the base value is 0 or the base year is missing).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradebridge.analytics.complexity import complexity, latest_year, year_tables
from tradebridge.analytics.growth import cagr
from tradebridge.analytics.product_labels import product_names, product_sectors
from tradebridge.config import resolve_engine
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.options import Level, Normalization, Strategy, check_sectors, check_top, choice
from tradebridge.results import meta_of, with_meta

STRATEGIES: dict[str, dict[str, float]] = {
    "low-hanging": {"distance": 0.60, "pci": 0.15, "cog": 0.25},
    "balanced": {"distance": 0.50, "pci": 0.25, "cog": 0.25},
    "long-jumps": {"distance": 0.30, "pci": 0.35, "cog": 0.35},
}


def strategy_score(candidates: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """``w_d z(-distance) + w_p z(PCI) + w_g z(COG)``; a component with no spread contributes 0."""

    def z(col: pd.Series) -> pd.Series:
        sd = col.std(ddof=0)
        return (col - col.mean()) / sd if sd > 0 else col * 0.0

    return (
        weights["distance"] * z(-candidates["distance"])
        + weights["pci"] * z(candidates["pci"])
        + weights["cog"] * z(candidates["cog"])
    )


def _location_code(text: str, locations: pd.Series) -> str:
    """``text`` as it appears in the data, else its ISO3 code (``BadInput`` when unknown)."""
    if text in set(locations):
        return text
    from tradebridge.reference.countries import resolve_country

    code = resolve_country(text)
    if code not in set(locations):
        raise BadInput(f"{code} has no exports in the data for this year", field="location")
    return code


def _growth_base(year: int, growth_years: int, available: list[int]) -> int | None:
    """``year - growth_years`` when held, else the earliest held year before ``year``."""
    if year - growth_years in available:
        return year - growth_years
    earlier = [y for y in available if y < year]
    return earlier[0] if earlier else None


COLUMNS = (
    "rank",
    "product",
    "name",
    "sector",
    "score",
    "distance",
    "density",
    "pci",
    "cog",
    "export_value",
    "rca",
    "world_trade",
    "world_growth",
)


def _scored_candidates(
    mine: pd.DataFrame, weights: dict[str, float], kept: list[str], left: list[str]
) -> pd.DataFrame:
    """The products the location does not yet export with advantage (``M_cp = 0``, PCI and
    density known), with ``distance = 1 - density``, the strategy's score and the sector,
    within the sectors kept and not left out."""
    candidates = mine[(mine["mcp"] == 0) & mine["pci"].notna() & mine["density"].notna()].copy()
    candidates["distance"] = 1.0 - candidates["density"]
    candidates["score"] = strategy_score(candidates, weights)
    candidates["sector"] = product_sectors(candidates.index.to_series())
    if kept:
        candidates = candidates[candidates["sector"].isin(kept)]
    if left:
        candidates = candidates[~candidates["sector"].isin(left)]
    return candidates


def _world_growth(
    wh: Warehouse,
    world_trade: pd.Series,
    year: int,
    base_year: int | None,
    level: Level | None,
    engine: str,
) -> pd.Series | float:
    """The yearly growth of world trade in each product from ``base_year`` (NaN without one)."""
    if base_year is None:
        return np.nan
    base_table = next(year_tables(wh, level=level, years=[base_year], engine=engine))
    base = pd.Series(base_table.values.sum(axis=0), index=base_table.products)
    return cagr(world_trade, base.reindex(world_trade.index), year - base_year)


def opportunities(
    wh: Warehouse,
    location: str,
    *,
    year: int | None = None,
    strategy: Strategy = "balanced",
    sectors: str | Iterable[str] | None = None,
    exclude_sectors: str | Iterable[str] | None = None,
    top: int | None = 50,
    level: Level | None = None,
    growth_years: int = 5,
    rca_threshold: float = 1.0,
    normalization: Normalization = "stata",
    engine: str | None = None,
) -> pd.DataFrame:
    """Ranked diversification opportunities of ``location`` in ``year`` (default: latest).

    Columns: ``rank, product, name, sector, score, distance, density, pci, cog, export_value, rca,
    world_trade, world_growth``. ``attrs["meta"]`` holds the strategy, its weights, the formula,
    the growth window and the complexity options.
    """
    engine = resolve_engine(engine)
    strategy = choice(Strategy, strategy, "strategy").value
    check_top(top)
    from tradebridge.reference.sectors import resolve_sector

    kept, left = check_sectors(sectors, exclude_sectors, resolve_sector)
    available = wh.years()
    year = latest_year(wh, year)
    rows = complexity(
        wh,
        years=[year],
        level=level,
        rca_threshold=rca_threshold,
        normalization=normalization,
        engine=engine,
    )
    code = _location_code(location, rows["location"])
    world = rows.groupby("product")["value"].sum()
    mine = rows[rows["location"] == code].set_index("product")
    weights = STRATEGIES[strategy]
    candidates = _scored_candidates(mine, weights, kept, left)
    base_year = _growth_base(year, growth_years, available)
    candidates["world_trade"] = world.reindex(candidates.index)
    candidates["world_growth"] = _world_growth(
        wh, candidates["world_trade"], year, base_year, level, engine
    )
    candidates = candidates.sort_values(["score", "pci"], ascending=False, kind="stable")
    if top is not None:
        candidates = candidates.head(top)
    out = candidates.reset_index()
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out["name"] = product_names(out["product"])
    out = out.rename(columns={"value": "export_value"})[list(COLUMNS)]
    inner = meta_of(rows)
    meta = {
        **wh.provenance([year]),
        "question": f"diversification opportunities for {code} ({strategy})",
        "engine": engine,
        "year": year,
        "location": code,
        "strategy": strategy,
        "weights": weights,
        "score": "w_distance*z(-distance) + w_pci*z(pci) + w_cog*z(cog), z over the candidates",
        "distance": "1 - density",
        "sectors": kept,
        "exclude_sectors": left,
        "growth": {
            "base_year": base_year,
            "years": (year - base_year) if base_year else None,
            "formula": "(world_trade / world_trade_base)^(1/years) - 1",
        },
        "candidates": int(len(mine[(mine["mcp"] == 0)])),
        "complexity": {
            k: inner[k] for k in ("level", "rca_threshold", "proximity", "normalization")
        },
    }
    return with_meta(out, meta)
