"""A country's trade over time: total exports and imports in every year the warehouse holds.

``exports_usd[t] = Σ_{j,k} x_{c j k t}`` and ``imports_usd[t] = Σ_{i,k} x_{i c k t}`` over the
products in scope (e.g. without energy); a year with no flow counts 0. Flows to or from
unknown partner codes count, as in the profile totals.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradebridge.analytics.scope import ProductScope
from tradebridge.data.warehouse import Warehouse
from tradebridge.reference.countries import resolve_country
from tradebridge.results import with_meta


def trend(
    wh: Warehouse,
    country: str,
    *,
    sectors: Any = None,
    exclude_sectors: Any = None,
    products: Any = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Rows ``year, exports_usd, imports_usd, balance_usd`` for every year held."""
    country = resolve_country(country)
    scope = ProductScope.of(sectors, exclude_sectors, products)
    t = scope.apply(wh.flows(engine))
    t = t.filter((t.exporter == country) | (t.importer == country))
    exported = (t.exporter == country).ifelse(t.value, 0.0)
    imported = (t.importer == country).ifelse(t.value, 0.0)
    sums = (
        t.group_by("year")
        .aggregate(exports_usd=exported.sum(), imports_usd=imported.sum())
        .execute()
        .set_index("year")
    )
    held = wh.years()
    rows = sums.reindex(held, fill_value=0.0).astype(float).rename_axis("year").reset_index()
    rows["year"] = rows["year"].astype("int64")
    rows["balance_usd"] = rows["exports_usd"] - rows["imports_usd"]
    meta = {
        **wh.provenance(held),
        "question": f"{country} trade over time",
        "country": country,
        "years": held,
        **scope.describe(),
        "engine": engine,
    }
    return with_meta(rows, meta)
