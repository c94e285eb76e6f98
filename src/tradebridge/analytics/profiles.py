"""Trade profiles of one country, and the bilateral trade of two countries.

Profile row of key r (a partner, product, HS4, HS2, sector or partner group) in year t:
``value_usd = Σ flows in r``, ``share = value_usd / total`` (the total of the profile after
filters), ``rank`` by value (1 = largest), and ``cagr = (v_t / v_{t-n})^(1/n) − 1`` over the
window n (null when the base value is 0 or the base year is not held).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tradebridge.analytics.dimensions import (
    PRODUCT_KEYS,
    check_key,
    names,
    product_key,
    with_groups,
    with_sector,
)
from tradebridge.analytics.growth import cagr
from tradebridge.analytics.scope import ProductScope
from tradebridge.config import resolve_engine
from tradebridge.data.warehouse import Warehouse
from tradebridge.errors import BadInput, nearest
from tradebridge.reference.countries import resolve_country
from tradebridge.reference.groups import members
from tradebridge.results import with_meta

if TYPE_CHECKING:
    import ibis

FLOWS = ("exports", "imports")


def resolve_year(wh: Warehouse, year: int | None) -> int:
    """``year``, checked against the warehouse; the default year when None (the latest year
    held, unless it looks incomplete: see ``data/completeness.py``)."""
    if year is None:
        return wh.default_year()
    wh.require_years([year])
    return int(year)


def window_years(wh: Warehouse, year: int, window: int) -> tuple[int | None, list[int]]:
    """The base year of the growth window (None when not held) and the years to read."""
    if window < 0:
        raise BadInput(f"the growth window must be 0 or more years, got {window}", field="window")
    base = year - window if window else None
    if base is not None and base not in wh.partitions():
        base = None
    return base, sorted({year} | ({base} if base is not None else set()))


def _sides(flow: str) -> tuple[str, str]:
    if flow not in FLOWS:
        raise BadInput(f"unknown flow {flow!r}; {nearest(flow, list(FLOWS))}", field="flow")
    return ("exporter", "importer") if flow == "exports" else ("importer", "exporter")


def _keyed(t: ibis.Table, by: str, year: int) -> ibis.Table:
    """``t`` (with a ``partner`` column) plus the breakdown key column ``key``."""
    if by == "partner":
        return t.mutate(key=t.partner)
    if by == "group":
        t = with_groups(t, "partner", year)
        return t.mutate(key=t.group)
    if by == "sector" and "sector" not in t.columns:
        t = with_sector(t)
    return t.mutate(key=product_key(t, by))


def profile(
    wh: Warehouse,
    country: str,
    *,
    year: int | None = None,
    by: str = "partner",
    flow: str = "exports",
    window: int = 5,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    partner: str | None = None,
    group: str | None = None,
    top: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Where a country's exports go (or imports come from), and what they are.

    Rows: ``<by>, name, value_usd, share, rank, cagr, base_value_usd``. With ``by="group"`` a
    partner counts in every group it belongs to in ``year``, so shares need not sum to 1.
    """
    engine = resolve_engine(engine)
    country = resolve_country(country)
    check_key(by)
    year = resolve_year(wh, year)
    base, years = window_years(wh, year, window)
    own, other = _sides(flow)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    t = wh.flows(engine)
    t = t.filter(t.year.isin(years), t[own] == country)
    import ibis

    t = scope.apply(t).mutate(partner=ibis._[other])
    chosen_partner = resolve_country(partner) if partner else None
    if chosen_partner:
        t = t.filter(t.partner == chosen_partner)
    if group:
        t = t.filter(t.partner.isin(members(group, year)))
    totals = t.group_by("year").aggregate(value=t.value.sum()).execute()
    keyed = _keyed(t, by, year)
    agg = keyed.group_by(["year", "key"]).aggregate(value=keyed.value.sum()).execute()
    total = float(totals.loc[totals["year"] == year, "value"].sum())
    latest = agg[agg["year"] == year].set_index("key")["value"]
    base_values = (
        agg[agg["year"] == base].set_index("key")["value"] if base else pd.Series(dtype=float)
    )
    rows = pd.DataFrame({by: latest.index.astype(str), "value_usd": latest.to_numpy(dtype=float)})
    rows = rows[rows["value_usd"] > 0]
    rows["name"] = names(by, rows[by]).to_numpy()
    rows["share"] = rows["value_usd"] / total if total > 0 else np.nan
    rows["base_value_usd"] = rows[by].map(base_values).astype(float).to_numpy()
    rows["cagr"] = cagr(rows["value_usd"], rows["base_value_usd"], window) if base else np.nan
    rows = rows.sort_values(["value_usd", by], ascending=[False, True]).reset_index(drop=True)
    rows["rank"] = rows["value_usd"].rank(ascending=False, method="min").astype("int64")
    rows = rows[[by, "name", "value_usd", "share", "rank", "cagr", "base_value_usd"]]
    total_base = float(totals.loc[totals["year"] == base, "value"].sum()) if base else np.nan
    if top:
        rows = rows.head(top)
    meta = {
        **wh.provenance(years),
        "question": f"{country} {flow} by {by}",
        "country": country,
        "flow": flow,
        "by": by,
        "year": year,
        "window": window,
        "base_year": base,
        **scope.describe(),
        "partner": chosen_partner,
        "group": group,
        "top": top,
        "total_usd": total,
        "total_cagr": float(cagr([total], [total_base], window)[0]) if base else None,
        "engine": engine,
    }
    if base is None and window:
        meta["growth_note"] = f"{year - window} is not in the warehouse: growth is not computed"
    return with_meta(rows, meta)


