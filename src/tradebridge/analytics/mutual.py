"""Mutually beneficial areas of two countries (docs/methods.md#mutual).

For countries A and B and each row of a breakdown (product, HS4 or sector): A→B potential,
actual exports and untapped potential, and the same B→A, from ``potential`` (one market each
way). ``mutual_score = √(U_AB · U_BA)`` is the geometric mean of the two untapped values: high
only where both sides have something to gain, zero when either has nothing. ``lead`` names the
direction with the larger untapped value. ``meta`` holds the trade complementarity ``TC_AB``,
``TC_BA`` and intensity ``TI_AB``, ``TI_BA`` (WITS definitions, year t only, from
``indicators.complementarity`` and ``indicators.intensity``) and the total potential, actual
and untapped value each way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.analytics.dimensions import check_key
from tradebridge.analytics.indicators import complementarity, intensity
from tradebridge.analytics.potential import potential
from tradebridge.analytics.profiles import resolve_year
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.aggregates import tables
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput
from tradebridge.reference.countries import resolve_country
from tradebridge.results import with_meta

MUTUAL_KEYS = ("sector", "hs4", "product")
GAP_TOTALS = ("potential_usd", "actual_usd", "untapped_usd", "above_potential_usd", "net_gap_usd")
SIDE_COLUMNS = ("potential_usd", "actual_usd", "untapped_usd", "net_gap_usd")


def mutual_score(
    untapped_ab: np.ndarray | pd.Series, untapped_ba: np.ndarray | pd.Series
) -> np.ndarray:
    """``√(U_AB · U_BA)``: zero when either direction has nothing left to gain."""
    return np.sqrt(
        np.maximum(np.asarray(untapped_ab, float), 0)
        * np.maximum(np.asarray(untapped_ba, float), 0)
    )


def pair_indicators(
    wh: Warehouse, a: str, b: str, year: int, scope: ProductScope, engine: str | None
) -> dict[str, float | None]:
    """``TC_AB``, ``TC_BA``, ``TI_AB``, ``TI_BA`` in ``year`` on the products in scope: per
    product sums from the sums stored at ingestion (world, each side's exports and imports), the
    trade between the two from the flows."""
    sums = tables(wh, engine).where(lambda t: scope.apply(t.filter(t.year == year)))
    ex, im = sums.exports, sums.imports
    by_product = pd.concat(
        {
            "world": _by_product(sums.products),
            "x_a": _by_product(ex.filter(ex.exporter == a)),
            "x_b": _by_product(ex.filter(ex.exporter == b)),
            "m_a": _by_product(im.filter(im.importer == a)),
            "m_b": _by_product(im.filter(im.importer == b)),
        },
        axis=1,
    ).fillna(0.0)
    f = sums.flows.filter(sums.flows.exporter.isin([a, b]))
    pair = (
        f.aggregate(
            x_ab=f.value.sum(where=(f.exporter == a) & (f.importer == b)),
            x_ba=f.value.sum(where=(f.exporter == b) & (f.importer == a)),
        )
        .execute()
        .fillna(0.0)
        .iloc[0]
        .astype(float)
    )
    x_a, x_b, m_a, m_b = (by_product[c] for c in ("x_a", "x_b", "m_a", "m_b"))
    world = float(by_product["world"].sum())
    values = {
        "tc_ab": complementarity(x_a, m_b),
        "tc_ba": complementarity(x_b, m_a),
        "ti_ab": intensity(pair["x_ab"], x_a.sum(), m_b.sum(), world),
        "ti_ba": intensity(pair["x_ba"], x_b.sum(), m_a.sum(), world),
    }
    return {name: float(v) if np.isfinite(v) else None for name, v in values.items()}


def _by_product(t: Any) -> pd.Series:
    frame = t.group_by("product").aggregate(value=t.value.sum()).execute()
    return frame.set_index("product")["value"].astype(float)


def mutual(
    wh: Warehouse,
    a: str,
    b: str,
    *,
    year: int | None = None,
    by: str = "sector",
    top: int | None = None,
    average: int = 3,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    min_ease: float | str | None = None,
    projections: str | Path | None = None,
    elasticities: str | Path | None = None,
    tariffs: str | Path | None = None,
    distances: str | Path | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Both directions of A–B export potential side by side, ranked by the mutual score.

    Rows: the ``by`` key, ``name``, ``ab_potential_usd``, ``ab_actual_usd``, ``ab_untapped_usd``,
    ``ab_net_gap_usd`` (potential − actual), the same four ``ba_*``, ``mutual_score``, ``lead``
    (``"A→B"`` or ``"B→A"``, the direction with more untapped potential).
    """
    a, b = resolve_country(a), resolve_country(b)
    engine = resolve_engine(engine)
    if a == b:
        raise BadInput("the two countries must differ", field="partner")
    check_key(by, MUTUAL_KEYS)
    year = resolve_year(wh, year)
    options = dict(
        year=year,
        by=by,
        average=average,
        sectors=sectors,
        exclude_sectors=exclude_sectors,
        products=products,
        min_ease=min_ease,
        projections=projections,
        elasticities=elasticities,
        tariffs=tariffs,
        distances=distances,
        engine=engine,
    )
    ab = potential(wh, a, market=b, **options)
    ba = potential(wh, b, market=a, **options)
    rows = _side_by_side(ab, ba, by, a, b)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    pair = wh.memo(  # the same for every ``by`` and ``top``
        "mutual indicators",
        [year],
        (a, b, scope, engine),
        lambda: pair_indicators(wh, a, b, year, scope, engine),
    )
    meta = {
        **wh.provenance(ab.attrs["meta"]["years"]),
        "question": f"mutually beneficial areas of {a} and {b} by {by}",
        "country": a,
        "partner": b,
        "by": by,
        "year": year,
        "average": average,
        **_sides_meta(ab.attrs["meta"], ba.attrs["meta"]),
        "top": top,
        **pair,
        "indicators_note": f"complementarity and intensity are for {year} alone",
        "score_note": "mutual_score = √(ab_untapped_usd · ba_untapped_usd)",
        "engine": engine,
    }
    return with_meta(rows.head(top) if top else rows, meta)


def _side_by_side(ab: pd.DataFrame, ba: pd.DataFrame, by: str, a: str, b: str) -> pd.DataFrame:
    """One row per ``by`` key: both directions' potential, actual, untapped and net gap, the
    mutual score and the leading direction, by mutual score then the larger untapped side."""
    sides = [
        side.set_index(by)[list(SIDE_COLUMNS)].add_prefix(prefix)
        for side, prefix in ((ab, "ab_"), (ba, "ba_"))
    ]
    rows = pd.concat(sides, axis=1).astype(float).fillna(0.0)
    rows.index.name = by
    named = pd.concat([ab.set_index(by)["name"], ba.set_index(by)["name"]])
    rows["name"] = rows.index.map(named[~named.index.duplicated()])
    rows["mutual_score"] = mutual_score(rows["ab_untapped_usd"], rows["ba_untapped_usd"])
    gain = rows[["ab_untapped_usd", "ba_untapped_usd"]]
    rows["lead"] = np.where(
        gain.max(axis=1) <= 0,
        None,
        np.where(gain["ab_untapped_usd"] >= gain["ba_untapped_usd"], f"{a}→{b}", f"{b}→{a}"),
    )
    rows["_best"] = gain.max(axis=1)
    rows = rows.reset_index().sort_values(
        ["mutual_score", "_best", by], ascending=[False, False, True]
    )
    columns = [
        by,
        "name",
        *[f"ab_{c}" for c in SIDE_COLUMNS],
        *[f"ba_{c}" for c in SIDE_COLUMNS],
        "mutual_score",
        "lead",
    ]
    return rows[columns].reset_index(drop=True)


def _sides_meta(ab_meta: dict[str, Any], ba_meta: dict[str, Any]) -> dict[str, Any]:
    """What the two directions' metas contribute: years, scope and inputs (shared), each
    direction's ease floor and totals."""
    return {
        "years": ab_meta["years"],
        "sectors": ab_meta["sectors"],
        "exclude_sectors": ab_meta["exclude_sectors"],
        "products": ab_meta["products"],
        "min_ease": {"ab": ab_meta["min_ease"], "ba": ba_meta["min_ease"]},
        "inputs": ab_meta["inputs"],
        "neutral_inputs": ab_meta["neutral_inputs"],
        "inputs_note": ab_meta["inputs_note"],
        **{
            f"{side}_{key}": side_meta[key]
            for side, side_meta in (("ab", ab_meta), ("ba", ba_meta))
            for key in GAP_TOTALS
        },
        "totals_note": ab_meta["totals_note"],
    }