def bilateral(
    wh: Warehouse,
    a: str,
    b: str,
    *,
    year: int | None = None,
    by: str = "sector",
    window: int = 5,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    top: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Trade between A and B in both directions, per product key.

    Rows: ``<by>, name, exports_usd`` (A→B), ``imports_usd`` (B→A), ``balance_usd = X − M``,
    ``total_usd = X + M``, ``grubel_lloyd = 1 − |X − M| / (X + M)``, and the CAGR of each
    direction over the window. ``meta["trend"]`` holds both directions for every year held in
    the window, and ``meta["grubel_lloyd"]`` the aggregate ``1 − Σ|X_k − M_k| / Σ(X_k + M_k)``.
    """
    a, b = resolve_country(a), resolve_country(b)
    engine = resolve_engine(engine)
    if a == b:
        raise BadInput("the two countries must differ", field="partner")
    check_key(by, PRODUCT_KEYS)
    year = resolve_year(wh, year)
    base, _ = window_years(wh, year, window)
    held = [y for y in wh.years() if year - window <= y <= year]
    scope = ProductScope.of(sectors, exclude_sectors, products)
    wide = _pair_by_year(wh.flows(engine), a, b, held, scope, by)
    rows = _pair_rows(wide, by, year, base, window)
    trend = wide.groupby("year")[["x", "m"]].sum().reindex(held, fill_value=0.0)
    x_sum, m_sum = rows["exports_usd"].sum(), rows["imports_usd"].sum()
    meta = {
        **wh.provenance(held),
        "question": f"trade between {a} and {b} by {by}",
        "country": a,
        "partner": b,
        "by": by,
        "year": year,
        "window": window,
        "base_year": base,
        **scope.describe(),
        "top": top,
        "exports_usd": x_sum,
        "imports_usd": m_sum,
        "balance_usd": x_sum - m_sum,
        "grubel_lloyd": (1 - rows["balance_usd"].abs().sum() / (x_sum + m_sum))
        if x_sum + m_sum > 0
        else None,
        "trend": [
            {
                "year": int(y),
                "exports_usd": float(r.x),
                "imports_usd": float(r.m),
                "balance_usd": float(r.x - r.m),
            }
            for y, r in trend.iterrows()
        ],
        "engine": engine,
    }
    if top:
        rows = rows.head(top)
    return with_meta(rows, meta)


def _pair_by_year(
    t: ibis.Table, a: str, b: str, held: list[int], scope: ProductScope, by: str
) -> pd.DataFrame:
    """A's exports to B (``x``) and B's to A (``m``) by year and product key, as one frame."""
    t = t.filter(
        t.year.isin(held),
        ((t.exporter == a) & (t.importer == b)) | ((t.exporter == b) & (t.importer == a)),
    )
    t = scope.apply(t)
    if by == "sector" and "sector" not in t.columns:
        t = with_sector(t)
    import ibis

    t = t.mutate(key=product_key(t, by), direction=ibis.ifelse(t.exporter == a, "x", "m"))
    agg = t.group_by(["year", "key", "direction"]).aggregate(value=t.value.sum()).execute()
    wide = agg.pivot_table(
        index=["year", "key"], columns="direction", values="value", aggfunc="sum", fill_value=0.0
    )
    return wide.reindex(columns=["x", "m"], fill_value=0.0).reset_index()


def _pair_rows(
    wide: pd.DataFrame, by: str, year: int, base: int | None, window: int
) -> pd.DataFrame:
    """The rows of year ``year``: both directions, balance, total, Grubel-Lloyd, and each
    direction's CAGR since ``base``; largest total first."""
    now = wide[wide["year"] == year].set_index("key")
    then = wide[wide["year"] == base].set_index("key") if base else now.iloc[0:0]
    rows = pd.DataFrame({by: now.index.astype(str)})
    rows["exports_usd"] = now["x"].to_numpy(dtype=float)
    rows["imports_usd"] = now["m"].to_numpy(dtype=float)
    rows = rows[(rows["exports_usd"] + rows["imports_usd"]) > 0].reset_index(drop=True)
    rows["name"] = names(by, rows[by]).to_numpy()
    rows["balance_usd"] = rows["exports_usd"] - rows["imports_usd"]
    rows["total_usd"] = rows["exports_usd"] + rows["imports_usd"]
    rows["grubel_lloyd"] = 1 - (rows["balance_usd"].abs() / rows["total_usd"])
    for side, column in (("x", "exports"), ("m", "imports")):
        rows[f"{column}_cagr"] = (
            cagr(rows[f"{column}_usd"], rows[by].map(then[side]).astype(float), window)
            if base
            else np.nan
        )
    rows = rows.sort_values(["total_usd", by], ascending=[False, True]).reset_index(drop=True)
    return rows[[by, "name", "exports_usd", "imports_usd", "balance_usd", "total_usd",
                 "grubel_lloyd", "exports_cagr", "imports_cagr"]]  # fmt: skip
